// Timeouts: HANDLER_TIMEOUT_MS bounds a request's whole route lifecycle (503 problem+json, nothing
// written), CONNECTION_TIMEOUT_MS closes an idle socket, REQUEST_TIMEOUT_MS bounds receiving a request.
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';

const payload = JSON.stringify({ name: 'Slow Sender', kind: 'person' });

/** The actor body in two parts, `gapMs` apart. */
function slowBody(gapMs: number): Readable {
  const body = new Readable({ read() {} });
  body.push(payload.slice(0, 10));
  setTimeout(() => {
    body.push(payload.slice(10));
    body.push(null);
  }, gapMs);
  return body;
}

describe('HANDLER_TIMEOUT_MS', () => {
  it('answers a request whose body arrives too slowly with 503 problem+json, and writes nothing', async () => {
    const app = await buildApp({ databasePath: ':memory:', timeouts: { handlerMs: 200 } });
    const { key } = createApiKey(app.db, { name: 'slow', scopes: ['write'] });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': String(payload.length),
      },
      // Longer than the 200 ms the server allows.
      payload: slowBody(600),
    });
    // Let the rest of the body arrive: the handler must still not run.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const stored = await app.inject('/v1/actors?q=Slow%20Sender');
    await app.close();

    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: 'https://eventkg.dev/problems/service-unavailable', status: 503 });
    expect(response.json().detail).toMatch(/HANDLER_TIMEOUT_MS/);
    expect(stored.json().data).toEqual([]);
  });

  it('is off by default in buildApp: the same slow body is simply waited for (201)', async () => {
    const app = await buildApp({ databasePath: ':memory:' });
    const { key } = createApiKey(app.db, { name: 'patient', scopes: ['write'] });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': String(payload.length),
      },
      payload: slowBody(400),
    });
    await app.close();
    expect(response.statusCode).toBe(201);
  });
});

describe('CONNECTION_TIMEOUT_MS and REQUEST_TIMEOUT_MS', () => {
  it('reach the HTTP server: an idle socket is closed after CONNECTION_TIMEOUT_MS', async () => {
    const app = await buildApp({
      databasePath: ':memory:',
      seed: false,
      timeouts: { connectionMs: 300, requestMs: 5_000 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    expect(app.server.requestTimeout).toBe(5_000);
    expect(app.server.timeout).toBe(300);

    const started = performance.now();
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', reject);
      // Half a request line, then nothing.
      socket.on('connect', () => socket.write('GET /health HTTP/1.1\r\n'));
      socket.on('close', () => resolve(performance.now() - started));
    });
    await app.close();
    console.log(`an idle half-sent request was closed after ${closedAfter.toFixed(0)} ms (CONNECTION_TIMEOUT_MS=300)`);
    expect(closedAfter).toBeGreaterThanOrEqual(250);
    expect(closedAfter).toBeLessThan(5_000);
  });
});
