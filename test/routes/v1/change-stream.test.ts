// GET /v1/changes/stream (Server-Sent Events) over a real socket, and the ?kind= / ?id= filters it
// shares with GET /v1/changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../src/app.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { createApiKey } from '../../../src/domain/api-keys.ts';
import { updateActor } from '../../../src/domain/curation.ts';
import { SseClient } from '../../support/sse-client.ts';

let app: App;
let base: string;
let key: string;
let dir: string;
let databasePath: string;
const clients: SseClient[] = [];

async function connect(path: string, headers: Record<string, string> = {}) {
  const client = await SseClient.connect(`${base}${path}`, headers);
  clients.push(client);
  return client;
}

/** A write as a careful client sends it: a PATCH carries the ETag of a GET just before as If-Match. */
async function write(method: 'POST' | 'PATCH', url: string, payload: object) {
  const ifMatch = method === 'PATCH' ? { 'if-match': String((await app.inject(url)).headers.etag) } : {};
  const response = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}`, ...ifMatch } });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

/** What GET /v1/changes lists after `cursor` (every entry, one page). */
async function feedAfter(cursor: string, filters = '') {
  return (await app.inject(`/v1/changes?limit=1000&since=${encodeURIComponent(cursor)}${filters}`)).json()
    .data as Array<{ seq: number; entityType: string; entityId: string }>;
}

beforeAll(async () => {
  // A file, so that a second connection (standing for another process) can write to it.
  dir = mkdtempSync(join(tmpdir(), 'eventkg-stream-'));
  databasePath = join(dir, 'stream.db');
  app = await buildApp({
    databasePath,
    checkResponses: true,
    changeStream: { heartbeatMs: 200, pollMs: 50, maxPerClient: 2 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${address}`);
  base = `http://127.0.0.1:${address.port}`;
  key = createApiKey(app.db, { name: 'streamer', scopes: ['write'] }).key;
});

afterAll(async () => {
  for (const client of clients) client.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/changes/stream', () => {
  it('starts with a ready event at the end of the feed, then pushes a write made through the API as one event', async () => {
    const end = (await app.inject('/v1/changes?limit=1000')).json().page.nextCursor;
    const stream = await connect('/v1/changes/stream');
    const ready = await stream.next((e) => e.event === 'ready');

    await write('POST', '/v1/actors', { id: 'stream-test-actor', name: 'Stream Test Actor', kind: 'person' });
    const event = await stream.next((e) => e.event !== 'ready');

    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.retry).toBe(2000);
    expect(ready).toEqual({ id: end, event: 'ready', data: JSON.stringify({ cursor: end }) });
    const [entry] = await feedAfter(end);
    expect(event.event).toBe('actor');
    expect(JSON.parse(event.data)).toEqual(entry);
    expect(JSON.parse(event.data)).toMatchObject({
      action: 'create',
      entityType: 'actor',
      entityId: 'stream-test-actor',
      by: 'streamer',
      after: { name: 'Stream Test Actor' },
    });
    expect(event.id).toBe(
      (await app.inject(`/v1/changes?since=${encodeURIComponent(end)}&limit=1`)).json().page.nextCursor,
    );
    stream.close();
  });

  it('resumes after Last-Event-ID with only the later changes, whatever ?since says', async () => {
    const first = await connect('/v1/changes/stream');
    await first.next((e) => e.event === 'ready');
    await write('PATCH', '/v1/actors/stream-test-actor', { aliases: ['one'] });
    const seen = await first.next((e) => e.event === 'actor');
    first.close();

    // While disconnected: two more writes.
    await write('PATCH', '/v1/actors/stream-test-actor', { aliases: ['two'] });
    await write('PATCH', '/v1/actors/stream-test-actor', { aliases: ['three'] });
    const resumed = await connect('/v1/changes/stream?since=WyJzZXEiLCIwIl0', { 'last-event-id': seen.id });
    const ready = await resumed.next((e) => e.event === 'ready');
    await resumed.next((e) => e.event === 'actor', { after: 2 });

    expect(ready.id).toBe(seen.id);
    const actorEvents = resumed.events.filter((e) => e.event === 'actor').map((e) => JSON.parse(e.data).after.aliases);
    expect(actorEvents).toEqual([['two'], ['three']]);
    resumed.close();
  });

  it('replays from ?since= (a cursor of /v1/changes) and keeps only ?kind= and ?id= matches', async () => {
    const start = (await app.inject('/v1/changes?limit=1000')).json().page.nextCursor;
    await write('PATCH', '/v1/actors/stream-test-actor', { aliases: ['four'] });
    await write('PATCH', '/v1/claims/dmitry-peskov-confirms', { channel: 'a call with journalists' });

    const claims = await connect(`/v1/changes/stream?since=${encodeURIComponent(start)}&kind=claim`);
    const byId = await connect(`/v1/changes/stream?since=${encodeURIComponent(start)}&id=stream-test-actor`);
    const claim = await claims.next((e) => e.event !== 'ready');
    const actor = await byId.next((e) => e.event !== 'ready');
    await write('PATCH', '/v1/actors/stream-test-actor', { aliases: ['five'] });
    const later = await byId.next((e) => e.event !== 'ready', { after: 2 });

    expect(JSON.parse(claim.data)).toMatchObject({
      entityType: 'claim',
      entityId: 'dmitry-peskov-confirms',
      after: { channel: 'a call with journalists' },
    });
    expect(JSON.parse(actor.data)).toMatchObject({
      entityType: 'actor',
      entityId: 'stream-test-actor',
      after: { aliases: ['four'] },
    });
    expect(JSON.parse(later.data).after.aliases).toEqual(['five']);
    expect(claims.events.filter((e) => e.event !== 'ready' && e.event !== 'claim')).toEqual([]);
    expect(byId.events.filter((e) => e.event !== 'ready').map((e) => JSON.parse(e.data).entityId)).toEqual([
      'stream-test-actor',
      'stream-test-actor',
    ]);
    claims.close();
    byId.close();
  });

  it('sees a write by another connection to the database (another process) by polling', async () => {
    const stream = await connect('/v1/changes/stream?kind=actor');
    await stream.next((e) => e.event === 'ready');
    const other = openDatabase(databasePath);
    try {
      updateActor(other, { keyName: 'cli' }, 'stream-test-actor', { aliases: ['from-the-cli'] });
    } finally {
      other.$client.close();
    }

    const event = await stream.next((e) => e.event === 'actor', { timeoutMs: 3_000 });

    expect(JSON.parse(event.data)).toMatchObject({
      by: 'cli',
      entityId: 'stream-test-actor',
      after: { aliases: ['from-the-cli'] },
    });
    stream.close();
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const stream = await connect('/v1/changes/stream');
    await stream.next((e) => e.event === 'ready');
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(stream.comments.filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(1);
    stream.close();
  });

  it('bounds open streams per client: one more is a 429 problem, and a closed one frees its place', async () => {
    const one = await connect('/v1/changes/stream');
    const two = await connect('/v1/changes/stream');
    await Promise.all([one.next((e) => e.event === 'ready'), two.next((e) => e.event === 'ready')]);

    const three = await connect('/v1/changes/stream');
    const withKey = await connect('/v1/changes/stream', { authorization: `Bearer ${key}` });
    two.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await connect('/v1/changes/stream');

    expect(three.status).toBe(429);
    expect(three.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(three.headers['retry-after']).toBe('1');
    expect(JSON.parse(three.body)).toMatchObject({
      status: 429,
      title: 'Too many requests',
      detail: expect.stringMatching(/^This address already has 2 change streams open/),
    });
    expect(withKey.status).toBe(200);
    expect(again.status).toBe(200);
    for (const client of [one, withKey, again]) client.close();
  });

  it('refuses a Last-Event-ID or since it did not issue, naming it, before the stream starts', async () => {
    const badHeader = await connect('/v1/changes/stream', { 'last-event-id': 'nonsense' });
    const badKind = await connect('/v1/changes/stream?kind=claims');

    expect(badHeader.status).toBe(400);
    expect(JSON.parse(badHeader.body).errors).toEqual([
      { path: 'headers.last-event-id', message: 'is not a cursor this feed issued; pass page.nextCursor unchanged' },
    ]);
    expect(badKind.status).toBe(400);
    expect(JSON.parse(badKind.body).errors.map((e: { path: string }) => e.path)).toEqual(['query.kind']);
  });

  it('answers HEAD with the head of a stream and ends', async () => {
    const response = await app.inject({ method: 'HEAD', url: '/v1/changes/stream' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.body).toBe('');
    expect(app.changeStreams.openCount).toBe(0);
  });
});

describe('GET /v1/changes ?kind= and ?id=', () => {
  it('lists only the changes of those types, or of that entity, in feed order', async () => {
    const all = (await app.inject('/v1/changes?limit=1000')).json().data as Array<{
      seq: number;
      entityType: string;
      entityId: string;
    }>;
    const kinds = (await app.inject('/v1/changes?limit=1000&kind=claim,event')).json().data as typeof all;
    const one = (await app.inject('/v1/changes?limit=1000&id=stream-test-actor')).json().data as typeof all;
    const typed = (await app.inject('/v1/changes?limit=1000&id=stream-test-actor&kind=claim')).json()
      .data as typeof all;

    expect(kinds.map((c) => c.seq)).toEqual(
      all.filter((c) => c.entityType === 'claim' || c.entityType === 'event').map((c) => c.seq),
    );
    expect(kinds.length).toBeGreaterThan(0);
    expect(one.map((c) => c.seq)).toEqual(all.filter((c) => c.entityId === 'stream-test-actor').map((c) => c.seq));
    expect(one.length).toBeGreaterThanOrEqual(5);
    expect(typed).toEqual([]);
  });

  it('pages a filtered feed with nextCursor', async () => {
    const whole = (await app.inject('/v1/changes?limit=1000&kind=claim')).json().data as Array<{ seq: number }>;
    const first = (await app.inject('/v1/changes?limit=2&kind=claim')).json();
    const second = (
      await app.inject(`/v1/changes?limit=1000&kind=claim&since=${encodeURIComponent(first.page.nextCursor)}`)
    ).json();

    expect(first.page.hasMore).toBe(true);
    expect([...first.data, ...second.data].map((c: { seq: number }) => c.seq)).toEqual(whole.map((c) => c.seq));
  });

  it('names a kind it does not know', async () => {
    const response = await app.inject('/v1/changes?kind=claim,person');

    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      {
        path: 'query.kind',
        message: 'must be one or more of source, actor, location, event, claim, extraction, separated by commas',
      },
    ]);
  });
});

describe('shutdown with streams open', () => {
  it('ends every stream and closes without waiting for them', async () => {
    const own = await buildApp({ databasePath: ':memory:', changeStream: { heartbeatMs: 60_000 } });
    await own.listen({ port: 0, host: '127.0.0.1' });
    const address = own.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const streams = await Promise.all(
      [1, 2].map(() => SseClient.connect(`http://127.0.0.1:${address.port}/v1/changes/stream`)),
    );
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'ready')));

    const started = Date.now();
    await own.close();
    await Promise.all(streams.map((s) => s.waitForEnd(2_000)));

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(own.changeStreams.openCount).toBe(0);
    expect(streams.map((s) => s.ended)).toEqual([true, true]);
  });
});
