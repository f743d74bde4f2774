// The hot read queries, named, with the subjects they run on (a heavy and a typical speaker, the
// most talked-about event, the country with most events, ...) picked from the database itself.
// Shared by the query-plan test, the in-process query benchmark and the HTTP benchmark.
import { relatedClaims } from '../../src/db/queries/claim-relations.ts';
import { listAppearances } from '../../src/db/queries/claim-appearances.ts';
import { relatedQuery } from '../../src/schemas/claim-relations.ts';
import type { Db } from '../../src/db/client.ts';
import { encodeCursor } from '../../src/db/pagination.ts';
import { getActor, listActors } from '../../src/db/queries/actors.ts';
import { getClaim, getClaimsByIds, listClaims } from '../../src/db/queries/claims.ts';
import { getEvent, listEvents } from '../../src/db/queries/events.ts';
import { getLocation, listLocations } from '../../src/db/queries/locations.ts';
import { getSource, listSources } from '../../src/db/queries/sources.ts';
import { eventPerspectives } from '../../src/db/queries/perspectives.ts';
import { timeline } from '../../src/db/queries/timeline.ts';
import { actorListQuery } from '../../src/schemas/actors.ts';
import { claimAppearanceListQuery, claimListQuery } from '../../src/schemas/claims.ts';
import { eventListQuery } from '../../src/schemas/events.ts';
import { locationListQuery } from '../../src/schemas/locations.ts';
import { perspectivesQuery } from '../../src/schemas/perspectives.ts';
import { timelineQuery } from '../../src/schemas/timeline.ts';

export type Subjects = {
  heavySpeaker: string;
  typicalSpeaker: string;
  heavyEvent: string;
  typicalEvent: string;
  aboutActor: string;
  outlet: string;
  source: string;
  country: string;
  region: string;
  eventKind: string;
  claimId: string;
  eventId: string;
  actorId: string;
  /** A month in the middle of the data. */
  from: string;
  to: string;
  /** The cursor of the claim halfway through the default sort (saidAt). */
  deepCursor: string;
  deepCursorDesc: string;
  /** Half way through the heavy speaker's claims. */
  deepSpeakerCursor: string;
  rareWord: string;
  rareWordDocs: number;
  commonWord: string;
  commonWordDocs: number;
  counts: {
    claims: number;
    heavySpeakerClaims: number;
    typicalSpeakerClaims: number;
    heavyEventClaims: number;
    countryEvents: number;
  };
};

/** Picks the subjects of the workloads: the heaviest and a median one of each kind. */
export function pickSubjects(db: Db): Subjects {
  const sqlite = db.$client;
  const one = <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).get(...params) as T;
  const value = <T>(sql: string, ...params: unknown[]) =>
    sqlite
      .prepare(sql)
      .pluck()
      .get(...params) as T;
  const heaviestAndMedian = (table: string, column: string) => {
    const rows = sqlite
      .prepare(`SELECT ${column} AS id, count(*) AS n FROM ${table} GROUP BY ${column} ORDER BY n DESC, id`)
      .all() as Array<{ id: string; n: number }>;
    return { heavy: rows[0]!, median: rows[Math.floor(rows.length / 2)]! };
  };
  const speakers = heaviestAndMedian('claims', 'speaker_id');
  const events = heaviestAndMedian('claim_events', 'event_id');
  const claims = value<number>('SELECT count(*) FROM claims');
  const country = one<{ id: string; n: number }>(`SELECT a.ancestor_id AS id, count(*) AS n FROM events e
    JOIN location_ancestors a ON a.location_id = e.location_id JOIN locations l ON l.id = a.ancestor_id
    WHERE l.kind = 'country' GROUP BY a.ancestor_id ORDER BY n DESC, id LIMIT 1`);
  const middle = value<string>(
    'SELECT said_sort_asc FROM claims ORDER BY said_sort_asc LIMIT 1 OFFSET ?',
    Math.floor(claims / 2),
  ).slice(0, 7);
  const at = (sql: string, offset: number, ...params: unknown[]) =>
    one<{ k: string; id: string }>(sql, ...params, Math.max(0, offset));
  const deep = at(
    'SELECT said_sort_asc AS k, id FROM claims ORDER BY said_sort_asc, id LIMIT 1 OFFSET ?',
    Math.floor(claims / 2),
  );
  const deepDesc = at(
    'SELECT said_sort_desc AS k, id FROM claims ORDER BY said_sort_desc DESC, id DESC LIMIT 1 OFFSET ?',
    Math.floor(claims / 2),
  );
  const deepSpeaker = at(
    'SELECT said_sort_asc AS k, id FROM claims WHERE speaker_id = ? ORDER BY said_sort_asc, id LIMIT 1 OFFSET ?',
    Math.floor(speakers.heavy.n / 2),
    speakers.heavy.id,
  );
  // Words of the claims' search index: the most common one, and one found in a handful of claims.
  sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.claims_vocab USING fts5vocab(main, claims_fts, row)');
  const common = one<{ term: string; doc: number }>(
    'SELECT term, doc FROM temp.claims_vocab ORDER BY doc DESC LIMIT 1',
  );
  const rare = one<{ term: string; doc: number }>(
    "SELECT term, doc FROM temp.claims_vocab WHERE doc BETWEEN 3 AND 10 AND term GLOB '[a-z][a-z][a-z]*' ORDER BY doc DESC, term LIMIT 1",
  );
  sqlite.exec('DROP TABLE temp.claims_vocab');
  return {
    heavySpeaker: speakers.heavy.id,
    typicalSpeaker: speakers.median.id,
    heavyEvent: events.heavy.id,
    typicalEvent: events.median.id,
    aboutActor: heaviestAndMedian('claim_actors', 'actor_id').heavy.id,
    outlet: value<string>(
      'SELECT reported_by_id FROM claims WHERE reported_by_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
    ),
    source: value<string>('SELECT id FROM sources WHERE rowid = (SELECT max(rowid) / 2 FROM sources)'),
    country: country.id,
    region: value<string>(
      "SELECT id FROM locations WHERE kind = 'region' AND parent_id = ? ORDER BY id LIMIT 1",
      country.id,
    ),
    eventKind: value<string>('SELECT kind FROM events GROUP BY kind ORDER BY count(*) DESC LIMIT 1'),
    claimId: value<string>('SELECT id FROM claims WHERE rowid = (SELECT max(rowid) / 2 FROM claims)'),
    eventId: value<string>('SELECT id FROM events WHERE rowid = (SELECT max(rowid) / 2 FROM events)'),
    actorId: speakers.median.id,
    from: `${middle}-01`,
    to: `${middle}-${new Date(Date.UTC(Number(middle.slice(0, 4)), Number(middle.slice(5, 7)), 0)).getUTCDate()}`,
    deepCursor: encodeCursor('saidAt', [deep.k, deep.id]),
    deepCursorDesc: encodeCursor('-saidAt', [deepDesc.k, deepDesc.id]),
    deepSpeakerCursor: encodeCursor('saidAt', [deepSpeaker.k, deepSpeaker.id]),
    rareWord: rare.term,
    rareWordDocs: rare.doc,
    commonWord: common.term,
    commonWordDocs: common.doc,
    counts: {
      claims,
      heavySpeakerClaims: speakers.heavy.n,
      typicalSpeakerClaims: speakers.median.n,
      heavyEventClaims: events.heavy.n,
      countryEvents: country.n,
    },
  };
}

export type HotQuery = { name: string; run: () => unknown };

/** Every hot read query function of src/db/queries, with each filter and sort the API offers. */
export function hotQueries(db: Db, s: Subjects): HotQuery[] {
  const claims = (name: string, query: Record<string, unknown>): HotQuery => ({
    name: `claims ${name}`,
    run: () => listClaims(db, claimListQuery.parse(query)),
  });
  const events = (name: string, query: Record<string, unknown>): HotQuery => ({
    name: `events ${name}`,
    run: () => listEvents(db, eventListQuery.parse(query)),
  });
  const line = (name: string, query: Record<string, unknown>): HotQuery => ({
    name: `timeline ${name}`,
    run: () => timeline(db, timelineQuery.parse(query)),
  });
  const range = { from: s.from, to: s.to };
  return [
    claims('(no filter)', {}),
    claims('(no filter) -saidAt', { sort: '-saidAt' }),
    claims('speaker=heavy', { speaker: s.heavySpeaker }),
    claims('speaker=heavy -saidAt', { speaker: s.heavySpeaker, sort: '-saidAt' }),
    claims('speaker=typical', { speaker: s.typicalSpeaker }),
    claims('speaker=heavy from/to', { speaker: s.heavySpeaker, ...range }),
    claims('actor (about)', { actor: s.aboutActor }),
    claims('actor (about) -saidAt', { actor: s.aboutActor, sort: '-saidAt' }),
    claims('event=heavy', { event: s.heavyEvent }),
    claims('event=heavy -saidAt', { event: s.heavyEvent, sort: '-saidAt' }),
    claims('event=typical', { event: s.typicalEvent }),
    claims('event=heavy deep cursor', { event: s.heavyEvent, cursor: s.deepCursor }),
    claims('event=heavy stance', { event: s.heavyEvent, stance: 'denies' }),
    claims('event=heavy speaker=heavy', { event: s.heavyEvent, speaker: s.heavySpeaker }),
    claims('event=heavy speaker=heavy -saidAt', { event: s.heavyEvent, speaker: s.heavySpeaker, sort: '-saidAt' }),
    claims('event=heavy actor (about)', { event: s.heavyEvent, actor: s.aboutActor }),
    claims('actor (about) deep cursor -saidAt', { actor: s.aboutActor, cursor: s.deepCursorDesc, sort: '-saidAt' }),
    claims('stance', { stance: 'denies' }),
    claims('mode', { mode: 'direct_quote' }),
    claims('reportedBy', { reportedBy: s.outlet }),
    claims('source', { source: s.source }),
    claims('from/to', range),
    claims('from/to -saidAt', { ...range, sort: '-saidAt' }),
    claims('from/to within', { ...range, timeMatch: 'within' }),
    claims('q', { q: 'ceasefire' }),
    claims('deep cursor', { cursor: s.deepCursor }),
    claims('deep cursor -saidAt', { cursor: s.deepCursorDesc, sort: '-saidAt' }),
    claims('speaker=heavy deep cursor', { speaker: s.heavySpeaker, cursor: s.deepSpeakerCursor }),
    claims('link=contradicts', { link: 'contradicts' }),
    claims('link=responds_to', { link: 'responds_to' }),
    claims('link=denies event=heavy', { link: 'denies', event: s.heavyEvent }),
    claims('minSources=2', { minSources: '2' }),
    claims('minSources=2 -saidAt', { minSources: '2', sort: '-saidAt' }),
    claims('minSources=2 speaker=heavy', { minSources: '2', speaker: s.heavySpeaker }),
    { name: 'claim by id', run: () => getClaim(db, s.claimId) },
    {
      name: 'claim appearances',
      run: () => listAppearances(db, s.claimId, claimAppearanceListQuery.parse({})),
    },
    {
      name: 'claim related',
      run: () => relatedClaims(db, s.claimId, relatedQuery.parse({}), (ids) => getClaimsByIds(db, ids)),
    },
    events('(no filter)', {}),
    events('(no filter) -time', { sort: '-time' }),
    events('kind', { kind: s.eventKind }),
    events('status', { status: 'ongoing' }),
    events('actor', { actor: s.heavySpeaker }),
    events('location=country', { location: s.country }),
    events('location=country -time', { location: s.country, sort: '-time' }),
    events('location=region', { location: s.region }),
    events('from/to', range),
    events('q', { q: 'protest' }),
    { name: 'event by id', run: () => getEvent(db, s.eventId) },
    line('actor=heavy', { actor: s.heavySpeaker }),
    line('actor=typical', { actor: s.typicalSpeaker }),
    line('location=country', { location: s.country }),
    line('actor=about', { actor: s.aboutActor }),
    line('event=heavy', { event: s.heavyEvent }),
    line('event=heavy -time', { event: s.heavyEvent, sort: '-time' }),
    { name: 'perspectives event=heavy', run: () => eventPerspectives(db, s.heavyEvent, perspectivesQuery.parse({})) },
    {
      name: 'perspectives event=typical',
      run: () => eventPerspectives(db, s.typicalEvent, perspectivesQuery.parse({})),
    },
    line('from/to', range),
    { name: 'actors (no filter)', run: () => listActors(db, actorListQuery.parse({})) },
    { name: 'actors kind', run: () => listActors(db, actorListQuery.parse({ kind: 'media' })) },
    { name: 'actors q', run: () => listActors(db, actorListQuery.parse({ q: 'ministry' })) },
    { name: 'actor by id', run: () => getActor(db, s.actorId) },
    { name: 'locations (no filter)', run: () => listLocations(db, locationListQuery.parse({})) },
    { name: 'locations within', run: () => listLocations(db, locationListQuery.parse({ within: s.country })) },
    { name: 'locations kind', run: () => listLocations(db, locationListQuery.parse({ kind: 'city' })) },
    { name: 'location by id', run: () => getLocation(db, s.country) },
    { name: 'sources (no filter)', run: () => listSources(db, { limit: 20 }) },
    { name: 'source by id', run: () => getSource(db, s.source) },
  ];
}

/** Runs `fn` and returns every statement it ran, with its parameters (statements stay untouched: they are shared). */
export function capturingStatements(db: Db, fn: () => unknown): Array<{ sql: string; params: unknown[] }> {
  const client = db.$client;
  const captured: Array<{ sql: string; params: unknown[] }> = [];
  const prepare = client.prepare;
  const RUNS = new Set<PropertyKey>(['all', 'get', 'run', 'iterate']);
  client.prepare = function (this: typeof client, source: string) {
    const statement = prepare.call(this, source);
    const proxy: typeof statement = new Proxy(statement, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (RUNS.has(property)) captured.push({ sql: source, params: args });
          const result: unknown = value.apply(target, args);
          return result === target ? proxy : result; // raw(), pluck(), ... return the statement itself
        };
      },
    });
    return proxy;
  } as typeof client.prepare;
  try {
    fn();
  } finally {
    client.prepare = prepare;
  }
  return captured;
}
