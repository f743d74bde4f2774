// Event queries: list with filters, one by id, and hydration (location, participants, quantities,
// relations in both directions, evidence) for a whole page at once.
import { and, asc, desc, eq, fillPlaceholders, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { SQLiteSyncDialect, unionAll } from 'drizzle-orm/sqlite-core';
import { spanClassOf } from '../span-class.ts';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, containsPattern, decodeCursor, toPage } from '../pagination.ts';
import type { Event, EventListQuery } from '../../schemas/events.ts';
import { eventPageRefs } from './event-refs.ts';
import { locationAndDescendants } from './locations.ts';
import { rangeArms, timeConditions, timeSpec } from './time.ts';
import { groupBy } from '../group-by.ts';
import { keptOrHydrated, keptTextsOrHydrated } from '../kept-representations.ts';
import type { JsonText } from '../../json.ts';

type EventRow = typeof t.events.$inferSelect;
type RelationType = (typeof t.eventRelations.$inferSelect)['type'];

const INVERSE: Record<RelationType, RelationType> = {
  causes: 'caused_by',
  caused_by: 'causes',
  part_of: 'has_part',
  has_part: 'part_of',
  precedes: 'follows',
  follows: 'precedes',
  ends: 'ended_by',
  ended_by: 'ends',
};

/** The WHERE conditions of the event filters (shared with the timeline). */
export function eventConditions(
  db: Db,
  query: Partial<Pick<EventListQuery, 'q' | 'kind' | 'status' | 'actor' | 'location' | 'from' | 'to' | 'timeMatch'>>,
): SQL[] {
  const conditions: SQL[] = [];
  if (query.kind) conditions.push(eq(t.events.kind, query.kind));
  if (query.status) conditions.push(eq(t.events.status, query.status));
  if (query.actor) {
    conditions.push(
      inArray(
        t.events.id,
        db
          .select({ id: t.eventParticipants.eventId })
          .from(t.eventParticipants)
          .where(eq(t.eventParticipants.actorId, query.actor)),
      ),
    );
  }
  if (query.location) conditions.push(atOrInside(db, query.location));
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(
      or(sql`${t.events.title} LIKE ${pattern} ESCAPE '\\'`, sql`${t.events.description} LIKE ${pattern} ESCAPE '\\'`)!,
    );
  }
  conditions.push(...timeConditions(t.events.timeLo, t.events.timeHi, query));
  return conditions;
}

const MANY_EVENTS = 1000;
const EVENTS_INSIDE = new SQLiteSyncDialect().sqlToQuery(
  sql`SELECT count(*) FROM (SELECT 1 FROM ${t.eventLocations} WHERE ${t.eventLocations.locationId} IN (SELECT ${t.locationAncestors.locationId} FROM ${t.locationAncestors} WHERE ${t.locationAncestors.ancestorId} = ${sql.placeholder('place')}) LIMIT ${MANY_EVENTS})`,
);

/** The ids of the events that name any of these places, in any role (event_locations by its location index). */
export function eventsNaming(db: Db, places: SQLWrapper) {
  return db
    .select({ id: t.eventLocations.eventId })
    .from(t.eventLocations)
    .where(sql`${t.eventLocations.locationId} IN ${places}`);
}

/**
 * Events that name a location or any place inside it, in any role. For a place with many events (a
 * country: tens of thousands at a million claims) walking the time order and checking each event
 * against the places' events finds a first page at once, where gathering and sorting all of them
 * takes tens of milliseconds; for a place with few, the other way round. A capped count (at most
 * MANY_EVENTS index entries) decides; the unary + keeps SQLite from reading the place's closure per event.
 */
function atOrInside(db: Db, locationId: string): SQL {
  const count = db.$client
    .prepare(EVENTS_INSIDE.sql)
    .pluck()
    .get(...fillPlaceholders(EVENTS_INSIDE.params, { place: locationId })) as number;
  const inside = locationAndDescendants(db, locationId);
  if (count < MANY_EVENTS) return inArray(t.events.id, eventsNaming(db, inside));
  // Per event walked: its few place rows by event id, each checked against the place's closure
  // (built once). Gathering the place's events first instead cost ~50 ms for a country at a million claims.
  return sql`EXISTS (SELECT 1 FROM ${t.eventLocations} WHERE ${t.eventLocations.eventId} = ${t.events.id} AND +${t.eventLocations.locationId} IN ${inside})`;
}

export function listEvents(db: Db, query: EventListQuery) {
  const descending = query.sort === '-time';
  const sortColumn = descending ? t.events.timeSortDesc : t.events.timeSortAsc;
  const conditions = eventConditions(db, query);
  if (query.cursor)
    conditions.push(after([sortColumn, t.events.id], decodeCursor(query.cursor, query.sort, 2), descending));
  const order = descending ? [desc(sortColumn), desc(t.events.id)] : [asc(sortColumn), asc(t.events.id)];
  // A time range walks the sort keys near the range (rangeArms); actor and location filters start elsewhere.
  const arms =
    query.actor || query.location
      ? [[]]
      : rangeArms(spanClassOf(t.events.timeStart, t.events.timeEnd), sortColumn, query);
  const part = (extra: SQL[]) =>
    db
      .select()
      .from(t.events)
      .where(and(...conditions, ...extra));
  const [first, second, ...rest] = arms.map(part);
  const rows = (second ? unionAll(first!, second, ...rest) : first!)
    .orderBy(...order)
    .limit(query.limit + 1)
    .all();
  return toPage(
    rows,
    query.limit,
    query.sort,
    (row) => [String(descending ? row.timeSortDesc : row.timeSortAsc), row.id],
    (page) =>
      keptOrHydrated(
        db,
        'event',
        page.map((row) => row.id),
        (missing) =>
          hydrateEvents(
            db,
            page.filter((row) => missing.includes(row.id)),
          ),
      ),
  );
}

export function getEvent(db: Db, id: string): Event | undefined {
  return keptOrHydrated(db, 'event', [id], () => hydrateEvent(db, id))[0];
}

/** The event as JSON text, for an answer (its kept row never parsed). */
export function getEventText(db: Db, id: string): JsonText<Event> | undefined {
  return keptTextsOrHydrated(db, 'event', [id], () => hydrateEvent(db, id))[0];
}

function hydrateEvent(db: Db, id: string): Event[] {
  const row = db.select().from(t.events).where(eq(t.events.id, id)).get();
  return row ? hydrateEvents(db, [row]) : [];
}

export function getEventsByIds(db: Db, ids: string[]): Map<string, Event> {
  if (ids.length === 0) return new Map();
  const rows = db.select().from(t.events).where(inArray(t.events.id, ids)).all();
  return new Map(hydrateEvents(db, rows).map((e) => [e.id, e]));
}

export function eventRefs(db: Db, ids: Iterable<string>): Map<string, { id: string; title: string }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .select({ id: t.events.id, title: t.events.title })
    .from(t.events)
    .where(inArray(t.events.id, unique))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The places as listed, and the single `location` older readers know: the first `at` place, else the first. */
export function eventPlaces(locations: Event['locations']): Pick<Event, 'location' | 'locations'> {
  const first = locations.find((l) => l.role === 'at') ?? locations[0];
  return { location: first ? { id: first.id, name: first.name } : null, locations };
}

export function hydrateEvents(db: Db, rows: EventRow[]): Event[] {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const { places, participants, quantities, stored, titles, evidence } = eventPageRefs(db, rows);
  // Each stored link answers from both ends: A causes B is also B caused_by A. A link stored from
  // both ends (A causes B and B caused_by A) must still be answered once.
  const seen = new Set<string>();
  const relations = stored
    .flatMap((r) => [
      { eventId: r.fromEventId, type: r.type, other: r.toEventId },
      { eventId: r.toEventId, type: INVERSE[r.type], other: r.fromEventId },
    ])
    .filter((r) => {
      const key = `${r.eventId}|${r.type}|${r.other}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const placesOf = groupBy(
    places,
    (p) => p.eventId,
    (p) => ({ id: p.id, name: p.name, role: p.role }),
  );
  const participantsOf = groupBy(
    participants,
    (p) => p.eventId,
    (p) => ({ actor: { id: p.id, name: p.name }, role: p.role }),
  );
  const quantitiesOf = groupBy(
    quantities,
    (q) => q.eventId,
    (q) => ({ value: q.value, unit: q.unit, text: q.text }),
  );
  const relationsOf = groupBy(
    relations,
    (r) => r.eventId,
    (r) => r,
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    kind: row.kind,
    description: row.description,
    time: timeSpec(row.timeText, row.timeStart, row.timeEnd, row.timePrecision, row.timeApproximate),
    status: row.status,
    ...eventPlaces(placesOf.get(row.id) ?? []),
    participants: participantsOf.get(row.id) ?? [],
    quantities: quantitiesOf.get(row.id) ?? [],
    relations: (relationsOf.get(row.id) ?? [])
      .sort((a, b) => a.type.localeCompare(b.type) || a.other.localeCompare(b.other))
      .map((r) => ({ type: r.type, event: titles.get(r.other)! })),
    evidence: evidence.get(row.id) ?? [],
  }));
}
