// Evidence mentions -> Spans: exact words located by JavaScript string index, never normalised.
import { describe, expect, it } from 'vitest';
import { occurrences, occurrencesOfAll, resolveMention } from '../../src/domain/spans.ts';

describe('occurrences', () => {
  it('lists every start index of the needle, in order', () => {
    expect(occurrences('the bridge and the bridge', 'the bridge')).toEqual([0, 15]);
  });

  it('includes overlapping occurrences', () => {
    expect(occurrences('aaaa', 'aa')).toEqual([0, 1, 2]);
    expect(occurrences('abababa', 'aba')).toEqual([0, 2, 4]);
  });

  it('is empty when the needle is absent', () => {
    expect(occurrences('the bridge', 'The bridge')).toEqual([]);
  });

  it('finds nothing (and terminates) for an empty needle', () => {
    expect(occurrences('abc', '')).toEqual([]);
    expect(occurrences('', '')).toEqual([]);
  });

  it('counts JavaScript string indices (UTF-16 code units), so an emoji counts two', () => {
    expect(occurrences('🙂 hello', 'hello')).toEqual([3]);
  });
});

describe('occurrencesOfAll', () => {
  const same = (haystack: string, needles: string[]) => {
    const all = occurrencesOfAll(haystack, needles);
    for (const needle of needles) expect(all.get(needle), JSON.stringify(needle)).toEqual(occurrences(haystack, needle));
  };

  it('finds for each needle exactly what occurrences finds: every start index, in order, overlapping ones included', () => {
    same('the actor Ax00001x met the actor Ax00002x; the actor Ax00001x left.', ['the actor Ax00001x', 'the actor Ax00002x', 'the actor Ax00003x', 'the actor', 'actor', 'left.']);
    same('a'.repeat(40), ['a'.repeat(8), 'a'.repeat(9), 'a'.repeat(39), 'a'.repeat(40), 'a'.repeat(41), 'aa']);
    same('abababababababab', ['abababab', 'bababababa', 'ababababababababab']);
  });

  it('handles needles that start alike, differ only late, or are longer than the text', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `The spokesperson of the ministry said that statement ${i} was made.`);
    const text = lines.join('\n');
    same(text, [...lines, 'The spokesperson of the ministry said that statement', 'was made.', `${text}!`]);
  });

  it('counts UTF-16 code units as occurrences does, an emoji as two', () => {
    same('🙂 hello 🙂 hello world 🙂', ['hello world 🙂', '🙂 hello', '🙂']);
  });

  it('answers an empty list for an empty needle and for a text shorter than the needle', () => {
    expect(occurrencesOfAll('abc', ['', 'abcdefghij'])).toEqual(new Map([['', []], ['abcdefghij', []]]));
  });
});

describe('resolveMention', () => {
  const text = 'Mayor Dobrova said “the bridge is safe”.\u00a0The bridge reopened; the bridge is new.';

  it('turns a plain string that stands once into a Span whose text is source.text.slice(start, end)', () => {
    const result = resolveMention('src-1', text, 'Mayor Dobrova');
    expect(result).toEqual({ ok: true, span: { sourceId: 'src-1', start: 0, end: 13, text: 'Mayor Dobrova' } });
  });

  it('keeps curly quotes and non-breaking spaces exact', () => {
    const quote = '“the bridge is safe”.\u00a0The bridge';
    const result = resolveMention('src-1', text, quote);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.span.start).toBe(19);
    expect(result.span.end).toBe(19 + quote.length);
    expect(result.span.text).toBe(quote);
    expect(text.slice(result.span.start, result.span.end)).toBe(quote);
  });

  it('does not match straight quotes against curly ones, nor a plain space against a non-breaking one', () => {
    expect(resolveMention('src-1', text, '"the bridge is safe"')).toEqual({
      ok: false,
      message: 'is not in the source text: ""the bridge is safe""',
    });
    expect(resolveMention('src-1', text, 'safe”. The bridge').ok).toBe(false);
  });

  it('rejects a plain string that stands more than once, saying how many times', () => {
    expect(resolveMention('src-1', text, 'the bridge')).toEqual({
      ok: false,
      message: 'stands 2 times in the source text; give { "quote": ..., "occurrence": 1..2 }',
    });
  });

  it('picks the asked occurrence of { quote, occurrence }', () => {
    expect(resolveMention('src-1', text, { quote: 'the bridge', occurrence: 1 })).toEqual({
      ok: true,
      span: { sourceId: 'src-1', start: 20, end: 30, text: 'the bridge' },
    });
    const second = resolveMention('src-1', text, { quote: 'the bridge', occurrence: 2 });
    expect(second).toEqual({ ok: true, span: { sourceId: 'src-1', start: 62, end: 72, text: 'the bridge' } });
    expect(text.slice(62, 72)).toBe('the bridge');
  });

  it('accepts { quote, occurrence: 1 } for a quote that stands once', () => {
    expect(resolveMention('src-1', text, { quote: 'reopened', occurrence: 1 })).toEqual({
      ok: true,
      span: { sourceId: 'src-1', start: 52, end: 60, text: 'reopened' },
    });
  });

  it('rejects an occurrence beyond the number of times the quote stands', () => {
    expect(resolveMention('src-1', text, { quote: 'the bridge', occurrence: 3 })).toEqual({
      ok: false,
      message: 'occurrence 3 asked, but the quote stands only 2 time(s)',
    });
  });

  it('rejects words that are not in the text, with a short preview of long quotes', () => {
    const long = 'x'.repeat(100);
    expect(resolveMention('src-1', text, long)).toEqual({
      ok: false,
      message: `is not in the source text: "${'x'.repeat(57)}..."`,
    });
    expect(resolveMention('src-1', text, { quote: 'the ferry', occurrence: 1 })).toEqual({
      ok: false,
      message: 'is not in the source text: "the ferry"',
    });
  });
});
