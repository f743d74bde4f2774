// Query plans: no hot read query scans a big table row by row. Runs every hot query function on a
// small generated database (with ANALYZE statistics), captures each statement it runs and checks
// SQLite's EXPLAIN QUERY PLAN: walking an index in sort order is fine, a bare `SCAN claims` is not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { generate } from '../bench/gen.ts';
import { listClaims } from '../../src/db/queries/claims.ts';
import { listEvents } from '../../src/db/queries/events.ts';
import { claimListQuery } from '../../src/schemas/claims.ts';
import { eventListQuery } from '../../src/schemas/events.ts';
import { capturingStatements, hotQueries, pickSubjects, type HotQuery } from '../bench/hot-queries.ts';

/** Tables that grow with the data: a full scan of any of them is a bug at a million claims. */
const BIG_TABLES = ['claims', 'events', 'sources', 'claim_events', 'claim_actors', 'event_participants', 'evidence_spans', 'event_relations'];
const FULL_SCAN = new RegExp(`^SCAN (${BIG_TABLES.join('|')})( AS \\w+)?$`);

let folder: string;
let db: Db;
let queries: HotQuery[];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'eventkg-plans-'));
  const { path } = generate({ claims: 2000, out: join(folder, 'plans.db'), seed: 7 });
  db = openDatabase(path);
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

  it('hydrate a page in a fixed number of statements, whatever the page size', () => {
    const statements = (run: (limit: number) => unknown) => [5, 50].map((limit) => capturingStatements(db, () => run(limit)).length);
    const [claims5, claims50] = statements((limit) => listClaims(db, claimListQuery.parse({ limit })));
    expect(claims50).toBe(claims5);
    const [events5, events50] = statements((limit) => listEvents(db, eventListQuery.parse({ limit })));
    expect(events50).toBe(events5);
  });
});
