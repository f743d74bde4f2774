// ETags on every resource; GET honours If-None-Match (304), PATCH/DELETE/merge honour If-Match (412 on a stale version).
import { describe, expect, it } from 'vitest';
import { useApp } from '../../../helpers.ts';
import { expectProblem } from '../expect-problem.ts';
import { SEED_SOURCE, WITHDRAWAL, call, callFresh, readFeed, servedState, useKeys } from './curation-helpers.ts';

const app = useApp();
const keys = useKeys(app);

const RESOURCES = [
  `/v1/sources/${SEED_SOURCE}`,
  '/v1/actors/dmitry-peskov',
  '/v1/locations/kalbajar-district',
  `/v1/events/${WITHDRAWAL}`,
  '/v1/claims/dmitry-peskov-confirms',
];

async function etagOf(url: string): Promise<string> {
  const response = await call(app(), 'GET', url);
  expect(response.status).toBe(200);
  return String(response.headers.etag);
}

describe('GET with ETag and If-None-Match', () => {
  it.each(RESOURCES)('%s carries a strong ETag that is stable while nothing changes', async (url) => {
    const first = await call(app(), 'GET', url);
    const second = await call(app(), 'GET', url);

    expect(first.status).toBe(200);
    expect(String(first.headers.etag)).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
  });

  it.each(RESOURCES)(
    '%s answers 304 with an empty body and the ETag when If-None-Match names the current one',
    async (url) => {
      const etag = await etagOf(url);

      for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`, '*']) {
        const response = await call(app(), 'GET', url, { headers: { 'if-none-match': ifNoneMatch } });
        expect(response.status, ifNoneMatch).toBe(304);
        expect(response.raw).toBe('');
        expect(response.headers.etag).toBe(etag);
      }
    },
  );

  it.each(RESOURCES)('%s answers 200 with the body when If-None-Match names another version', async (url) => {
    const response = await call(app(), 'GET', url, { headers: { 'if-none-match': '"some-older-version"' } });

    expect(response.status).toBe(200);
    expect(response.body.id).toBe(url.split('/').pop());
  });
});

describe('PATCH and DELETE with If-Match', () => {
  it('refuses a PATCH with a stale If-Match with 412, and changes nothing', async () => {
    const url = '/v1/actors/kremlin';
    const stale = await etagOf(url);
    const first = await callFresh(app(), 'PATCH', url, {
      key: keys.writer,
      body: { description: 'First edit.' },
      headers: { 'if-match': stale },
    });
    expect(first.status, first.raw).toBe(200);
    const before = await servedState(app());
    const mark = (await readFeed(app())).cursor;

    const second = await callFresh(app(), 'PATCH', url, {
      key: keys.writer,
      body: { description: 'Second edit, on an old read.' },
      headers: { 'if-match': stale },
    });

    const problem = expectProblem(second, 412, url);
    expect(problem.detail).toContain(String(first.headers.etag));
    expect(await servedState(app())).toEqual(before);
    expect((await readFeed(app(), mark)).changes).toEqual([]);
  });

  it('applies a PATCH with the current If-Match and answers the new ETag, which GET then serves', async () => {
    for (const url of [
      '/v1/actors/kremlin',
      '/v1/locations/kalbajar-district',
      `/v1/events/${WITHDRAWAL}`,
      '/v1/claims/apa-reports',
    ]) {
      const current = await etagOf(url);
      const body = url.includes('locations')
        ? { areaKm2: 3054 }
        : url.includes('claims')
          ? { stance: 'states' }
          : { description: `Edited ${url}.` };

      const response = await callFresh(app(), 'PATCH', url, {
        key: keys.writer,
        body,
        headers: { 'if-match': current },
      });

      expect(response.status, `${url}: ${response.raw}`).toBe(200);
      const next = String(response.headers.etag);
      expect(next).not.toBe(current);
      expect(await etagOf(url)).toBe(next);
      expect((await call(app(), 'GET', url, { headers: { 'if-none-match': current } })).status).toBe(200);
      expect((await call(app(), 'GET', url, { headers: { 'if-none-match': next } })).status).toBe(304);
    }
  });

  it('accepts If-Match: * and a list that names the current ETag', async () => {
    const url = '/v1/actors/apa';
    const star = await callFresh(app(), 'PATCH', url, {
      key: keys.writer,
      body: { aliases: ['APA news agency'] },
      headers: { 'if-match': '*' },
    });
    const list = await callFresh(app(), 'PATCH', url, {
      key: keys.writer,
      body: { aliases: [] },
      headers: { 'if-match': `"old", ${star.headers.etag}` },
    });

    expect(star.status, star.raw).toBe(200);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.aliases).toEqual([]);
  });

  it('changes the ETag of a resource when something it embeds is renamed', async () => {
    const claimUrl = '/v1/claims/dmitry-peskov-confirms';
    const before = await etagOf(claimUrl);

    const rename = await callFresh(app(), 'PATCH', '/v1/actors/dmitry-peskov', {
      key: keys.writer,
      body: { name: 'Dmitry Sergeyevich Peskov' },
    });

    expect(rename.status).toBe(200);
    const after = await call(app(), 'GET', claimUrl, { headers: { 'if-none-match': before } });
    expect(after.status).toBe(200);
    expect(after.body.speaker.name).toBe('Dmitry Sergeyevich Peskov');
    const stale = await callFresh(app(), 'PATCH', claimUrl, {
      key: keys.writer,
      body: { stance: 'states' },
      headers: { 'if-match': before },
    });
    expectProblem(stale, 412, claimUrl);
  });

  it('refuses a DELETE with a stale If-Match with 412 and keeps the resource; deletes with the current one', async () => {
    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Short-lived actor', kind: 'group' },
    });
    const url = `/v1/actors/${created.body.id}`;
    const stale = String(created.headers.etag);
    const edited = await callFresh(app(), 'PATCH', url, { key: keys.writer, body: { description: 'Edited.' } });
    expect(edited.status).toBe(200);

    const refused = await callFresh(app(), 'DELETE', url, { key: keys.admin, headers: { 'if-match': stale } });

    expectProblem(refused, 412, url);
    expect((await call(app(), 'GET', url)).body).toEqual(edited.body);

    const deleted = await callFresh(app(), 'DELETE', url, {
      key: keys.admin,
      headers: { 'if-match': String(edited.headers.etag) },
    });
    expect(deleted.status).toBe(204);
    expect((await call(app(), 'GET', url)).status).toBe(404);
  });

  it('refuses a merge with a stale If-Match with 412 and merges nothing', async () => {
    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Moscow', kind: 'state' },
    });
    const url = `/v1/actors/${created.body.id}`;
    await callFresh(app(), 'PATCH', url, { key: keys.writer, body: { description: 'Metonym for Russia.' } });
    const before = await servedState(app());

    const refused = await callFresh(app(), 'POST', `${url}/merge`, {
      key: keys.admin,
      body: { into: 'russia' },
      headers: { 'if-match': String(created.headers.etag) },
    });

    expectProblem(refused, 412, `${url}/merge`);
    expect(await servedState(app())).toEqual(before);
  });
});

// Issue 10, finding 7: a change that does not name the version it read could undo one it never saw,
// and RFC 9110 (13.1.1) compares If-Match strongly: a weak tag never satisfies it.
describe('If-Match is required and compared strongly', () => {
  const CHANGES = [
    {
      method: 'PATCH' as const,
      url: '/v1/actors/apa',
      key: 'writer' as const,
      body: { description: 'Azerbaijan’s state news agency.' },
    },
    {
      method: 'PATCH' as const,
      url: '/v1/claims/dmitry-peskov-confirms',
      key: 'writer' as const,
      body: { stance: 'states' },
    },
    { method: 'DELETE' as const, url: '/v1/locations/kalbajar-monastery', key: 'admin' as const, body: undefined },
    { method: 'POST' as const, url: '/v1/actors/azertac/merge', key: 'admin' as const, body: { into: 'apa' } },
  ];

  it.each(CHANGES)(
    '$method $url without If-Match is a 428 naming the header and how to get the tag, and changes nothing',
    async ({ method, url, key, body }) => {
      const before = await servedState(app());
      const mark = (await readFeed(app())).cursor;
      const response = await call(app(), method, url, { key: keys[key], body });

      const problem = expectProblem(response, 428, url);
      const resource = url.replace(/\/merge$/, '');
      expect(problem).toMatchObject({
        type: 'https://eventkg.dev/problems/precondition-required',
        title: 'Precondition required',
        detail: `${method} ${url} needs an If-Match header: GET ${resource}, read its ETag header and send it back as If-Match, so the change cannot overwrite one you have not seen.`,
        errors: [{ path: 'headers.if-match', message: 'is required: send the ETag you read' }],
      });
      expect(await servedState(app())).toEqual(before);
      expect((await readFeed(app(), mark)).changes).toEqual([]);
    },
  );

  it('still answers 404 (not 428) for a resource that does not exist, and 401 before anything without a key', async () => {
    expectProblem(
      await call(app(), 'PATCH', '/v1/actors/no-such-actor', { key: keys.writer, body: { description: 'x' } }),
      404,
    );
    expectProblem(await call(app(), 'PATCH', '/v1/actors/apa', { body: { description: 'x' } }), 401);
  });

  it('refuses a weak tag naming the current ETag with 412, alone or in a list', async () => {
    const url = '/v1/actors/apa';
    const etag = await etagOf(url);
    for (const ifMatch of [`W/${etag}`, `"old", W/${etag}`]) {
      const response = await call(app(), 'PATCH', url, {
        key: keys.writer,
        body: { description: 'Weakly matched.' },
        headers: { 'if-match': ifMatch },
      });
      expectProblem(response, 412, url);
    }
    expect((await call(app(), 'GET', url)).headers.etag).toBe(etag);
  });

  it('does not ask creates for If-Match', async () => {
    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Unconditional Creator', kind: 'person' },
    });
    expect(created.status, created.raw).toBe(201);
  });
});

describe('with requireIfMatch off (REQUIRE_IF_MATCH=false)', () => {
  const loose = useApp({ requireIfMatch: false });
  const looseKeys = useKeys(loose);

  it('applies a PATCH without If-Match, and still refuses a stale one', async () => {
    const applied = await call(loose(), 'PATCH', '/v1/actors/apa', {
      key: looseKeys.writer,
      body: { description: 'No precondition.' },
    });
    expect(applied.status, applied.raw).toBe(200);
    expect(applied.body.description).toBe('No precondition.');
    expectProblem(
      await call(loose(), 'PATCH', '/v1/actors/apa', {
        key: looseKeys.writer,
        body: { description: 'x' },
        headers: { 'if-match': '"stale"' },
      }),
      412,
    );
  });
});
