// The database's position, as HTTP validators of list answers need it (plugins/http-cache.ts).
//
// A list page is a function of the stored data, the URL and the code: its ETag can be derived from a
// stamp of the data without building the page. The stamp must change with every commit that can change
// an answer, by this process or any other, and must never come back to a value it had for other data.
//
// What the claim cache compares (representation-cache.ts: `data_version` and `total_changes()`) is
// right for a cache inside one connection but wrong for a tag a client keeps: both counters are
// local to the connection and start again from the same values when the process restarts, so "3:0"
// before a restart and "3:0" after it could name different data (a wrong 304), and two workers on the
// same file would give the same page two tags. So they serve only to notice, for about 3 µs per
// request, that something committed; the stamp itself is the change feed's position: every write
// (curation, imports, extractions, the seed) appends to `changes` in its own transaction
// (domain/changes.ts, recordWrite), so the last entry's `seq` and `at` name the data, the same in
// every process and after a restart (`at` guards against a database restored from an older backup
// reaching the same seq again with other writes). The applied migrations join it: a migration can
// change what a page shows without writing to the feed. Writes made by hand outside the API (the
// sqlite3 shell) bypass the feed and so do not change tags; restart nothing, but make any API write.
import type Database from 'better-sqlite3';
import type { Db } from './client.ts';

/** What the stamp keeps per connection, in its context (db/context.ts: `stamp`). */
export type StampState = {
  dataVersion: Database.Statement<[], number>;
  totalChanges: Database.Statement<[], number>;
  latest: Database.Statement<[], { seq: number; at: string } | undefined>;
  migrations: Database.Statement<[], { n: number; last: number | null } | undefined>;
  local: string;
  stamp: string;
};

function stateOf(db: Db): StampState {
  let state = db.$context.stamp;
  if (!state) {
    const sqlite = db.$client;
    const hasMigrations = sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
      .get();
    state = {
      dataVersion: sqlite.prepare<[], number>('PRAGMA data_version').pluck(),
      totalChanges: sqlite.prepare<[], number>('SELECT total_changes()').pluck(),
      latest: sqlite.prepare('SELECT seq, at FROM changes ORDER BY seq DESC LIMIT 1'),
      migrations: sqlite.prepare(
        hasMigrations
          ? 'SELECT count(*) AS n, max(created_at) AS last FROM __drizzle_migrations'
          : 'SELECT 0 AS n, NULL AS last',
      ),
      local: '',
      stamp: '',
    };
    db.$context.stamp = state;
  }
  return state;
}

/**
 * This connection's own view of "something committed": `data_version` (another connection committed)
 * and `total_changes()` (this one wrote), about 3 µs. Local to the connection and reset by a restart,
 * so only for caches inside this process (the answer cache, plugins/http-cache.ts), never for a tag.
 */
export function localStamp(db: Db): string {
  const state = stateOf(db);
  return `${state.dataVersion.get()}:${state.totalChanges.get()}`;
}

/**
 * The stamp of the data this connection reads now: equal in every process for the same data, and
 * different after any write that went through the change feed or any migration. Costs two pragma
 * reads while nothing committed (`local`, when the caller has just read it, saves them); two indexed
 * reads after a commit.
 */
export function databaseStamp(db: Db, local = localStamp(db)): string {
  const state = stateOf(db);
  const sqlite = db.$client;
  // Inside a transaction what is read may still roll back: never keep it.
  if (local === state.local && !sqlite.inTransaction) return state.stamp;
  const latest = state.latest.get();
  const migrations = state.migrations.get();
  const stamp = `${latest?.seq ?? 0}@${latest?.at ?? ''}/m${migrations?.n ?? 0}@${migrations?.last ?? ''}`;
  if (!sqlite.inTransaction) {
    state.local = local;
    state.stamp = stamp;
  }
  return stamp;
}
