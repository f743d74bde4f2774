// Evidence mentions -> Spans: exact words located in the source text, never guessed.
import type { Span } from '../schemas/common.ts';
import type { MentionInput } from '../schemas/bundle.ts';

/** Every start index of `needle` in `haystack` (overlapping occurrences included). */
export function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle === '') return found; // indexOf('') matches everywhere and would never end
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** Needles at least this long are found through one ANCHOR-unit window of theirs (occurrencesOfAll). */
const ANCHOR = 4;
const BASE = 31;

/**
 * `occurrences(haystack, needle)` for many needles at once. A bundle's mentions are many and its
 * text grows with them, so searching the whole text once per mention takes time proportional to
 * their product. Here the text is read twice, hashing each window of ANCHOR code units as it goes:
 * once to count how often each window stands in the text, then to check, wherever a needle's rarest
 * window stands, whether the needle starts there. A needle with a window the text lacks is absent
 * without further ado; one shorter than a window is searched for on its own.
 */
export function occurrencesOfAll(haystack: string, needles: Iterable<string>): Map<string, number[]> {
  const found = new Map<string, number[]>();
  // How often each window stands, by a slot of its hash: slots shared by several windows overcount,
  // which only makes a window look commoner than it is. Zero means no window with that hash.
  const bits = Math.min(22, Math.max(10, Math.ceil(Math.log2(haystack.length + 1))));
  const slot = (hash: number) => Math.imul(hash, 0x9e3779b1) >>> (32 - bits);
  const counts = new Uint32Array(1 << bits);
  forEachWindow(haystack, (hash) => {
    counts[slot(hash)]!++;
    return true;
  });
  const byWindow = new Map<number, Array<{ needle: string; offset: number }>>();
  for (const needle of needles) {
    if (found.has(needle)) continue;
    if (needle.length < ANCHOR) {
      found.set(needle, occurrences(haystack, needle));
      continue;
    }
    found.set(needle, []);
    let rarest = { hash: 0, offset: -1, count: Infinity };
    forEachWindow(needle, (hash, offset) => {
      const count = counts[slot(hash)]!;
      if (count < rarest.count) rarest = { hash, offset, count };
      return count > 0;
    });
    if (rarest.count === 0) continue;
    const bucket = byWindow.get(rarest.hash);
    if (bucket) bucket.push({ needle, offset: rarest.offset });
    else byWindow.set(rarest.hash, [{ needle, offset: rarest.offset }]);
  }
  if (byWindow.size === 0) return found;
  forEachWindow(haystack, (hash, at) => {
    const bucket = byWindow.get(hash);
    if (bucket) {
      for (const { needle, offset } of bucket) {
        if (at >= offset && haystack.startsWith(needle, at - offset)) found.get(needle)!.push(at - offset);
      }
    }
    return true;
  });
  return found;
}

/**
 * Calls `visit` with the hash of each ANCHOR-unit window of `s`, in order, until it answers false.
 * The hash is sum(code(at + k) * BASE^(ANCHOR - 1 - k)) modulo 2^32, rolled along the string.
 */
function forEachWindow(s: string, visit: (hash: number, at: number) => boolean) {
  const last = s.length - ANCHOR;
  if (last < 0) return;
  let top = 1;
  for (let k = 1; k < ANCHOR; k++) top = Math.imul(top, BASE);
  let hash = 0;
  for (let k = 0; k < ANCHOR; k++) hash = (Math.imul(hash, BASE) + s.charCodeAt(k)) | 0;
  for (let at = 0; visit(hash, at) && at < last; at++) {
    hash = (Math.imul(hash - Math.imul(s.charCodeAt(at), top), BASE) + s.charCodeAt(at + ANCHOR)) | 0;
  }
}

export type SpanResult = { ok: true; span: Span } | { ok: false; message: string };

/**
 * Locates a mention in the text. A plain string must stand exactly once; `{ quote, occurrence }`
 * picks one of several. `find` lists a quote's occurrences (occurrencesOfAll's, for many mentions).
 */
export function resolveMention(
  sourceId: string,
  text: string,
  mention: MentionInput,
  find: (quote: string) => number[] = (quote) => occurrences(text, quote),
): SpanResult {
  const quote = typeof mention === 'string' ? mention : mention.quote;
  const found = find(quote);
  if (found.length === 0) return { ok: false, message: `is not in the source text: "${preview(quote)}"` };
  if (typeof mention === 'string' && found.length > 1) {
    return {
      ok: false,
      message: `stands ${found.length} times in the source text; give { "quote": ..., "occurrence": 1..${found.length} }`,
    };
  }
  const occurrence = typeof mention === 'string' ? 1 : mention.occurrence;
  const start = found[occurrence - 1];
  if (start === undefined) {
    return { ok: false, message: `occurrence ${occurrence} asked, but the quote stands only ${found.length} time(s)` };
  }
  return { ok: true, span: { sourceId, start, end: start + quote.length, text: quote } };
}

function preview(s: string) {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
