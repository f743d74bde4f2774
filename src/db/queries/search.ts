// Full-text search over the FTS5 indexes of migration 0003: capped bm25 ranking per type, types in a
// fixed order, keyset pages over the ranked list, snippets for the served page only.
//
// Why types in order: bm25 depends on each index's own statistics (a word in half of the claims has
// an inverse document frequency near zero there and a high one among actors), so raw scores of
// different indexes are not comparable; interleaving them would rank by table size, not relevance.
//
// Why capped, and why common phrases are not weighed: bm25 costs time in proportion to the matches
// in two ways. `ORDER BY rank` scores and sorts every match (about 1 s for 600k), so each type ranks
// at most `cap` matches, its most recently added ones (`ORDER BY rowid DESC LIMIT`, cheap). But
// bm25() also counts every match of each phrase to weigh it (its inverse document frequency), even
// to score a single row: tens of ms for a word in most of a million claims. So a phrase with more
// than `commonAbove` matches in an index counts as common there: it still selects hits, but only the
// other phrases are weighed ('bm25-partial'), and when every phrase is common the hits come newest
// first ('newest': nothing to rank, so every match is reachable, a page costing one short read). That
// is bm25's own judgement pushed further: it already gives a phrase found in more than half of the
// rows a weight of about zero.
//
// Hits are addressed by rowid (what the FTS index knows) until the page is described; ties in score
// go to the most recent row.
import { type SQL, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { type SearchPhrase, parseSearchQuery } from '../../text/search-query.ts';
import { InvalidRequestError } from '../../errors.ts';
import {
  RANKED_BY,
  type RankedBy,
  SEARCH_TYPES,
  type SearchHit,
  type SearchPage,
  type SearchQuery,
  type SearchType,
} from '../../schemas/search.ts';

export type SearchLimits = {
  /** Matches of one type ranked per request, at most: the most recently added ones. */
  cap: number;
  /** A phrase matching more rows than this in an index is common there: it selects hits but is not weighed. */
  commonAbove: number;
};
// Measured on a million claims (npm run bench:search, in-process minimum of a search of one word):
// ranking the newest 1,000 matches took 3-8 ms, 500 about 2.5 ms; and a word in 2,000-10,000 claims
// costs 3-4 ms ranked by bm25 but under 1 ms taken newest first. Over 2,000 matches a lone word's bm25
// ranks little but claim length anyway (its weight is the same for every hit).
export const SEARCH_LIMITS: SearchLimits = { cap: 500, commonAbove: 2_000 };

type TypeRanking = { type: SearchType; candidates: number; capped: boolean; rankedBy: RankedBy };
type ParsedQuery = { expression: string; phrases: SearchPhrase[] };

/** Sorted by `key` ascending (bm25 is negative, lower is better; -rowid when newest first), then newest. */
type Candidate = { type: SearchType; rowid: number; bm25: number | null; key: number; texts?: string };

/** Where a snippet may come from: snippet() for long text, highlight() (all of it) for short fields. */
type SnippetColumn = { index: number; whole: boolean; list?: boolean };

type Index = {
  fts: SQL;
  /** bm25 weight per FTS column, in column order: a match in a name or title says more than one in a description. */
  weights: number[];
  /** Columns to take the snippet from, most descriptive first; the first one with a match wins. */
  snippetColumns: SnippetColumn[];
};

const NAMED_ENTITY: Omit<Index, 'fts'> = {
  weights: [3, 2, 1],
  snippetColumns: [
    { index: 2, whole: false },
    { index: 1, whole: true, list: true },
    { index: 0, whole: true },
  ],
};
const TITLED_TEXT: Omit<Index, 'fts'> = {
  weights: [2, 1],
  snippetColumns: [
    { index: 1, whole: false },
    { index: 0, whole: true },
  ],
};

const INDEXES: Record<SearchType, Index> = {
  // The speaker column (migration 0014) holds the speaker's name and aliases: "Peskov" finds the claims Peskov made.
  claim: { fts: sql.raw('claims_fts'), weights: [1, 1], snippetColumns: [{ index: 0, whole: false }] },
  event: { fts: sql.raw('events_fts'), ...TITLED_TEXT },
  actor: { fts: sql.raw('actors_fts'), ...NAMED_ENTITY },
  location: { fts: sql.raw('locations_fts'), ...NAMED_ENTITY },
  source: { fts: sql.raw('sources_fts'), ...TITLED_TEXT },
};

const TIER = new Map(SEARCH_TYPES.map((type, index) => [type, index]));
// Private-use characters mark matches inside SQLite; they become <mark> once the text is HTML-escaped.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SNIPPET_TOKENS = 24;

const byKey = (a: { key: number; rowid: number }, b: { key: number; rowid: number }) =>
  a.key - b.key || b.rowid - a.rowid;

export function search(db: Db, query: SearchQuery, limits: SearchLimits = SEARCH_LIMITS): SearchPage {
  const parsed = parseSearchQuery(query.q);
  if (!parsed.ok) throw new InvalidRequestError([{ path: 'query.q', message: parsed.message }]);
  const wanted = query.type ? SEARCH_TYPES.filter((type) => query.type!.split(',').includes(type)) : [...SEARCH_TYPES];
  // The cursor is bound to the search it came from: another q or type would page through another list.
  const order = `search:${createHash('sha256')
    .update(`${parsed.expression}\n${wanted.join(',')}`)
    .digest('base64url')
    .slice(0, 12)}`;
  const cursor = query.cursor ? readCursor(query.cursor, order) : undefined;

  const ranked: Candidate[] = [];
  const best = new Map<SearchType, number>();
  const rankings: TypeRanking[] = [];
  for (const type of wanted) {
    // Types rank one after another, so a page needs only its own types: a page full of claims never
    // pays for ranking the sources.
    if (cursor && TIER.get(type)! < TIER.get(cursor.type)!) continue;
    if (ranked.length > query.limit) break;
    const from = cursor?.type === type ? cursor : undefined;
    const { matches, best: top, ranking } = rankType(db, type, parsed, limits, from, query.limit + 1 - ranked.length);
    rankings.push(ranking);
    if (top !== undefined) best.set(type, top);
    ranked.push(...matches);
  }

  const pageHits = ranked.slice(0, query.limit);
  const last = pageHits[pageHits.length - 1];
  const rankedBy = (type: SearchType) => rankings.find((r) => r.type === type)!.rankedBy;
  return {
    data: describeHits(db, parsed, pageHits, best),
    page: {
      limit: query.limit,
      nextCursor:
        ranked.length > query.limit && last
          ? encodeCursor(order, [last.type, rankedBy(last.type), String(last.key), String(last.rowid)])
          : null,
      ranking: {
        cap: limits.cap,
        commonAbove: limits.commonAbove,
        candidates: rankings.reduce((sum, r) => sum + r.candidates, 0),
        capped: rankings.some((r) => r.capped),
        types: rankings,
      },
    },
  };
}

function readCursor(cursor: string, order: string) {
  const [type, rankedBy, key, rowid] = decodeCursor(cursor, order, 4);
  if (
    !TIER.has(type as SearchType) ||
    !RANKED_BY.includes(rankedBy as RankedBy) ||
    !Number.isFinite(Number(key)) ||
    !/^\d+$/.test(rowid ?? '')
  ) {
    throw new InvalidRequestError([
      { path: 'query.cursor', message: 'is not a cursor this endpoint issued; pass page.nextCursor unchanged' },
    ]);
  }
  return { type: type as SearchType, rankedBy: rankedBy as RankedBy, key: Number(key), rowid: Number(rowid) };
}

type Position = { rankedBy: RankedBy; key: number; rowid: number };

/**
 * The matches of one type, best first, after `from` (the cursor's position, when it is in this type):
 * ranked as the file header says, over at most `cap` of them. Newest first needs no ranking, so then
 * only the `want` matches the page can use are read, past the cursor, and nothing is capped.
 */
function rankType(
  db: Db,
  type: SearchType,
  { expression, phrases }: ParsedQuery,
  limits: SearchLimits,
  from: Position | undefined,
  want: number,
) {
  const { fts, weights } = INDEXES[type];
  const bm25 = sql`bm25(${fts}, ${sql.raw(weights.join(', '))})`;
  const distinct = [...new Set(phrases.map((p) => p.fts))];
  const counts = new Map(distinct.map((phrase) => [phrase, phraseCount(db, type, phrase, limits.commonAbove)]));
  const common = new Set(distinct.filter((phrase) => counts.get(phrase)! > limits.commonAbove));
  const weighed = [...new Set(phrases.filter((p) => p.positive && !common.has(p.fts)).map((p) => p.fts))];
  const rankedBy: RankedBy = common.size === 0 ? 'bm25' : weighed.length > 0 ? 'bm25-partial' : 'newest';
  const ranking = { type, candidates: 0, capped: false, rankedBy };
  // One positive phrase found nowhere in this index (a rare word, in every type but one or two): the
  // count just read says there is nothing to rank, so the ranking statement is not run (25-50 us each).
  if (distinct.length === 1 && phrases.every((p) => p.positive) && counts.get(distinct[0]!) === 0)
    return { matches: [], best: undefined, ranking };
  // Should the way this type is ranked have changed since the cursor was issued (writes made a term
  // common), the cursor's position means nothing here any more: go on with the next type.
  if (from && from.rankedBy !== rankedBy) return { matches: [], best: undefined, ranking };

  if (rankedBy === 'newest') {
    // The page's snippets come in the same read: a second one would evaluate the query again, which
    // for a common prefix (withdr*) means merging every matching row of every matching word again.
    const rows = runFts(() =>
      db.all<{ rowid: number; texts: string }>(sql`
        SELECT rowid, ${snippetTexts(type)} AS texts FROM ${fts}
        WHERE ${fts} MATCH ${expression} ${from ? sql`AND rowid < ${from.rowid}` : sql``}
        ORDER BY rowid DESC LIMIT ${want}`),
    );
    const matches = rows.map(
      (row): Candidate => ({ type, rowid: row.rowid, bm25: null, key: -row.rowid, texts: row.texts }),
    );
    return { matches, best: undefined, ranking: { ...ranking, candidates: rows.length } };
  }

  const rows = runFts(() =>
    db.all<{ rowid: number; bm25: number | null }>(sql`
      SELECT rowid, ${rankedBy === 'bm25' ? bm25 : sql`NULL`} AS bm25 FROM ${fts}
      WHERE ${fts} MATCH ${expression} ORDER BY rowid DESC LIMIT ${limits.cap + 1}`),
  );
  const capped = rows.length > limits.cap;
  if (capped) rows.pop();
  if (rankedBy === 'bm25-partial' && rows.length > 0) {
    // Scores of the rarer phrases alone, for the candidates only. `rowid + 0` keeps SQLite from
    // handing the list to FTS5 as one lookup per rowid, each of which would weigh the phrases anew.
    const scores = new Map(
      runFts(() =>
        db.all<{ rowid: number; bm25: number }>(sql`
          SELECT rowid, ${bm25} AS bm25 FROM ${fts}
          WHERE ${fts} MATCH ${weighed.join(' OR ')} AND rowid >= ${rows[rows.length - 1]!.rowid}
            AND rowid + 0 IN (SELECT value FROM json_each(${JSON.stringify(rows.map((row) => row.rowid))}))`),
      ).map((row) => [row.rowid, row.bm25]),
    );
    // A candidate with none of the rarer phrases matched on common ones only: it ranks last.
    for (const row of rows) row.bm25 = scores.get(row.rowid) ?? 0;
  }
  const ranked = rows
    .map((row): Candidate => ({ type, rowid: row.rowid, bm25: row.bm25!, key: row.bm25! }))
    .sort(byKey);
  return {
    matches: from ? ranked.filter((match) => byKey(match, from) > 0) : ranked,
    best: ranked[0]?.bm25 ?? undefined,
    ranking: { ...ranking, candidates: rows.length, capped },
  };
}

/**
 * Phrases found common, per database, remembered for a minute: counting up to `commonAbove` is the
 * one cost a common word adds to every request. Commonness changes slowly, and a stale answer only
 * picks the other of two valid rankings for a while.
 */
const COMMON_TTL_MS = 60_000;
const COMMON_REMEMBERED = 1000;

/**
 * How many matches a phrase has in the type's index, counted only up to `limit + 1` (more than `limit`:
 * common there, and remembered so).
 */
function phraseCount(db: Db, type: SearchType, phrase: string, limit: number): number {
  const remembered = db.$context.commonTerms;
  const key = `${limit}\n${type}\n${phrase}`;
  const until = remembered.get(key);
  if (until !== undefined && until > Date.now()) return limit + 1;
  remembered.delete(key);
  const { fts } = INDEXES[type];
  const row = runFts(() =>
    db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH ${phrase} LIMIT ${limit + 1})`,
    ),
  );
  const count = row?.n ?? 0;
  if (count > limit) {
    if (remembered.size >= COMMON_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, Date.now() + COMMON_TTL_MS);
  }
  return count;
}

/**
 * The translator only writes expressions FTS5 parses; should one still be refused, the client hears
 * it as a 400 on `q`, never as a 500.
 */
function runFts<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/^(fts5:|unterminated string|unknown special query|no such column)/.test(message)) {
      throw new InvalidRequestError([
        {
          path: 'query.q',
          message: 'is not a search the index can run; use words, "phrases", prefix*, OR, AND, NOT and parentheses',
        },
      ]);
    }
    throw error;
  }
}

/** Snippets, labels and references for the hits of one page: a few rows per type, by rowid. */
function describeHits(db: Db, query: ParsedQuery, hits: Candidate[], best: Map<SearchType, number>): SearchHit[] {
  const described = new Map<string, SearchHit>();
  for (const type of SEARCH_TYPES) {
    const ofType = hits.filter((hit) => hit.type === type);
    if (ofType.length === 0) continue;
    const snippets = new Map(
      ofType.flatMap((hit) => (hit.texts === undefined ? [] : [[hit.rowid, snippetOf(type, hit.texts)] as const])),
    );
    const missing = ofType.filter((hit) => hit.texts === undefined).map((hit) => hit.rowid);
    if (missing.length > 0)
      for (const [rowid, snippet] of snippetsFor(db, type, query, missing)) snippets.set(rowid, snippet);
    for (const [rowid, label] of labelsFor(
      db,
      type,
      ofType.map((hit) => hit.rowid),
    )) {
      described.set(`${type}:${rowid}`, { type, ...label, snippet: snippets.get(rowid) ?? '' } as SearchHit);
    }
  }
  return hits.flatMap((hit) => {
    const found = described.get(`${hit.type}:${hit.rowid}`);
    if (!found) return []; // gone between ranking and describing: a concurrent delete
    const top = best.get(hit.type);
    const score =
      hit.bm25 === null
        ? null
        : top !== undefined && top < 0
          ? Math.abs(Math.round((hit.bm25 / top) * 10_000) / 10_000)
          : 0;
    return [{ ...found, score }];
  });
}

/** The candidate snippet of each column, as a JSON array (see snippetOf). */
function snippetTexts(type: SearchType): SQL {
  const { fts, snippetColumns } = INDEXES[type];
  const columns = snippetColumns.map(({ index, whole }) =>
    whole
      ? sql`highlight(${fts}, ${sql.raw(String(index))}, ${OPEN}, ${CLOSE})`
      : sql`snippet(${fts}, ${sql.raw(String(index))}, ${OPEN}, ${CLOSE}, '…', ${sql.raw(String(SNIPPET_TOKENS))})`,
  );
  return sql`json_array(${sql.join(columns, sql`, `)})`;
}

/** The snippet of the first (most descriptive) column with a match, marked up. */
function snippetOf(type: SearchType, texts: string): string {
  const { snippetColumns } = INDEXES[type];
  const candidates = JSON.parse(texts) as Array<string | null>;
  const chosen = Math.max(
    snippetColumns.findIndex((_, i) => candidates[i]?.includes(OPEN)),
    0,
  );
  const text = candidates[chosen] ?? '';
  return markUp(snippetColumns[chosen]!.list ? matchedListItems(text) : text);
}

function snippetsFor(db: Db, type: SearchType, { expression }: ParsedQuery, rowids: number[]): Map<number, string> {
  const { fts } = INDEXES[type];
  // A list of rowids makes FTS5 evaluate the query once per rowid (seeking every doclist anew, a prefix
  // merged anew): 2 ms for a page of 21 claims of a word in 5,000. One pass over the page's rowid range,
  // filtered (`rowid + 0` keeps the IN from becoming per-rowid lookups), reads each doclist once: 0.2 ms.
  // The range holds at most the `cap` ranked matches, since the page's hits are among them.
  const only = sql`rowid BETWEEN ${Math.min(...rowids)} AND ${Math.max(...rowids)} AND rowid + 0 IN (SELECT value FROM json_each(${JSON.stringify(rowids)}))`;
  const rows = runFts(() =>
    db.all<{ rowid: number; texts: string }>(
      sql`SELECT rowid, ${snippetTexts(type)} AS texts FROM ${fts} WHERE ${fts} MATCH ${expression} AND ${only}`,
    ),
  );
  return new Map(rows.map((row) => [row.rowid, snippetOf(type, row.texts)]));
}

/** Aliases are stored as a JSON array: show the matching ones, comma-separated. */
function matchedListItems(highlighted: string): string {
  try {
    const items = JSON.parse(highlighted) as string[];
    return items.filter((item) => item.includes(OPEN) || item.includes(CLOSE)).join(', ');
  } catch {
    return highlighted;
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * HTML-escapes the snippet and turns the markers into <mark>...</mark>, always balanced: writes refuse
 * text holding the markers (well-formed-text.ts), but text stored before that rule may hold them, and a
 * stray one must not open a <mark> that never closes or close one never opened.
 */
function markUp(text: string): string {
  let open = false;
  const html = text.replace(/[&<>\uE000\uE001]/g, (c) => {
    if (c === OPEN) {
      if (open) return '';
      open = true;
      return '<mark>';
    }
    if (c === CLOSE) {
      if (!open) return '';
      open = false;
      return '</mark>';
    }
    return HTML_ESCAPES[c]!;
  });
  return open ? `${html}</mark>` : html;
}

type Label = Pick<SearchHit, 'id' | 'title' | 'item'>;

/** Labels and references of a page's hits, by rowid (one statement per type, whatever the page size). */
function labelsFor(db: Db, type: SearchType, rowids: number[]): Map<number, Label> {
  const wanted = sql`(SELECT value FROM json_each(${JSON.stringify(rowids)}))`;
  switch (type) {
    case 'claim': {
      const rows = db.all<{
        rowid: number;
        id: string;
        text: string;
        stance: string;
        speakerId: string;
        speakerName: string;
      }>(sql`
        SELECT c.rowid AS rowid, c.id AS id, c.text AS text, c.stance AS stance, a.id AS speakerId, a.name AS speakerName
        FROM ${t.claims} AS c JOIN ${t.actors} AS a ON a.id = c.speaker_id WHERE c.rowid IN ${wanted}`);
      return new Map(
        rows.map((r) => [
          r.rowid,
          {
            id: r.id,
            title: `${r.speakerName} ${r.stance}`,
            item: { id: r.id, text: r.text, speaker: { id: r.speakerId, name: r.speakerName } },
          },
        ]),
      );
    }
    case 'event':
    case 'source': {
      const rows = db.all<{ rowid: number; id: string; title: string }>(
        sql`SELECT rowid, id, title FROM ${type === 'event' ? t.events : t.sources} WHERE rowid IN ${wanted}`,
      );
      return new Map(rows.map((r) => [r.rowid, { id: r.id, title: r.title, item: { id: r.id, title: r.title } }]));
    }
    case 'actor':
    case 'location': {
      const rows = db.all<{ rowid: number; id: string; name: string }>(
        sql`SELECT rowid, id, name FROM ${type === 'actor' ? t.actors : t.locations} WHERE rowid IN ${wanted}`,
      );
      return new Map(rows.map((r) => [r.rowid, { id: r.id, title: r.name, item: { id: r.id, name: r.name } }]));
    }
  }
}
