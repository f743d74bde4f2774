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

export type SpanResult = { ok: true; span: Span } | { ok: false; message: string };

/**
 * Locates a mention in the text. A plain string must stand exactly once; `{ quote, occurrence }`
 * picks one of several.
 */
export function resolveMention(sourceId: string, text: string, mention: MentionInput): SpanResult {
  const quote = typeof mention === 'string' ? mention : mention.quote;
  const found = occurrences(text, quote);
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
