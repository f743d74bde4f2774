// The search syntax: what a client types, what FTS5 is asked, and what is refused with which advice.
import { describe, expect, it } from 'vitest';
import { MAX_TERMS, parseSearchQuery } from '../../src/text/search-query.ts';

function expression(q: string) {
  const parsed = parseSearchQuery(q);
  if (!parsed.ok) throw new Error(`refused ${q}: ${parsed.message}`);
  return parsed.expression;
}

function refusal(q: string) {
  const parsed = parseSearchQuery(q);
  if (parsed.ok) throw new Error(`accepted ${q} as ${parsed.expression}`);
  return parsed.message;
}

describe('parseSearchQuery', () => {
  it('quotes every word, so punctuation FTS5 would reject is only a word break', () => {
    expect(expression('withdrawal')).toBe('"withdrawal"');
    expect(expression('Nagorno-Karabakh')).toBe('"Nagorno-Karabakh"');
    expect(expression("Peskov's U.S. hajiyev:")).toBe('"Peskov\'s" AND "U.S." AND "hajiyev:"');
  });

  it('requires every word, writing out the AND that side by side implies', () => {
    expect(expression('russian  peacekeepers')).toBe('"russian" AND "peacekeepers"');
    expect(expression('withdrawal (early OR agreed)')).toBe('"withdrawal" AND ( "early" OR "agreed" )');
  });

  it('keeps phrases and prefixes, and a prefix on a phrase', () => {
    expect(expression('"early withdrawal"')).toBe('"early withdrawal"');
    expect(expression('withdr*')).toBe('"withdr"*');
    expect(expression('"early withdr"*')).toBe('"early withdr"*');
  });

  it('keeps upper-case AND, OR, NOT and parentheses, and searches lower-case ones as words', () => {
    expect(expression('withdrawal NOT early OR agreement')).toBe('"withdrawal" NOT "early" OR "agreement"');
    expect(expression('peace and war')).toBe('"peace" AND "and" AND "war"');
    expect(expression('(a OR b) AND c')).toBe('( "a" OR "b" ) AND "c"');
  });

  it('skips punctuation that stands alone, as the tokenizer would', () => {
    expect(expression('Peskov — Kremlin')).toBe('"Peskov" AND "Kremlin"');
  });

  it('marks the terms on the right of a NOT as not positive, for ranking', () => {
    const parsed = parseSearchQuery('withdrawal NOT (early OR agreed) peacekeepers');
    expect(parsed.ok && parsed.phrases).toEqual([
      { fts: '"withdrawal"', positive: true },
      { fts: '"early"', positive: false },
      { fts: '"agreed"', positive: false },
      { fts: '"peacekeepers"', positive: true },
    ]);
  });

  it('refuses an unclosed quote, saying how to close it', () => {
    expect(refusal('"unbalanced')).toMatch(/unclosed double quote.*"early withdrawal"/);
  });

  it('refuses an operator without a term on each side, naming it and the lower-case alternative', () => {
    expect(refusal('AND')).toMatch(/uses AND without a term on each side.*"and" in lower case/);
    expect(refusal('withdrawal OR')).toMatch(/uses OR without a term/);
    expect(refusal('NOT early')).toMatch(/uses NOT without a term.*withdrawal NOT early/);
    expect(refusal('a AND OR b')).toMatch(/uses OR without a term/);
    expect(refusal('(AND a)')).toMatch(/uses AND without a term/);
  });

  it('refuses a * that does not end a word', () => {
    expect(refusal('*')).toMatch(/"\*" that does not end a word.*withdr\*/);
    expect(refusal('with*drawal')).toMatch(/does not end a word/);
    expect(refusal('"…"*')).toMatch(/prefix search is written withdr\*/);
  });

  it('refuses unbalanced or empty parentheses', () => {
    expect(refusal('(withdrawal')).toMatch(/"\(" that is never closed/);
    expect(refusal('withdrawal)')).toMatch(/"\)" without a matching "\("/);
    expect(refusal('withdrawal ()')).toMatch(/empty parentheses/);
  });

  it('refuses a query with nothing to search for', () => {
    expect(refusal('   ')).toMatch(/no letter or digit/);
    expect(refusal('--- ""')).toMatch(/no letter or digit/);
  });

  it(`refuses more than ${MAX_TERMS} terms`, () => {
    expect(refusal(Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' '))).toMatch(
      new RegExp(`at most ${MAX_TERMS}`),
    );
    expect(parseSearchQuery(Array.from({ length: MAX_TERMS }, (_, i) => `w${i}`).join(' ')).ok).toBe(true);
  });
});
