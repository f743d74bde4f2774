// Evidence mentions -> Spans: exact words located by JavaScript string index, never normalised.
import { describe, expect, it } from 'vitest';
import {
  SpanWorkExceeded,
  WorkMeter,
  countOccurrences,
  findOccurrences,
  locate,
  occurrences,
  occurrencesOfAll,
  resolveMention,
} from '../../src/text/spans.ts';

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
  const firsts = Array.from({ length: 60 }, (_, i) => i + 1);
  const same = (haystack: string, needles: string[]) => {
    const all = occurrencesOfAll(haystack, new Map(needles.map((needle) => [needle, firsts])));
    for (const needle of needles) {
      const expected = occurrences(haystack, needle).slice(0, firsts.length);
      expect(all.get(needle)!.count, JSON.stringify(needle)).toBe(expected.length);
      expect([...all.get(needle)!.starts.values()], JSON.stringify(needle)).toEqual(expected);
    }
  };

  it('finds for each needle exactly what occurrences finds: every start index, in order, overlapping ones included', () => {
    same('the actor Ax00001x met the actor Ax00002x; the actor Ax00001x left.', [
      'the actor Ax00001x',
      'the actor Ax00002x',
      'the actor Ax00003x',
      'the actor',
      'actor',
      'left.',
    ]);
    same('a'.repeat(40), ['a'.repeat(8), 'a'.repeat(9), 'a'.repeat(39), 'a'.repeat(40), 'a'.repeat(41), 'aa']);
    same('abababababababab', ['abababab', 'bababababa', 'ababababababababab']);
  });

  it('handles needles that start alike, differ only late, or are longer than the text', () => {
    const lines = Array.from(
      { length: 50 },
      (_, i) => `The spokesperson of the ministry said that statement ${i} was made.`,
    );
    const text = lines.join('\n');
    same(text, [...lines, 'The spokesperson of the ministry said that statement', 'was made.', `${text}!`]);
  });

  it('counts UTF-16 code units as occurrences does, an emoji as two', () => {
    same('🙂 hello 🙂 hello world 🙂', ['hello world 🙂', '🙂 hello', '🙂']);
  });

  it('answers an empty list for an empty needle and for a text shorter than the needle', () => {
    const none = { count: 0, starts: new Map() };
    expect(
      occurrencesOfAll(
        'abc',
        new Map([
          ['', [1]],
          ['abcdefghij', [1]],
        ]),
      ),
    ).toEqual(
      new Map([
        ['', none],
        ['abcdefghij', none],
      ]),
    );
  });

  it('counts no further than the last occurrence wanted, and keeps only the wanted ones', () => {
    const text = 'ab ab ab ab ab ab ab';
    expect(
      occurrencesOfAll(
        text,
        new Map([
          ['ab a', [2, 4]],
          ['b ab', [9]],
        ]),
      ),
    ).toEqual(
      new Map([
        [
          'ab a',
          {
            count: 4,
            starts: new Map([
              [2, 3],
              [4, 9],
            ]),
          },
        ],
        ['b ab', { count: 6, starts: new Map() }],
      ]),
    );
    expect(locate(text, 'ab', [1, 2])).toEqual({
      count: 2,
      starts: new Map([
        [1, 0],
        [2, 3],
      ]),
    });
    expect(countOccurrences(text, 'ab')).toBe(7);
  });
});

// The adversary of issue 10: a run of one letter and quotes that are shorter runs of it. The old
// matcher tried every position and listed every overlapping match (7.7 s for one 312 KB import).
// Work is counted by a WorkMeter (positions visited and code units compared), not timed.
describe('span finding is linear, whatever the text', () => {
  const n = 300_000;
  const m = 6_000;
  const run = 'a'.repeat(n);
  const quote = 'a'.repeat(m);

  it('stops at the occurrences asked for: the first two of a quote that stands 294,001 times cost about its length', () => {
    const meter = new WorkMeter();
    expect(findOccurrences(run, quote, 2, meter)).toEqual([0, 1]);
    expect(meter.used).toBeLessThanOrEqual(3 * (m + 1));
    // The old matcher compared the quote at every place it stands: 6,000 units each, 294,001 times.
  });

  it('lists all of them in work linear in text plus quote, not their product', () => {
    const meter = new WorkMeter();
    const all = findOccurrences(run, quote, Number.POSITIVE_INFINITY, meter);
    expect(all.length).toBe(n - m + 1);
    expect(all[all.length - 1]).toBe(n - m);
    expect(meter.used).toBeLessThanOrEqual(2 * (n + m));
  });

  it('costs a few passes for a quote that almost stands everywhere and never does', () => {
    // Every window of the quote stands thousands of times; checking each place would be n * m.
    const text = `${'a'.repeat(m - 1)}b`.repeat(50);
    const meter = new WorkMeter();
    expect(occurrencesOfAll(text, new Map([[quote, [1]]]), meter).get(quote)).toEqual({ count: 0, starts: new Map() });
    expect(meter.used).toBeLessThanOrEqual(4 * (text.length + m));
  });

  it('occurrencesOfAll finds each quote only as often as asked, in work linear in the text and the quotes', () => {
    const meter = new WorkMeter();
    const quotes = new Map([
      [quote, [1, 2]],
      [`${quote}a`, [3]],
      ['a'.repeat(3), [1]],
      [`${'a'.repeat(100)}b`, [1]],
      ['a'.repeat(10), [250_000]],
    ]);
    const found = occurrencesOfAll(run, quotes, meter);
    expect(found).toEqual(
      new Map([
        [
          quote,
          {
            count: 2,
            starts: new Map([
              [1, 0],
              [2, 1],
            ]),
          },
        ],
        [`${quote}a`, { count: 3, starts: new Map([[3, 2]]) }],
        ['aaa', { count: 1, starts: new Map([[1, 0]]) }],
        [`${'a'.repeat(100)}b`, { count: 0, starts: new Map() }],
        ['a'.repeat(10), { count: 250_000, starts: new Map([[250_000, 249_999]]) }],
      ]),
    );
    expect(meter.used).toBeLessThanOrEqual(4 * (n + 2 * m + 114) + 2 * n);
  });

  it('a plain quote that stands everywhere is refused after two occurrences, and { quote, occurrence } picks one', () => {
    const meter = new WorkMeter();
    const find = (q: string, wanted: number[]) => locate(run, q, wanted, meter);
    expect(resolveMention('s', run, quote, find)).toEqual({
      ok: false,
      message:
        'stands more than once in the source text; give { "quote": ..., "occurrence": n } to pick the n-th (1 for the first)',
    });
    expect(resolveMention('s', run, { quote, occurrence: 1000 }, find)).toEqual({
      ok: true,
      span: { sourceId: 's', start: 999, end: 999 + m, text: quote },
    });
    expect(meter.used).toBeLessThanOrEqual(10 * m);
  });

  it('stops, throwing SpanWorkExceeded, once a meter passes its limit', () => {
    const meter = new WorkMeter(1_000_000);
    expect(() => {
      for (let k = 1; k <= 20; k++) findOccurrences(run, 'a'.repeat(k), Number.POSITIVE_INFINITY, meter);
    }).toThrow(SpanWorkExceeded);
    // Charged in slices, so it stops within one slice of the limit rather than after all 20 scans.
    expect(meter.used).toBeLessThan(1_000_000 + 2 * 65_536 + 20);
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

  it('rejects a plain string that stands more than once, saying how to pick one', () => {
    expect(resolveMention('src-1', text, 'the bridge')).toEqual({
      ok: false,
      message:
        'stands more than once in the source text; give { "quote": ..., "occurrence": n } to pick the n-th (1 for the first)',
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
