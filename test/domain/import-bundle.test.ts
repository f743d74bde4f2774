// The bundle import: all or nothing, every problem named by JSON path, references to keys or stored ids.
// Fixtures are two short made-up articles (fixtures/velmora-*.bundle.json), not the seed.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { importBundle, parseBundle } from '../../src/domain/import-bundle.ts';
import type { BundleClaim } from '../../src/schemas/bundle.ts';
import { ConflictError, type FieldError, InvalidRequestError } from '../../src/errors.ts';

// Raw JSON as a client would send it, deliberately untyped: tests break it in ways the bundle type forbids.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
const bridge = () => fixture('velmora-bridge.bundle.json');
const strike = () => fixture('velmora-strike.bundle.json');

const opened: Db[] = [];
function freshDb(): Db {
  const db = openDatabase(':memory:');
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

const importJson = (db: Db, raw: Json) => importBundle(db, parseBundle(raw), { keyName: 'test' });

/** Row count of every table (migration bookkeeping aside), to prove a rejected import wrote nothing. */
function tableCounts(db: Db): Record<string, number> {
  const tables = db.$client
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    )
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
    ]),
  );
}

function rows<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.$client.prepare(sql).all(...params) as T[];
}

/** The InvalidRequestError `run` throws (fails the test when it throws anything else or nothing). */
function invalid(run: () => unknown): InvalidRequestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected an InvalidRequestError, nothing was thrown');
}

const byPath = (errors: FieldError[] | undefined) => [...(errors ?? [])].sort((a, b) => a.path.localeCompare(b.path));

/** Imports `raw` into `db`, expects it rejected with exactly `expected`, and expects no row written. */
function expectRejected(db: Db, raw: Json, expected: FieldError[]) {
  const before = tableCounts(db);
  const error = invalid(() => importJson(db, raw));
  expect(error.status).toBe(400);
  expect(byPath(error.errors)).toEqual(byPath(expected));
  expect(tableCounts(db)).toEqual(before);
  return error;
}

const unresolved = (ref: string, kind: string) =>
  new RegExp(`^"${ref}" is neither an? ${kind} key of this bundle nor a stored ${kind} id$`);

describe('importBundle: a valid bundle', () => {
  it('imports and returns the created ids: actors from key (or given id), events from title, claims from speaker + stance with -2 on repeats', () => {
    const db = freshDb();
    const summary = importJson(db, bridge());

    expect(summary.source).toEqual({
      id: 'velmora-bridge-reopens',
      title: 'Velmora harbour bridge reopens after repairs',
    });
    expect(summary.created.actors).toEqual([
      { id: 'velmora-council', name: 'Velmora City Council' },
      { id: 'irena-dobrova', name: 'Irena Dobrova' },
      { id: 'pavel-ostrik', name: 'Pavel Ostrik' },
      { id: 'northern-freight-union', name: 'Northern Freight Union' },
      { id: 'inspectors', name: 'Bridge inspectors' },
    ]);
    expect([...summary.created.locations].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'harbour-bridge', name: 'Velmora harbour bridge' },
      { id: 'velmora', name: 'Velmora' },
    ]);
    expect(summary.created.events.map((e) => e.id)).toEqual([
      'velmora-harbour-bridge-reopens',
      'harbour-bridge-closed-for-repairs',
      'inspectors-find-cracks-in-the-bridge-piers',
      'harbour-bridge-repainting',
    ]);
    expect(summary.created.claims.map((c) => c.id)).toEqual([
      'velmora-city-council-states',
      'irena-dobrova-states',
      'northern-freight-union-alleges',
      'velmora-city-council-rejects',
      'pavel-ostrik-criticizes',
      'velmora-city-council-states-2',
    ]);
    expect(summary.linked).toEqual({ actors: [], locations: [], events: [], claims: [] });
  });

  it('stores what the bundle says, with references resolved to the assigned ids', () => {
    const db = freshDb();
    importJson(db, bridge());

    expect(rows(db, 'SELECT id, title, publisher, url, published_at AS publishedAt, language FROM sources')).toEqual([
      {
        id: 'velmora-bridge-reopens',
        title: 'Velmora harbour bridge reopens after repairs',
        publisher: 'Velmora Courier (made-up test article)',
        url: null,
        publishedAt: '2024-03-06',
        language: 'en',
      },
    ]);
    expect(
      rows(
        db,
        'SELECT actor_id AS actorId, organization_id AS organizationId, role FROM affiliations ORDER BY actor_id',
      ),
    ).toEqual([
      { actorId: 'irena-dobrova', organizationId: 'velmora-council', role: 'mayor' },
      { actorId: 'pavel-ostrik', organizationId: 'velmora-council', role: 'spokesman' },
    ]);
    expect(
      rows(db, 'SELECT id, parent_id AS parentId, lat, lon, area_km2 AS areaKm2 FROM locations ORDER BY id'),
    ).toEqual([
      { id: 'harbour-bridge', parentId: 'velmora', lat: null, lon: null, areaKm2: null },
      { id: 'velmora', parentId: null, lat: 44.5, lon: 14.25, areaKm2: 38.5 },
    ]);
    // The child is listed before its parent in the bundle; the closure is complete anyway.
    expect(
      rows(
        db,
        'SELECT ancestor_id AS ancestorId, location_id AS locationId, depth FROM location_ancestors ORDER BY location_id, depth',
      ),
    ).toEqual([
      { ancestorId: 'harbour-bridge', locationId: 'harbour-bridge', depth: 0 },
      { ancestorId: 'velmora', locationId: 'harbour-bridge', depth: 1 },
      { ancestorId: 'velmora', locationId: 'velmora', depth: 0 },
    ]);
    expect(
      rows(
        db,
        'SELECT time_text AS text, time_start AS start, time_end AS "end", time_precision AS precision, status, location_id AS locationId FROM events WHERE id = \'harbour-bridge-closed-for-repairs\'',
      ),
    ).toEqual([
      {
        text: 'since last July',
        start: '2023-07-01',
        end: '2024-03-05',
        precision: 'month',
        status: 'occurred',
        locationId: 'harbour-bridge',
      },
    ]);
    expect(
      rows(
        db,
        'SELECT from_event_id AS fromId, type, to_event_id AS toId FROM event_relations ORDER BY from_event_id, type',
      ),
    ).toEqual([
      { fromId: 'harbour-bridge-repainting', type: 'follows', toId: 'velmora-harbour-bridge-reopens' },
      {
        fromId: 'inspectors-find-cracks-in-the-bridge-piers',
        type: 'causes',
        toId: 'harbour-bridge-closed-for-repairs',
      },
      { fromId: 'velmora-harbour-bridge-reopens', type: 'ends', toId: 'harbour-bridge-closed-for-repairs' },
    ]);
    expect(rows(db, 'SELECT event_id AS eventId, value, unit, text FROM event_quantities ORDER BY event_id')).toEqual([
      { eventId: 'harbour-bridge-closed-for-repairs', value: 8, unit: 'months', text: 'eight months' },
      { eventId: 'inspectors-find-cracks-in-the-bridge-piers', value: 2, unit: 'piers', text: 'two of its piers' },
    ]);
    expect(
      rows(db, 'SELECT id, speaker_id AS speakerId, responds_to_id AS respondsTo, channel FROM claims ORDER BY id'),
    ).toEqual([
      { id: 'irena-dobrova-states', speakerId: 'irena-dobrova', respondsTo: null, channel: 'remarks to reporters' },
      { id: 'northern-freight-union-alleges', speakerId: 'northern-freight-union', respondsTo: null, channel: null },
      {
        id: 'pavel-ostrik-criticizes',
        speakerId: 'pavel-ostrik',
        respondsTo: 'northern-freight-union-alleges',
        channel: null,
      },
      {
        id: 'velmora-city-council-rejects',
        speakerId: 'velmora-council',
        respondsTo: 'northern-freight-union-alleges',
        channel: null,
      },
      { id: 'velmora-city-council-states', speakerId: 'velmora-council', respondsTo: null, channel: null },
      { id: 'velmora-city-council-states-2', speakerId: 'velmora-council', respondsTo: null, channel: null },
    ]);
    expect(
      rows(db, "SELECT actor_id AS actorId FROM claim_actors WHERE claim_id = 'velmora-city-council-rejects'"),
    ).toEqual([{ actorId: 'northern-freight-union' }]);
  });

  it('turns every evidence mention into a span whose text is source.text.slice(start, end), { quote, occurrence } included', () => {
    const db = freshDb();
    const raw = bridge();
    importJson(db, raw);
    const text: string = raw.source.text;

    const spans = rows<{ subjectId: string; start: number; end: number; text: string; sourceId: string }>(
      db,
      'SELECT subject_id AS subjectId, source_id AS sourceId, start, "end", text FROM evidence_spans ORDER BY id',
    );
    expect(spans).toHaveLength(14); // actors 2+1+1+2+1, locations 2+1, events 1+1+1+1
    for (const span of spans) {
      expect(span.sourceId).toBe('velmora-bridge-reopens');
      expect(text.slice(span.start, span.end)).toBe(span.text);
    }
    // "the bridge" stands twice; occurrence 2 is the one in "... said the bridge would be repainted".
    const second = text.lastIndexOf('the bridge');
    expect(spans.filter((s) => s.subjectId === 'harbour-bridge')).toEqual([
      {
        subjectId: 'harbour-bridge',
        sourceId: 'velmora-bridge-reopens',
        start: 0,
        end: 26,
        text: 'The Velmora harbour bridge',
      },
      {
        subjectId: 'harbour-bridge',
        sourceId: 'velmora-bridge-reopens',
        start: second,
        end: second + 10,
        text: 'the bridge',
      },
    ]);

    const claims = rows<{ start: number; end: number; text: string }>(
      db,
      'SELECT evidence_start AS start, evidence_end AS "end", evidence_text AS text FROM claims',
    );
    expect(claims).toHaveLength(6);
    for (const claim of claims) expect(text.slice(claim.start, claim.end)).toBe(claim.text);
  });

  it('lets an actor and a location share a key (keys are local to their kind)', () => {
    const db = freshDb();
    const raw = bridge();
    raw.actors.push({ key: 'velmora', name: 'Velmora municipality', kind: 'organization' });
    raw.claims[0].about.actors = ['velmora'];
    const summary = importJson(db, raw);
    expect(summary.created.actors.at(-1)).toEqual({ id: 'velmora', name: 'Velmora municipality' });
    expect(summary.created.locations.map((l) => l.id).sort()).toEqual(['harbour-bridge', 'velmora']);
    expect(
      rows(db, "SELECT actor_id AS actorId FROM claim_actors WHERE claim_id = 'velmora-city-council-states'"),
    ).toEqual([{ actorId: 'velmora' }]);
  });

  it('gives events with the same title the title slug with -2, -3 suffixes', () => {
    const db = freshDb();
    const raw = bridge();
    raw.events[3].title = 'Harbour bridge closed for repairs';
    const summary = importJson(db, raw);
    expect(summary.created.events.map((e) => e.id)).toEqual([
      'velmora-harbour-bridge-reopens',
      'harbour-bridge-closed-for-repairs',
      'inspectors-find-cracks-in-the-bridge-piers',
      'harbour-bridge-closed-for-repairs-2',
    ]);
  });
});

describe('importBundle: a second bundle referencing stored entities by id', () => {
  it('links to them (listed under linked) and creates no duplicates', () => {
    const db = freshDb();
    importJson(db, bridge());
    const before = tableCounts(db);

    const summary = importJson(db, strike());

    expect(summary.source).toEqual({
      id: 'velmora-dock-workers-strike-over-bridge-closure',
      title: 'Velmora dock workers strike over bridge closure',
    });
    expect(summary.created).toEqual({
      actors: [
        { id: 'dock-workers', name: 'Velmora dock workers' },
        // "inspectors" is taken by the first article's "Bridge inspectors": a slug of the name instead.
        { id: 'port-inspectors', name: 'Port inspectors' },
      ],
      locations: [],
      events: [{ id: 'dock-workers-strike-in-velmora', title: 'Dock workers strike in Velmora' }],
      claims: [
        {
          id: 'northern-freight-union-states',
          text: 'Dock workers walked out on Monday, demanding compensation for the bridge closure.',
        },
        { id: 'northern-freight-union-states-2', text: '400 workers joined the strike.' },
        { id: 'irena-dobrova-criticizes', text: 'premature' },
        // The first article already holds velmora-city-council-states and -2.
        { id: 'velmora-city-council-states-3', text: 'Port inspectors were not involved in the dispute.' },
      ],
    });
    const sorted = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(summary.linked.actors)).toEqual([
      { id: 'irena-dobrova', name: 'Irena Dobrova' },
      { id: 'northern-freight-union', name: 'Northern Freight Union' },
      { id: 'velmora-council', name: 'Velmora City Council' },
    ]);
    expect(summary.linked.locations).toEqual([{ id: 'velmora', name: 'Velmora' }]);
    expect(summary.linked.events).toEqual([
      { id: 'harbour-bridge-closed-for-repairs', title: 'Harbour bridge closed for repairs' },
    ]);
    expect(summary.linked.claims).toEqual([
      { id: 'velmora-city-council-rejects', text: 'Rejected the union’s figure of 3 million euros in losses.' },
    ]);

    const after = tableCounts(db);
    expect(after.sources).toBe(before.sources! + 1);
    expect(after.actors).toBe(before.actors! + 2);
    expect(after.locations).toBe(before.locations);
    expect(after.location_ancestors).toBe(before.location_ancestors);
    expect(after.events).toBe(before.events! + 1);
    expect(after.claims).toBe(before.claims! + 4);
    expect(rows(db, "SELECT count(*) AS n FROM actors WHERE name = 'Northern Freight Union'")).toEqual([{ n: 1 }]);
    expect(rows(db, "SELECT count(*) AS n FROM locations WHERE name = 'Velmora'")).toEqual([{ n: 1 }]);
  });

  it('stores the links to the stored entities', () => {
    const db = freshDb();
    importJson(db, bridge());
    importJson(db, strike());

    expect(
      rows(
        db,
        "SELECT location_id AS locationId, source_id AS sourceId FROM events WHERE id = 'dock-workers-strike-in-velmora'",
      ),
    ).toEqual([{ locationId: 'velmora', sourceId: 'velmora-dock-workers-strike-over-bridge-closure' }]);
    expect(
      rows(
        db,
        "SELECT actor_id AS actorId, role FROM event_participants WHERE event_id = 'dock-workers-strike-in-velmora' ORDER BY position",
      ),
    ).toEqual([
      { actorId: 'dock-workers', role: 'agent' },
      { actorId: 'northern-freight-union', role: 'participant' },
    ]);
    expect(
      rows(
        db,
        "SELECT type, to_event_id AS toId FROM event_relations WHERE from_event_id = 'dock-workers-strike-in-velmora'",
      ),
    ).toEqual([{ type: 'follows', toId: 'harbour-bridge-closed-for-repairs' }]);
    expect(
      rows(db, "SELECT organization_id AS organizationId, role FROM affiliations WHERE actor_id = 'dock-workers'"),
    ).toEqual([{ organizationId: 'northern-freight-union', role: 'members' }]);
    expect(
      rows(
        db,
        "SELECT speaker_id AS speakerId, responds_to_id AS respondsTo FROM claims WHERE id = 'northern-freight-union-states'",
      ),
    ).toEqual([{ speakerId: 'northern-freight-union', respondsTo: 'velmora-city-council-rejects' }]);
    expect(rows(db, "SELECT responds_to_id AS respondsTo FROM claims WHERE id = 'irena-dobrova-criticizes'")).toEqual([
      { respondsTo: 'northern-freight-union-states' },
    ]);
    expect(
      rows(
        db,
        "SELECT event_id AS eventId FROM claim_events WHERE claim_id = 'northern-freight-union-states' ORDER BY position",
      ),
    ).toEqual([{ eventId: 'dock-workers-strike-in-velmora' }, { eventId: 'harbour-bridge-closed-for-repairs' }]);
  });

  it('resolves a reference to the bundle key first, and does not report the stored entity with that id as linked', () => {
    const db = freshDb();
    importJson(db, bridge());
    const summary = importJson(db, strike());

    // The strike's claim is about its own "inspectors" (Port inspectors), not the stored Bridge inspectors.
    expect(
      rows(db, "SELECT actor_id AS actorId FROM claim_actors WHERE claim_id = 'velmora-city-council-states-3'"),
    ).toEqual([{ actorId: 'port-inspectors' }]);
    expect(summary.linked.actors.map((a) => a.id)).not.toContain('inspectors');
  });

  it('gets the wanted source id when free, else a slug of the title', () => {
    const db = freshDb();
    importJson(db, bridge());
    const raw = strike();
    raw.source.id = 'velmora-bridge-reopens';
    expect(importJson(db, raw).source.id).toBe('velmora-dock-workers-strike-over-bridge-closure');
  });
});

describe('importBundle: all or nothing', () => {
  it('rejects a bundle with many good items and ONE bad one, naming it, and writes nothing', () => {
    const db = freshDb();
    loadSeed(db);
    const raw = bridge();
    raw.claims[3].evidence = 'a figure the mayor rejected';
    const error = expectRejected(db, raw, [
      { path: 'body.claims[3].evidence', message: 'is not in the source text: "a figure the mayor rejected"' },
    ]);
    expect(error.detail).toBe('The bundle has 1 problem(s); nothing was written.');
    expect(rows(db, "SELECT count(*) AS n FROM sources WHERE id = 'velmora-bridge-reopens'")).toEqual([{ n: 0 }]);
  });

  it('rejects a bundle with several different problems, listing every one by JSON path, and writes nothing', () => {
    const db = freshDb();
    importJson(db, bridge());
    const raw = strike();
    raw.actors.push(structuredClone(raw.actors[0])); // a second "dock-workers"
    raw.actors[1].affiliations = [{ organization: 'port-authority', role: 'staff' }];
    raw.events[0].location = 'harbour';
    raw.events[0].time.text = 'on Sunday';
    raw.events[0].quantities[0].text = '500 workers';
    raw.events[0].evidence.push('said');
    raw.claims[1].evidence = 'The union said 500 workers joined the strike.';
    raw.claims[2].text = 'too early';
    raw.claims[3].respondsTo = 'union-reply';
    raw.claims[3].about.events.push('velmora-harbour-bridge-collapses');

    const error = expectRejected(db, raw, [
      { path: 'body.actors[2].key', message: '"dock-workers" is already the key of actors[0]' },
      {
        path: 'body.actors[1].affiliations[0].organization',
        message: expect.stringMatching(unresolved('port-authority', 'actor')),
      },
      { path: 'body.events[0].location', message: expect.stringMatching(unresolved('harbour', 'location')) },
      { path: 'body.events[0].time.text', message: '"on Sunday" is not in the source text' },
      { path: 'body.events[0].quantities[0].text', message: '"500 workers" is not in the source text' },
      {
        path: 'body.events[0].evidence[1]',
        message:
          'stands more than once in the source text; give { "quote": ..., "occurrence": n } to pick the n-th (1 for the first)',
      },
      {
        path: 'body.claims[1].evidence',
        message: 'is not in the source text: "The union said 500 workers joined the strike."',
      },
      { path: 'body.claims[2].text', message: 'is a direct_quote but is not verbatim inside its evidence' },
      { path: 'body.claims[3].respondsTo', message: expect.stringMatching(unresolved('union-reply', 'claim')) },
      {
        path: 'body.claims[3].about.events[1]',
        message: expect.stringMatching(unresolved('velmora-harbour-bridge-collapses', 'event')),
      },
    ]);
    expect(error.detail).toBe('The bundle has 10 problem(s); nothing was written.');
  });
});

describe('importBundle: evidence rules', () => {
  it('rejects evidence that is not in the text', () => {
    const raw = bridge();
    raw.events[1].evidence = ['The bridge had been shut since last July'];
    expectRejected(freshDb(), raw, [
      {
        path: 'body.events[1].evidence[0]',
        message: 'is not in the source text: "The bridge had been shut since last July"',
      },
    ]);
  });

  it('rejects evidence that differs only in a straight quote for a curly one', () => {
    const raw = bridge();
    raw.claims[1].evidence =
      'Mayor Irena Dobrova told reporters that "the bridge is safe again and the ferry detour is over."';
    const error = expectRejected(freshDb(), raw, [
      { path: 'body.claims[1].evidence', message: expect.stringMatching(/^is not in the source text: /) },
    ]);
    expect(error.errors).toHaveLength(1);
  });

  it('rejects a plain-string evidence that stands more than once, saying how to pick one', () => {
    const raw = bridge();
    raw.locations[0].evidence[1] = 'the bridge';
    raw.actors[0].evidence.push('council');
    expectRejected(freshDb(), raw, [
      {
        path: 'body.locations[0].evidence[1]',
        message:
          'stands more than once in the source text; give { "quote": ..., "occurrence": n } to pick the n-th (1 for the first)',
      },
      // Case matters: "city council" and "the council rejected" count, "Council spokesman" does not.
      {
        path: 'body.actors[0].evidence[2]',
        message:
          'stands more than once in the source text; give { "quote": ..., "occurrence": n } to pick the n-th (1 for the first)',
      },
    ]);
  });

  it('rejects { quote, occurrence } beyond the number of times the quote stands', () => {
    const raw = bridge();
    raw.locations[0].evidence[1] = { quote: 'the bridge', occurrence: 3 };
    raw.claims[4].evidence = { quote: 'Council spokesman Pavel Ostrik', occurrence: 2 };
    expectRejected(freshDb(), raw, [
      { path: 'body.locations[0].evidence[1]', message: 'occurrence 3 asked, but the quote stands only 2 time(s)' },
      { path: 'body.claims[4].evidence', message: 'occurrence 2 asked, but the quote stands only 1 time(s)' },
    ]);
  });

  it('rejects a direct_quote whose text is not verbatim inside its evidence, even when it stands elsewhere in the source', () => {
    const raw = bridge();
    raw.claims[1].text = 'the bridge is safe again, and the ferry detour is over.';
    raw.claims[5].mode = 'direct_quote';
    raw.claims[5].text = 'the ferry detour is over'; // in the source, but in claims[1]'s sentence, not in claims[5]'s evidence
    expectRejected(freshDb(), raw, [
      { path: 'body.claims[1].text', message: 'is a direct_quote but is not verbatim inside its evidence' },
      { path: 'body.claims[5].text', message: 'is a direct_quote but is not verbatim inside its evidence' },
    ]);
  });

  it('accepts a direct_quote that is a verbatim part of its evidence', () => {
    const raw = bridge();
    raw.claims[5].mode = 'direct_quote';
    raw.claims[5].text = 'the bridge would be repainted next year';
    expect(importJson(freshDb(), raw).created.claims[5]).toEqual({
      id: 'velmora-city-council-states-2',
      text: 'the bridge would be repainted next year',
    });
  });
});

describe('importBundle: unresolved references', () => {
  // Each reference kind, named neither by a key of the bundle nor by a stored id.
  const cases: Array<[string, (raw: Json) => void, string, string, string]> = [
    [
      'speaker',
      (raw) => {
        raw.claims[0].speaker = 'city-hall';
      },
      'body.claims[0].speaker',
      'city-hall',
      'actor',
    ],
    [
      'reportedBy',
      (raw) => {
        raw.claims[2].reportedBy = 'velmora-courier';
      },
      'body.claims[2].reportedBy',
      'velmora-courier',
      'actor',
    ],
    [
      'about.events',
      (raw) => {
        raw.claims[0].about.events[1] = 'bridge-collapse';
      },
      'body.claims[0].about.events[1]',
      'bridge-collapse',
      'event',
    ],
    [
      'about.actors',
      (raw) => {
        raw.claims[3].about.actors[0] = 'unions';
      },
      'body.claims[3].about.actors[0]',
      'unions',
      'actor',
    ],
    [
      'respondsTo',
      (raw) => {
        raw.claims[3].respondsTo = 'union-claim';
      },
      'body.claims[3].respondsTo',
      'union-claim',
      'claim',
    ],
    [
      'participants.actor',
      (raw) => {
        raw.events[2].participants[0].actor = 'engineers';
      },
      'body.events[2].participants[0].actor',
      'engineers',
      'actor',
    ],
    [
      'relations.event',
      (raw) => {
        raw.events[0].relations[0].event = 'closing';
      },
      'body.events[0].relations[0].event',
      'closing',
      'event',
    ],
    [
      'location',
      (raw) => {
        raw.events[1].location = 'harbour';
      },
      'body.events[1].location',
      'harbour',
      'location',
    ],
    [
      'parent',
      (raw) => {
        raw.locations[1].parent = 'velmora-county';
      },
      'body.locations[1].parent',
      'velmora-county',
      'location',
    ],
    [
      'affiliations.organization',
      (raw) => {
        raw.actors[1].affiliations[0].organization = 'city-hall';
      },
      'body.actors[1].affiliations[0].organization',
      'city-hall',
      'actor',
    ],
  ];

  it.each(cases)('rejects an unresolved %s, naming its path', (_kind, mutate, path, ref, kind) => {
    const raw = bridge();
    mutate(raw);
    expectRejected(freshDb(), raw, [{ path, message: expect.stringMatching(unresolved(ref, kind)) }]);
  });

  it('does not resolve a key of another kind (an actor key is not a location)', () => {
    const raw = bridge();
    raw.events[1].location = 'velmora-council';
    raw.claims[0].speaker = 'velmora';
    raw.claims[0].about.events = ['union-losses'];
    expectRejected(freshDb(), raw, [
      { path: 'body.events[1].location', message: expect.stringMatching(unresolved('velmora-council', 'location')) },
      { path: 'body.claims[0].speaker', message: expect.stringMatching(unresolved('velmora', 'actor')) },
      { path: 'body.claims[0].about.events[0]', message: expect.stringMatching(unresolved('union-losses', 'event')) },
    ]);
  });

  it('does not resolve a stored id of another kind either', () => {
    const db = freshDb();
    importJson(db, bridge());
    const raw = strike();
    raw.events[0].location = 'velmora-council'; // a stored actor, not a location
    raw.claims[0].respondsTo = 'harbour-bridge-closed-for-repairs'; // a stored event, not a claim
    expectRejected(db, raw, [
      { path: 'body.events[0].location', message: expect.stringMatching(unresolved('velmora-council', 'location')) },
      {
        path: 'body.claims[0].respondsTo',
        message: expect.stringMatching(unresolved('harbour-bridge-closed-for-repairs', 'claim')),
      },
    ]);
  });

  it('rejects a reference to a stored id that does not exist, in a second bundle', () => {
    const db = freshDb();
    importJson(db, bridge());
    const raw = strike();
    raw.claims[0].speaker = 'northern-freight-unions';
    expectRejected(db, raw, [
      {
        path: 'body.claims[0].speaker',
        message: expect.stringMatching(unresolved('northern-freight-unions', 'actor')),
      },
    ]);
  });
});

describe('importBundle: keys and locations', () => {
  it('rejects duplicate keys within a kind, naming the repeat and the first', () => {
    const raw = bridge();
    raw.actors.push({ ...structuredClone(raw.actors[1]), name: 'Irena Dobrova (again)' });
    raw.events.push({ ...structuredClone(raw.events[3]), title: 'Repainting again' });
    raw.claims[5].key = 'council-says-reopened';
    expectRejected(freshDb(), raw, [
      { path: 'body.actors[5].key', message: '"irena-dobrova" is already the key of actors[1]' },
      { path: 'body.events[4].key', message: '"repainting" is already the key of events[3]' },
      { path: 'body.claims[5].key', message: '"council-says-reopened" is already the key of claims[0]' },
    ]);
  });

  it('rejects a cycle of parents', () => {
    const raw = bridge();
    raw.locations[1].parent = 'harbour-bridge'; // harbour-bridge -> velmora -> harbour-bridge
    expectRejected(freshDb(), raw, [
      { path: 'body.locations[0].parent', message: 'makes a cycle of parents: "velmora" lies inside "harbour-bridge"' },
    ]);
  });

  it('rejects a location that is its own parent', () => {
    const raw = bridge();
    raw.locations[1].parent = 'velmora';
    expectRejected(freshDb(), raw, [
      { path: 'body.locations[1].parent', message: 'makes a cycle of parents: "velmora" lies inside "velmora"' },
    ]);
  });

  it('places a new location under a stored parent, with the stored ancestors in its closure', () => {
    const db = freshDb();
    importJson(db, bridge());
    const raw = strike();
    raw.locations.push({
      key: 'docks',
      name: 'Velmora docks',
      kind: 'site',
      parent: 'harbour-bridge',
      evidence: ['Dock workers in Velmora'],
    });
    importJson(db, raw);
    expect(
      rows(
        db,
        "SELECT ancestor_id AS ancestorId, depth FROM location_ancestors WHERE location_id = 'docks' ORDER BY depth",
      ),
    ).toEqual([
      { ancestorId: 'docks', depth: 0 },
      { ancestorId: 'harbour-bridge', depth: 1 },
      { ancestorId: 'velmora', depth: 2 },
    ]);
  });
});

describe('importBundle: times and quantities', () => {
  it('rejects a time text that is not in the source, for event times, saidAt and affiliation bounds', () => {
    const raw = bridge();
    raw.events[0].time.text = 'on Wednesday';
    raw.claims[0].saidAt = {
      text: 'yesterday',
      start: '2024-03-05',
      end: '2024-03-05',
      precision: 'day',
      approximate: false,
    };
    raw.actors[1].affiliations[0].from = {
      text: 'since 2019',
      start: '2019-01-01',
      end: null,
      precision: 'year',
      approximate: false,
    };
    expectRejected(freshDb(), raw, [
      { path: 'body.events[0].time.text', message: '"on Wednesday" is not in the source text' },
      { path: 'body.claims[0].saidAt.text', message: '"yesterday" is not in the source text' },
      { path: 'body.actors[1].affiliations[0].from.text', message: '"since 2019" is not in the source text' },
    ]);
  });

  it('rejects a quantity text that is not in the source', () => {
    const raw = bridge();
    raw.events[1].quantities[0].text = 'nine months';
    expectRejected(freshDb(), raw, [
      { path: 'body.events[1].quantities[0].text', message: '"nine months" is not in the source text' },
    ]);
  });
});

describe('parseBundle', () => {
  const parseErrors = (raw: Json) => byPath(invalid(() => parseBundle(raw)).errors);

  it('rejects a TimeSpec whose start is after its end', () => {
    const raw = bridge();
    raw.events[0].time = {
      text: 'on Tuesday',
      start: '2024-03-06',
      end: '2024-03-05',
      precision: 'day',
      approximate: false,
    };
    raw.claims[2].saidAt = { text: null, start: '2024-03', end: null, precision: 'month', approximate: false };
    raw.claims[3].saidAt = {
      text: null,
      start: '2024-03-01',
      end: '2023-03-31',
      precision: 'month',
      approximate: false,
    };
    expect(parseErrors(raw)).toEqual(
      byPath([
        { path: 'body.events[0].time.end', message: 'must not be before start' },
        {
          path: 'body.claims[2].saidAt.start',
          message: 'must be a date YYYY-MM-DD or a UTC datetime YYYY-MM-DDTHH:MM[:SS]Z',
        },
        { path: 'body.claims[3].saidAt.end', message: 'must not be before start' },
      ]),
    );
  });

  it('rejects a TimeSpec whose start is after its end on the same day, when both are datetimes', () => {
    const raw = bridge();
    raw.events[0].time = {
      text: 'on Tuesday',
      start: '2024-03-05T18:00Z',
      end: '2024-03-05T09:30Z',
      precision: 'day',
      approximate: false,
    };
    expect(parseErrors(raw)).toEqual([{ path: 'body.events[0].time.end', message: 'must not be before start' }]);
  });

  it('accepts start and end on the same day, a datetime start within an end date, and an open side', () => {
    const raw = bridge();
    raw.events[0].time = {
      text: 'on Tuesday',
      start: '2024-03-05T18:00Z',
      end: '2024-03-05',
      precision: 'day',
      approximate: false,
    };
    raw.events[1].time = {
      text: 'since last July',
      start: '2023-07-01',
      end: null,
      precision: 'month',
      approximate: false,
    };
    expect(parseBundle(raw).events[0]!.time.start).toBe('2024-03-05T18:00Z');
  });

  it('rejects precision "unknown" with a date, and a known precision without any date', () => {
    const raw = bridge();
    raw.events[2].time = { text: null, start: '2023-07-01', end: null, precision: 'unknown', approximate: false };
    raw.claims[0].saidAt = { text: null, start: null, end: '2024-03-05', precision: 'unknown', approximate: false };
    raw.claims[1].saidAt = { text: null, start: null, end: null, precision: 'day', approximate: false };
    expect(parseErrors(raw)).toEqual(
      byPath([
        { path: 'body.events[2].time.precision', message: 'is "unknown" but start or end is given' },
        { path: 'body.claims[0].saidAt.precision', message: 'is "unknown" but start or end is given' },
        { path: 'body.claims[1].saidAt.precision', message: 'must be "unknown" when start and end are both null' },
      ]),
    );
  });

  it('rejects dates that do not exist and times of day that do not exist', () => {
    const raw = bridge();
    raw.events[0].time.start = '2023-02-29';
    raw.events[0].time.end = '2023-02-29';
    raw.events[1].time.end = '2024-03-05T25:00Z';
    expect(parseErrors(raw)).toEqual(
      byPath([
        { path: 'body.events[0].time.start', message: 'is not a real calendar date' },
        { path: 'body.events[0].time.end', message: 'is not a real calendar date' },
        { path: 'body.events[1].time.end', message: 'is not a real calendar date' },
      ]),
    );
  });

  it('names unknown fields by path, at every level', () => {
    const raw = bridge();
    raw.source.author = 'A. Writer';
    raw.actors[0].role = 'council';
    raw.events[1].quantities[0].approx = true;
    raw.claims[0].speakr = 'velmora-council';
    raw.claims[1].evidence = { quote: 'Mayor Irena Dobrova', occurrence: 1, note: 'x' };
    raw.extra = {};
    expect(parseErrors(raw)).toEqual(
      byPath([
        { path: 'body.extra', message: 'is not a known field' },
        { path: 'body.source.author', message: 'is not a known field' },
        { path: 'body.actors[0].role', message: 'is not a known field' },
        { path: 'body.events[1].quantities[0].approx', message: 'is not a known field' },
        { path: 'body.claims[0].speakr', message: 'is not a known field' },
        { path: 'body.claims[1].evidence.note', message: 'is not a known field' },
      ]),
    );
  });

  it('names wrong types, bad enum values and missing fields by path', () => {
    const raw = bridge();
    delete raw.source.text;
    raw.source.publishedAt = '06/03/2024';
    raw.actors[1].kind = 'celebrity';
    raw.locations[1].coordinates = { lat: 91, lon: 14.25 };
    raw.events[0].time.start = 20240305;
    raw.events[0].status = 'done';
    raw.events[1].evidence = [];
    raw.claims[1].evidence = { quote: 'the bridge', occurrence: 0 };
    raw.claims[2].mode = 'quote';
    raw.claims[3].key = 'Council Rejects';
    const errors = parseErrors(raw);
    expect(errors.map((e) => e.path)).toEqual(
      [
        'body.source.text',
        'body.source.publishedAt',
        'body.actors[1].kind',
        'body.locations[1].coordinates.lat',
        'body.events[0].time.start',
        'body.events[0].status',
        'body.events[1].evidence',
        'body.claims[1].evidence.occurrence',
        'body.claims[2].mode',
        'body.claims[3].key',
      ].sort((a, b) => a.localeCompare(b)),
    );
    const message = (path: string) => errors.find((e) => e.path === path)?.message;
    expect(message('body.events[1].evidence')).toBe('an event needs at least one evidence mention');
    expect(message('body.claims[3].key')).toBe('must be a lowercase slug: letters a-z, digits and "-"');
    expect(message('body.source.publishedAt')).toBe(
      'must be a date YYYY-MM-DD or a UTC datetime YYYY-MM-DDTHH:MM[:SS]Z',
    );
  });

  it('roots paths where it is told (the seed loader uses the file name)', () => {
    const raw = bridge();
    raw.actors[0].kind = 'council';
    expect(invalid(() => parseBundle(raw, 'my.bundle.json')).errors?.map((e) => e.path)).toEqual([
      'my.bundle.json.actors[0].kind',
    ]);
  });

  it('fills the documented defaults', () => {
    const bundle = parseBundle(bridge());
    expect(bundle.actors[4]).toMatchObject({ aliases: [], description: null, affiliations: [] });
    expect(bundle.locations[0]).toMatchObject({ aliases: [], coordinates: null, areaKm2: null, description: null });
    expect(bundle.events[1]).toMatchObject({ participants: [], relations: [], description: null });
    expect(bundle.claims[0]).toMatchObject({ channel: null, reportedBy: null, respondsTo: null });
    expect((bundle.claims[1] as BundleClaim).about).toEqual({ events: ['reopening'], actors: [] });
  });
});

describe('importBundle: the same source text twice', () => {
  it('throws a ConflictError naming the existing source id, and writes nothing', () => {
    const db = freshDb();
    importJson(db, bridge());
    const before = tableCounts(db);
    const again = bridge();
    again.source.id = 'another-id';
    again.source.title = 'A different title for the same text';

    let error: unknown;
    try {
      importJson(db, again);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConflictError);
    const conflict = error as ConflictError;
    expect(conflict.status).toBe(409);
    expect(conflict.detail).toBe(
      'This source text is already stored as source "velmora-bridge-reopens"; nothing was written.',
    );
    expect(conflict.errors).toEqual([
      { path: 'body.source.text', message: 'already stored as source "velmora-bridge-reopens"' },
    ]);
    expect(tableCounts(db)).toEqual(before);
  });

  it('treats a text that differs only by white space at its ends, line endings or runs of spaces as the same source', () => {
    const db = freshDb();
    importJson(db, bridge());
    const raw = bridge();
    raw.source.text = ` ${raw.source.text.replaceAll(' ', '  ')}\r\n`;
    expect(() => importJson(db, raw)).toThrow(ConflictError);
  });

  it('treats a text that differs by one visible character as a different source', () => {
    const db = freshDb();
    importJson(db, bridge());
    const raw = bridge();
    raw.source.text = `${raw.source.text}.`;
    expect(importJson(db, raw).source.id).toBe('velmora-harbour-bridge-reopens-after-repairs');
  });
});
