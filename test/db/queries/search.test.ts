// The capped ranking behind GET /v1/search, with its limits shrunk so the seed shows each regime:
// a type with more matches than `cap` ranks its newest `cap`; a term with more matches than
// `commonAbove` selects hits but is not weighed; with every term common, hits come newest first.
import { describe, expect, it } from 'vitest';
import { type SearchLimits, search } from '../../../src/db/queries/search.ts';
import { useApp } from '../../helpers.ts';

const app = useApp();

/** Seed claims mentioning "withdrawal", in the order they were added (rowid). */
const WITHDRAWAL_CLAIMS_ADDED = [
  'dmitry-peskov-confirms',
  'hikmet-hajiyev-confirms',
  'apa-reports',
  'hikmet-hajiyev-confirms-2',
  'hikmet-hajiyev-confirms-3',
];

function run(q: string, limits: SearchLimits, extra: { type?: string; limit?: number; cursor?: string } = {}) {
  return search(app().db, { q, limit: 20, ...extra }, limits);
}
const scored = (page: ReturnType<typeof run>) => page.data.map((hit) => [hit.id, hit.score]);

describe('search ranking', () => {
  it('ranks by bm25 every match when no type has more than `cap` and no term more than `commonAbove`', () => {
    const page = run('withdrawal', { cap: 1000, commonAbove: 1000 }, { type: 'claim' });

    expect(page.data.map((hit) => hit.id)).toEqual([
      'hikmet-hajiyev-confirms-2',
      'dmitry-peskov-confirms',
      'hikmet-hajiyev-confirms',
      'apa-reports',
      'hikmet-hajiyev-confirms-3',
    ]);
    expect(page.page.ranking).toEqual({
      cap: 1000,
      commonAbove: 1000,
      candidates: 5,
      capped: false,
      types: [{ type: 'claim', candidates: 5, capped: false, rankedBy: 'bm25' }],
    });
  });

  it('with more matches than `cap`, ranks only the most recently added `cap` and says the type was capped', () => {
    const page = run('withdrawal', { cap: 2, commonAbove: 1000 }, { type: 'claim' });

    // The two added last, ranked by bm25 between themselves.
    expect(scored(page)).toEqual([
      ['hikmet-hajiyev-confirms-2', 1],
      ['hikmet-hajiyev-confirms-3', 0.5703],
    ]);
    expect(page.page.ranking).toMatchObject({
      cap: 2,
      candidates: 2,
      capped: true,
      types: [{ type: 'claim', candidates: 2, capped: true, rankedBy: 'bm25' }],
    });
  });

  it('when every term is common in a type, returns its hits newest first with a null score', () => {
    const page = run('withdrawal', { cap: 1000, commonAbove: 4 }, { limit: 100 });

    expect(scored(page).slice(0, 5)).toEqual([...WITHDRAWAL_CLAIMS_ADDED].reverse().map((id) => [id, null]));
    // Six events say "withdrawal": common there too. Two actors do: they are still ranked by bm25.
    expect(page.page.ranking.types).toEqual([
      { type: 'claim', candidates: 5, capped: false, rankedBy: 'newest' },
      { type: 'event', candidates: 6, capped: false, rankedBy: 'newest' },
      { type: 'actor', candidates: 2, capped: false, rankedBy: 'bm25' },
      { type: 'location', candidates: 1, capped: false, rankedBy: 'bm25' },
      { type: 'source', candidates: 1, capped: false, rankedBy: 'bm25' },
    ]);
    expect(page.data.filter((hit) => hit.type === 'actor').map((hit) => hit.score)).toEqual([1, 1]);
    for (const hit of page.data) expect(hit.snippet, hit.id).toMatch(/<mark>withdraw(al|ing)<\/mark>/i);
  });

  it('when some terms are common, weighs only the rarer ones: hits without them rank last, newest first', () => {
    // "withdrawal" is in 5 claims (common above 4), "confirmed" in 3 of them.
    const page = run('withdrawal OR confirmed', { cap: 1000, commonAbove: 4 }, { type: 'claim' });

    expect(scored(page)).toEqual([
      ['hikmet-hajiyev-confirms-2', 1],
      ['dmitry-peskov-confirms', 0.9028],
      ['hikmet-hajiyev-confirms', 0.8814],
      ['hikmet-hajiyev-confirms-3', 0],
      ['apa-reports', 0],
    ]);
    expect(page.page.ranking.types).toEqual([
      { type: 'claim', candidates: 5, capped: false, rankedBy: 'bm25-partial' },
    ]);
  });

  it('does not weigh a common term even when it is excluded with NOT', () => {
    const page = run('confirmed NOT withdrawal', { cap: 1000, commonAbove: 4 }, { type: 'claim' });

    expect(page.data).toEqual([]);
    expect(page.page.ranking.types).toEqual([
      { type: 'claim', candidates: 0, capped: false, rankedBy: 'bm25-partial' },
    ]);
  });

  it('marks the snippets of a prefix search, whichever way its hits were ranked', () => {
    for (const limits of [
      { cap: 1000, commonAbove: 1000 },
      { cap: 1000, commonAbove: 2 },
    ]) {
      const page = run('withdr*', limits, { type: 'claim' });

      expect(page.data.map((hit) => hit.id).sort(), JSON.stringify(limits)).toEqual(
        [...WITHDRAWAL_CLAIMS_ADDED].sort(),
      );
      for (const hit of page.data) expect(hit.snippet, hit.id).toMatch(/<mark>withdraw(al|ing)<\/mark>/);
    }
  });

  it('pages through capped and newest-first rankings, each hit once', () => {
    for (const limits of [
      { cap: 3, commonAbove: 1000 },
      { cap: 1000, commonAbove: 2 },
      { cap: 4, commonAbove: 3 },
    ]) {
      const everything = run('withdrawal', limits, { limit: 100 }).data.map((hit) => `${hit.type}:${hit.id}`);
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = run('withdrawal', limits, { limit: 2, ...(cursor ? { cursor } : {}) });
        walked.push(...page.data.map((hit) => `${hit.type}:${hit.id}`));
        cursor = page.page.nextCursor ?? undefined;
      } while (cursor);

      expect(walked, JSON.stringify(limits)).toEqual(everything);
      expect(new Set(walked).size).toBe(walked.length);
    }
  });

  it('ranks only the types a page needs: a page filled by claims does not rank the others', () => {
    const page = run('withdrawal', { cap: 1000, commonAbove: 1000 }, { limit: 3 });

    expect(page.page.ranking.types.map((r) => r.type)).toEqual(['claim']);
    expect(page.page.ranking.candidates).toBe(5);
  });

  it('does not rank a type where the only word has no match (its count said so), and reports it as before', () => {
    const sqlite = app().db.$client;
    const ranked: string[] = [];
    const prepare = sqlite.prepare;
    sqlite.prepare = function recording(this: typeof sqlite, source: string) {
      const index = /bm25\((\w+)_fts/.exec(source)?.[1];
      if (index) ranked.push(index);
      return prepare.call(this, source);
    } as typeof sqlite.prepare;
    let page: ReturnType<typeof run>;
    try {
      // In the seed: three claims and the article, no event, actor or location.
      page = run('confirmed', { cap: 1000, commonAbove: 1000 });
    } finally {
      sqlite.prepare = prepare;
    }
    const types = page.page.ranking.types;
    // Every type is still listed, with 0 candidates where the word is not found ...
    expect(types.map((r) => r.type)).toEqual(['claim', 'event', 'actor', 'location', 'source']);
    const empty = types.filter((r) => r.candidates === 0);
    expect(empty.map((r) => r.type)).toEqual(['event', 'actor', 'location']);
    for (const r of empty) expect(r).toMatchObject({ capped: false, rankedBy: 'bm25' });
    // ... but only the types where it is found were ranked by bm25.
    expect(ranked).toEqual(['claims', 'sources']);
    expect(page.data.map((hit) => hit.type)).toEqual(['claim', 'claim', 'claim', 'source']);
  });
});
