// Every write endpoint behind an API key: 401 without a valid one, 403 without the scope, and a refused write changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, createApiKey, revokeApiKey } from '../../../../src/domain/api-keys.ts';
import { getJson, useApp } from '../../../helpers.ts';
import { expectProblem } from '../expect-problem.ts';
import {
  type Reply,
  SEED_SOURCE,
  UNKNOWN_TIME,
  WITHDRAWAL,
  call,
  loadBundle,
  quote,
  readFeed,
  servedState,
} from './curation-helpers.ts';

type Endpoint = { method: 'POST' | 'PATCH' | 'DELETE'; url: string; scope: 'write' | 'admin'; body?: unknown };

/** Every write, each with a well-formed body, so only the key can be why it is refused. */
const ENDPOINTS: Endpoint[] = [
  { method: 'POST', url: '/v1/sources', scope: 'write', body: loadBundle() },
  { method: 'POST', url: '/v1/actors', scope: 'write', body: { name: 'Maria Zakharova', kind: 'person' } },
  { method: 'PATCH', url: '/v1/actors/dmitry-peskov', scope: 'write', body: { description: 'Changed.' } },
  { method: 'DELETE', url: '/v1/actors/ethnic-armenian-forces', scope: 'admin' },
  {
    method: 'POST',
    url: '/v1/locations',
    scope: 'write',
    body: { name: 'Lachin', kind: 'city', parent: 'azerbaijan' },
  },
  { method: 'PATCH', url: '/v1/locations/kalbajar-district', scope: 'write', body: { areaKm2: 3054 } },
  { method: 'DELETE', url: '/v1/locations/kalbajar-monastery', scope: 'admin' },
  {
    method: 'POST',
    url: '/v1/events',
    scope: 'write',
    body: {
      title: 'A conference call',
      kind: 'press_conference',
      time: UNKNOWN_TIME,
      status: 'occurred',
      evidence: [quote('in a conference call with journalists')],
    },
  },
  { method: 'PATCH', url: `/v1/events/${WITHDRAWAL}`, scope: 'write', body: { status: 'occurred' } },
  { method: 'DELETE', url: '/v1/events/russian-peacekeepers-do-not-intervene', scope: 'admin' },
  {
    method: 'POST',
    url: '/v1/claims',
    scope: 'write',
    body: {
      speaker: 'dmitry-peskov',
      text: 'Gave no further details.',
      mode: 'reported_speech',
      stance: 'states',
      saidAt: UNKNOWN_TIME,
      evidence: quote('did not give further details'),
    },
  },
  { method: 'PATCH', url: '/v1/claims/dmitry-peskov-confirms', scope: 'write', body: { stance: 'states' } },
  { method: 'DELETE', url: '/v1/claims/dmitry-peskov-confirms', scope: 'admin' },
  { method: 'POST', url: '/v1/actors/kremlin/merge', scope: 'admin', body: { into: 'russia' } },
  {
    method: 'POST',
    url: '/v1/locations/kalbajar-monastery/merge',
    scope: 'admin',
    body: { into: 'kalbajar-district' },
  },
  {
    method: 'POST',
    url: '/v1/extractions',
    scope: 'write',
    body: { text: '“We will leave,” said Anna Petrova.', publishedAt: '2024-06-13' },
  },
  { method: 'PATCH', url: '/v1/extractions/ext-000000000000', scope: 'write', body: { draft: loadBundle() } },
  { method: 'POST', url: '/v1/extractions/ext-000000000000/accept', scope: 'write' },
  { method: 'POST', url: '/v1/extractions/ext-000000000000/reject', scope: 'write' },
];

const label = (e: Endpoint) => `${e.method} ${e.url}`;

describe('the write endpoints and their scopes', () => {
  const app = useApp();

  it('covers every operation the OpenAPI document marks as needing a key', async () => {
    const { body: document } = await getJson(app(), '/docs/json');
    const secured = Object.entries(document.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.security?.length)
          .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{id\}/, ':id')}`),
    );
    const matrix = ENDPOINTS.map((e) => `${e.method} ${e.url.replace(/^(\/v1\/\w+)\/[^/]+/, '$1/:id')}`);

    expect([...new Set(matrix)].sort()).toEqual(secured.sort());
    expect(matrix).toHaveLength(19);
  });

  it('knows three scopes: `read` (writes nothing), `write` and `admin`', () => {
    expect([...SCOPES].sort()).toEqual(['admin', 'read', 'write']);
  });
});

describe('writes refused by authentication and scope', () => {
  const app = useApp();
  const keys = { reader: '', writer: '', admin: '', revoked: '' };
  let before: Awaited<ReturnType<typeof servedState>>;
  let mark: string;

  beforeAll(async () => {
    keys.reader = createApiKey(app().db, { name: 'matrix-reader', scopes: ['read'] }).key;
    keys.writer = createApiKey(app().db, { name: 'matrix-writer', scopes: ['write'] }).key;
    keys.admin = createApiKey(app().db, { name: 'matrix-admin', scopes: ['admin'] }).key;
    const revoked = createApiKey(app().db, { name: 'matrix-revoked', scopes: ['admin'] });
    revokeApiKey(app().db, { id: revoked.id });
    keys.revoked = revoked.key;
    before = await servedState(app());
    mark = (await readFeed(app())).cursor;
  });

  const expectUnauthorized = (response: Reply, endpoint: Endpoint) => {
    const problem = expectProblem(response, 401, endpoint.url);
    expect(String(response.headers['www-authenticate'])).toMatch(/^Bearer\b/);
    return problem;
  };

  it.each(ENDPOINTS)('$method $url without a key answers 401 problem+json with WWW-Authenticate', async (endpoint) => {
    const response = await call(app(), endpoint.method, endpoint.url, { body: endpoint.body });

    const problem = expectUnauthorized(response, endpoint);
    expect(problem.detail).toMatch(/Authorization: Bearer/);
  });

  it.each(ENDPOINTS)(
    '$method $url with an unknown, malformed, revoked or non-Bearer key answers 401',
    async (endpoint) => {
      const unknown = `ekg_000000000000_${'A'.repeat(43)}`;
      const wrongSecret = keys.admin.slice(0, -4) + (keys.admin.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      for (const authorization of [
        `Bearer ${unknown}`,
        `Bearer ${wrongSecret}`,
        'Bearer not-a-key',
        `Bearer ${keys.revoked}`,
        `Basic ${keys.admin}`,
        keys.admin,
      ]) {
        const response = await call(app(), endpoint.method, endpoint.url, {
          body: endpoint.body,
          headers: { authorization },
        });
        expectUnauthorized(response, endpoint);
      }
    },
  );

  it.each(ENDPOINTS.filter((e) => e.scope === 'admin'))(
    '$method $url with a `write` key answers 403 naming the admin scope',
    async (endpoint) => {
      const response = await call(app(), endpoint.method, endpoint.url, { key: keys.writer, body: endpoint.body });

      const problem = expectProblem(response, 403, endpoint.url);
      expect(problem.detail).toMatch(/"admin" scope/);
      expect(problem.detail).toMatch(/"write"/);
      expect(response.headers['www-authenticate']).toBeUndefined();
    },
  );

  it.each(ENDPOINTS)('$method $url with a `read` key answers 403 naming the scope it needs', async (endpoint) => {
    const response = await call(app(), endpoint.method, endpoint.url, { key: keys.reader, body: endpoint.body });

    const problem = expectProblem(response, 403, endpoint.url);
    expect(problem.detail).toContain(`"${endpoint.scope}" scope`);
    expect(problem.detail).toMatch(/"read"/);
  });

  it('checks the key before the body: an invalid body without a key is still a 401', async () => {
    for (const endpoint of ENDPOINTS.filter((e) => e.method !== 'DELETE')) {
      const response = await call(app(), endpoint.method, endpoint.url, { body: { nonsense: true } });
      expectUnauthorized(response, endpoint);
    }
  });

  it('then none of the refused writes changed anything, and the feed is silent', async () => {
    expect(await servedState(app())).toEqual(before);
    expect((await readFeed(app(), mark)).changes).toEqual([]);
  });

  it('admits the `admin` key on every write (an invalid body or unknown id then fails on its own merits)', async () => {
    for (const endpoint of ENDPOINTS) {
      const url = endpoint.method === 'DELETE' ? endpoint.url.replace(/[^/]+$/, 'no-such-id') : endpoint.url;
      const response = await call(app(), endpoint.method, url, {
        key: keys.admin,
        ...(endpoint.method === 'DELETE' ? {} : { body: { nonsense: true } }),
      });
      expect([400, 404], `${label(endpoint)}: ${response.raw}`).toContain(response.status);
      expectProblem(response, response.status);
    }
    expect(await servedState(app())).toEqual(before);
  });

  it('admits the `write` key on creates and changes', async () => {
    for (const endpoint of ENDPOINTS.filter((e) => e.scope === 'write')) {
      const response = await call(app(), endpoint.method, endpoint.url, { key: keys.writer, body: { nonsense: true } });
      expectProblem(response, 400);
    }
  });

  it('keeps reads public: no key is needed to GET', async () => {
    for (const url of [
      '/v1/actors/dmitry-peskov',
      '/v1/claims?limit=1',
      `/v1/sources/${SEED_SOURCE}`,
      '/v1/changes?limit=1',
    ]) {
      expect((await getJson(app(), url)).status, url).toBe(200);
    }
  });
});
