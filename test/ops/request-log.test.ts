// Request ids and structured logs: the id comes from a sane incoming X-Request-Id or is generated,
// is echoed in the response, and every request is logged once, as JSON, with method, url, status, time.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const lines: Array<Record<string, unknown>> = [];
let app: App;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  app = await buildApp({ databasePath: ':memory:', logger: { level: 'info', stream } });
});
afterAll(() => app.close());

/** The log lines written for the request with this id. */
const linesOf = (id: string) => lines.filter((line) => line.reqId === id);

describe('X-Request-Id', () => {
  it('when the request sends a sane X-Request-Id, uses it as the request id and echoes it', async () => {
    const response = await app.inject({ url: '/v1/actors/dmitry-peskov', headers: { 'x-request-id': 'edge-7f3a:91' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('edge-7f3a:91');
    expect(linesOf('edge-7f3a:91')).toHaveLength(1);
  });

  it.each([
    ['none', undefined],
    ['a blank one', ''],
    ['one with spaces', 'hello world'],
    ['one with a quote', 'a"b'],
    ['one of 129 characters', 'x'.repeat(129)],
  ])('when the request sends %s, generates a UUID and echoes that', async (_label, given) => {
    const response = await app.inject({
      url: '/health',
      headers: given === undefined ? {} : { 'x-request-id': given },
    });
    const id = String(response.headers['x-request-id']);
    expect(id).toMatch(UUID);
    expect(linesOf(id)).toHaveLength(1);
  });

  it('gives two requests without an id two different ids', async () => {
    const a = await app.inject('/health');
    const b = await app.inject('/health');
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('echoes the id on errors too: a 404, a 400 and a 401', async () => {
    for (const [url, method, status] of [
      ['/nowhere', 'GET', 404],
      ['/v1/claims?limit=0', 'GET', 400],
      ['/v1/actors', 'POST', 401],
    ] as const) {
      const id = `err-${status}`;
      const response = await app.inject({
        url,
        method,
        headers: { 'x-request-id': id },
        payload: method === 'POST' ? {} : undefined,
      });
      expect(response.statusCode).toBe(status);
      expect(response.headers['x-request-id']).toBe(id);
      expect(linesOf(id)).toEqual([expect.objectContaining({ statusCode: status, method, url })]);
    }
  });
});

describe('the request log', () => {
  it('writes exactly one JSON line per request with level, time, reqId, method, url, statusCode, responseTimeMs, remoteAddress', async () => {
    await app.inject({ url: '/v1/claims?speaker=dmitry-peskov&limit=2', headers: { 'x-request-id': 'one-line' } });
    const [line, ...more] = linesOf('one-line');
    expect(more).toEqual([]);
    expect(line).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      reqId: 'one-line',
      method: 'GET',
      url: '/v1/claims?speaker=dmitry-peskov&limit=2',
      statusCode: 200,
      responseTimeMs: expect.any(Number),
      remoteAddress: '127.0.0.1',
      msg: 'request completed',
    });
  });

  it('never logs the Authorization header or a key, but names the key id that authorized a write', async () => {
    const { id, key } = createApiKey(app.db, { name: 'logger', scopes: ['write'] });
    await app.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: { authorization: `Bearer ${key}`, 'x-request-id': 'write-1' },
      payload: { name: 'Log Test Person', kind: 'person' },
    });
    expect(linesOf('write-1')).toEqual([expect.objectContaining({ statusCode: 201, apiKeyId: id })]);
    expect(JSON.stringify(lines)).not.toContain(key);
  });

  // Issue 10, finding 7: a key sent in the query string (401, rightly) was logged and echoed in `instance`.
  it('masks a key sent in the query string, or any key-shaped string, in the log line and in the problem', async () => {
    const { id, key } = createApiKey(app.db, { name: 'leaky', scopes: ['write'] });
    // The secret is base64url and may itself hold an underscore: cut the prefix, do not split.
    const secret = key.slice(`ekg_${id}_`.length);
    expect(secret.length).toBeGreaterThan(20);
    const response = await app.inject({
      method: 'POST',
      url: `/v1/actors?api_key=${key}&note=ekg_almost-a-key`,
      headers: { 'x-request-id': 'leak-1' },
      payload: { name: 'X', kind: 'person' },
    });

    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain(secret);
    expect(response.json().instance).toBe(`/v1/actors?api_key=ekg_${id}_[redacted]&note=ekg_[redacted]`);
    expect(linesOf('leak-1')).toEqual([
      expect.objectContaining({ url: `/v1/actors?api_key=ekg_${id}_[redacted]&note=ekg_[redacted]`, statusCode: 401 }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);

    // A 400 that names what it read (an unknown parameter, a search word) does not echo a key either.
    const search = await app.inject({ url: `/v1/search?q=${key}*x`, headers: { 'x-request-id': 'leak-2' } });
    expect(search.statusCode).toBe(400);
    expect(search.body).not.toContain(secret);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });
});
