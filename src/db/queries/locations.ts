// Location queries: list with filters (including "anywhere inside"), one by id, hydration.
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, containsPattern, decodeCursor, toPage } from '../pagination.ts';
import type { Location, LocationListQuery } from '../../schemas/locations.ts';
import { evidenceFor } from './evidence.ts';
import { externalIdFilter, externalIdsFor } from './external-ids.ts';

type LocationRow = typeof t.locations.$inferSelect;

/** Ids of the location and everything inside it, as a subquery on the closure table. */
export function locationAndDescendants(db: Db, ancestorId: string) {
  return db
    .select({ id: t.locationAncestors.locationId })
    .from(t.locationAncestors)
    .where(eq(t.locationAncestors.ancestorId, ancestorId));
}

export function listLocations(db: Db, query: LocationListQuery) {
  const conditions: SQL[] = [];
  if (query.kind) conditions.push(eq(t.locations.kind, query.kind));
  if (query.externalId) conditions.push(externalIdFilter(db, 'location', t.locations.id, query.externalId));
  if (query.within) {
    conditions.push(
      inArray(
        t.locations.id,
        db
          .select({ id: t.locationAncestors.locationId })
          .from(t.locationAncestors)
          .where(and(eq(t.locationAncestors.ancestorId, query.within), sql`${t.locationAncestors.depth} > 0`)),
      ),
    );
  }
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(
      or(
        sql`${t.locations.name} LIKE ${pattern} ESCAPE '\\'`,
        sql`EXISTS (SELECT 1 FROM json_each(${t.locations.aliases}) WHERE value LIKE ${pattern} ESCAPE '\\')`,
      )!,
    );
  }
  if (query.cursor) conditions.push(after([t.locations.id], decodeCursor(query.cursor, 'id', 1), false));
  const rows = db
    .select()
    .from(t.locations)
    .where(and(...conditions))
    .orderBy(asc(t.locations.id))
    .limit(query.limit + 1)
    .all();
  return toPage(
    rows,
    query.limit,
    'id',
    (row) => [row.id],
    (page) => hydrateLocations(db, page),
  );
}

export function getLocation(db: Db, id: string): Location | undefined {
  const row = db.select().from(t.locations).where(eq(t.locations.id, id)).get();
  return row ? hydrateLocations(db, [row])[0] : undefined;
}

/** Locations by id, hydrated together (unknown ids are left out). */
export function getLocationsByIds(db: Db, ids: string[]): Map<string, Location> {
  if (ids.length === 0) return new Map();
  const rows = db.select().from(t.locations).where(inArray(t.locations.id, ids)).all();
  return new Map(hydrateLocations(db, rows).map((l) => [l.id, l]));
}

export function locationRefs(db: Db, ids: Iterable<string>): Map<string, { id: string; name: string }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .select({ id: t.locations.id, name: t.locations.name })
    .from(t.locations)
    .where(inArray(t.locations.id, unique))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

export function hydrateLocations(db: Db, rows: LocationRow[]): Location[] {
  const parents = locationRefs(
    db,
    rows.flatMap((r) => (r.parentId ? [r.parentId] : [])),
  );
  const ids = rows.map((r) => r.id);
  const evidence = evidenceFor(db, 'location', ids);
  const externalIds = externalIdsFor(db, 'location', ids);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    aliases: row.aliases,
    parent: row.parentId ? (parents.get(row.parentId) ?? null) : null,
    coordinates: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    areaKm2: row.areaKm2,
    description: row.description,
    evidence: evidence.get(row.id) ?? [],
    externalIds: externalIds.get(row.id) ?? {},
  }));
}
