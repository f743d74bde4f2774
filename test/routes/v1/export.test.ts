// GET /v1/export and `npm run db:export`: the whole graph, consistent with a feed cursor, so that the
// dump plus the feed after it is the live graph.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../src/app.ts';
import { createApiKey } from '../../../src/domain/api-keys.ts';
import { exportChunks, openSnapshot } from '../../../src/domain/export.ts';
import { updateActor } from '../../../src/domain/curation.ts';
import { walkPages } from '../../helpers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const LISTS = {
  source: '/v1/sources',
  actor: '/v1/actors',
  location: '/v1/locations',
  event: '/v1/events',
  claim: '/v1/claims',
} as const;

let app: App;
let dir: string;
let databasePath: string;
let writer: string;
let admin: string;

type Header = { format: string; version: number; cursor: string; seq: number; counts: Record<string, number> };
type Line = { entityType: string; entityId: string; data: Record<string, unknown> };

function parseNdjson(body: string): { header: Header; lines: Line[] } {
  expect(body.endsWith('\n')).toBe(true);
  const [first, ...rest] = body
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  return { header: first as Header, lines: rest as Line[] };
}

/** Every entity as GET /v1/{type}s/{id} answers it, keyed `type:id`. */
async function liveGraph(): Promise<Map<string, unknown>> {
  const graph = new Map<string, unknown>();
  for (const [type, list] of Object.entries(LISTS)) {
    const { items } = await walkPages(app, `${list}?limit=100`);
    for (const { id } of items) graph.set(`${type}:${id}`, (await app.inject(`${list}/${id}`)).json());
  }
  return graph;
}

/** A write as a careful client sends it: PATCH, DELETE and merge carry the ETag of a GET just before as If-Match. */
async function send(method: 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: object) {
  const resource = url.replace(/\/merge$/, '');
  const changesStored = method !== 'POST' || resource !== url;
  const ifMatch = changesStored ? { 'if-match': String((await app.inject(resource)).headers.etag) } : {};
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...ifMatch },
    ...(payload ? { payload } : {}),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eventkg-export-'));
  databasePath = join(dir, 'export.db');
  app = await buildApp({ databasePath, checkResponses: true });
  writer = createApiKey(app.db, { name: 'writer', scopes: ['write'] }).key;
  admin = createApiKey(app.db, { name: 'admin', scopes: ['write', 'admin'] }).key;
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/export?format=ndjson', () => {
  it('holds every entity as the API serves it, after a first line with the feed cursor it is consistent with', async () => {
    const response = await app.inject('/v1/export');
    const { header, lines } = parseNdjson(response.body);
    const feedEnd = (await app.inject('/v1/changes?limit=1000')).json().page.nextCursor;
    const live = await liveGraph();

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="eventkg-export.ndjson"');
    expect(header).toMatchObject({ format: 'eventkg-export', version: 1, cursor: feedEnd });
    expect(header.counts).toEqual(
      Object.fromEntries(
        Object.keys(LISTS).map((type) => [type, [...live.keys()].filter((k) => k.startsWith(`${type}:`)).length]),
      ),
    );
    expect(lines.map((line) => line.entityType)).toEqual(
      [...lines.map((line) => line.entityType)].sort(
        (a, b) => Object.keys(LISTS).indexOf(a) - Object.keys(LISTS).indexOf(b),
      ),
    );
    expect(new Map(lines.map((line) => [`${line.entityType}:${line.entityId}`, line.data]))).toEqual(live);
  });

  it('plus the feed after its cursor equals the live graph, across creates, updates, a delete and a merge', async () => {
    const { header, lines } = parseNdjson((await app.inject('/v1/export')).body);
    const copy = new Map<string, unknown>(lines.map((line) => [`${line.entityType}:${line.entityId}`, line.data]));

    await send('POST', '/v1/actors', writer, { id: 'export-test-one', name: 'Export Test One', kind: 'person' });
    await send('POST', '/v1/actors', writer, { id: 'export-test-two', name: 'Export Test Two', kind: 'organization' });
    await send('PATCH', '/v1/claims/dmitry-peskov-confirms', writer, { channel: 'a call with reporters' });
    await send('PATCH', '/v1/actors/russia', writer, { aliases: ['Russian Federation'] });
    await send('DELETE', '/v1/actors/export-test-two', admin);
    await send('POST', '/v1/actors/export-test-one/merge', admin, { into: 'dmitry-peskov' });

    const changes = (await app.inject(`/v1/changes?limit=1000&since=${encodeURIComponent(header.cursor)}`)).json()
      .data as Array<{
      action: string;
      entityType: string;
      entityId: string;
      after: unknown;
    }>;
    for (const change of changes) {
      const key = `${change.entityType}:${change.entityId}`;
      if (change.action === 'delete' || change.action === 'merge') copy.delete(key);
      else copy.set(key, change.after);
    }

    expect(changes.map((c) => c.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete', 'merge']));
    expect(copy).toEqual(await liveGraph());
  });

  it('is one snapshot: a write made while the dump is being read is not in it, and comes after its cursor', async () => {
    const snapshot = openSnapshot(app.db);
    let text = '';
    try {
      const chunks = exportChunks(snapshot.db, 'ndjson', 'http://localhost');
      text += chunks.next().value;
      // The service writes between two chunks of the dump.
      updateActor(app.db, { keyName: 'writer' }, 'russia', { aliases: ['written during the export'] });
      for (const chunk of chunks) text += chunk;
    } finally {
      snapshot.release();
    }
    const { header, lines } = parseNdjson(text);
    const russia = lines.find((line) => line.entityId === 'russia' && line.entityType === 'actor')!;
    const after = (await app.inject(`/v1/changes?since=${encodeURIComponent(header.cursor)}`)).json().data;

    expect(russia.data.aliases).toEqual(['Russian Federation']);
    expect(after.map((c: { entityId: string; action: string }) => `${c.action} ${c.entityId}`)).toEqual([
      'update russia',
    ]);
    expect((await app.inject('/v1/actors/russia')).json().aliases).toEqual(['written during the export']);
  });
});

describe('HEAD /v1/export', () => {
  it('answers the head alone, without reading the graph', async () => {
    const response = await app.inject({ method: 'HEAD', url: '/v1/export?format=jsonld' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(response.body).toBe('');
  });
});

describe('GET /v1/export?format=jsonld', () => {
  it("is one JSON-LD document with the cursor and a node per entity, with this server's @ids", async () => {
    const response = await app.inject({ url: '/v1/export?format=jsonld', headers: { host: 'api.example.org' } });
    const document = response.json();
    const ndjson = parseNdjson((await app.inject('/v1/export')).body);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(document['@context']).toMatchObject({
      schema: 'http://schema.org/',
      sem: 'http://semanticweb.cs.vu.nl/2009/11/sem/',
    });
    expect(document['ekg:export']).toMatchObject({ cursor: ndjson.header.cursor, counts: ndjson.header.counts });
    expect(document['@graph']).toHaveLength(ndjson.lines.length);
    expect(document['@graph']).toContainEqual(
      expect.objectContaining({ '@id': 'http://api.example.org/v1/claims/dmitry-peskov-confirms' }),
    );
  });

  it('names a format it does not offer', async () => {
    const response = await app.inject('/v1/export?format=csv');

    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toEqual(['query.format']);
  });
});

describe('npm run db:export', () => {
  it('writes the same dump as the endpoint, from DATABASE_PATH, to --out', async () => {
    const out = join(dir, 'dump.ndjson');
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'cli', 'export.ts'), '--out', out],
      {
        env: { ...process.env, DATABASE_PATH: databasePath },
      },
    );
    const fromCli = parseNdjson(readFileSync(out, 'utf8'));
    const fromApi = parseNdjson((await app.inject('/v1/export')).body);

    expect({ ...fromCli.header, exportedAt: 0 }).toEqual({ ...fromApi.header, exportedAt: 0 });
    expect(fromCli.lines).toEqual(fromApi.lines);
  }, 60_000);
});

describe('an in-memory database', () => {
  it('is dumped whole too (read without pausing, as it has no second connection)', async () => {
    const memory = await buildApp({ databasePath: ':memory:' });
    try {
      const { header, lines } = parseNdjson((await memory.inject('/v1/export')).body);
      expect(header.seq).toBeGreaterThan(0);
      expect(lines.length).toBe(Object.values(header.counts).reduce((a, b) => a + b, 0));
      expect(memory.db.$client.inTransaction).toBe(false);
    } finally {
      await memory.close();
    }
  });
});
