// Whether an id names a stored entity of a kind.
import { sql } from 'drizzle-orm';
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
  Object.entries(TABLES).map(([kind, table]) => [kind, new SQLiteSyncDialect().sqlToQuery(sql`SELECT 1 FROM ${table} WHERE ${table.id} = ${sql.placeholder('id')}`).sql]),
) as Record<EntityKind, string>;

export function exists(db: Db, kind: EntityKind, id: string): boolean {
  return db.$client.prepare(EXISTS[kind]).get(id) !== undefined;
}
