// The graph walks on a generated database (with ANALYZE statistics): every statement reads through an
// index, and a walk runs a handful of statements whatever the number of nodes: one per batch of
// frontier nodes, one for the bodies of the nodes it did not expand, one for the edges among them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/db/client.ts';
import { neighbourhood, shortestPath } from '../../../src/db/queries/graph.ts';
import { graphQuery, pathQuery } from '../../../src/schemas/graph.ts';
import { generate } from '../../bench/gen.ts';
import { capturingStatements, pickSubjects } from '../../bench/hot-queries.ts';

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
  'claim_links',
];
const FULL_SCAN = new RegExp(`^SCAN (${BIG_TABLES.join('|')})( AS \\w+)?$`);

let folder: string;
let db: Db;
let foci: string[];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'eventkg-graph-plans-'));
  const { path } = generate({ claims: 2000, out: join(folder, 'graph.db'), seed: 11 });
  db = openDatabase(path);
  const s = pickSubjects(db);
  const one = (sql: string) => db.$client.prepare(sql).pluck().get() as string;
  foci = [
    `actor:${s.heavySpeaker}`,
    `actor:${s.typicalSpeaker}`,
    `event:${s.heavyEvent}`,
    `location:${s.country}`,
    `source:${one('SELECT source_id FROM claims GROUP BY source_id ORDER BY count(*) DESC LIMIT 1')}`,
    `claim:${one('SELECT responds_to_id FROM claims WHERE responds_to_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')}`,
  ];
});

afterAll(() => {
  db?.$client.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const fullScans = (statements: Array<{ sql: string; params: unknown[] }>) =>
  statements.flatMap(({ sql, params }) =>
    (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>)
      .filter((row) => FULL_SCAN.test(row.detail))
      .map((row) => `${row.detail}: ${sql.slice(0, 120)}`),
  );

describe('the graph walks on a generated database', () => {
  it('read every neighbourhood through indexes, in one statement per batch of up to 32 frontier nodes and three more', () => {
    for (const focus of foci) {
      for (const depth of ['1', '2', '3']) {
        const query = graphQuery.parse({ focus, depth });
        let nodes = 0;
        const statements = capturingStatements(db, () => (nodes = neighbourhood(db, query).nodes.length));

        expect(fullScans(statements), `${focus} depth ${depth}`).toEqual([]);
        // The focus check, the hops (the frontier of each level is at most the nodes returned), the bodies, the edges among them.
        expect(statements.length, `${focus} depth ${depth}`).toBeLessThanOrEqual(
          1 + Number(depth) + Math.ceil(nodes / 32) + 2,
        );
      }
    }
  });

  it('read every path search through indexes', () => {
    for (const from of foci) {
      for (const to of foci) {
        const statements = capturingStatements(db, () => shortestPath(db, pathQuery.parse({ from, to })));
        expect(fullScans(statements), `${from} -> ${to}`).toEqual([]);
      }
    }
  });
});
