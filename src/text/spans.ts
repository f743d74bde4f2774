// Evidence mentions -> Spans: exact words located in the source text, never guessed.
import type { Span } from '../schemas/common.ts';
import type { MentionInput } from '../schemas/bundle.ts';
import { InvalidRequestError } from '../errors.ts';

/**
 * Counts the work span finding does (text positions visited, code units compared) and stops it past
 * a limit. Every search below is linear in the text and the needle, but a request may ask for many
 * needles: the meter bounds their sum, so one write cannot hold the event loop for long.
 */
export class WorkMeter {
  used = 0;

  constructor(readonly limit = Number.POSITIVE_INFINITY) {}

  charge(units: number) {
    this.used += units;
    if (this.used > this.limit) throw new SpanWorkExceeded(this.limit);
  }
}

/** Thrown by WorkMeter.charge past its limit; writes turn it into a 400 on the whole body. */
export class SpanWorkExceeded extends Error {
  constructor(readonly limit: number) {
    super(`locating the evidence would take more than ${limit.toLocaleString('en-US')} steps`);
  }
}

/**
 * Steps one write may spend locating its evidence, time words and quantities. A bundle of 5,000
 * actors, events and claims over 550,000 characters of text takes 3.8 million; a KMP step costs
 * about 10 ns, so the limit holds a write to about a fifth of a second of one core.
 */
export const SPAN_WORK_LIMIT = 20_000_000;

/** The 400 for a body whose evidence would take too long to locate. */
export function spanWorkProblem(error: SpanWorkExceeded, root: string): InvalidRequestError {
  return new InvalidRequestError(
    [
      {
        path: root,
        message: `${error.message} (the limit per request); send fewer or more distinctive quotes, or split it into several requests`,
      },
    ],
    'Locating the evidence of this request in its source text would take too long; nothing was written.',
  );
}

/** Charges the meter in slices, so a long scan past the limit stops soon after it. */
const CHARGE_EVERY = 1 << 16;

/**
 * Calls `onMatch(start, nth)` for each occurrence of `needle` in `haystack`, in order, overlapping
 * ones included, until the `limit`-th; answers how many it found. Knuth-Morris-Pratt: each position
 * of the text raises the match length at most once and every fallback lowers it, so a scan costs at
 * most twice the text plus twice the needle, however periodic both are ("a" x 300,000 against
 * "a" x 6,000 costs as much as any other text of that length).
 */
function scan(
  haystack: string,
  needle: string,
  limit: number,
  meter: WorkMeter | undefined,
  onMatch?: (start: number, nth: number) => void,
  only?: readonly number[],
): number {
  const m = needle.length;
  const n = haystack.length;
  if (m === 0 || m > n || limit < 1) return 0; // an empty needle would match everywhere
  // Steps are counted as they are taken (a code unit read or compared, a fallback), not estimated,
  // and charged to the meter in slices.
  let steps = m;
  let charged = 0;
  const p = new Uint16Array(m); // the needle's code units, read once (it may be a slow rope)
  for (let i = 0; i < m; i++) p[i] = needle.charCodeAt(i);
  const fail = new Int32Array(m); // fail[i]: length of the longest proper border of needle[0..i]
  for (let i = 1, k = 0; i < m; i++) {
    const c = p[i]!;
    steps++;
    while (k > 0 && c !== p[k]) {
      k = fail[k - 1]!;
      steps++;
    }
    if (c === p[k]) k++;
    fail[i] = k;
  }
  let count = 0;
  // With `only` (ascending), onMatch is called for those occurrences alone: a call per match costs
  // more than the scan itself when a quote stands a million times.
  let next = 0;
  let report = only ? (only[0] ?? 0) : 1;
  for (let i = 0, k = 0; i < n; i++) {
    if (meter && steps - charged >= CHARGE_EVERY) {
      meter.charge(steps - charged);
      charged = steps;
    }
    const c = haystack.charCodeAt(i);
    steps++;
    while (k > 0 && c !== p[k]) {
      k = fail[k - 1]!;
      steps++;
    }
    if (c === p[k]) k++;
    if (k === m) {
      count++;
      if (count === report) {
        onMatch?.(i - m + 1, count);
        report = only ? (only[++next] ?? 0) : count + 1;
      }
      if (count >= limit) break;
      k = fail[k - 1]!;
    }
  }
  meter?.charge(steps - charged);
  return count;
}

/** The first `limit` start indices of `needle` in `haystack`, in order, overlapping ones included. */
export function findOccurrences(
  haystack: string,
  needle: string,
  limit = Number.POSITIVE_INFINITY,
  meter?: WorkMeter,
): number[] {
  const found: number[] = [];
  scan(haystack, needle, limit, meter, (start) => found.push(start));
  return found;
}

/** Every start index of `needle` in `haystack` (overlapping occurrences included), in linear time. */
export function occurrences(haystack: string, needle: string): number[] {
  return findOccurrences(haystack, needle);
}

/** How often `needle` stands in `haystack`, overlapping occurrences included. */
export function countOccurrences(haystack: string, needle: string, meter?: WorkMeter): number {
  return scan(haystack, needle, Number.POSITIVE_INFINITY, meter);
}

/**
 * What a search for some wanted occurrences (1-based) found: `count` occurrences, counting no
 * further than the last one wanted (so a count below it is exact), and where each wanted one starts.
 * Only those are kept: asking for the 900,000th occurrence keeps one number, not 900,000.
 */
export type Located = { count: number; starts: ReadonlyMap<number, number> };

/** Finds the wanted occurrences (1-based) of `needle` in `haystack`, stopping at the last of them. */
export function locate(haystack: string, needle: string, wanted: Iterable<number>, meter?: WorkMeter): Located {
  const only = [...new Set(wanted)].filter((nth) => nth >= 1).sort((a, b) => a - b);
  const starts = new Map<number, number>();
  const count = scan(haystack, needle, only.at(-1) ?? 0, meter, (start, nth) => starts.set(nth, start), only);
  return { count, starts };
}

function largest(numbers: Iterable<number>): number {
  let max = 0;
  for (const n of numbers) if (n > max) max = n;
  return max;
}

/** Needles at least this long are found through one ANCHOR-unit window of theirs (occurrencesOfAll). */
const ANCHOR = 4;
const BASE = 31;

/**
 * `locate(haystack, needle, wanted)` for many needles at once. A bundle's mentions are many and its
 * text grows with them, so scanning the whole text once per mention takes time proportional to
 * their product. Here the text is read twice, hashing each window of ANCHOR code units as it goes:
 * once to count how often each window stands in the text, then to check, wherever a needle's rarest
 * window stands, whether the needle starts there. A needle with a window the text lacks is absent
 * without further ado. Checking costs the needle's length per place its rarest window stands; where
 * that would pass two scans of the text (periodic text, such as a run of one letter) and for a
 * needle shorter than a window, the needle is searched for on its own with KMP (`scan`). So each
 * needle costs at most a few passes over the text plus its own length, and the meter bounds the sum.
 */
export function occurrencesOfAll(
  haystack: string,
  wanted: ReadonlyMap<string, Iterable<number>>,
  meter: WorkMeter = new WorkMeter(),
): Map<string, Located> {
  const found = new Map<string, Located>();
  const n = haystack.length;
  // How often each window stands, by a slot of its hash: slots shared by several windows overcount,
  // which only makes a window look commoner than it is. Zero means no window with that hash.
  const bits = Math.min(22, Math.max(10, Math.ceil(Math.log2(n + 1))));
  const slot = (hash: number) => Math.imul(hash, 0x9e3779b1) >>> (32 - bits);
  let counts: Uint32Array | undefined;
  type Entry = {
    needle: string;
    offset: number;
    limit: number;
    want: Set<number>;
    located: { count: number; starts: Map<number, number> };
  };
  const byWindow = new Map<number, Entry[]>();
  for (const [needle, occurrences] of wanted) {
    const want = new Set(occurrences);
    const limit = largest(want);
    if (needle.length > n || needle === '' || limit < 1) {
      found.set(needle, { count: 0, starts: new Map() });
      continue;
    }
    if (needle.length < ANCHOR) {
      found.set(needle, locate(haystack, needle, want, meter));
      continue;
    }
    if (!counts) {
      meter.charge(n);
      const c = new Uint32Array(1 << bits);
      forEachWindow(haystack, (hash) => {
        c[slot(hash)]!++;
        return true;
      });
      counts = c;
    }
    const c = counts;
    meter.charge(needle.length);
    let rarest = { hash: 0, offset: -1, count: Number.POSITIVE_INFINITY };
    forEachWindow(needle, (hash, offset) => {
      const count = c[slot(hash)]!;
      if (count < rarest.count) rarest = { hash, offset, count };
      return count > 0;
    });
    if (rarest.count === 0) {
      found.set(needle, { count: 0, starts: new Map() });
    } else if (rarest.count * needle.length > 2 * (n + needle.length)) {
      found.set(needle, locate(haystack, needle, want, meter));
    } else {
      const entry: Entry = { needle, offset: rarest.offset, limit, want, located: { count: 0, starts: new Map() } };
      found.set(needle, entry.located);
      const bucket = byWindow.get(rarest.hash);
      if (bucket) bucket.push(entry);
      else byWindow.set(rarest.hash, [entry]);
    }
  }
  if (byWindow.size === 0) return found;
  meter.charge(n);
  forEachWindow(haystack, (hash, at) => {
    const bucket = byWindow.get(hash);
    if (bucket) {
      for (const { needle, offset, limit, want, located } of bucket) {
        if (located.count >= limit || at < offset) continue;
        // A needle reaches here at most as often as its rarest window stands (counted above), so this
        // costs at most two scans of the text per needle.
        meter.charge(needle.length);
        if (haystack.startsWith(needle, at - offset)) {
          located.count++;
          if (want.has(located.count)) located.starts.set(located.count, at - offset);
        }
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
 * The occurrences resolveMention needs to decide a mention: of a plain string the first, and
 * whether there is a second ("more than once"); of `{ quote, occurrence }` that one.
 */
export function occurrencesWanted(mention: MentionInput): number[] {
  return typeof mention === 'string' ? [1, 2] : [mention.occurrence];
}

/**
 * Locates a mention in the text. A plain string must stand exactly once; `{ quote, occurrence }`
 * picks one of several. `find(quote, wanted)` locates the wanted occurrences of a quote (`locate`,
 * or occurrencesOfAll's answer for many mentions); no more than those are looked for.
 */
export function resolveMention(
  sourceId: string,
  text: string,
  mention: MentionInput,
  find: (quote: string, wanted: number[]) => Located = (quote, wanted) => locate(text, quote, wanted),
): SpanResult {
  const quote = typeof mention === 'string' ? mention : mention.quote;
  const found = find(quote, occurrencesWanted(mention));
  if (found.count === 0) return { ok: false, message: `is not in the source text: "${preview(quote)}"` };
  if (typeof mention === 'string' && found.count > 1) {
    return {
      ok: false,
      message:
        'stands more than once in the source text; give { "quote": ..., "occurrence": n } to pick the n-th (1 for the first)',
    };
  }
  const occurrence = typeof mention === 'string' ? 1 : mention.occurrence;
  const start = found.starts.get(occurrence);
  if (start === undefined) {
    // Fewer than asked were found, so the text was searched to its end: the count is exact.
    return { ok: false, message: `occurrence ${occurrence} asked, but the quote stands only ${found.count} time(s)` };
  }
  return { ok: true, span: { sourceId, start, end: start + quote.length, text: quote } };
}

function preview(s: string) {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
