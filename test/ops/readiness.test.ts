// GET /health (liveness) and GET /ready (readiness: the database answers and has applied every
// migration in migrations/meta/_journal.json).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { readJournal } from '../../src/db/migration-status.ts';

const dir = mkdtempSync(join(tmpdir(), 'eventkg-ready-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const journal = readJournal();

describe('GET /health', () => {
  it('answers ok with the API version and the version of the package that runs (package.json)', async () => {
    const app = await buildApp({ databasePath: ':memory:', seed: false });
    const response = await app.inject('/health');
    await app.close();
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', version: '1.0.0', packageVersion: version });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('GET /ready', () => {
  it('when the database answers and every migration is applied, answers 200 with the migration counts', async () => {
    const app = await buildApp({ databasePath: ':memory:', seed: false });
    const response = await app.inject('/ready');
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      version: '1.0.0',
      migrations: { expected: journal.length, applied: journal.length },
    });
  });

  it('when a migration of the journal is missing from __drizzle_migrations, answers 503 problem+json naming it', async () => {
    const app = await buildApp({ databasePath: join(dir, 'behind.db'), seed: false });
    const last = journal.at(-1)!;
    app.db.$client.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(last.when);

    const response = await app.inject('/ready');
    await app.close();

    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({
      type: 'https://eventkg.dev/problems/service-unavailable',
      status: 503,
      detail: `The database lacks 1 of ${journal.length} migration(s) (${last.tag}); restart the service or run npm run db:migrate.`,
      instance: '/ready',
    });
  });

  it('when the database does not answer, answers 503 problem+json without internals (and /health a 500: not alive)', async () => {
    const app = await buildApp({ databasePath: ':memory:', seed: false });
    app.db.$client.close();

    const ready = await app.inject('/ready');
    const health = await app.inject('/health');
    await app.close();

    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 503, detail: 'The database does not answer.' });
    expect(health.statusCode).toBe(500);
    expect(health.body).not.toMatch(/database connection|TypeError|at /);
  });

  it('is documented in the OpenAPI document with its 200 and 503 answers', async () => {
    const app = await buildApp({ databasePath: ':memory:', seed: false });
    const doc = (await app.inject('/docs/json')).json();
    await app.close();
    const ready = doc.paths['/ready'].get;
    expect(ready.summary).toBe('Readiness');
    expect(ready.tags).toEqual(['meta']);
    expect(Object.keys(ready.responses)).toEqual(expect.arrayContaining(['200', '503']));
    expect(ready.responses['503'].content).toHaveProperty(['application/problem+json']);
    expect(doc.paths['/health'].get.summary).toBe('Liveness');
  });
});
