// Event queries: list with filters, one by id, and hydration (location, participants, quantities,
// relations in both directions, evidence) for a whole page at once.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, containsPattern, decodeCursor, toPage } from '../pagination.ts';
import type { Event, EventListQuery } from '../../schemas/events.ts';
import { evidenceFor } from './evidence.ts';
import { locationAndDescendants, locationRefs } from './locations.ts';
import { timeConditions, timeSpec } from './time.ts';

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
export function eventConditions(db: Db, query: Partial<Pick<EventListQuery, 'q' | 'kind' | 'status' | 'actor' | 'location' | 'from' | 'to' | 'timeMatch'>>): SQL[] {
  const conditions: SQL[] = [];
  if (query.kind) conditions.push(eq(t.events.kind, query.kind));
  if (query.status) conditions.push(eq(t.events.status, query.status));
  if (query.actor) {
    conditions.push(inArray(t.events.id, db.select({ id: t.eventParticipants.eventId }).from(t.eventParticipants).where(eq(t.eventParticipants.actorId, query.actor))));
  }
  if (query.location) conditions.push(inArray(t.events.locationId, locationAndDescendants(db, query.location)));
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(or(sql`${t.events.title} LIKE ${pattern} ESCAPE '\\'`, sql`${t.events.description} LIKE ${pattern} ESCAPE '\\'`)!);
  }
  conditions.push(...timeConditions(t.events.timeLo, t.events.timeHi, query));
  return conditions;
}

export function listEvents(db: Db, query: EventListQuery) {
  const descending = query.sort === '-time';
  const sortColumn = descending ? t.events.timeSortDesc : t.events.timeSortAsc;
  const conditions = eventConditions(db, query);
  if (query.cursor) conditions.push(after([sortColumn, t.events.id], decodeCursor(query.cursor, query.sort, 2), descending));
  const order = descending ? [desc(sortColumn), desc(t.events.id)] : [asc(sortColumn), asc(t.events.id)];
  const rows = db
    .select()
    .from(t.events)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit + 1)
    .all();
  return toPage(
    rows,
    query.limit,
    query.sort,
    (row) => [String(descending ? row.timeSortDesc : row.timeSortAsc), row.id],
    (page) => hydrateEvents(db, page),
  );
}

export function getEvent(db: Db, id: string): Event | undefined {
  const row = db.select().from(t.events).where(eq(t.events.id, id)).get();
  return row ? hydrateEvents(db, [row])[0] : undefined;
}

export function getEventsByIds(db: Db, ids: string[]): Map<string, Event> {
  if (ids.length === 0) return new Map();
  const rows = db.select().from(t.events).where(inArray(t.events.id, ids)).all();
  return new Map(hydrateEvents(db, rows).map((e) => [e.id, e]));
}

export function eventRefs(db: Db, ids: Iterable<string>): Map<string, { id: string; title: string }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db.select({ id: t.events.id, title: t.events.title }).from(t.events).where(inArray(t.events.id, unique)).all();
  return new Map(rows.map((r) => [r.id, r]));
}

export function hydrateEvents(db: Db, rows: EventRow[]): Event[] {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const locations = locationRefs(db, rows.flatMap((r) => (r.locationId ? [r.locationId] : [])));
  const participants = db
    .select({ eventId: t.eventParticipants.eventId, role: t.eventParticipants.role, id: t.actors.id, name: t.actors.name })
    .from(t.eventParticipants)
    .innerJoin(t.actors, eq(t.actors.id, t.eventParticipants.actorId))
    .where(inArray(t.eventParticipants.eventId, ids))
    .orderBy(asc(t.eventParticipants.eventId), asc(t.eventParticipants.position))
    .all();
  const quantities = db
    .select()
    .from(t.eventQuantities)
    .where(inArray(t.eventQuantities.eventId, ids))
    .orderBy(asc(t.eventQuantities.eventId), asc(t.eventQuantities.position))
    .all();
  const stored = db
    .select()
    .from(t.eventRelations)
    .where(or(inArray(t.eventRelations.fromEventId, ids), inArray(t.eventRelations.toEventId, ids)))
    .all();
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
  const titles = eventRefs(db, relations.map((r) => r.other));
  const evidence = evidenceFor(db, 'event', ids);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    kind: row.kind,
    description: row.description,
    time: timeSpec(row.timeText, row.timeStart, row.timeEnd, row.timePrecision, row.timeApproximate),
    status: row.status,
    location: row.locationId ? (locations.get(row.locationId) ?? null) : null,
    participants: participants.filter((p) => p.eventId === row.id).map((p) => ({ actor: { id: p.id, name: p.name }, role: p.role })),
    quantities: quantities.filter((q) => q.eventId === row.id).map((q) => ({ value: q.value, unit: q.unit, text: q.text })),
    relations: relations
      .filter((r) => r.eventId === row.id)
      .sort((a, b) => a.type.localeCompare(b.type) || a.other.localeCompare(b.other))
      .map((r) => ({ type: r.type, event: titles.get(r.other)! })),
    evidence: evidence.get(row.id) ?? [],
  }));
}
