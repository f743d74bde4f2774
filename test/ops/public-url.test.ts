// PUBLIC_URL decides every absolute URL the service writes (JSON-LD @id, the CSV url column,
// Link: rel="next"); the Host header and an absolute-form request line never do, and a malformed
// Host is a 400 problem, not a 500. Over a real socket: app.inject cannot send these requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { rawRequest } from './support/raw-http.ts';

const PUBLIC = 'https://kg.example.org';

/** One export of each format; each with limit=1 so the answer has a next page. */
const EXPORTS = [
  '/v1/claims?limit=1&format=csv',
  '/v1/events?limit=1&format=jsonld',
  '/v1/locations?limit=1&format=geojson',
  '/v1/graph?focus=actor:dmitry-peskov&format=graphml',
];

let app: App;
let port: number;

beforeAll(async () => {
  app = await buildApp({ databasePath: ':memory:', publicUrl: PUBLIC });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app?.close();
});

const get = (target: string, hostLine: string | null, version = '1.1') =>
  rawRequest(
    port,
    `GET ${target} HTTP/${version}\r\n${hostLine === null ? '' : `${hostLine}\r\n`}Connection: close\r\n\r\n`,
  );

describe('a malformed Host header', () => {
  for (const [label, hostLine, message] of [
    ['a port above 65535', 'Host: evil.example:99999', /port 99999/],
    ['a space', 'Host: a b', /not a host/],
    ['an empty value', 'Host:', /empty/],
    ['no Host at all in HTTP/1.1', null, /is missing: an HTTP\/1\.1 request must name its host/],
  ] as const) {
    it(`with ${label} is a 400 problem naming headers.host on every export format`, async () => {
      for (const target of [...EXPORTS, '/v1/claims?limit=1']) {
        const response = await get(target, hostLine);
        expect(response.status, `${target}: ${response.body}`).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json).toMatchObject({ type: 'https://eventkg.dev/problems/invalid-request', status: 400 });
        expect(response.json.errors).toEqual([{ path: 'headers.host', message: expect.stringMatching(message) }]);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
      }
    });
  }
});

describe('URLs in answers', () => {
  it('HTTP/1.0 without Host: every export answers 200 with its next page on PUBLIC_URL', async () => {
    for (const target of EXPORTS) {
      const response = await get(target, null, '1.0');
      expect(response.status, `${target}: ${response.body}`).toBe(200);
      if (!target.startsWith('/v1/graph')) expect(response.headers.link).toMatch(new RegExp(`^<${PUBLIC}/v1/`));
    }
  });

  it('a foreign Host is never copied into Link, JSON-LD @id or the CSV url column', async () => {
    const csv = await get('/v1/claims?limit=1&format=csv', 'Host: evil.example:8080');
    expect(csv.status).toBe(200);
    expect(csv.headers.link).toMatch(
      /^<https:\/\/kg\.example\.org\/v1\/claims\?limit=1&format=csv&cursor=[^>]+>; rel="next"$/,
    );
    expect(csv.body.split(/\r?\n/)[0]!.split(',')).toContain('"url"');
    expect(csv.body).toMatch(/,"https:\/\/kg\.example\.org\/v1\/claims\/[a-z0-9-]+",/);

    const jsonld = await get('/v1/events?limit=1&format=jsonld', 'Host: evil.example');
    expect(jsonld.json['@graph'][0]['@id']).toMatch(/^https:\/\/kg\.example\.org\/v1\/events\//);
    for (const response of [csv, jsonld]) expect(response.body + response.headers.link).not.toContain('evil');
  });

  it('an absolute-form request line does not leak its origin or credentials into Link', async () => {
    const response = await get(
      'http://user:pass@evil.example:8080/v1/claims?limit=1&format=csv',
      'Host: evil.example:8080',
    );
    expect(response.status).toBe(200);
    expect(response.headers.link).toMatch(/^<https:\/\/kg\.example\.org\/v1\/claims\?limit=1&format=csv&cursor=/);
    expect(response.headers.link).not.toMatch(/evil|user|pass/);
  });
});
