// `npm run db:backup -- DEST`: SQLite's online backup of DATABASE_PATH; the copy opens on its own,
// holds the same rows in every table and passes integrity_check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { backupDatabase } from '../../src/db/backup.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { bigBundle } from './big-bundle.ts';
import { integrityProblems, tableCounts } from './support/database-facts.ts';

const dir = mkdtempSync(join(tmpdir(), 'eventkg-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBackup(databasePath: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
}

describe('npm run db:backup -- DEST', () => {
  it('copies a live database (the service still open and written to) into a file with the same row counts, integrity ok', async () => {
    const databasePath = join(dir, 'live.db');
    const app = await buildApp({ databasePath });
    const { key } = createApiKey(app.db, { name: 'backup', scopes: ['write'] });
    const imported = await app.inject({
      method: 'POST',
      url: '/v1/sources',
      headers: { authorization: `Bearer ${key}` },
      payload: bigBundle(30, 'backup'),
    });
    expect(imported.statusCode).toBe(201);
    const destination = join(dir, 'copy.db');

    // The app keeps its connection open (and its WAL unmerged) while another process backs it up.
    const { status, stdout, stderr } = runBackup(databasePath, destination);
    const original = tableCounts(databasePath);
    await app.close();

    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^backed up .*live\.db to .*copy\.db: \d+ pages, [\d.]+ MiB in \d+ ms$/);
    const copy = tableCounts(destination);
    console.log(
      `backup: ${Object.keys(copy).length} tables, ${Object.values(copy).reduce((a, b) => a + b, 0)} rows in the copy, ${Object.values(original).reduce((a, b) => a + b, 0)} in the original`,
    );
    expect(copy).toEqual(original);
    expect(copy.sources).toBe(2);
    expect(integrityProblems(destination)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('refuses a destination that exists, leaving it untouched, and exits 1 with one line', async () => {
    const databasePath = join(dir, 'small.db');
    await (await buildApp({ databasePath })).close();
    const destination = join(dir, 'taken.db');
    writeFileSync(destination, 'keep me');

    const { status, stderr } = runBackup(databasePath, destination);

    expect(status).toBe(1);
    expect(stderr).toBe(`backup failed: ${destination} already exists; give a new file name`);
    expect(readFileSync(destination, 'utf8')).toBe('keep me');
  });

  it('fails without creating anything when DATABASE_PATH does not exist', () => {
    const destination = join(dir, 'never.db');
    const { status, stderr } = runBackup(join(dir, 'missing.db'), destination);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^backup failed: /);
    expect(existsSync(destination)).toBe(false);
  });

  it('without DEST prints its usage and exits 2', () => {
    const { status, stderr } = runBackup(join(dir, 'small.db'));
    expect(status).toBe(2);
    expect(stderr).toMatch(/^usage: npm run db:backup -- DEST/);
  });

  it('backupDatabase reports pages and bytes of what it copied', async () => {
    const databasePath = join(dir, 'small.db');
    const result = await backupDatabase(databasePath, join(dir, 'direct.db'));
    expect(result.pages).toBeGreaterThan(0);
    expect(result.bytes).toBe(result.pages * 4096);
    expect(tableCounts(join(dir, 'direct.db'))).toEqual(tableCounts(databasePath));
  });
});
