// Proactive content negotiation (RFC 9110 §12.5.1): which of a route's formats the Accept header prefers.
import { type Format, MEDIA_TYPES } from './formats.ts';

type Range = { type: string; subtype: string; q: number; index: number };

/** The media ranges of an Accept header; malformed members are skipped, as a lenient server does. */
export function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((member, index) => {
    const [mediaRange = '', ...params] = member.split(';').map((part) => part.trim());
    const match = /^([\w!#$%&'*+.^`|~-]+)\/([\w!#$%&'*+.^`|~-]+)$/.exec(mediaRange.toLowerCase());
    if (!match) return;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((part) => part.trim());
      if (name?.toLowerCase() === 'q') q = Number.isFinite(Number(value)) ? Math.min(1, Math.max(0, Number(value))) : 0;
    }
    ranges.push({ type: match[1]!, subtype: match[2]!, q, index });
  });
  return ranges;
}

/**
 * The offered format the client prefers: highest q, then the most specific range (`text/csv` beats
 * `*\/*`), then the one named first, then the route's own order (JSON first). Undefined when the
 * header accepts none of them; a missing or unreadable header accepts anything.
 */
export function negotiate(accept: string | undefined, offered: readonly Format[]): Format | undefined {
  const ranges = parseAccept(accept ?? '');
  if (ranges.length === 0) return offered[0];
  let best: { format: Format; q: number; specificity: number; index: number } | undefined;
  for (const format of offered) {
    const [type, subtype] = MEDIA_TYPES[format].split('/') as [string, string];
    // The most specific range that matches decides this format's quality (RFC 9110 §12.5.1).
    let match: { q: number; specificity: number; index: number } | undefined;
    for (const range of ranges) {
      const specificity =
        range.type === type && range.subtype === subtype
          ? 2
          : range.type === type && range.subtype === '*'
            ? 1
            : range.type === '*' && range.subtype === '*'
              ? 0
              : -1;
      if (specificity < 0) continue;
      if (!match || specificity > match.specificity) match = { q: range.q, specificity, index: range.index };
    }
    if (!match || match.q === 0) continue;
    const better =
      !best ||
      match.q > best.q ||
      (match.q === best.q &&
        (match.specificity > best.specificity || (match.specificity === best.specificity && match.index < best.index)));
    if (better) best = { format, ...match };
  }
  return best?.format;
}
