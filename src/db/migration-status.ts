// Which of the code's migrations (migrations/meta/_journal.json) the database has applied, by the
// timestamp drizzle records for each in __drizzle_migrations. Readiness depends on it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { MIGRATIONS_FOLDER } from './client.ts';

export type JournalEntry = { tag: string; when: number };

export type MigrationStatus = { expected: number; applied: number; pending: string[] };

/** The migrations the code ships, oldest first. */
export function readJournal(folder = MIGRATIONS_FOLDER): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/** Compares the journal with the database; throws when the database cannot be read at all. */
export function migrationStatus(sqlite: Database.Database, journal: readonly JournalEntry[]): MigrationStatus {
  const table = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  const rows = table
    ? (sqlite.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations').all() as Array<{
        createdAt: number | string;
      }>)
    : [];
  const applied = new Set(rows.map((row) => Number(row.createdAt)));
  const pending = journal.filter((entry) => !applied.has(entry.when)).map((entry) => entry.tag);
  return { expected: journal.length, applied: journal.length - pending.length, pending };
}
