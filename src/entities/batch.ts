// Batched writes for the SQLite stores: many rows per INSERT, as the parameter limit allows, so a
// 5,000-item bundle costs a few statements per table rather than one per row.
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.ts';

/** At most this many bound parameters per INSERT: SQLite's limit in builds before 3.32. */
const MAX_PARAMETERS = 999;

/** Inserts `rows` in order (autoincrement ids come out as one INSERT per row would give them). */
export function insertAll<T extends SQLiteTable>(
  db: Db,
  table: T,
  rows: Array<T['$inferInsert']>,
  options: { onConflictDoNothing?: boolean } = {},
) {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(getTableColumns(table)).length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const insert = db.insert(table).values(rows.slice(i, i + perStatement));
    (options.onConflictDoNothing ? insert.onConflictDoNothing() : insert).run();
  }
}

/** `items` without the repeats of `key`, first kept. */
export function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
