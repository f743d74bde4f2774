// The CSV writer: RFC 4180 quoting, CRLF records, |-joined lists and the formula-injection guard.
import { describe, expect, it } from 'vitest';
import { csvField, defuseFormula, joinList, toCsv } from '../../src/exports/csv.ts';

describe('csvField', () => {
  it('quotes text and doubles its quotes, writes numbers and booleans bare and a missing value as nothing', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(csvField('')).toBe('""');
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(false)).toBe('false');
  });
});

describe('defuseFormula', () => {
  it.each(['=1+1', '+7', '-3 units', '@SUM(A1)', '\tTAB', '\rCR'])('prefixes %j with a single quote', (text) => {
    expect(defuseFormula(text)).toBe(`'${text}`);
  });

  // Issue 10, finding 8: a leading space, line feed, full-width sign or zero-width character got through.
  it.each([
    [' =1+1', 'a leading space'],
    ['   @SUM(A1)', 'several spaces'],
    ['\nLF', 'a line feed'],
    ['\n=1+1', 'a line feed before ='],
    ['\u00A0-2', 'a no-break space'],
    ['＝1+1', 'full-width ＝'],
    ['＋7', 'full-width ＋'],
    ['－3', 'full-width －'],
    ['＠SUM(A1)', 'full-width ＠'],
    ['\u200B=1+1', 'a zero-width space'],
    ['\u200C\u200D+1', 'zero-width joiners'],
    ['\u2060@x', 'a word joiner'],
    ['\uFEFF=1', 'a byte-order mark'],
    [' \u200B ＝1', 'a mix of them'],
  ])('prefixes %j (%s) with a single quote', (text) => {
    expect(defuseFormula(text)).toBe(`'${text}`);
  });

  it('leaves other text alone, a formula character later in the text included', () => {
    expect(defuseFormula(' leading space, then words')).toBe(' leading space, then words');
    expect(defuseFormula('\u200Bhidden but harmless')).toBe('\u200Bhidden but harmless');
    expect(defuseFormula('a = b')).toBe('a = b');
    expect(defuseFormula("'quoted")).toBe("'quoted");
    expect(defuseFormula('2024-04-17')).toBe('2024-04-17');
  });
});

describe('joinList and toCsv', () => {
  it('joins with | and escapes | and \\ inside values', () => {
    expect(joinList(['a', 'b|c', 'd\\e', 1])).toBe('a|b\\|c|d\\\\e|1');
    expect(joinList([])).toBe('');
  });

  it('ends every record, the last included, with CRLF', () => {
    expect(
      toCsv(
        ['id', 'n'],
        [
          ['x', 1],
          ['y', null],
        ],
      ),
    ).toBe('"id","n"\r\n"x",1\r\n"y",\r\n');
  });
});
