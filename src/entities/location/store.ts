// Data access of locations behind LocationStore (rows, the closure table of the hierarchy, evidence),
// and its SQLite implementation.
import { and, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { getLocationsByIds } from '../../db/queries/locations.ts';
import * as t from '../../db/schema.ts';
import type { Location } from '../../schemas/locations.ts';
import { insertAll } from '../batch.ts';
import { type EvidenceStore, SqliteEvidenceStore } from '../evidence.ts';
import { type ExternalIdStore, SqliteExternalIdStore } from '../external-ids.ts';
import type { EntityType } from '../kinds.ts';

export type LocationRow = typeof t.locations.$inferSelect;
/** One row of the closure table: `ancestorId` is `depth` levels above `locationId` (0: itself). */
export type AncestorRow = { ancestorId: string; locationId: string; depth: number };

export interface LocationStore {
  readonly evidence: EvidenceStore;
  readonly externalIds: ExternalIdStore;
  getByIds(ids: string[]): Map<string, Location>;
  row(id: string): LocationRow | undefined;
  insert(rows: Array<typeof t.locations.$inferInsert>, ancestors: AncestorRow[]): void;
  update(id: string, fields: Partial<Omit<LocationRow, 'id'>>): void;
  /** The closure rows of these stored locations: each one's ancestors, itself included at depth 0. */
  ancestorsOf(ids: string[]): Map<string, Array<{ ancestorId: string; depth: number }>>;
  /** Levels of locations below `id` (0 when it has no children). */
  depthBelow(id: string): number;
  isInside(candidate: string, ancestor: string): boolean;
  /** Re-hangs `id` and everything inside it under `parentId` in the closure table. */
  reparent(id: string, parentId: string | null): void;
  embedders(ids: string[], kind: EntityType): string[];
  delete(id: string): void;
  /** Moves children, events' places and evidence from `id` to `into`, records the redirect, removes `id`. */
  moveReferences(id: string, into: string): void;
}

export class SqliteLocationStore implements LocationStore {
  readonly evidence: EvidenceStore;
  readonly externalIds: ExternalIdStore;

  constructor(private readonly db: Db) {
    this.evidence = new SqliteEvidenceStore(db);
    this.externalIds = new SqliteExternalIdStore(db);
  }

  getByIds(ids: string[]) {
    return getLocationsByIds(this.db, ids);
  }

  row(id: string) {
    return this.db.select().from(t.locations).where(eq(t.locations.id, id)).get();
  }

  insert(rows: Array<typeof t.locations.$inferInsert>, ancestors: AncestorRow[]) {
    insertAll(this.db, t.locations, rows);
    insertAll(this.db, t.locationAncestors, ancestors);
  }

  update(id: string, fields: Partial<Omit<LocationRow, 'id'>>) {
    if (Object.keys(fields).length) this.db.update(t.locations).set(fields).where(eq(t.locations.id, id)).run();
  }

  ancestorsOf(ids: string[]) {
    const closure = new Map<string, Array<{ ancestorId: string; depth: number }>>();
    if (ids.length === 0) return closure;
    for (const row of this.db
      .select()
      .from(t.locationAncestors)
      .where(inArray(t.locationAncestors.locationId, ids))
      .all()) {
      const rows = closure.get(row.locationId) ?? [];
      rows.push({ ancestorId: row.ancestorId, depth: row.depth });
      closure.set(row.locationId, rows);
    }
    return closure;
  }

  depthBelow(id: string) {
    return (
      this.db
        .select({ n: sql<number>`coalesce(max(${t.locationAncestors.depth}), 0)` })
        .from(t.locationAncestors)
        .where(eq(t.locationAncestors.ancestorId, id))
        .get()?.n ?? 0
    );
  }

  isInside(candidate: string, ancestor: string) {
    return !!this.db
      .select({ id: t.locationAncestors.locationId })
      .from(t.locationAncestors)
      .where(and(eq(t.locationAncestors.ancestorId, ancestor), eq(t.locationAncestors.locationId, candidate)))
      .get();
  }

  reparent(id: string, parentId: string | null) {
    const db = this.db;
    const subtree = db
      .select({ id: t.locationAncestors.locationId, depth: t.locationAncestors.depth })
      .from(t.locationAncestors)
      .where(eq(t.locationAncestors.ancestorId, id))
      .all();
    const subtreeIds = subtree.map((s) => s.id);
    db.delete(t.locationAncestors)
      .where(
        and(
          inArray(t.locationAncestors.locationId, subtreeIds),
          notInArray(t.locationAncestors.ancestorId, subtreeIds),
        ),
      )
      .run();
    if (!parentId) return;
    const above = db.select().from(t.locationAncestors).where(eq(t.locationAncestors.locationId, parentId)).all();
    const rows = subtree.flatMap((node) =>
      above.map((a) => ({ ancestorId: a.ancestorId, locationId: node.id, depth: a.depth + 1 + node.depth })),
    );
    if (rows.length) db.insert(t.locationAncestors).values(rows).run();
  }

  embedders(ids: string[], kind: EntityType): string[] {
    if (ids.length === 0) return [];
    switch (kind) {
      case 'location':
        return this.db
          .select({ id: t.locations.id })
          .from(t.locations)
          .where(inArray(t.locations.parentId, ids))
          .all()
          .map((r) => r.id);
      case 'event':
        // Every place an event names shows in its `locations`, whatever its role.
        return this.db
          .selectDistinct({ id: t.eventLocations.eventId })
          .from(t.eventLocations)
          .where(inArray(t.eventLocations.locationId, ids))
          .all()
          .map((r) => r.id);
      case 'source':
        return this.evidence.sourcesOf('location', ids);
      default:
        return [];
    }
  }

  delete(id: string) {
    const db = this.db;
    db.delete(t.locationAncestors)
      .where(or(eq(t.locationAncestors.locationId, id), eq(t.locationAncestors.ancestorId, id)))
      .run();
    this.evidence.remove('location', id);
    this.externalIds.remove('location', id);
    db.delete(t.mergedIds)
      .where(and(eq(t.mergedIds.entityType, 'location'), eq(t.mergedIds.survivorId, id)))
      .run();
    db.delete(t.locations).where(eq(t.locations.id, id)).run();
  }

  /** Every mention of `from` among events' places becomes `into`; where an event already names `into` in that role, once is enough. */
  private moveEventPlaces(from: string, into: string) {
    const db = this.db;
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

  moveReferences(id: string, into: string) {
    const db = this.db;
    for (const child of db.select({ id: t.locations.id }).from(t.locations).where(eq(t.locations.parentId, id)).all()) {
      db.update(t.locations).set({ parentId: into }).where(eq(t.locations.id, child.id)).run();
      this.reparent(child.id, into);
    }
    this.moveEventPlaces(id, into);
    this.evidence.move('location', id, into);
    this.externalIds.move('location', id, into);
    db.delete(t.locationAncestors)
      .where(or(eq(t.locationAncestors.locationId, id), eq(t.locationAncestors.ancestorId, id)))
      .run();
    db.update(t.mergedIds)
      .set({ survivorId: into })
      .where(and(eq(t.mergedIds.entityType, 'location'), eq(t.mergedIds.survivorId, id)))
      .run();
    db.insert(t.mergedIds).values({ entityType: 'location', oldId: id, survivorId: into }).run();
    db.delete(t.locations).where(eq(t.locations.id, id)).run();
  }
}
