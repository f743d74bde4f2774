// src/text/names.ts: the name rules and their one wording, the stored forms, the duplicate-source key;
// src/extraction/names.ts: a draft's names cleaned so that its own import accepts them.
import { describe, expect, it } from 'vitest';
import { cleanDraftNames } from '../../src/extraction/names.ts';
import { bundleSchema } from '../../src/schemas/bundle.ts';
import { cleanName, nameProblem, normalizeName, sourceTextKey } from '../../src/text/names.ts';

describe('nameProblem', () => {
  it('names the first refused character by code point and Unicode name', () => {
    expect(nameProblem('a\u200Bb')).toBe('contains U+200B ZERO WIDTH SPACE; remove it');
    expect(nameProblem('a\u2060b')).toBe('contains U+2060 WORD JOINER; remove it');
    expect(nameProblem('\uFEFFab')).toBe('contains U+FEFF ZERO WIDTH NO-BREAK SPACE; remove it');
    expect(nameProblem('a\u202Db')).toBe('contains U+202D LEFT-TO-RIGHT OVERRIDE; remove it');
    expect(nameProblem('a\u2067b')).toBe('contains U+2067 RIGHT-TO-LEFT ISOLATE; remove it');
    expect(nameProblem('a\u0001b')).toBe('contains U+0001 (a control character); remove it');
    expect(nameProblem('a\nb')).toBe('contains U+000A LINE FEED; remove it');
    expect(nameProblem(' \u00A0 ')).toBe('is only white space; give a name');
  });

  it('accepts letters of every script, marks and emoji without joiners', () => {
    for (const name of [
      'Renée',
      'Rene\u0301e',
      'Əliyev',
      'Ильхам Алиев',
      'עברית',
      'العربية',
      '日本語',
      'A\u200Fb',
      '🇦🇿',
    ])
      expect(nameProblem(name), name).toBeUndefined();
  });
});

describe('stored forms', () => {
  it('a name is NFC and trimmed; a proposed name also loses refused characters and runs of white space', () => {
    expect(normalizeName('  Rene\u0301e  ')).toBe('Renée');
    expect(cleanName(' Dmitry\u200B \u2066Peskov\u2069\n')).toBe('Dmitry Peskov');
    // A name wrapped across a line (or a tab, CRLF, NEL) keeps its two words.
    for (const gap of ['\n', '\r\n', '\t', '\u0085']) expect(cleanName(`Dmitry${gap}Peskov`)).toBe('Dmitry Peskov');
    expect(cleanName('Pes\u200Bkov')).toBe('Peskov');
  });

  it('the source key is the same for the same article after NFC, line endings, runs of spaces and tabs, and trimming', () => {
    const key = sourceTextKey('Ferries to Vesterö resume.\nThe port reopened.');
    expect(sourceTextKey(' Ferries  to Vestero\u0308 resume.\r\nThe port\t reopened.\n')).toBe(key);
    expect(sourceTextKey('Ferries to Vesterö resume.\rThe port reopened.')).toBe(key);
    expect(sourceTextKey('Ferries to Vesterö resume.\n\nThe port reopened.')).not.toBe(key);
    expect(sourceTextKey('ferries to Vesterö resume.\nThe port reopened.')).not.toBe(key);
  });
});

describe('cleanDraftNames', () => {
  it('makes a draft whose names hold invisible characters one the bundle schema accepts', () => {
    const draft = bundleSchema.parse({
      source: { title: 'Talks', publishedAt: '2024-06-13', language: 'en', text: 'Ivar Holm said so.' },
    });
    draft.source.title = 'Talks\u200B end';
    draft.actors.push({
      key: 'ivar-holm',
      name: 'Ivar Holm\u200B',
      kind: 'person',
      aliases: ['Holm\u2069', 'Ivar Holm'],
      description: null,
      affiliations: [],
      externalIds: {},
      evidence: ['Ivar Holm'],
    });
    expect(bundleSchema.safeParse(draft).success).toBe(false);
    const cleaned = cleanDraftNames(draft);
    expect(bundleSchema.safeParse(cleaned).success).toBe(true);
    expect(cleaned.source.title).toBe('Talks end');
    expect(cleaned.actors[0]).toMatchObject({ name: 'Ivar Holm', aliases: ['Holm'], evidence: ['Ivar Holm'] });
  });
});
