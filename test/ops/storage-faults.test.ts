// The storage fault battery: what clients, /ready and the log see when the database file fails.
// - read-only file: the server runs as an unprivileged user on a 0444 file (tests run as root, which
//   ignores file modes; so the child drops to uid/gid 65534, for which chmod is real);
// - full disk: the server runs under `ulimit -f` and imports a bundle bigger than the limit (the
//   server ignores SIGXFSZ, so the write fails with EFBIG instead of killing it);
// - damaged pages: garbage written over the pages of two tables in a copy of a seeded database;
// - an unusable file at start: random bytes, a truncated database, a directory.
// Expected: 503 problem+json with a clear detail (no SQL, no stack), Retry-After where a retry can
// help, /ready 503 with the reason, one log line per fault, and one line on stderr at start.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { bigBundle } from './big-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'eventkg-storage-'));
// The unprivileged child must reach its files.
chmodSync(dir, 0o777);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Log = Record<string, unknown>;
type Server = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  base: string;
  logs: Log[];
  stderr: () => string;
  exited: Promise<number | null>;
};

const runsAsRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** Starts src/server.ts on a free port, optionally as an unprivileged user or under a file size limit (KiB). */
function startServer(
  env: Record<string, string>,
  options: { unprivileged?: boolean; fileSizeLimitKiB?: number } = {},
): Promise<Server> {
  const node = [process.execPath, '--import', 'tsx', 'src/server.ts'];
  const [command, args] = options.fileSizeLimitKiB
    ? ['bash', ['-c', `ulimit -f ${options.fileSizeLimitKiB} && exec "$@"`, 'bash', ...node]]
    : [node[0]!, node.slice(1)];
  const child = spawn(command, args, {
    // One process: what a worker learns of its storage (a fault a request met) is its own, and these
    // tests follow one process's /ready.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.unprivileged && runsAsRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  const logs: Log[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Log;
        logs.push(entry);
        const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(entry.msg));
        if (listening) resolve({ child, base: listening[1]!, logs, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr.slice(-2000)}`)));
  });
}

/** The first log line whose msg starts with `prefix`, waiting for it: the answer may arrive before the line is read from the pipe. */
async function logLine(server: Server, prefix: string, timeoutMs = 5_000): Promise<Log | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const line = server.logs.find((entry) => String(entry.msg).startsWith(prefix));
    if (line || Date.now() > until) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(server: Server | undefined) {
  if (!server) return;
  server.child.kill('SIGTERM');
  await server.exited;
}

/** Runs src/server.ts on `databasePath` and returns its exit code and stderr (it must not start). */
function startFailure(databasePath: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_PATH: databasePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    }),
  );
}

/** A seeded, migrated database file with a write key; closed (WAL checkpointed) when it returns. */
async function seededDatabase(name: string): Promise<{ path: string; key: string }> {
  const path = join(dir, name, 'eventkg.db');
  mkdirSync(join(dir, name), { recursive: true });
  chmodSync(join(dir, name), 0o777);
  const app = await buildApp({ databasePath: path });
  const { key } = createApiKey(app.db, { name: 'storage', scopes: ['write'] });
  await app.close();
  return { path, key };
}

const json = { 'content-type': 'application/json' };

/**
 * The checks every storage problem must pass: a 503 problem+json that says what happened and no
 * internals (no SQL, stack or file path). /ready, read by operators, may name SQLite's code; API answers do not.
 */
async function expectStorageProblem(response: Response, detail: RegExp, retryAfter: string | null) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('retry-after')).toBe(retryAfter);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    type: 'https://eventkg.dev/problems/service-unavailable',
    title: 'Service unavailable',
    status: 503,
  });
  expect(body.detail).toMatch(detail);
  expect(JSON.stringify(body)).not.toMatch(/INSERT|SELECT|\.ts:|at .*\(|eventkg\.db/);
  if (body.instance !== '/ready') expect(JSON.stringify(body)).not.toMatch(/SQLITE/);
  return body;
}

describe('a read-only database file', () => {
  let server: Server;
  let key: string;
  beforeAll(async () => {
    const seeded = await seededDatabase('read-only');
    key = seeded.key;
    chmodSync(seeded.path, 0o444);
    server = await startServer({ DATABASE_PATH: seeded.path }, { unprivileged: true });
  }, 60_000);
  afterAll(() => stop(server), 30_000);

  it('answers a write with 503 problem+json saying the database is read-only (no Retry-After: an operator must act)', async () => {
    const response = await fetch(`${server.base}/v1/actors`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${key}` },
      body: JSON.stringify({ name: 'Read Only', kind: 'person' }),
    });
    await expectStorageProblem(response, /read-only.*nothing was written/, null);
    const line = await logLine(server, 'storage fault');
    expect(line).toMatchObject({
      level: 50,
      msg: 'storage fault: read-only (SQLITE_READONLY)',
      storage: { kind: 'read-only', code: 'SQLITE_READONLY' },
    });
  });

  it('still answers reads, and /ready answers 503 naming the read-only file', async () => {
    expect((await fetch(`${server.base}/v1/actors/dmitry-peskov`)).status).toBe(200);
    const ready = await fetch(`${server.base}/ready`);
    const body = await expectStorageProblem(ready, /Writes cannot succeed: read-only/, null);
    expect(body.instance).toBe('/ready');
  });
});

describe('a full disk (a file size limit on the server process)', () => {
  let server: Server;
  let key: string;
  let databasePath: string;
  beforeAll(async () => {
    const seeded = await seededDatabase('full');
    ({ key, path: databasePath } = seeded);
    // Below what the import writes into the WAL, above every file the server writes to start.
    server = await startServer({ DATABASE_PATH: databasePath }, { fileSizeLimitKiB: 512 });
  }, 60_000);
  afterAll(() => stop(server), 30_000);

  it('answers an import bigger than the limit with 503, Retry-After, and keeps running with nothing written', async () => {
    const bundle = JSON.stringify(bigBundle(1500, 'full-disk'));
    expect(bundle.length).toBeGreaterThan(512 * 1024);
    const response = await fetch(`${server.base}/v1/sources`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${key}` },
      body: bundle,
    });
    await expectStorageProblem(response, /could not be read or written.*nothing was written.*Retry-After/, '30');
    const line = await logLine(server, 'storage fault');
    expect(String(line?.msg)).toMatch(/^storage fault: (io-error \(SQLITE_IOERR\w*\)|disk-full \(SQLITE_FULL\))$/);

    // Alive (SIGXFSZ ignored), and the import is wholly absent.
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    const found = (await (
      await fetch(`${server.base}/v1/actors?q=${encodeURIComponent('Speaker full-disk')}`)
    ).json()) as { data: unknown[] };
    expect(found.data).toEqual([]);
  });

  it('/ready answers 503 with the reason right after, with a Retry-After of the probe interval', async () => {
    const ready = await fetch(`${server.base}/ready`);
    await expectStorageProblem(ready, /Writes fail: the last one met (io-error|disk-full)/, '5');
  });
});

/** Overwrites every page of each table in `tables` with random bytes (the file must have no WAL). */
function damageTables(path: string, tables: string[]) {
  const sqlite = new Database(path, { readonly: true });
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const pages = sqlite
    .prepare(`SELECT DISTINCT pageno FROM dbstat WHERE name IN (${tables.map(() => '?').join(',')})`)
    .pluck()
    .all(...tables) as number[];
  sqlite.close();
  expect(pages.length).toBeGreaterThanOrEqual(tables.length);
  const fd = openSync(path, 'r+');
  for (const page of pages) writeSync(fd, randomBytes(pageSize), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

describe('damaged pages', () => {
  let damagedPath: string;
  beforeAll(async () => {
    const seeded = await seededDatabase('damaged');
    damagedPath = join(dir, 'damaged', 'copy.db');
    copyFileSync(seeded.path, damagedPath);
    damageTables(damagedPath, ['actors', 'changes']);
  }, 30_000);

  it('pages of /v1/actors and /v1/changes answer 503 saying the file is damaged, and /ready then fails', async () => {
    const logs: string[] = [];
    const app = await buildApp({
      databasePath: damagedPath,
      seed: false,
      logger: { level: 'error', stream: { write: (line: string) => logs.push(line) } },
    });
    try {
      expect((await app.inject('/ready')).statusCode).toBe(200);
      for (const url of ['/v1/actors', '/v1/changes']) {
        const response = await app.inject(url);
        expect(response.statusCode, url).toBe(503);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['retry-after']).toBeUndefined();
        expect(response.json().detail).toMatch(/damaged.*restore it from a backup/);
        expect(response.body).not.toMatch(/SQLITE|malformed|SELECT/);
      }
      expect(logs.some((line) => /"msg":"storage fault: damaged \(SQLITE_(CORRUPT|NOTADB)\w*\)"/.test(line))).toBe(
        true,
      );
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().detail).toMatch(
        /^The database file is damaged: a request met SQLITE_(CORRUPT|NOTADB)\w* at .*Restore it from a backup\.$/,
      );
    } finally {
      await app.close();
    }
  });

  it('found by PRAGMA quick_check after start: /ready answers 503 before any request meets the damage', async () => {
    const app = await buildApp({ databasePath: damagedPath, seed: false, integrityCheck: true });
    try {
      const integrity = await new Promise<string>((resolve) => {
        const poll = () =>
          app.storage.integrity.state === 'checking' ? setTimeout(poll, 20) : resolve(app.storage.integrity.state);
        poll();
      });
      expect(integrity).toBe('damaged');
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().detail).toMatch(/^The database file is damaged: PRAGMA quick_check at start found/);
    } finally {
      await app.close();
    }
  });

  it('a sound file passes the quick_check: /ready 200', async () => {
    const sound = await seededDatabase('sound');
    const app = await buildApp({ databasePath: sound.path, seed: false, integrityCheck: true });
    try {
      while (app.storage.integrity.state === 'checking') await new Promise((resolve) => setTimeout(resolve, 20));
      expect(app.storage.integrity.state).toBe('ok');
      expect((await app.inject('/ready')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('an unusable file at start: one line on stderr naming DATABASE_PATH, exit code 1', () => {
  const cases: Array<[string, () => Promise<string> | string, RegExp]> = [
    [
      'random bytes',
      () => {
        const path = join(dir, 'random.db');
        writeFileSync(path, randomBytes(64 * 1024));
        return path;
      },
      /it is not a SQLite database \(SQLITE_NOTADB/,
    ],
    [
      'a truncated database',
      async () => {
        const { path } = await seededDatabase('truncated');
        truncateSync(path, Math.floor(statSync(path).size / 3));
        return path;
      },
      /damaged|not a SQLite database|reading or writing the file failed/,
    ],
    [
      'a directory',
      () => {
        const path = join(dir, 'a-directory.db');
        mkdirSync(path);
        return path;
      },
      /it is a directory; DATABASE_PATH names a file/,
    ],
    [
      'a path under a file',
      () => {
        const file = join(dir, 'plain-file');
        writeFileSync(file, 'not a directory');
        return join(file, 'eventkg.db');
      },
      /its directory cannot be created or opened \((EEXIST|ENOTDIR): /,
    ],
  ];
  for (const [label, make, reason] of cases) {
    it(`${label}`, async () => {
      const path = await make();
      const before = label === 'random bytes' ? readFileSync(path) : undefined;
      const { code, stderr, stdout } = await startFailure(path);
      expect(code).toBe(1);
      expect(stdout).not.toMatch(/listening/);
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^Cannot start: DATABASE_PATH=${JSON.stringify(path).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `),
      );
      expect(lines[0]).toMatch(reason);
      expect(stderr).not.toMatch(/\n\s+at /);
      // Refused, not repaired or overwritten.
      if (label === 'random bytes') expect(readFileSync(path).equals(before!)).toBe(true);
    }, 30_000);
  }
});
