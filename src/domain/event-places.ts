// The places an event names (event_locations) and the single location_id kept beside them for
// readers of `location`: written together here, so they never disagree.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type { EntityKey } from './changes.ts';

export type PlaceRole = (typeof t.eventLocations.$inferSelect)['role'];
export type PlaceInput = { id: string; role: PlaceRole };

/** The places a write or bundle gives: `locations` as listed, or `location` as one `at` place. */
export function placesOf(input: { location?: string | null; locations?: PlaceInput[] | undefined }): PlaceInput[] {
  if (input.locations) return input.locations;
  return input.location ? [{ id: input.location, role: 'at' }] : [];
}

/** What `location` shows: the first `at` place, else the first place, else none. */
export function primaryPlace(places: PlaceInput[]): string | null {
  return (places.find((p) => p.role === 'at') ?? places[0])?.id ?? null;
}

/** The rows of event_locations for one event (the same place in the same role once, first position kept). */
export function placeRows(eventId: string, places: PlaceInput[]) {
  const seen = new Set<string>();
  return places.flatMap((p, position) => {
    const key = `${p.id}|${p.role}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ eventId, locationId: p.id, role: p.role, position }];
  });
}

/** Replaces the event's places and its location_id (the event row must exist). */
export function writeEventPlaces(db: Db, eventId: string, places: PlaceInput[]): void {
  db.delete(t.eventLocations).where(eq(t.eventLocations.eventId, eventId)).run();
  const rows = placeRows(eventId, places);
  if (rows.length) db.insert(t.eventLocations).values(rows).run();
  db.update(t.events)
    .set({ locationId: primaryPlace(places) })
    .where(eq(t.events.id, eventId))
    .run();
}

export function deleteEventPlaces(db: Db, eventId: string): void {
  db.delete(t.eventLocations).where(eq(t.eventLocations.eventId, eventId)).run();
}

/** The stored places of an event, in order, as a write body gives them. */
export function storedPlaces(db: Db, eventId: string): PlaceInput[] {
  return db
    .select({ id: t.eventLocations.locationId, role: t.eventLocations.role })
    .from(t.eventLocations)
    .where(eq(t.eventLocations.eventId, eventId))
    .orderBy(t.eventLocations.position)
    .all();
}

/** Events that name the location in any role: their representation embeds its name. */
export function eventsNamingLocation(db: Db, locationId: string): EntityKey[] {
  return db
    .selectDistinct({ id: t.eventLocations.eventId })
    .from(t.eventLocations)
    .where(eq(t.eventLocations.locationId, locationId))
    .all()
    .map((r) => ['event', r.id] as const);
}

/** A merge moves every mention of `from` to `into`; where an event already names `into` in that role, once is enough. */
export function moveEventPlaces(db: Db, from: string, into: string): void {
  db.delete(t.eventLocations)
    .where(
      and(
        eq(t.eventLocations.locationId, from),
        sql`EXISTS (SELECT 1 FROM ${t.eventLocations} AS other WHERE other.event_id = event_locations.event_id AND other.location_id = ${into} AND other.role = event_locations.role)`,
      ),
    )
    .run();
  db.update(t.eventLocations).set({ locationId: into }).where(eq(t.eventLocations.locationId, from)).run();
  db.update(t.events).set({ locationId: into }).where(eq(t.events.locationId, from)).run();
}
