// A digest of every table of the database (search indexes and the change feed included), to prove a
// refused request wrote nothing: compare before and after, table by table.
import { createHash } from 'node:crypto';
import type { Db } from '../../../src/db/client.ts';

export type Digest = Record<string, string>;

/** `table -> "rows:sha256"` for every table, with rows in a stable order. */
export function digest(db: Db): Digest {
  const sqlite = db.$client;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
    name: string;
  }>;
  const result: Digest = {};
  for (const { name } of tables) {
    const rows = sqlite
      .prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`)
      .raw()
      .all();
    const lines = rows.map((row) => JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
    result[name] = `${lines.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return result;
}
