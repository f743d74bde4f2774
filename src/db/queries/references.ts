// Whether ids name stored entities of a kind, and which stored ids a new id must not collide with.
import { fillPlaceholders, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';

const TABLES = {
  actor: t.actors,
  location: t.locations,
  event: t.events,
  claim: t.claims,
  source: t.sources,
} as const;
export type EntityKind = keyof typeof TABLES;

// One SELECT per kind, built once: every request with an id filter or path id asks this.
const EXISTS = Object.fromEntries(
  Object.entries(TABLES).map(([kind, table]) => [
    kind,
    new SQLiteSyncDialect().sqlToQuery(sql`SELECT 1 FROM ${table} WHERE ${table.id} = ${sql.placeholder('id')}`).sql,
  ]),
) as Record<EntityKind, string>;

export function exists(db: Db, kind: EntityKind, id: string): boolean {
  return db.$client.prepare(EXISTS[kind]).get(id) !== undefined;
}

// The stored ids `uniqueId(base, ...)` may try (base, base-2, base-3, ...) in one range read of the
// primary key (`base-1` up to `base-:`, ':' sorting right after '9'), plus, for actors and locations,
// the ids merged away in that range, which keep redirecting and so are never handed out again.
// Each part is its own SELECT: an OR of the equality and the range would read every merged id of the kind.
const FAMILY = Object.fromEntries(
  Object.entries(TABLES).map(([kind, table]) => {
    const base = sql.placeholder('base');
    const [lo, hi] = [sql.placeholder('lo'), sql.placeholder('hi')];
    const own = sql`SELECT ${table.id} AS id FROM ${table} WHERE ${table.id} = ${base} UNION ALL SELECT ${table.id} FROM ${table} WHERE ${table.id} >= ${lo} AND ${table.id} < ${hi}`;
    const merged = sql`SELECT ${t.mergedIds.oldId} FROM ${t.mergedIds} WHERE ${t.mergedIds.entityType} = ${kind} AND ${t.mergedIds.oldId} = ${base}
      UNION ALL SELECT ${t.mergedIds.oldId} FROM ${t.mergedIds} WHERE ${t.mergedIds.entityType} = ${kind} AND ${t.mergedIds.oldId} >= ${lo} AND ${t.mergedIds.oldId} < ${hi}`;
    return [
      kind,
      new SQLiteSyncDialect().sqlToQuery(
        kind === 'actor' || kind === 'location' ? sql`${own} UNION ALL ${merged}` : own,
      ),
    ];
  }),
) as Record<EntityKind, { sql: string; params: unknown[] }>;

/**
 * Ids of a kind that `base` or `base-<n>` would collide with: stored ones and, for actors and
 * locations, merged-away ones. One statement however long the chain (a speaker with thirty thousand
 * claims of one stance has as many `speaker-stance-<n>` ids).
 */
export function idFamily(db: Db, kind: EntityKind, base: string): Set<string> {
  const { sql: text, params } = FAMILY[kind];
  const values = fillPlaceholders(params, { base, lo: `${base}-1`, hi: `${base}-:` });
  return new Set(
    db.$client
      .prepare(text)
      .pluck()
      .all(...values) as string[],
  );
}

const TAKEN = Object.fromEntries(
  Object.entries(TABLES).map(([kind, table]) => {
    const wanted = sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`;
    const own = sql`SELECT ${table.id} AS id FROM ${table} WHERE ${table.id} IN ${wanted}`;
    const merged = sql`SELECT ${t.mergedIds.oldId} FROM ${t.mergedIds} WHERE ${t.mergedIds.entityType} = ${kind} AND ${t.mergedIds.oldId} IN ${wanted}`;
    return [
      kind,
      new SQLiteSyncDialect().sqlToQuery(
        kind === 'actor' || kind === 'location' ? sql`${own} UNION ALL ${merged}` : own,
      ),
    ];
  }),
) as Record<EntityKind, { sql: string; params: unknown[] }>;

/** Which of `ids` are taken: stored, or (actors, locations) merged away. One statement for any number. */
export function takenIds(db: Db, kind: EntityKind, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const { sql: text, params } = TAKEN[kind];
  return new Set(
    db.$client
      .prepare(text)
      .pluck()
      .all(...fillPlaceholders(params, { ids: JSON.stringify(ids) })) as string[],
  );
}
