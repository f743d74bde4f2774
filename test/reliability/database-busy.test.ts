// SQLITE_BUSY: a write transaction is retried a bounded number of times with a short backoff; when
// another connection keeps the write lock, the write answers 503 problem+json with Retry-After and
// writes nothing, reads go on, and the same write succeeds once the lock is released.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { BUSY_TIMEOUT_MS, WRITE_ATTEMPTS, busyStats, withBusyRetry } from '../../src/db/busy.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { DatabaseBusyError, installErrorHandlers } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'eventkg-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });

describe('withBusyRetry', () => {
  const sqlite = new Database(':memory:');

  it('retries a transaction that met SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT, and returns its result', () => {
    let calls = 0;
    const result = withBusyRetry(sqlite, () => {
      calls++;
      if (calls === 1) throw busy();
      if (calls === 2) throw busy('SQLITE_BUSY_SNAPSHOT');
      return 'written';
    });
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it(`gives up after ${WRITE_ATTEMPTS} busy attempts with a DatabaseBusyError (503, Retry-After: 1)`, () => {
    let calls = 0;
    const gaveUp = busyStats.gaveUp;
    const started = performance.now();
    const run = () =>
      withBusyRetry(sqlite, () => {
        calls++;
        throw busy();
      });
    expect(run).toThrow(DatabaseBusyError);
    expect(calls).toBe(WRITE_ATTEMPTS);
    expect(busyStats.gaveUp).toBe(gaveUp + 1);
    // Only the backoff sleeps here (SQLite's own busy_timeout is not involved): tens of milliseconds.
    expect(performance.now() - started).toBeLessThan(500);
    const error = new DatabaseBusyError();
    expect(error.status).toBe(503);
    expect(error.headers).toEqual({ 'retry-after': '1' });
  });

  it('does not retry other errors', () => {
    let calls = 0;
    const run = () =>
      withBusyRetry(sqlite, () => {
        calls++;
        throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      });
    expect(run).toThrow('UNIQUE constraint failed');
    expect(calls).toBe(1);
  });

  it('inside an enclosing transaction runs once: a retry there would replay only part of the work', () => {
    let calls = 0;
    sqlite.exec('BEGIN');
    try {
      expect(() =>
        withBusyRetry(sqlite, () => {
          calls++;
          throw busy();
        }),
      ).toThrow('database is locked');
    } finally {
      sqlite.exec('ROLLBACK');
    }
    expect(calls).toBe(1);
  });
});

describe('a write while another connection holds the write lock', () => {
  it('answers 503 problem+json with Retry-After within a bounded time, writes nothing, lets reads through, and succeeds after the lock is released', async () => {
    const databasePath = join(dir, 'locked.db');
    const app = await buildApp({ databasePath });
    const { key } = createApiKey(app.db, { name: 'busy', scopes: ['write'] });
    const write = () =>
      app.inject({
        method: 'POST',
        url: '/v1/actors',
        headers: { authorization: `Bearer ${key}` },
        payload: { name: 'Locked Out', kind: 'person' },
      });
    const other = new Database(databasePath);
    other.exec('BEGIN IMMEDIATE');

    const started = performance.now();
    const refused = await write();
    const blockedMs = performance.now() - started;
    const read = await app.inject('/v1/actors/dmitry-peskov');
    other.exec('ROLLBACK');
    const retried = await write();
    other.close();
    const feed = app.db.$client
      .prepare("SELECT count(*) FROM changes WHERE entity_type = 'actor' AND key_name = 'busy'")
      .pluck()
      .get();
    await app.close();

    console.log(
      `write under a held lock: ${refused.statusCode} after ${blockedMs.toFixed(0)} ms (busy_timeout ${BUSY_TIMEOUT_MS} ms x ${WRITE_ATTEMPTS} attempts); after release: ${retried.statusCode}`,
    );
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toEqual({
      type: 'https://eventkg.dev/problems/service-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail:
        'The database is busy with other writes and nothing was written. Send the request again after Retry-After seconds.',
      instance: '/v1/actors',
    });
    // The event loop is blocked while SQLite waits: bounded by the attempts x busy_timeout plus backoff.
    expect(blockedMs).toBeLessThan(WRITE_ATTEMPTS * BUSY_TIMEOUT_MS + 1_000);
    expect(read.statusCode).toBe(200);
    expect(retried.statusCode).toBe(201);
    expect(retried.json().name).toBe('Locked Out');
    expect(feed).toBe(1);
  });

  it('maps a busy error raised outside the retry (a raw SQLITE_BUSY reaching the error handler) to the same 503, never a 500', async () => {
    const app = Fastify();
    installErrorHandlers(app);
    app.get('/busy-probe', async () => {
      throw busy('SQLITE_BUSY_RECOVERY');
    });
    const response = await app.inject('/busy-probe');
    await app.close();
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json().type).toBe('https://eventkg.dev/problems/service-unavailable');
  });
});
