// Drafts are valid bundles: they parse, they import into a fresh database, and every offset in the
// notes points at the words it names.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { importBundle, parseBundle } from '../../src/domain/import-bundle.ts';
import { extract, ruleBasedExtractor } from '../../src/extraction/index.ts';
import type { ExtractionResult, Offsets } from '../../src/extraction/types.ts';

const seedText = (
  JSON.parse(readFileSync(new URL('../../seed/nagorno-karabakh-withdrawal.bundle.json', import.meta.url), 'utf8')) as {
    source: { text: string };
  }
).source.text;

const ARTICLES: Array<{ title: string | null; publishedAt: string; text: string }> = [
  {
    title: 'Ferry to Varn island to resume in June',
    publishedAt: '2024-04-18',
    text: [
      'The ferry to Varn island will resume in June, Transport Minister Ivo Brandt said on Wednesday, ending a four-month suspension.',
      '“We owe the islanders an apology,” Brandt told the regional broadcaster NRK. “The delay was regrettable but necessary.”',
      'Opposition leader Marta Sund accused the government of neglecting the island. She said the repairs had been promised last year.',
      'The ministry denied that the repairs had been delayed, according to the newspaper Kystposten.',
      'Ivo Brandt said that the ferry would run twice a day. Ivo Brandt said that the ferry would run twice a day.',
    ].join('\n\n'),
  },
  {
    title: null,
    publishedAt: '2024-02-02T09:30:00Z',
    text: 'Strike ends at Velmora port\n\nDock workers in Velmora returned to work on Friday after a nine-day strike.\n\nUnion leader Maria Voss called the agreement “a victory for every worker on the quay”. The port authority said in a statement that ships would be cleared by Sunday.\n\nA federal judge said late Thursday that the strike had been lawful.',
  },
  {
    title: 'No attribution',
    publishedAt: '2024-01-05',
    text: 'The bridge opened in 1932.\n\nIt carries four lanes of traffic across the river.',
  },
  { title: null, publishedAt: '2024-04-17', text: seedText },
];

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

function everyOffset(result: ExtractionResult): Offsets[] {
  const { claims, actors, locations } = result.notes;
  return [
    ...Object.values(claims).flatMap((n) => [n.cue, n.evidence, ...(n.speakerMention ? [n.speakerMention] : [])]),
    ...Object.values(actors).flatMap((n) => n.mentions),
    ...Object.values(locations).flatMap((n) => n.mentions),
  ];
}

describe('drafts', () => {
  for (const article of ARTICLES) {
    it(`"${article.title ?? article.text.slice(0, 30)}" parses as a bundle and imports into a fresh database`, () => {
      const result = extract({ text: article.text, publishedAt: article.publishedAt, title: article.title });
      const bundle = parseBundle(result.draft);
      expect(bundle.source.text).toBe(article.text);
      expect(bundle.source.language).toBe('en');
      const db = openDatabase(':memory:');
      opened.push(db);
      const summary = importBundle(db, bundle, { keyName: 'test' });
      expect(summary.created.claims).toHaveLength(result.draft.claims.length);
      expect(summary.created.actors).toHaveLength(result.draft.actors.length);
    });

    it(`"${article.title ?? article.text.slice(0, 30)}": every offset names its words, every note has a draft item`, () => {
      const result = extract({ text: article.text, publishedAt: article.publishedAt, title: article.title });
      for (const o of everyOffset(result)) expect(article.text.slice(o.start, o.end)).toBe(o.text);
      expect(Object.keys(result.notes.claims).sort()).toEqual(result.draft.claims.map((c) => c.key).sort());
      expect(Object.keys(result.notes.actors).sort()).toEqual(result.draft.actors.map((a) => a.key).sort());
      expect(Object.keys(result.notes.locations).sort()).toEqual(result.draft.locations.map((l) => l.key).sort());
      for (const note of [...Object.values(result.notes.actors), ...Object.values(result.notes.locations)]) {
        expect(note.linkedTo).toBeNull();
        expect(note.candidates).toEqual([]);
      }
      for (const c of Object.values(result.notes.claims)) {
        expect(c.confidence).toBeGreaterThan(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
      }
    });
  }

  it('gives a repeated quote as { quote, occurrence }', () => {
    const { draft, notes } = extract({ text: ARTICLES[0]!.text, publishedAt: ARTICLES[0]!.publishedAt });
    const repeated = draft.claims.filter((c) => typeof c.evidence !== 'string');
    expect(repeated.map((c) => c.evidence)).toEqual([
      { quote: 'Ivo Brandt said that the ferry would run twice a day.', occurrence: 1 },
      { quote: 'Ivo Brandt said that the ferry would run twice a day.', occurrence: 2 },
    ]);
    expect(repeated.map((c) => notes.claims[c.key]!.evidence.start)).toEqual([
      ARTICLES[0]!.text.indexOf('Ivo Brandt said that'),
      ARTICLES[0]!.text.lastIndexOf('Ivo Brandt said that'),
    ]);
  });

  it('defaults the title to the first line, and keys are unique lowercase slugs', () => {
    const { draft } = extract({ text: ARTICLES[1]!.text, publishedAt: ARTICLES[1]!.publishedAt });
    expect(draft.source.title).toBe('Strike ends at Velmora port');
    for (const items of [draft.actors, draft.locations, draft.claims]) {
      const keys = items.map((i) => i.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const key of keys) expect(key).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
  });

  it('a text with no attributable statement is a draft with zero claims', () => {
    const { draft, notes } = extract({ text: ARTICLES[2]!.text, publishedAt: ARTICLES[2]!.publishedAt });
    expect(draft.claims).toEqual([]);
    expect(notes.claims).toEqual({});
  });

  it('is one interface: extract is the rule-based extractor', () => {
    expect(ruleBasedExtractor.name).toBe('rule-based');
    const input = { text: ARTICLES[1]!.text, publishedAt: ARTICLES[1]!.publishedAt };
    expect(ruleBasedExtractor.extract(input)).toEqual(extract(input));
  });
});
