// Online backup: SQLite's backup API copies a consistent snapshot of a live database (other
// connections and processes may keep writing) page by page, without stopping the service.
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export type BackupResult = { destination: string; pages: number; bytes: number; ms: number };

/**
 * Copies the database at `sourcePath` to `destination`, which must not exist yet. The copy is written
 * beside it under a temporary name, checked (quick_check), then renamed: a failed or interrupted
 * backup never leaves a half-written file under the destination's name.
 */
export async function backupDatabase(sourcePath: string, destination: string): Promise<BackupResult> {
  if (existsSync(destination)) throw new Error(`${destination} already exists; give a new file name`);
  const started = performance.now();
  const source = new Database(sourcePath, { fileMustExist: true });
  const partial = `${destination}.partial-${process.pid}`;
  try {
    source.pragma('busy_timeout = 1000');
    const { totalPages } = await source.backup(partial);
    const copy = new Database(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy fails quick_check: ${String(check)}`);
      // The copy stands alone: fold any WAL content into the file (it is not in WAL use by anyone).
      copy.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      copy.close();
    }
    renameSync(partial, destination);
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    const bytes = totalPages * (source.pragma('page_size', { simple: true }) as number);
    return { destination, pages: totalPages, bytes, ms: performance.now() - started };
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
    throw error;
  } finally {
    source.close();
  }
}
