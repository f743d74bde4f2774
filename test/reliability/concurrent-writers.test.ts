// Several OS processes write to one database file at once. Every acknowledged (201) write must be
// stored and in the change feed; a write refused because the database stayed busy must be a 503
// problem with Retry-After (never a 500) and must have written nothing; the file stays sound.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { integrityProblems, tableCounts } from '../ops/support/database-facts.ts';

type WriteResult = {
  worker: string;
  tag: string;
  kind: 'actor' | 'import';
  status: number;
  id?: string;
  retryAfter: string | null;
  contentType: string | null;
  problem: { status?: number; type?: string; detail?: string } | null;
};

const PROCESSES = 4;
const WRITES_PER_PROCESS = 30;
const dirs: string[] = [];

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A seeded database file and a write key for it. */
async function prepareDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'eventkg-concurrency-'));
  dirs.push(dir);
  const databasePath = join(dir, 'graph.db');
  const app = await buildApp({ databasePath });
  const { key } = createApiKey(app.db, { name: 'concurrency', scopes: ['write'] });
  await app.close();
  return { databasePath, key };
}

/** Runs a script of this folder in its own Node process; resolves with its stdout lines once it exits 0. */
function run(script: string, args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'processes', script), ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(stdout.trim().split('\n').filter(Boolean));
      else reject(new Error(`${script} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Runs the writers (and, if asked, a lock holder until the writers are done); returns every write's outcome. */
async function writeConcurrently(databasePath: string, key: string, lockHolder?: { holdMs: number; gapMs: number }) {
  const stopFile = `${databasePath}.stop`;
  const holder = lockHolder
    ? run('lock-holder.ts', [databasePath, String(lockHolder.holdMs), String(lockHolder.gapMs), stopFile])
    : Promise.resolve([JSON.stringify({ holds: 0 })]);
  const writers = Array.from({ length: PROCESSES }, (_, i) =>
    run('concurrent-writer.ts', [databasePath, key, String(WRITES_PER_PROCESS), `w${i}`]),
  );
  let writerLines: string[][];
  try {
    writerLines = await Promise.all(writers);
  } finally {
    writeFileSync(stopFile, '');
  }
  const holderLines = await holder;
  const lines = writerLines
    .flat()
    .map((line) => JSON.parse(line) as WriteResult | { busyStats: { retries: number; gaveUp: number } });
  const results = lines.filter((line): line is WriteResult => 'tag' in line);
  const retries = lines.reduce((sum, line) => sum + ('busyStats' in line ? line.busyStats.retries : 0), 0);
  return { results, retries, holds: (JSON.parse(holderLines[0]!) as { holds: number }).holds };
}

/** Checks every acknowledged write against the file; returns the numbers for the report. */
function verify(databasePath: string, results: WriteResult[]) {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    const exists = (table: string, id: string) =>
      sqlite.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
    const created = (type: string, id: string) =>
      sqlite
        .prepare("SELECT 1 FROM changes WHERE action = 'create' AND entity_type = ? AND entity_id = ?")
        .get(type, id) !== undefined;
    const acknowledged = results.filter((r) => r.status === 201);
    const missing = acknowledged.filter((r) => !r.id || !exists(r.kind === 'import' ? 'sources' : 'actors', r.id));
    const notInFeed = acknowledged.filter((r) => !r.id || !created(r.kind === 'import' ? 'source' : 'actor', r.id));
    const refused = results.filter((r) => r.status === 503);
    // A refused write must have left nothing behind: its actor name or its source title is absent.
    const leftovers = refused.filter((r) =>
      r.kind === 'import'
        ? sqlite.prepare('SELECT 1 FROM sources WHERE title = ?').get(`Note ${r.tag}`) !== undefined
        : sqlite.prepare('SELECT 1 FROM actors WHERE name = ?').get(`Writer ${r.tag}`) !== undefined,
    );
    return { acknowledged: acknowledged.length, refused, missing, notInFeed, leftovers };
  } finally {
    sqlite.close();
  }
}

describe(`${PROCESSES} processes writing ${WRITES_PER_PROCESS} times each to one database file`, () => {
  it('loses no acknowledged write: every 201 is stored and in the change feed; no 500; integrity_check ok', async () => {
    const { databasePath, key } = await prepareDatabase();
    const before = tableCounts(databasePath);

    const { results, retries } = await writeConcurrently(databasePath, key);
    const { acknowledged, refused, missing, notInFeed, leftovers } = verify(databasePath, results);
    const after = tableCounts(databasePath);

    console.log(
      `contention without a lock holder: ${results.length} writes sent, ${acknowledged} acknowledged (201), ${acknowledged - missing.length} of them present, ` +
        `${acknowledged - notInFeed.length} in the change feed, ${refused.length} refused with 503, ${retries} transactions retried after SQLITE_BUSY; actors ${before.actors} -> ${after.actors}, sources ${before.sources} -> ${after.sources}`,
    );
    expect(results).toHaveLength(PROCESSES * WRITES_PER_PROCESS);
    expect(results.filter((r) => r.status !== 201 && r.status !== 503)).toEqual([]);
    expect(missing).toEqual([]);
    expect(notInFeed).toEqual([]);
    expect(leftovers).toEqual([]);
    const imports = results.filter((r) => r.status === 201 && r.kind === 'import').length;
    expect(after.sources! - before.sources!).toBe(imports);
    // Each acknowledged actor write adds one actor, each import one more (its reporter).
    expect(after.actors! - before.actors!).toBe(acknowledged);
    expect(integrityProblems(databasePath)).toEqual([]);
  }, 120_000);

  it('when another process holds the write lock longer than the retry budget, answers 503 problem+json with Retry-After, writes nothing for it, and loses no 201', async () => {
    const { databasePath, key } = await prepareDatabase();
    const before = tableCounts(databasePath);

    const { results, holds, retries } = await writeConcurrently(databasePath, key, { holdMs: 800, gapMs: 300 });
    const { acknowledged, refused, missing, notInFeed, leftovers } = verify(databasePath, results);
    const after = tableCounts(databasePath);

    console.log(
      `contention with a lock holder (${holds} holds of 800 ms): ${results.length} writes sent, ${acknowledged} acknowledged (201), ${acknowledged - missing.length} of them present, ` +
        `${acknowledged - notInFeed.length} in the change feed, ${refused.length} refused with 503 (${leftovers.length} of them left anything behind), ` +
        `${results.filter((r) => r.status === 500).length} answered 500, ${retries} transactions retried after SQLITE_BUSY`,
    );
    expect(results.filter((r) => r.status !== 201 && r.status !== 503)).toEqual([]);
    expect(holds).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.retryAfter).toBe('1');
      expect(r.contentType).toMatch(/^application\/problem\+json/);
      expect(r.problem).toMatchObject({ status: 503, type: 'https://eventkg.dev/problems/service-unavailable' });
    }
    expect(missing).toEqual([]);
    expect(notInFeed).toEqual([]);
    expect(leftovers).toEqual([]);
    expect(after.actors! - before.actors!).toBe(acknowledged);
    expect(integrityProblems(databasePath)).toEqual([]);
  }, 120_000);
});
