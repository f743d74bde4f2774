// External ids (Wikidata, GeoNames) of actors and locations: read with their entity, and the
// `externalId=` filter of their lists, one lookup on the unique (entity_type, scheme, value) index.
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { type ExternalIds, parseExternalId } from '../../schemas/external-ids.ts';

export type ExternalIdType = 'actor' | 'location';

/** The external ids of each of `ids` (every id present, `{}` when it has none), schemes in a fixed order. */
export function externalIdsFor(db: Db, type: ExternalIdType, ids: string[]): Map<string, ExternalIds> {
  const found = new Map<string, ExternalIds>(ids.map((id) => [id, {}]));
  if (ids.length === 0) return found;
  const rows = db
    .select({ id: t.externalIds.entityId, scheme: t.externalIds.scheme, value: t.externalIds.value })
    .from(t.externalIds)
    .where(and(eq(t.externalIds.entityType, type), inArray(t.externalIds.entityId, ids)))
    .orderBy(t.externalIds.entityId, t.externalIds.scheme)
    .all();
  for (const row of rows) found.get(row.id)![row.scheme] = row.value;
  return found;
}

/** `id IN (the holder of scheme:value)` for a list's `externalId=` (validated by the query schema). */
export function externalIdFilter(db: Db, type: ExternalIdType, idColumn: SQLiteColumn, raw: string): SQL {
  const parsed = parseExternalId(raw)!;
  return inArray(
    idColumn,
    db
      .select({ id: t.externalIds.entityId })
      .from(t.externalIds)
      .where(
        and(
          eq(t.externalIds.entityType, type),
          eq(t.externalIds.scheme, parsed.scheme),
          eq(t.externalIds.value, parsed.value),
        ),
      ),
  );
}
