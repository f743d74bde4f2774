// The places an event names (event_locations) and the single location_id kept beside them for
// readers of `location`: both come from the one list here, so they never disagree.
import type * as t from '../../db/schema.ts';

export type PlaceRole = (typeof t.eventLocations.$inferSelect)['role'];
export type PlaceInput = { id: string; role: PlaceRole };
export type PlaceRow = typeof t.eventLocations.$inferInsert;

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
export function placeRows(eventId: string, places: PlaceInput[]): PlaceRow[] {
  const seen = new Set<string>();
  return places.flatMap((p, position) => {
    const key = `${p.id}|${p.role}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ eventId, locationId: p.id, role: p.role, position }];
  });
}
