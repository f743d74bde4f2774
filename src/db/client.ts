// Opens the SQLite database with the pragmas the service relies on and applies pending migrations.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';
import { BUSY_TIMEOUT_MS } from './busy.ts';
import { DbContext, type DbContextOptions } from './context.ts';
import { sqliteCodeOf } from '../errors.ts';
import { sourceTextKey } from '../text/names.ts';

/** A connection as the queries use it: drizzle, the raw better-sqlite3 handle, and its caches (context.ts). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database; $context: DbContext };

/**
 * The Db handle of an open better-sqlite3 connection, with a new context of its own (statement
 * cache, claim cache, ...). Every Db is made here: a connection never shares a cache with another.
 */
export function connectDatabase(sqlite: Database.Database, options: DbContextOptions = {}): Db {
  // The duplicate-source key, for the migration that fills it in for sources stored before it (`*_identity_backfill.sql`).
  sqlite.function('source_text_key', { deterministic: true }, (text) => sourceTextKey(String(text)));
  const $context = new DbContext(sqlite, options);
  return Object.assign(drizzle(sqlite, { schema }), { $context });
}

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** The database file cannot be used at all; the message says why in one line, without SQL or a stack. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot use the database at ${path}: ${reason}`, options);
  }
}

/** What an operator must know about `error`, met while opening, migrating or seeding the file. */
export function openFailureReason(error: unknown): string | undefined {
  const code = sqliteCodeOf(error) ?? (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB')
    return `it is not a SQLite database (${code}: ${message}); point DATABASE_PATH at the service's database or at a new file`;
  if (code.startsWith('SQLITE_CORRUPT'))
    return `the file is damaged (${code}: ${message}); restore it from a backup (npm run db:backup makes them)`;
  if (code.startsWith('SQLITE_CANTOPEN'))
    return `it cannot be opened (${code}: ${message}); is it a directory, or is its directory missing or not accessible?`;
  if (code.startsWith('SQLITE_READONLY'))
    return `it is read-only (${code}: ${message}), and the service must write to it and to its directory (WAL journal, migrations)`;
  if (code === 'SQLITE_FULL') return `the disk is full (${code}: ${message})`;
  if (code.startsWith('SQLITE_IOERR'))
    return `reading or writing the file failed (${code}: ${message}): a full disk, a file size limit or a failing device`;
  if (code.startsWith('SQLITE_')) return `SQLite refused it (${code}: ${message})`;
  if (/^E[A-Z]+$/.test(code))
    return `its directory cannot be created or opened (${message.startsWith(code) ? message : `${code}: ${message}`})`;
  return undefined;
}

export type OpenOptions = DbContextOptions & {
  /**
   * Apply pending migrations (default true). A worker process (WORKERS > 1) passes false: the primary
   * migrated before starting it, and two processes must never migrate at once (drizzle reads what is
   * applied before it takes the write lock). /ready still reports migrations that are pending.
   */
  migrate?: boolean;
};

/**
 * Opens (creating if needed) the database at `path` (`:memory:` for an in-memory one) and migrates it.
 * A file it cannot use throws a DatabaseOpenError saying why.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  try {
    return openAndMigrate(path, options);
  } catch (error) {
    const reason = isDirectory(path)
      ? 'it is a directory; DATABASE_PATH names a file (created when missing)'
      : openFailureReason(error);
    throw reason ? new DatabaseOpenError(path, reason, { cause: error }) : error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function openAndMigrate(path: string, { migrate: migrating = true, ...options }: OpenOptions): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  try {
    // First, so that switching to WAL and migrating wait for another process's lock too (see busy.ts).
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const db = connectDatabase(sqlite, options);
    if (migrating) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return db;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
