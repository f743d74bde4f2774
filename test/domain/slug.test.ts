// Readable ids: slugs of names and titles, with a numeric suffix when taken.
import { describe, expect, it } from 'vitest';
import { slugify, uniqueId } from '../../src/text/slug.ts';

describe('slugify', () => {
  it('lowercases ASCII words and joins them with "-"', () => {
    expect(slugify('Dmitry Peskov')).toBe('dmitry-peskov');
    expect(slugify('Exodus of 120,000 ethnic Armenians')).toBe('exodus-of-120-000-ethnic-armenians');
  });

  it('drops apostrophes (straight and curly) instead of splitting the word', () => {
    expect(slugify('Azerbaijan’s Nagorno-Karabakh')).toBe('azerbaijans-nagorno-karabakh');
    expect(slugify("Armenia's political leadership")).toBe('armenias-political-leadership');
  });

  it('collapses runs of punctuation and trims "-" at both ends', () => {
    expect(slugify('  “Moscow-brokered” deal — (2020)!  ')).toBe('moscow-brokered-deal-2020');
  });

  it('strips combining diacritics', () => {
    expect(slugify('Crème brûlée')).toBe('creme-brulee');
    expect(slugify('Ağdam and Şuşa')).toBe('agdam-and-susa');
    expect(slugify('Ñandú')).toBe('nandu');
  });

  it('transliterates Latin letters that have no decomposition instead of turning them into "-"', () => {
    expect(slugify('İlham Əliyev')).toBe('ilham-eliyev');
    expect(slugify('Xankəndi')).toBe('xankendi');
    expect(slugify('Łódź')).toBe('lodz');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('København')).toBe('kobenhavn');
    expect(slugify('Þingvellir')).toBe('thingvellir');
    expect(slugify('Œuvre')).toBe('oeuvre');
  });

  it('falls back to "item" when nothing sluggable is left', () => {
    expect(slugify('Песков')).toBe('item');
    expect(slugify('!!!')).toBe('item');
    expect(slugify('')).toBe('item');
  });

  it('cuts a long value at the last word boundary within the limit, never mid-word and never ending in "-"', () => {
    const title = 'Russian peacekeepers begin withdrawing from Nagorno-Karabakh and other regions of Azerbaijan';
    const slug = slugify(title);
    expect(slug).toBe('russian-peacekeepers-begin-withdrawing-from-nagorno-karabakh');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slugify(title, 30)).toBe('russian-peacekeepers-begin');
  });

  it('keeps the whole word when the limit falls exactly at its end', () => {
    // "aaaa-bbbb-cccc" is 14 characters; the 15th is "-".
    expect(slugify('aaaa bbbb cccc dddd', 14)).toBe('aaaa-bbbb-cccc');
    expect(slugify('aaaa bbbb cccc dddd', 13)).toBe('aaaa-bbbb');
  });

  it('cuts a single word longer than the limit at the limit', () => {
    expect(slugify('a'.repeat(80))).toBe('a'.repeat(60));
    expect(slugify('abcdefghij klm', 5)).toBe('abcde');
  });
});

describe('uniqueId', () => {
  it('returns the base when it is free', () => {
    expect(uniqueId('dmitry-peskov', () => false)).toBe('dmitry-peskov');
  });

  it('adds -2, -3, ... until the id is free', () => {
    const taken = new Set(['hikmet-hajiyev-confirms', 'hikmet-hajiyev-confirms-2']);
    expect(uniqueId('hikmet-hajiyev-confirms', (id) => taken.has(id))).toBe('hikmet-hajiyev-confirms-3');
    expect(uniqueId('russia', (id) => id === 'russia')).toBe('russia-2');
  });

  it('fills the first free suffix, not one past the highest', () => {
    const taken = new Set(['x', 'x-3']);
    expect(uniqueId('x', (id) => taken.has(id))).toBe('x-2');
  });
});
