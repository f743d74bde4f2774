// Rate limits: RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS per client, the client being the API
// key when a valid Bearer key is sent and the IP address otherwise; over it, 429 problem+json with
// Retry-After. The probes are never limited; 0 turns the limit off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { loadConfig } from '../../src/config.ts';

const MAX = 5;
let app: App;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  app = await buildApp({ databasePath: ':memory:', rateLimit: { max: MAX, windowMs: 60_000 } });
  keyA = createApiKey(app.db, { name: 'client-a', scopes: ['read'] }).key;
  keyB = createApiKey(app.db, { name: 'client-b', scopes: ['read'] }).key;
});
afterAll(() => app.close());

/** Sends `count` GETs as one client; returns the status codes. */
async function burst(count: number, headers: Record<string, string>) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await app.inject({ url: '/v1/actors?limit=1', headers })).statusCode);
  return statuses;
}

describe('the rate limit', () => {
  it(`per IP address: ${MAX} requests pass with X-RateLimit-* headers, the next is 429 problem+json with Retry-After`, async () => {
    const first = await app.inject({ url: '/v1/actors?limit=1', remoteAddress: '192.0.2.10' });
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': String(MAX), 'x-ratelimit-remaining': String(MAX - 1) });
    for (let i = 1; i < MAX; i++)
      expect((await app.inject({ url: '/v1/actors?limit=1', remoteAddress: '192.0.2.10' })).statusCode).toBe(200);

    const over = await app.inject({ url: '/v1/actors?limit=1', remoteAddress: '192.0.2.10' });

    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.headers['x-ratelimit-remaining']).toBe('0');
    expect(over.json()).toEqual({
      type: 'https://eventkg.dev/problems/too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail: `More than ${MAX} requests in 60 s from this address; retry in ${retryAfter} s.`,
      instance: '/v1/actors?limit=1',
    });
    // Another address is a different client.
    expect((await app.inject({ url: '/v1/actors?limit=1', remoteAddress: '192.0.2.11' })).statusCode).toBe(200);
  });

  it('per API key: a valid key has its own budget, whatever address it comes from, and other keys are unaffected', async () => {
    const a = { authorization: `Bearer ${keyA}` };
    const fromA = await burst(MAX + 1, a);
    const fromAElsewhere = (await app.inject({ url: '/v1/actors?limit=1', headers: a, remoteAddress: '198.51.100.7' }))
      .statusCode;
    const fromB = await burst(MAX, { authorization: `Bearer ${keyB}` });
    console.log(
      `rate limit ${MAX}/window: key A ${JSON.stringify(fromA)}, key A from another address ${fromAElsewhere}, key B ${JSON.stringify(fromB)}`,
    );
    expect(fromA).toEqual([...Array(MAX).fill(200), 429]);
    expect(fromAElsewhere).toBe(429);
    expect(fromB).toEqual(Array(MAX).fill(200));
    const over = await app.inject({ url: '/v1/actors?limit=1', headers: a });
    expect(over.json().detail).toMatch(/from this API key/);
  });

  it('an invalid or revoked Bearer token counts against the address, so made-up keys buy no extra budget', async () => {
    const made = (i: number) => ({ authorization: `Bearer ekg_${'0'.repeat(11)}${i}_${'x'.repeat(43)}` });
    const statuses: number[] = [];
    for (let i = 0; i <= MAX; i++)
      statuses.push(
        (await app.inject({ url: '/v1/actors?limit=1', headers: made(i), remoteAddress: '203.0.113.5' })).statusCode,
      );
    expect(statuses).toEqual([...Array(MAX).fill(200), 429]);
  });

  // Issue 10, finding 8: unknown paths were not counted, so probing for routes was free.
  it('counts requests to unknown paths: after the budget, a 404 probe is a 429 too, and it used the same budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MAX; i++)
      statuses.push((await app.inject({ url: `/v1/no-such-route-${i}`, remoteAddress: '192.0.2.77' })).statusCode);
    expect(statuses).toEqual(Array(MAX).fill(404));
    const probe = await app.inject({ url: '/wp-admin/setup.php', remoteAddress: '192.0.2.77' });
    expect(probe.statusCode).toBe(429);
    expect(probe.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await app.inject({ url: '/v1/actors?limit=1', remoteAddress: '192.0.2.77' })).statusCode).toBe(429);
  });

  it('never limits /health or /ready', async () => {
    for (let i = 0; i < MAX * 3; i++) {
      expect((await app.inject({ url: '/health', remoteAddress: '192.0.2.99' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/ready', remoteAddress: '192.0.2.99' })).statusCode).toBe(200);
    }
    const health = await app.inject({ url: '/health', remoteAddress: '192.0.2.99' });
    expect(health.headers).not.toHaveProperty('x-ratelimit-limit');
  });

  it('is off when max is 0 (RATE_LIMIT_MAX=0) and when buildApp is not given one', async () => {
    for (const options of [{ rateLimit: { max: 0, windowMs: 1000 } }, {}]) {
      const open = await buildApp({ databasePath: ':memory:', seed: false, ...options });
      const statuses = new Set<number>();
      for (let i = 0; i < 50; i++) statuses.add((await open.inject('/v1/actors?limit=1')).statusCode);
      const headers = (await open.inject('/v1/actors?limit=1')).headers;
      await open.close();
      expect([...statuses]).toEqual([200]);
      expect(headers).not.toHaveProperty('x-ratelimit-limit');
    }
  });

  it('a new window starts after RATE_LIMIT_WINDOW_MS', async () => {
    const short = await buildApp({ databasePath: ':memory:', seed: false, rateLimit: { max: 2, windowMs: 1000 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await short.inject('/v1/actors')).statusCode);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    statuses.push((await short.inject('/v1/actors')).statusCode);
    await short.close();
    expect(statuses).toEqual([200, 200, 429, 200]);
  });
});

describe('rate limit configuration', () => {
  it('defaults to 60000 requests per 60 s per client', () => {
    expect(loadConfig({})).toMatchObject({ RATE_LIMIT_MAX: 60_000, RATE_LIMIT_WINDOW_MS: 60_000 });
  });
});
