// Event and actor pages: the claims list, the timeline and the perspectives walk the link rows' copies
// of the claim's keys (claim_events, claim_actors) and must answer exactly what the plain filters over
// the claims table answer, in the same order, page after page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { listClaims } from '../../src/db/queries/claims.ts';
import { eventPerspectives } from '../../src/db/queries/perspectives.ts';
import { timeline } from '../../src/db/queries/timeline.ts';
import { claimListQuery } from '../../src/schemas/claims.ts';
import { CLAIMS_PER_PERSPECTIVE, perspectivesQuery } from '../../src/schemas/perspectives.ts';
import { timelineQuery } from '../../src/schemas/timeline.ts';
import { generate } from '../bench/gen.ts';

let folder: string;
let db: Db;
/** The most linked events and actors (heaviest first), and for each event its most frequent speakers. */
let events: string[];
let actors: string[];
let speakersOf: Map<string, string[]>;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'eventkg-links-'));
  db = openDatabase(generate({ claims: 3000, out: join(folder, 'links.db'), seed: 5 }).path);
  const ids = (sql: string, ...params: unknown[]) =>
    db.$client
      .prepare(sql)
      .pluck()
      .all(...params) as string[];
  events = ids('SELECT event_id FROM claim_events GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 8');
  actors = ids('SELECT actor_id FROM claim_actors GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 8');
  speakersOf = new Map(
    events.map((e) => [
      e,
      ids(
        'SELECT c.speaker_id FROM claims c JOIN claim_events l ON l.claim_id = c.id WHERE l.event_id = ? GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3',
        e,
      ),
    ]),
  );
});

afterAll(() => {
  db?.$client.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

type Filters = { event?: string; actor?: string; speaker?: string; stance?: string; from?: string; to?: string };

/** The plain filter over the claims table, one ORDER BY: what the walks of the link rows must add up to. */
function expectedClaims(f: Filters, descending: boolean): string[] {
  const where: string[] = [];
  const params: string[] = [];
  const add = (condition: string, value: string | undefined) =>
    value !== undefined && where.push(condition) && params.push(value);
  add('id IN (SELECT claim_id FROM claim_events WHERE event_id = ?)', f.event);
  add('id IN (SELECT claim_id FROM claim_actors WHERE actor_id = ?)', f.actor);
  add('speaker_id = ?', f.speaker);
  add('stance = ?', f.stance);
  add('said_hi >= ?', f.from);
  add('said_lo <= ?', f.to && `${f.to}T99`);
  const order = descending ? 'said_sort_desc DESC, id DESC' : 'said_sort_asc, id';
  return db.$client
    .prepare(`SELECT id FROM claims WHERE ${where.join(' AND ')} ORDER BY ${order}`)
    .pluck()
    .all(...params) as string[];
}

/** Follows nextCursor to the end. */
function walk<T>(list: (cursor?: string) => { data: T[]; page: { nextCursor: string | null } }): T[] {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 2000; pages++) {
    const page = list(cursor);
    items.push(...page.data);
    cursor = page.page.nextCursor ?? undefined;
    if (!cursor) return items;
  }
  throw new Error('pagination does not end');
}

const subject = () =>
  fc.record({
    about: fc.oneof(
      fc.record({ event: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ actor: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ event: fc.integer({ min: 0, max: 7 }), actor: fc.integer({ min: 0, max: 7 }) }),
    ),
    speaker: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    stance: fc.option(fc.constantFrom('states', 'denies', 'confirms'), { nil: undefined }),
    range: fc.option(
      fc.constantFrom({ from: '2012-01-01', to: '2016-12-31' }, { from: '2020-03-01' }, { to: '2009-06-30' }),
      { nil: undefined },
    ),
    descending: fc.boolean(),
    limit: fc.constantFrom(1, 3, 7, 50),
  });

describe('claims about an event or an actor', () => {
  it('page exactly as the plain filters order them, with any other filter, both orders', () => {
    fc.assert(
      fc.property(subject(), ({ about, speaker, stance, range, descending, limit }) => {
        const event = 'event' in about ? events[about.event!] : undefined;
        const actor = 'actor' in about ? actors[about.actor!] : undefined;
        const filters: Filters = {
          ...(event ? { event } : {}),
          ...(actor ? { actor } : {}),
          ...(speaker !== undefined && event ? { speaker: speakersOf.get(event)![speaker] } : {}),
          ...(stance ? { stance } : {}),
          ...range,
        };
        const query = { ...filters, sort: descending ? '-saidAt' : 'saidAt', limit };
        const got = walk((cursor) =>
          listClaims(db, claimListQuery.parse({ ...query, ...(cursor ? { cursor } : {}) })),
        ).map((c) => c.id);
        expect(got).toEqual(expectedClaims(filters, descending));
      }),
      { numRuns: 120 },
    );
  });

  it('include the unknown-date claims, last in both orders (the test data has them)', () => {
    const unknown = db.$client
      .prepare(
        'SELECT count(*) FROM claim_events l JOIN claims c ON c.id = l.claim_id WHERE l.event_id = ? AND c.said_start IS NULL AND c.said_end IS NULL',
      )
      .pluck()
      .get(events[0]) as number;
    expect(unknown).toBeGreaterThan(0);
    for (const descending of [false, true]) {
      const got = walk((cursor) =>
        listClaims(
          db,
          claimListQuery.parse({
            event: events[0],
            limit: 9,
            sort: descending ? '-saidAt' : 'saidAt',
            ...(cursor ? { cursor } : {}),
          }),
        ),
      );
      expect(got.slice(-unknown).every((c) => c.saidAt.start === null && c.saidAt.end === null)).toBe(true);
      expect(got.map((c) => c.id)).toEqual(expectedClaims({ event: events[0] }, descending));
    }
  });
});

describe('the timeline of an event or an actor', () => {
  /** Events and claims in one plain ORDER BY (sort key, type, id), as the timeline defines it. */
  function expectedTimeline(f: { event?: string; actor?: string }, descending: boolean): string[] {
    const [eventKey, claimKey, dir] = descending
      ? ['time_sort_desc', 'said_sort_desc', 'DESC']
      : ['time_sort_asc', 'said_sort_asc', 'ASC'];
    const [eventWhere, claimWhere, params] = f.event
      ? [
          'id = ? OR id IN (SELECT to_event_id FROM event_relations WHERE from_event_id = ? UNION SELECT from_event_id FROM event_relations WHERE to_event_id = ?)',
          'id IN (SELECT claim_id FROM claim_events WHERE event_id = ?)',
          [f.event, f.event, f.event, f.event],
        ]
      : [
          'id IN (SELECT event_id FROM event_participants WHERE actor_id = ?)',
          'speaker_id = ? OR id IN (SELECT claim_id FROM claim_actors WHERE actor_id = ?)',
          [f.actor, f.actor, f.actor],
        ];
    return db.$client
      .prepare(
        `SELECT type || ':' || id FROM (SELECT 'event' AS type, id, ${eventKey} AS k FROM events WHERE ${eventWhere}
           UNION ALL SELECT 'claim', id, ${claimKey} FROM claims WHERE ${claimWhere})
         ORDER BY k ${dir}, type ${dir}, id ${dir}`,
      )
      .pluck()
      .all(...params) as string[];
  }

  it('pages exactly as one plain ORDER BY over events and claims, both orders', () => {
    for (const f of [
      ...events.slice(0, 4).map((event) => ({ event })),
      ...actors.slice(0, 4).map((actor) => ({ actor })),
    ]) {
      for (const descending of [false, true]) {
        const got = walk((cursor) =>
          timeline(
            db,
            timelineQuery.parse({
              ...f,
              limit: 11,
              sort: descending ? '-time' : 'time',
              ...(cursor ? { cursor } : {}),
            }),
          ),
        );
        expect(
          got.map((item) => `${item.type}:${item.type === 'event' ? item.event.id : item.claim.id}`),
          JSON.stringify(f),
        ).toEqual(expectedTimeline(f, descending));
      }
    }
  });
});

describe('the perspectives on an event', () => {
  /** Per speaker, by id: stances in the order first taken, how many claims, the first ones said. */
  function expectedPerspectives(event: string) {
    const rows = db.$client
      .prepare(
        'SELECT c.id, c.speaker_id AS speaker, c.stance FROM claims c JOIN claim_events l ON l.claim_id = c.id WHERE l.event_id = ? ORDER BY c.speaker_id, c.said_sort_asc, c.id',
      )
      .all(event) as Array<{ id: string; speaker: string; stance: string }>;
    const bySpeaker = new Map<string, typeof rows>();
    for (const row of rows) bySpeaker.set(row.speaker, [...(bySpeaker.get(row.speaker) ?? []), row]);
    return [...bySpeaker].map(([speaker, own]) => ({
      speaker,
      stances: [...new Set(own.map((r) => r.stance))],
      claimCount: own.length,
      claims: own.slice(0, CLAIMS_PER_PERSPECTIVE).map((r) => r.id),
    }));
  }

  it('group the claims about the event by speaker, page after page, as the claims table does', () => {
    for (const event of [...events.slice(0, 3), events[7]!]) {
      const got = walk((cursor) => {
        const answer = eventPerspectives(
          db,
          event,
          perspectivesQuery.parse({ limit: 4, ...(cursor ? { cursor } : {}) }),
        )!;
        // Grouped by speaker (the default): every entry is a speaker's.
        return { data: answer.perspectives.flatMap((p) => ('speaker' in p ? [p] : [])), page: answer.page };
      });
      expect(
        got.map((p) => ({
          speaker: p.speaker.id,
          stances: p.stances,
          claimCount: p.claimCount,
          claims: p.claims.map((c) => c.id),
        })),
        event,
      ).toEqual(expectedPerspectives(event));
    }
  });
});
