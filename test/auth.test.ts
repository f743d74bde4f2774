// requireScope: writes need a Bearer API key with the route's scope; failures are problem+json 401/403.
import Fastify, { type FastifyInstance } from 'fastify';
import { type ZodTypeProvider, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requireScope, writeSecurity } from '../src/auth.ts';
import { openDatabase } from '../src/db/client.ts';
import { createApiKey, revokeApiKey } from '../src/domain/api-keys.ts';
import { installErrorHandlers } from '../src/errors.ts';

let app: FastifyInstance;
const keys = { writer: '', admin: '', revoked: '' };
let writerId = '';

beforeAll(async () => {
  const server = Fastify().withTypeProvider<ZodTypeProvider>();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(server);
  const db = openDatabase(':memory:');
  server.decorate('db', db);
  server.addHook('onClose', async () => db.$client.close());

  const caller = z.object({ keyId: z.string(), keyName: z.string() });
  server.post(
    '/notes',
    {
      preHandler: requireScope('write'),
      schema: { security: writeSecurity, body: z.object({ text: z.string() }), response: { 200: caller } },
    },
    async (request) => ({ keyId: request.apiKey!.id, keyName: request.apiKey!.name }),
  );
  server.delete(
    '/notes/:id',
    { preHandler: requireScope('admin'), schema: { security: writeSecurity, response: { 200: caller } } },
    async (request) => ({ keyId: request.apiKey!.id, keyName: request.apiKey!.name }),
  );
  server.put(
    '/early',
    { onRequest: requireScope('write'), schema: { body: z.object({ text: z.string() }) } },
    async () => ({ ok: true }),
  );
  server.get('/notes', async (request) => ({ apiKey: request.apiKey ?? null }));
  await server.ready();
  app = server;

  const writer = createApiKey(db, { name: 'writer', scopes: ['write'] });
  writerId = writer.id;
  keys.writer = writer.key;
  keys.admin = createApiKey(db, { name: 'admin', scopes: ['admin'] }).key;
  const revoked = createApiKey(db, { name: 'old', scopes: ['admin'] });
  revokeApiKey(db, { id: revoked.id });
  keys.revoked = revoked.key;
});

afterAll(async () => {
  await app?.close();
});

async function send(method: 'POST' | 'DELETE' | 'PUT' | 'GET', url: string, authorization?: string, body?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: authorization === undefined ? {} : { authorization },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type'] ?? ''),
    wwwAuthenticate: response.headers['www-authenticate'],
    body: response.json(),
  };
}

function expectUnauthorized(response: Awaited<ReturnType<typeof send>>, url: string, detail: RegExp) {
  expect(response.status).toBe(401);
  expect(response.contentType).toMatch(/^application\/problem\+json/);
  expect(response.wwwAuthenticate).toBe('Bearer realm="eventkg"');
  expect(response.body).toEqual({
    type: 'https://eventkg.dev/problems/unauthorized',
    title: 'Unauthorized',
    status: 401,
    detail: expect.stringMatching(detail),
    instance: url,
  });
}

describe('a route guarded by requireScope("write")', () => {
  it('without an Authorization header, answers 401 problem+json with WWW-Authenticate: Bearer', async () => {
    expectUnauthorized(
      await send('POST', '/notes', undefined, { text: 'hi' }),
      '/notes',
      /Authorization: Bearer <key>/,
    );
  });

  it('with Basic credentials instead of a Bearer key, answers 401', async () => {
    const basic = `Basic ${Buffer.from('user:pass').toString('base64')}`;
    expectUnauthorized(await send('POST', '/notes', basic, { text: 'hi' }), '/notes', /Authorization: Bearer <key>/);
  });

  it('with a bare key (no "Bearer" scheme) or an empty Bearer, answers 401', async () => {
    expectUnauthorized(await send('POST', '/notes', keys.writer, { text: 'hi' }), '/notes', /Bearer/);
    expectUnauthorized(await send('POST', '/notes', 'Bearer ', { text: 'hi' }), '/notes', /Bearer/);
  });

  it('with an unknown key, answers 401 saying the key is not valid', async () => {
    const unknown = `ekg_ffffffffffff_${'A'.repeat(43)}`;
    expectUnauthorized(await send('POST', '/notes', `Bearer ${unknown}`, { text: 'hi' }), '/notes', /not valid/);
  });

  it('with a malformed or tampered key, answers 401', async () => {
    expectUnauthorized(await send('POST', '/notes', 'Bearer not-a-key', { text: 'hi' }), '/notes', /not valid/);
    const tampered = keys.writer.slice(0, -2) + (keys.writer.endsWith('AA') ? 'BB' : 'AA');
    expectUnauthorized(await send('POST', '/notes', `Bearer ${tampered}`, { text: 'hi' }), '/notes', /not valid/);
  });

  it('with a revoked key, answers 401', async () => {
    expectUnauthorized(await send('POST', '/notes', `Bearer ${keys.revoked}`, { text: 'hi' }), '/notes', /revoked/);
  });

  it('with a write key, runs the handler and tells it which key called', async () => {
    const response = await send('POST', '/notes', `Bearer ${keys.writer}`, { text: 'hi' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ keyId: writerId, keyName: 'writer' });
  });

  it('accepts the scheme in any case and extra spaces after it', async () => {
    for (const authorization of [`bearer ${keys.writer}`, `BEARER   ${keys.writer}`]) {
      const response = await send('POST', '/notes', authorization, { text: 'hi' });
      expect(response.status, authorization).toBe(200);
      expect(response.body.keyName).toBe('writer');
    }
  });

  it('with an admin key, runs the handler: admin implies write', async () => {
    const response = await send('POST', '/notes', `Bearer ${keys.admin}`, { text: 'hi' });
    expect(response.status).toBe(200);
    expect(response.body.keyName).toBe('admin');
  });
});

describe('a route guarded by requireScope("admin")', () => {
  it('with a write key, answers 403 problem+json naming the scope needed and the scopes the key has', async () => {
    const response = await send('DELETE', '/notes/1', `Bearer ${keys.writer}`);
    expect(response.status).toBe(403);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.wwwAuthenticate).toBeUndefined();
    expect(response.body).toEqual({
      type: 'https://eventkg.dev/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'This operation needs an API key with the "admin" scope; this key has "write".',
      instance: '/notes/1',
    });
  });

  it('without a key, answers 401 (not 403)', async () => {
    expectUnauthorized(await send('DELETE', '/notes/1'), '/notes/1', /Bearer/);
  });

  it('with an admin key, runs the handler', async () => {
    const response = await send('DELETE', '/notes/1', `Bearer ${keys.admin}`);
    expect(response.status).toBe(200);
    expect(response.body.keyName).toBe('admin');
  });
});

describe('placement of the hook', () => {
  it('as preHandler, checks the key after the body: an anonymous invalid body is a 400', async () => {
    const response = await send('POST', '/notes', undefined, { text: 42 });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'body.text', message: expect.any(String) }]);
  });

  it('as onRequest, refuses an anonymous caller before the body is read or validated', async () => {
    expectUnauthorized(await send('PUT', '/early', undefined, { text: 42 }), '/early', /Bearer/);
    expect((await send('PUT', '/early', `Bearer ${keys.writer}`, { text: 'ok' })).body).toEqual({ ok: true });
  });

  it('leaves unguarded routes public and without request.apiKey, even when a key is sent', async () => {
    expect((await send('GET', '/notes')).body).toEqual({ apiKey: null });
    expect((await send('GET', '/notes', `Bearer ${keys.admin}`)).body).toEqual({ apiKey: null });
  });
});
