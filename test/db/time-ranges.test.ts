// Time-range pages: the claims and events lists walk one index part per span class (rangeArms) and
// must answer exactly what the plain filter answers, in the same order, page after page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { sql } from 'drizzle-orm';
import { listClaims } from '../../src/db/queries/claims.ts';
import * as t from '../../src/db/schema.ts';
import { spanClass } from '../../src/db/span-class.ts';
import { listEvents } from '../../src/db/queries/events.ts';
import { claimListQuery } from '../../src/schemas/claims.ts';
import { eventListQuery } from '../../src/schemas/events.ts';
import { generate } from '../bench/gen.ts';

let folder: string;
let db: Db;
let speakers: string[];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'eventkg-ranges-'));
  db = openDatabase(generate({ claims: 3000, out: join(folder, 'ranges.db'), seed: 11 }).path);
  speakers = db.$client
    .prepare('SELECT speaker_id FROM claims GROUP BY 1 ORDER BY count(*) DESC LIMIT 3')
    .pluck()
    .all() as string[];
});

afterAll(() => {
  db?.$client.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const day = (n: number) => new Date(Date.UTC(2003, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const range = fc
  .record({
    start: fc.integer({ min: 0, max: 8400 }),
    length: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2000 })),
    open: fc.constantFrom('none', 'from', 'to'),
    timeMatch: fc.constantFrom('overlaps', 'within'),
    descending: fc.boolean(),
  })
  .map(({ start, length, open, timeMatch, descending }) => ({
    from: open === 'from' ? undefined : day(start),
    to: open === 'to' ? undefined : day(start + length),
    timeMatch: timeMatch as 'overlaps' | 'within',
    descending,
  }));

/** The plain filter, one ORDER BY over the whole table: what the parts must add up to. */
function expected(
  table: 'claims' | 'events',
  r: { from?: string | undefined; to?: string | undefined; timeMatch: string; descending: boolean },
  speaker?: string,
) {
  const [lo, hi, asc, desc] =
    table === 'claims'
      ? ['said_lo', 'said_hi', 'said_sort_asc', 'said_sort_desc']
      : ['time_lo', 'time_hi', 'time_sort_asc', 'time_sort_desc'];
  const where: string[] = [];
  const params: string[] = [];
  const toEnd = r.to && `${r.to}T99`;
  if (r.timeMatch === 'within') {
    if (r.from) where.push(`${lo} >= ?`) && params.push(r.from);
    if (toEnd) where.push(`${hi} <= ?`) && params.push(toEnd);
  } else {
    if (r.from) where.push(`${hi} >= ?`) && params.push(r.from);
    if (toEnd) where.push(`${lo} <= ?`) && params.push(toEnd);
  }
  if (speaker) where.push('speaker_id = ?') && params.push(speaker);
  const order = r.descending ? `${desc} DESC, id DESC` : `${asc}, id`;
  return db.$client
    .prepare(`SELECT id FROM ${table} WHERE ${where.join(' AND ') || '1'} ORDER BY ${order} LIMIT 40`)
    .pluck()
    .all(...params) as string[];
}

function walk(
  list: (cursor?: string) => { data: Array<{ id: string }>; page: { nextCursor: string | null } },
): string[] {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = list(cursor);
    ids.push(...page.data.map((item) => item.id));
    cursor = page.page.nextCursor ?? undefined;
  } while (cursor && ids.length < 40);
  return ids.slice(0, 40);
}

describe('a time range walked by span class', () => {
  it('pages claims exactly as the plain filter orders them, with and without a speaker', () => {
    fc.assert(
      fc.property(range, fc.integer({ min: -1, max: 2 }), (r, s) => {
        const speaker = s >= 0 ? speakers[s] : undefined;
        const query = {
          from: r.from,
          to: r.to,
          timeMatch: r.timeMatch,
          sort: r.descending ? '-saidAt' : 'saidAt',
          limit: 7,
          ...(speaker ? { speaker } : {}),
        };
        const got = walk((cursor) => listClaims(db, claimListQuery.parse({ ...query, ...(cursor ? { cursor } : {}) })));
        expect(got).toEqual(expected('claims', r, speaker));
      }),
      { numRuns: 150 },
    );
  });

  it('pages events exactly as the plain filter orders them', () => {
    fc.assert(
      fc.property(range, (r) => {
        const query = {
          from: r.from,
          to: r.to,
          timeMatch: r.timeMatch,
          sort: r.descending ? '-time' : 'time',
          limit: 7,
        };
        const got = walk((cursor) => listEvents(db, eventListQuery.parse({ ...query, ...(cursor ? { cursor } : {}) })));
        expect(got).toEqual(expected('events', r));
      }),
      { numRuns: 100 },
    );
  });

  it('covers every span class in the generated data', () => {
    const classes = db
      .all<{ c: number | null }>(
        sql`SELECT DISTINCT ${spanClass(t.claims.saidStart, t.claims.saidEnd)} AS c FROM ${t.claims}`,
      )
      .map((r) => r.c);
    expect(new Set(classes)).toEqual(new Set([null, 0, 1, 2, 3, 4, 5]));
  });
});
