// Filters that name an id must name a stored one: an unknown id is a 400, never an empty list.
import { inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { InvalidRequestError, type FieldError } from '../../errors.ts';

const TABLES = {
  actor: t.actors,
  location: t.locations,
  event: t.events,
  claim: t.claims,
  source: t.sources,
} as const;
export type EntityKind = keyof typeof TABLES;

/** Throws one InvalidRequestError naming every query parameter whose id is not stored. */
export function assertKnownIds(db: Db, checks: Array<[param: string, kind: EntityKind, id: string | undefined]>) {
  const errors: FieldError[] = [];
  for (const [param, kind, id] of checks) {
    if (id === undefined) continue;
    const table = TABLES[kind];
    const found = db.select({ id: table.id }).from(table).where(inArray(table.id, [id])).get();
    if (!found) errors.push({ path: `query.${param}`, message: `no ${kind} with id "${id}"` });
  }
  if (errors.length) throw new InvalidRequestError(errors);
}

export function exists(db: Db, kind: EntityKind, id: string): boolean {
  const table = TABLES[kind];
  return db.select({ id: table.id }).from(table).where(inArray(table.id, [id])).get() !== undefined;
}
