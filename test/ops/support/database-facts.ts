// What the reliability and operations tests compare before and after: the row count of every table
// (FTS shadow tables included) and SQLite's own integrity checks.
import Database from 'better-sqlite3';

/** Row count of every table in the file, by name. */
export function tableCounts(path: string): Record<string, number> {
  // Not readonly: after a crash the first connection must be able to recover the WAL.
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((name) => [name, sqlite.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]),
    );
  } finally {
    sqlite.close();
  }
}

/** `PRAGMA integrity_check` (["ok"] when sound) plus each FTS5 index checked against its content table. */
export function integrityProblems(path: string): string[] {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    const problems = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>)
      .map((row) => row.integrity_check)
      .filter((line) => line !== 'ok');
    const fts = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'")
      .pluck()
      .all() as string[];
    for (const name of fts) {
      try {
        sqlite.prepare(`INSERT INTO "${name}"("${name}") VALUES ('integrity-check')`).run();
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    return problems;
  } finally {
    sqlite.close();
  }
}
