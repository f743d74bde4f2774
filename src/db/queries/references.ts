// Whether an id names a stored entity of a kind.
import { inArray } from 'drizzle-orm';
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

export function exists(db: Db, kind: EntityKind, id: string): boolean {
  const table = TABLES[kind];
  return db.select({ id: table.id }).from(table).where(inArray(table.id, [id])).get() !== undefined;
}
