// HTTP caching: stamp-derived ETags and 304s on every list, Cache-Control and Vary on reads, no-store
// for keyed requests, writes and failures (plugins/http-cache.ts, db/database-stamp.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../src/app.ts';
import { createApiKey } from '../../../src/domain/api-keys.ts';
import { loadConfig } from '../../../src/config.ts';
import { localStamp } from '../../../src/db/database-stamp.ts';
import { AnswerCache } from '../../../src/db/answer-cache.ts';
import { useApp } from '../../helpers.ts';

const LISTS = [
  '/v1/claims',
  '/v1/claims?speaker=dmitry-peskov',
  '/v1/events',
  '/v1/actors',
  '/v1/actors/dmitry-peskov/claims',
  '/v1/actors/dmitry-peskov/events',
  '/v1/locations',
  '/v1/sources',
  '/v1/timeline?location=azerbaijan',
  '/v1/search?q=withdrawal',
  '/v1/graph?focus=actor:dmitry-peskov',
  '/v1/graph/path?from=actor:dmitry-peskov&to=location:kalbajar-district',
  '/v1/events/russian-peacekeepers-withdraw-from-nagorno-karabakh/perspectives',
  '/v1/changes',
  '/v1/extractions',
  '/v1/claims?format=csv',
  '/v1/export',
  '/v1/export?format=jsonld',
];

async function get(app: App, url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

describe('ETag and 304 on every list', () => {
  const app = useApp();
  let key: string;
  beforeAll(() => {
    key = createApiKey(app().db, { name: 'cache-writer', scopes: ['write'] }).key;
  });

  it.each(LISTS)('%s: a weak ETag, then 304 with an empty body for If-None-Match', async (url) => {
    const first = await get(app(), url);
    expect(first.statusCode).toBe(200);
    expect(first.body.length).toBeGreaterThan(0);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(String(first.headers.vary)).toMatch(/Accept/);
    expect(String(first.headers.vary)).toMatch(/Authorization/);

    const again = await get(app(), url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    // A strong form of the same tag, or one in a list, matches too (If-None-Match compares weakly).
    const listed = await get(app(), url, { 'if-none-match': `"other", ${etag.slice(2)}` });
    expect(listed.statusCode).toBe(304);
  });

  it('another If-None-Match gets the 200 and its body', async () => {
    const answer = await get(app(), '/v1/claims', { 'if-none-match': 'W/"not-the-tag"' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().data.length).toBeGreaterThan(0);
  });

  it('the tag differs by URL and by Accept, which choose the body', async () => {
    const a = await get(app(), '/v1/claims?limit=2');
    const b = await get(app(), '/v1/claims?limit=3');
    const csv = await get(app(), '/v1/claims?limit=2', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(new Set([a.headers.etag, b.headers.etag, csv.headers.etag]).size).toBe(3);
    const stale = await get(app(), '/v1/claims?limit=2', {
      accept: 'text/csv',
      'if-none-match': String(a.headers.etag),
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toMatch(/^"id",/);
  });

  it('after a write the tag changes and the 200 comes back with the new data', async () => {
    const url = '/v1/actors?q=Zakharova';
    const before = await get(app(), url);
    expect(before.json().data).toEqual([]);
    const etag = String(before.headers.etag);

    const created = await app().inject({
      method: 'POST',
      url: '/v1/actors',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'Maria Zakharova', kind: 'person' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');

    const after = await get(app(), url, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().data.map((actor: { name: string }) => actor.name)).toEqual(['Maria Zakharova']);
    // A list the write did not touch gets a new tag as well: the stamp is the whole database's.
    const other = await get(app(), '/v1/locations');
    expect((await get(app(), '/v1/locations', { 'if-none-match': String(other.headers.etag) })).statusCode).toBe(304);
  });

  it('a request carrying a key gets no-store, on lists and single resources alike', async () => {
    for (const url of ['/v1/claims', '/v1/claims/dmitry-peskov-confirms', '/v1/export']) {
      const keyed = await get(app(), url, { authorization: `Bearer ${key}` });
      expect(keyed.statusCode).toBe(200);
      expect(keyed.headers['cache-control']).toBe('no-store');
    }
    // Even a key that is not valid: what the request carries decides, not whether it verifies.
    const bogus = await get(app(), '/v1/claims', { authorization: 'Bearer ekg_nope' });
    expect(bogus.headers['cache-control']).toBe('no-store');
    const anonymous = await get(app(), '/v1/claims');
    expect(bogus.headers.etag).not.toBe(anonymous.headers.etag);
  });

  it('a single resource keeps the strong tag of its representation, with the read policy', async () => {
    const one = await get(app(), '/v1/claims/dmitry-peskov-confirms');
    expect(String(one.headers.etag)).toMatch(/^"[^"]+"$/);
    expect(one.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const again = await get(app(), '/v1/claims/dmitry-peskov-confirms', { 'if-none-match': String(one.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('a refused read carries no tag and is not to be stored', async () => {
    const refused = await get(app(), '/v1/claims?speakr=dmitry-peskov');
    expect(refused.statusCode).toBe(400);
    expect(refused.headers.etag).toBeUndefined();
    expect(refused.headers['cache-control']).toBe('no-store');
    const missing = await get(app(), '/v1/claims/no-such-claim');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('the change stream is left alone (it says no-store itself)', async () => {
    const answer = await app().inject({ method: 'GET', url: '/v1/changes/stream?since=bad' });
    expect(answer.headers.etag).toBeUndefined();
  });
});

describe('CACHE_MAX_AGE', () => {
  let app: App;
  beforeAll(async () => {
    app = await buildApp({ databasePath: ':memory:', cacheMaxAge: 60 });
  });
  afterAll(() => app.close());

  it('sets max-age on reads, not on keyed answers', async () => {
    const list = await get(app, '/v1/events');
    expect(list.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    const one = await get(app, '/v1/actors/dmitry-peskov');
    expect(one.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    const keyed = await get(app, '/v1/events', { authorization: 'Bearer ekg_x' });
    expect(keyed.headers['cache-control']).toBe('no-store');
  });

  it('is validated at start', () => {
    expect(loadConfig({}).CACHE_MAX_AGE).toBe(0);
    expect(loadConfig({ CACHE_MAX_AGE: '60' }).CACHE_MAX_AGE).toBe(60);
    for (const bad of ['-1', '1e3', '', '60s', '31536001']) {
      expect(() => loadConfig({ CACHE_MAX_AGE: bad })).toThrow(
        /CACHE_MAX_AGE=.*whole number of seconds, 0 to 31536000/,
      );
    }
  });
});

describe('the tag is the same in every process on one database file', () => {
  let dir: string;
  let one: App;
  let two: App;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eventkg-cache-'));
    const databasePath = join(dir, 'kg.db');
    one = await buildApp({ databasePath });
    two = await buildApp({ databasePath });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two connections (as two workers) agree, and a write through one changes the tag in the other', async () => {
    const a = await get(one, '/v1/claims');
    const b = await get(two, '/v1/claims');
    expect(a.headers.etag).toBe(b.headers.etag);
    expect((await get(two, '/v1/claims', { 'if-none-match': String(a.headers.etag) })).statusCode).toBe(304);

    const { key } = createApiKey(one.db, { name: 'worker-one', scopes: ['write'] });
    const created = await one.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'Maria Zakharova', kind: 'person' },
    });
    expect(created.statusCode).toBe(201);
    const after = await get(two, '/v1/claims', { 'if-none-match': String(a.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).toBe((await get(one, '/v1/claims')).headers.etag);
  });
});

describe('the answer cache: a list asked again on the same data', () => {
  const app = useApp();

  it('is answered with the same body and headers, without running the route again', async () => {
    const url = '/v1/claims?speaker=dmitry-peskov&limit=3';
    const answers = app().db.$context.answers;
    const first = await get(app(), url);
    expect(first.statusCode).toBe(200);
    // Kept the second time it is built (the first only marks its tag as seen).
    const built = await get(app(), url);
    expect(built.body).toBe(first.body);
    expect(answers.size).toBeGreaterThan(0);
    const localBefore = answers.size;
    const again = await get(app(), url);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
    expect(again.headers['x-request-id']).toBeDefined();
    expect(again.headers['x-content-type-options']).toBe('nosniff');
    expect(answers.size).toBe(localBefore);
    // What answers it is the cache: an answer put there under the tag is what the client gets.
    const marked = JSON.stringify({ ...first.json(), marked: true });
    for (let offered = 0; offered < 2; offered++)
      answers.set(String(first.headers.etag), localStamp(app().db), {
        body: marked,
        contentType: String(first.headers['content-type']),
      });
    expect((await get(app(), url)).body).toBe(marked);
  });

  it('is emptied by any commit, even one that bypasses the change feed', async () => {
    const url = '/v1/claims?speaker=dmitry-peskov&limit=1';
    const first = await get(app(), url);
    const claim = first.json().data[0];
    // A raw write leaves the change feed (and so the tag) as it was, but not the local stamp.
    app().db.$client.prepare('UPDATE claims SET channel = ? WHERE id = ?').run('changed by hand', claim.id);
    app()
      .db.$client.prepare("DELETE FROM kept_representations WHERE entity_type = 'claim' AND entity_id = ?")
      .run(claim.id);
    const after = await get(app(), url);
    expect(after.headers.etag).toBe(first.headers.etag);
    expect(after.json().data[0].channel).toBe('changed by hand');
  });

  it('keeps neither keyed answers, other formats nor refusals', async () => {
    const answers = app().db.$context.answers;
    const { key } = createApiKey(app().db, { name: 'cache-reader', scopes: ['read'] });
    expect((await get(app(), '/v1/events?limit=4', { authorization: `Bearer ${key}` })).statusCode).toBe(200);
    // (Making the key committed: the cache empties at its next use.)
    await get(app(), '/v1/events?limit=2');
    await get(app(), '/v1/events?limit=2');
    const before = answers.size;
    expect(before).toBe(1);
    const csv = await get(app(), '/v1/events?limit=4', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect((await get(app(), '/v1/events?limt=4')).statusCode).toBe(400);
    expect(answers.size).toBe(before);
    // And the CSV asked again is still CSV, the JSON still JSON.
    expect((await get(app(), '/v1/events?limit=4', { accept: 'text/csv' })).body).toBe(csv.body);
    const json = await get(app(), '/v1/events?limit=4');
    expect(json.headers['content-type']).toMatch(/application\/json/);
    expect(answers.size).toBe(before);
    expect((await get(app(), '/v1/events?limit=4')).body).toBe(json.body);
    expect(answers.size).toBe(before + 1);
    expect((await get(app(), '/v1/events?limit=4')).body).toBe(json.body);
  });
});

describe('AnswerCache', () => {
  it('keeps an answer the second time it is offered, bounded by characters, emptied when the stamp moves', () => {
    const cache = new AnswerCache(64 * 16);
    const answer = (body: string) => ({ body, contentType: 'application/json' });
    cache.set('a', '1:0', answer('x'.repeat(40)));
    expect(cache.get('a', '1:0')).toBeUndefined();
    cache.set('a', '1:0', answer('x'.repeat(40)));
    expect(cache.get('a', '1:0')?.body).toBe('x'.repeat(40));
    // Larger than a sixteenth of the cache: never kept.
    cache.set('big', '1:0', answer('y'.repeat(65)));
    cache.set('big', '1:0', answer('y'.repeat(65)));
    expect(cache.get('big', '1:0')).toBeUndefined();
    // Least recently used out when the characters run over.
    for (let i = 0; i < 30; i++) {
      cache.set(`k${i}`, '1:0', answer('z'.repeat(60)));
      cache.set(`k${i}`, '1:0', answer('z'.repeat(60)));
    }
    expect(cache.chars).toBeLessThanOrEqual(64 * 16);
    expect(cache.get('k29', '1:0')).toBeDefined();
    expect(cache.get('a', '1:0')).toBeUndefined();
    // Another stamp: nothing kept, nothing seen.
    expect(cache.get('k29', '2:0')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set('k29', '2:0', answer('z'));
    expect(cache.get('k29', '2:0')).toBeUndefined();
  });
});
