// Query plans: no hot read query scans a big table row by row. Runs every hot query function on a
// small generated database (with ANALYZE statistics), captures each statement it runs and checks
// SQLite's EXPLAIN QUERY PLAN: walking an index in sort order is fine, a bare `SCAN claims` is not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { generate } from '../bench/gen.ts';
import { configureClaimCache, listClaims } from '../../src/db/queries/claims.ts';
import { listEvents } from '../../src/db/queries/events.ts';
import { claimListQuery } from '../../src/schemas/claims.ts';
import { eventListQuery } from '../../src/schemas/events.ts';
import { capturingStatements, hotQueries, pickSubjects, type HotQuery } from '../bench/hot-queries.ts';

/** Tables that grow with the data: a full scan of any of them is a bug at a million claims. */
const BIG_TABLES = [
  'claims',
  'events',
  'sources',
  'claim_events',
  'claim_actors',
  'event_participants',
  'evidence_spans',
  'event_relations',
  'claim_appearances',
];
const FULL_SCAN = new RegExp(`^SCAN (${BIG_TABLES.join('|')})( AS \\w+)?$`);

let folder: string;
let db: Db;
let queries: HotQuery[];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'eventkg-plans-'));
  const { path } = generate({ claims: 2000, out: join(folder, 'plans.db'), seed: 7 });
  db = openDatabase(path);
  // Every query must run here, hydration included: nothing served from the claim cache.
  configureClaimCache(db, 0);
  queries = hotQueries(db, pickSubjects(db));
});

afterAll(() => {
  db?.$client.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function plan(sql: string, params: unknown[]): string[] {
  const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
  return rows.map((row) => row.detail);
}

describe('hot read queries on a generated database', () => {
  it('cover every list filter and sort, by-id reads and cursor pages', () => {
    expect(queries.length).toBeGreaterThan(40);
  });

  it('never scan a big table without an index', () => {
    const offenders: string[] = [];
    for (const query of queries) {
      const statements = capturingStatements(db, query.run);
      expect(statements.length, query.name).toBeGreaterThan(0);
      for (const { sql, params } of statements) {
        const scans = plan(sql, params).filter((detail) => FULL_SCAN.test(detail));
        if (scans.length) offenders.push(`${query.name}: ${scans.join(', ')}\n    ${sql}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  // The claims about an event or an actor, and what a speaker said about an event, are a walk of the
  // link rows' copies of the claim's keys (schema.ts): the page starts at the cursor, in page order.
  it.each([
    ['claims event=heavy', 'claim_events_event_asc_idx (event_id=?)'],
    ['claims event=heavy -saidAt', 'claim_events_event_desc_idx (event_id=?)'],
    ['claims event=heavy deep cursor', 'claim_events_event_asc_idx (event_id=? AND (said_sort_asc,claim_id)>(?,?))'],
    ['claims event=heavy stance', 'claim_events_event_asc_idx (event_id=?)'],
    ['claims event=heavy speaker=heavy', 'claim_events_speaker_asc_idx (event_id=? AND speaker_id=?)'],
    ['claims event=heavy speaker=heavy -saidAt', 'claim_events_speaker_desc_idx (event_id=? AND speaker_id=?)'],
    ['claims event=heavy actor (about)', 'claim_events_event_asc_idx (event_id=?)'],
    ['claims actor (about)', 'claim_actors_actor_asc_idx (actor_id=?)'],
    ['claims actor (about) -saidAt', 'claim_actors_actor_desc_idx (actor_id=?)'],
    [
      'claims actor (about) deep cursor -saidAt',
      'claim_actors_actor_desc_idx (actor_id=? AND (said_sort_desc,claim_id)<(?,?))',
    ],
    ['timeline actor=heavy', 'claim_actors_actor_asc_idx (actor_id=?)'],
    ['timeline actor=about', 'claim_actors_actor_asc_idx (actor_id=?)'],
    ['timeline event=heavy', 'claim_events_event_asc_idx (event_id=?)'],
    ['timeline event=heavy -time', 'claim_events_event_desc_idx (event_id=?)'],
    ['perspectives event=heavy', 'claim_events_speaker_asc_idx (event_id=?'],
  ])('%s walks %s without sorting what it walks', (name, walk) => {
    const query = queries.find((q) => q.name === name);
    expect(query, name).toBeDefined();
    const plans = capturingStatements(db, query!.run).map(({ sql, params }) => plan(sql, params));
    const walking = plans.find((lines) => lines.some((line) => line.includes(`USING COVERING INDEX ${walk}`)));
    expect(walking, plans.map((lines) => lines.join('\n')).join('\n\n')).toBeDefined();
    // The link part comes last in its statement (the timeline's claims follow its events): nothing
    // after the walk sorts whole (a timeline part still orders rows of equal time by type and id).
    const from = walking!.findIndex((line) => line.includes(walk));
    expect(walking!.slice(from).filter((line) => /TEMP B-TREE FOR (ORDER BY|DISTINCT)/.test(line))).toEqual([]);
  });

  // ?minSources=2 (and more) walks the partial indexes of the claims carried by several sources, in
  // page order: the claims seen once are never read.
  it.each([
    ['saidAt', 'claims_multi_source_asc_idx'],
    ['-saidAt', 'claims_multi_source_desc_idx'],
  ])('claims minSources=2 sort=%s walk %s, sorting nothing', (sort, index) => {
    for (const minSources of [2, 3]) {
      const statements = capturingStatements(db, () =>
        listClaims(db, claimListQuery.parse({ minSources: String(minSources), sort })),
      );
      const keys = statements.filter(({ sql }) => sql.includes('source_count'));
      expect(keys).toHaveLength(1);
      const lines = plan(keys[0]!.sql, keys[0]!.params);
      expect(lines, lines.join('\n')).toEqual([`SCAN claims USING INDEX ${index}`]);
    }
  });

  // A from/to page with no other filter reads claim_times' covering indexes, one walk per span class,
  // merged in page order: no claims row is read for the keys, nothing is sorted.
  it.each([
    ['from/to', {}, 'claim_times_span_asc_idx'],
    ['from/to -saidAt', { sort: '-saidAt' }, 'claim_times_span_desc_idx'],
    ['from/to within', { timeMatch: 'within' }, 'claim_times_span_asc_idx'],
    ['from/to within -saidAt', { timeMatch: 'within', sort: '-saidAt' }, 'claim_times_span_desc_idx'],
  ])('claims %s, first and next page, walk only %s', (_name, options, index) => {
    const { from, to } = pickSubjects(db);
    const query = { from, to, limit: 5, ...options };
    const next = listClaims(db, claimListQuery.parse(query)).page.nextCursor;
    expect(next).not.toBeNull();
    for (const cursor of [undefined, next!]) {
      const statements = capturingStatements(db, () =>
        listClaims(db, claimListQuery.parse({ ...query, ...(cursor ? { cursor } : {}) })),
      );
      const keys = statements.filter(({ sql }) => sql.includes('claim_times'));
      expect(keys).toHaveLength(1);
      const lines = plan(keys[0]!.sql, keys[0]!.params);
      const reads = lines.filter((line) => /^(SEARCH|SCAN) /.test(line));
      expect(reads.length, lines.join('\n')).toBeGreaterThan(1);
      expect(
        reads.filter((line) => !line.startsWith(`SEARCH claim_times USING COVERING INDEX ${index} (span_class=?`)),
        lines.join('\n'),
      ).toEqual([]);
      expect(lines.filter((line) => /TEMP B-TREE/.test(line))).toEqual([]);
    }
  });

  it('hydrate a page in a fixed number of statements, whatever the page size', () => {
    const statements = (run: (limit: number) => unknown) =>
      [5, 50].map((limit) => capturingStatements(db, () => run(limit)).length);
    const [claims5, claims50] = statements((limit) => listClaims(db, claimListQuery.parse({ limit })));
    expect(claims50).toBe(claims5);
    const [events5, events50] = statements((limit) => listEvents(db, eventListQuery.parse({ limit })));
    expect(events50).toBe(events5);
  });
});
