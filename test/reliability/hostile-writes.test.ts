// Hostile input on every write route: malformed JSON, wrong types, missing and extra fields, over-long
// strings, too many items, wrong media types, oversize bodies, bad keys. Each must be a 4xx problem+json
// with the expected status, and the database (every table, search indexes and change feed included)
// must be exactly as before. Last, the valid bodies the cases were made from are accepted, so every
// refusal above was for its one defect.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { useApp } from '../helpers.ts';
import { expectProblem } from '../routes/v1/expect-problem.ts';
import { digest } from './support/db-digest.ts';

const app = useApp();
const SEED_SOURCE = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false };
const evidence = (quote: string) => ({ sourceId: SEED_SOURCE, quote });

const keys = { admin: '', write: '', read: '' };
beforeAll(() => {
  keys.admin = createApiKey(app().db, { name: 'hostile-admin', scopes: ['admin'] }).key;
  keys.write = createApiKey(app().db, { name: 'hostile-writer', scopes: ['write'] }).key;
  keys.read = createApiKey(app().db, { name: 'hostile-reader', scopes: ['read'] }).key;
});

type Base = Record<string, unknown>;

const ACTOR: Base = {
  name: 'Hostile Test Actor',
  kind: 'person',
  aliases: ['HTA'],
  description: 'Made up for the hostile-input tests.',
  affiliations: [{ organization: 'kremlin', role: 'adviser' }],
  evidence: [evidence('did not give further details')],
};
const LOCATION: Base = {
  name: 'Hostile Test Place',
  kind: 'site',
  aliases: ['HTP'],
  description: 'Made up.',
  parent: 'kalbajar-district',
  coordinates: { lat: 40.1, lon: 46.0 },
  areaKm2: 1.5,
  evidence: [evidence('Kalbajar district')],
};
const EVENT: Base = {
  title: 'Hostile test event',
  kind: 'test_event',
  description: 'Made up.',
  time: UNKNOWN_TIME,
  status: 'occurred',
  location: 'azerbaijan',
  participants: [{ actor: 'russian-peacekeepers', role: 'agent' }],
  quantities: [],
  relations: [],
  evidence: [evidence('No timeframe was given for the withdrawal.')],
};
const CLAIM: Base = {
  speaker: 'dmitry-peskov',
  text: 'Said nothing more.',
  mode: 'reported_speech',
  stance: 'states',
  saidAt: UNKNOWN_TIME,
  channel: 'conference call',
  reportedBy: 'apa',
  about: { events: [], actors: ['russian-peacekeepers'] },
  respondsTo: null,
  evidence: evidence('did not give further details'),
};
const BUNDLE: Base = {
  source: {
    title: 'A hostile-input test report',
    publisher: null,
    url: null,
    publishedAt: '2024-05-02',
    language: 'en',
    text: 'Officials said the hostile test convoy left on Thursday. "It is over," a spokesman said.',
  },
  actors: [{ key: 'spokesman', name: 'Hostile test spokesman', kind: 'person', evidence: ['a spokesman'] }],
  locations: [],
  events: [
    {
      key: 'convoy',
      title: 'Hostile test convoy leaves',
      kind: 'departure',
      time: UNKNOWN_TIME,
      status: 'occurred',
      evidence: ['the hostile test convoy left'],
    },
  ],
  claims: [
    {
      key: 'over',
      speaker: 'spokesman',
      text: 'It is over,',
      mode: 'direct_quote',
      stance: 'states',
      saidAt: UNKNOWN_TIME,
      about: { events: ['convoy'], actors: [] },
      evidence: '"It is over," a spokesman said.',
    },
  ],
};

/** Strings and their limits, arrays and theirs, by the path they have in a body. */
type Limits = { strings: Array<[string, number]>; arrays: Array<[string, number]> };

const LIMITS: Record<string, Limits> = {
  actors: {
    strings: [
      ['name', 300],
      ['aliases.0', 300],
      ['description', 5000],
      ['affiliations.0.role', 300],
      ['affiliations.0.organization', 200],
      ['evidence.0.quote', 10_000],
    ],
    arrays: [
      ['aliases', 100],
      ['affiliations', 100],
      ['evidence', 50],
    ],
  },
  locations: {
    strings: [
      ['name', 300],
      ['aliases.0', 300],
      ['description', 5000],
      ['parent', 200],
      ['evidence.0.sourceId', 200],
    ],
    arrays: [
      ['aliases', 100],
      ['evidence', 50],
    ],
  },
  events: {
    strings: [
      ['title', 300],
      ['kind', 100],
      ['description', 5000],
      ['location', 200],
      ['participants.0.actor', 200],
      ['evidence.0.quote', 10_000],
    ],
    arrays: [
      ['participants', 500],
      ['evidence', 50],
    ],
  },
  claims: {
    strings: [
      ['speaker', 200],
      ['text', 10_000],
      ['channel', 300],
      ['reportedBy', 200],
      ['about.actors.0', 200],
      ['evidence.quote', 10_000],
    ],
    arrays: [['about.actors', 500]],
  },
  sources: {
    strings: [
      ['source.title', 300],
      ['source.text', 1_000_000],
      ['source.language', 35],
      ['actors.0.name', 300],
      ['claims.0.text', 10_000],
    ],
    arrays: [
      ['actors', 5000],
      ['events.0.evidence', 50],
    ],
  },
};

function get(body: any, path: string): any {
  return path.split('.').reduce((value, segment) => value?.[segment], body);
}

function set(body: any, path: string, value: unknown): any {
  const copy = structuredClone(body);
  const segments = path.split('.');
  const parent = segments.slice(0, -1).reduce((v: any, s) => v[s], copy);
  parent[segments[segments.length - 1]!] = value;
  return copy;
}

function without(body: any, path: string): any {
  const copy = structuredClone(body);
  const segments = path.split('.');
  const parent = segments.slice(0, -1).reduce((v: any, s) => v[s], copy);
  delete parent[segments[segments.length - 1]!];
  return copy;
}

/** `claims.0.text` -> `body.claims[0].text`, the way problem details name it. */
const problemPath = (path: string) =>
  `body${path
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('')}`;

/** A value of another JSON type than `value`'s (never null, which some fields accept). */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return '12';
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return 'not an array';
  return ['not', 'an', 'object'];
}

type Case = {
  name: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** Sent as is, instead of `body` as JSON. */
  payload?: string;
  contentType?: string | null;
  key?: 'admin' | 'write' | 'read' | 'none' | 'malformed';
  headers?: Record<string, string>;
  status: number;
  /** A path `errors` must name. */
  names?: string;
};

/** Cases that apply to any route taking a JSON body. */
function bodyCases(method: 'POST' | 'PATCH', url: string, base: Base, bodyLimit: number): Case[] {
  const valid = JSON.stringify(base);
  const nested = firstObjectPath(base);
  return [
    ...(nested
      ? [
          {
            name: 'an extra field in a nested object',
            method,
            url,
            body: set(base, `${nested}.extra`, 1),
            status: 400,
            names: problemPath(`${nested}.extra`),
          },
        ]
      : []),
    { name: 'malformed JSON', method, url, payload: '{"name": "x",', status: 400, names: 'body' },
    { name: 'truncated JSON', method, url, payload: valid.slice(0, -1), status: 400, names: 'body' },
    { name: 'JSON with a trailing comma', method, url, payload: `${valid.slice(0, -1)},}`, status: 400, names: 'body' },
    { name: 'single-quoted JSON', method, url, payload: valid.replaceAll('"', "'"), status: 400, names: 'body' },
    { name: 'an empty body', method, url, payload: '', status: 400 },
    { name: 'JSON null', method, url, payload: 'null', status: 400 },
    { name: 'a JSON array', method, url, payload: `[${valid}]`, status: 400 },
    { name: 'a JSON string', method, url, payload: '"a string"', status: 400 },
    { name: 'a JSON number', method, url, payload: '42', status: 400 },
    {
      name: '__proto__ in the body',
      method,
      url,
      payload: `{"__proto__":{"isAdmin":true},${valid.slice(1)}`,
      status: 400,
    },
    {
      name: 'constructor.prototype in the body',
      method,
      url,
      payload: `{"constructor":{"prototype":{"isAdmin":true}},${valid.slice(1)}`,
      status: 400,
    },
    { name: 'nesting 100,000 deep', method, url, payload: '['.repeat(100_000) + ']'.repeat(100_000), status: 400 },
    {
      name: 'a lone surrogate in a string',
      method,
      url,
      payload: valid.replace(/"([^"\\]{3,}?)"/, (_, s: string) => `"${s}\\ud800"`),
      status: 400,
    },
    { name: 'an extra field', method, url, body: { ...base, isAdmin: true }, status: 400, names: 'body.isAdmin' },
    { name: 'text/plain', method, url, payload: valid, contentType: 'text/plain', status: 415 },
    {
      name: 'application/x-www-form-urlencoded',
      method,
      url,
      payload: 'name=x&kind=person',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
    },
    {
      name: 'application/xml',
      method,
      url,
      payload: '<actor><name>x</name></actor>',
      contentType: 'application/xml',
      status: 415,
    },
    {
      name: 'multipart/form-data',
      method,
      url,
      payload: '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--',
      contentType: 'multipart/form-data; boundary=b',
      status: 415,
    },
    { name: 'no Content-Type', method, url, payload: valid, contentType: null, status: 415 },
    {
      name: `a body over the ${bodyLimit / 1024 / 1024} MiB limit`,
      method,
      url,
      body: { ...base, padding: 'x'.repeat(bodyLimit) },
      status: 413,
    },
    { name: 'no API key', method, url, body: base, key: 'none', status: 401 },
    { name: 'a malformed API key', method, url, body: base, key: 'malformed', status: 401 },
    { name: 'a read-scope key', method, url, body: base, key: 'read', status: 403 },
  ];
}

/** The first property holding an object (not an array), for the nested extra-field case. */
function firstObjectPath(base: Base): string | undefined {
  for (const [key, value] of Object.entries(base)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) return key;
    if (Array.isArray(value) && value[0] && typeof value[0] === 'object') return `${key}.0`;
  }
  return undefined;
}

/** Wrong types, missing fields, too long and too many, field by field. */
function fieldCases(method: 'POST' | 'PATCH', url: string, base: Base, limits: Limits, required: string[]): Case[] {
  const cases: Case[] = [];
  for (const field of required) {
    cases.push({
      name: `without ${field}`,
      method,
      url,
      body: without(base, field),
      status: 400,
      names: problemPath(field),
    });
  }
  for (const [field, value] of Object.entries(base)) {
    if (value === null) continue;
    cases.push({
      name: `${field} of the wrong type`,
      method,
      url,
      body: set(base, field, wrongType(value)),
      status: 400,
      names: problemPath(field),
    });
  }
  for (const [path, max] of limits.strings) {
    if (get(base, path) === undefined) continue;
    cases.push({
      name: `${path} over ${max} characters`,
      method,
      url,
      body: set(base, path, 'a'.repeat(max + 1)),
      status: 400,
      names: problemPath(path),
    });
    if (typeof get(base, path) === 'string' && !path.endsWith('description')) {
      cases.push({
        name: `${path} empty`,
        method,
        url,
        body: set(base, path, ''),
        status: 400,
        names: problemPath(path),
      });
    }
  }
  for (const [path, max] of limits.arrays) {
    const items: unknown[] = get(base, path);
    if (!items?.length) continue;
    const many = Array.from({ length: max + 1 }, (_, i) => structuredClone(items[i % items.length]));
    cases.push({
      name: `${path} with ${max + 1} items`,
      method,
      url,
      body: set(base, path, many),
      status: 400,
      names: problemPath(path),
    });
  }
  return cases;
}

const RESOURCES = [
  { path: 'actors', base: ACTOR, required: ['name', 'kind'], target: 'kremlin', referenced: 'russia', merge: true },
  {
    path: 'locations',
    base: LOCATION,
    required: ['name', 'kind'],
    target: 'kalbajar-district',
    referenced: 'azerbaijan',
    merge: true,
  },
  {
    path: 'events',
    base: EVENT,
    required: ['title', 'kind', 'time', 'status', 'evidence'],
    target: 'russian-peacekeepers-withdraw-from-nagorno-karabakh',
    referenced: 'russian-peacekeepers-withdraw-from-nagorno-karabakh',
    merge: false,
  },
  {
    path: 'claims',
    base: CLAIM,
    required: ['speaker', 'text', 'mode', 'stance', 'saidAt', 'evidence'],
    target: 'dmitry-peskov-confirms',
    referenced: undefined,
    merge: false,
  },
] as const;

const WRITE_LIMIT = 2 * 1024 * 1024;
const IMPORT_LIMIT = 8 * 1024 * 1024;

function casesFor(resource: (typeof RESOURCES)[number]): Array<[string, Case[]]> {
  const { path, base, required, target, referenced } = resource;
  const collection = `/v1/${path}`;
  const one = `${collection}/${target}`;
  const groups: Array<[string, Case[]]> = [
    [
      `POST ${collection}`,
      [
        ...bodyCases('POST', collection, base, WRITE_LIMIT),
        ...fieldCases('POST', collection, base, LIMITS[path]!, [...required]),
      ],
    ],
    [
      `PATCH ${collection}/{id}`,
      [
        ...bodyCases('PATCH', one, base, WRITE_LIMIT),
        ...fieldCases('PATCH', one, base, LIMITS[path]!, []),
        {
          name: 'an unknown id',
          method: 'PATCH',
          url: `${collection}/no-such-thing`,
          body: { [required[0]]: base[required[0]] },
          status: 404,
        },
        {
          name: 'a malformed id',
          method: 'PATCH',
          url: `${collection}/Not_A_Slug`,
          body: { [required[0]]: base[required[0]] },
          status: 400,
          names: 'params.id',
        },
        {
          name: 'a 201-character id',
          method: 'PATCH',
          url: `${collection}/${'a'.repeat(201)}`,
          body: { [required[0]]: base[required[0]] },
          status: 400,
          names: 'params.id',
        },
        {
          name: 'a stale If-Match',
          method: 'PATCH',
          url: one,
          body: { [required[0]]: base[required[0]] },
          headers: { 'if-match': '"stale"' },
          status: 412,
        },
      ],
    ],
    [
      `DELETE ${collection}/{id}`,
      [
        { name: 'an unknown id', method: 'DELETE', url: `${collection}/no-such-thing`, status: 404 },
        { name: 'a malformed id', method: 'DELETE', url: `${collection}/Not_A_Slug`, status: 400, names: 'params.id' },
        { name: 'a malformed %-escape in the id', method: 'DELETE', url: `${collection}/%E0%A4%A`, status: 400 },
        { name: 'a 600-character id', method: 'DELETE', url: `${collection}/${'a'.repeat(600)}`, status: 400 },
        { name: 'a stale If-Match', method: 'DELETE', url: one, headers: { 'if-match': '"stale"' }, status: 412 },
        { name: 'no API key', method: 'DELETE', url: one, key: 'none', status: 401 },
        { name: 'a write-scope key (delete needs admin)', method: 'DELETE', url: one, key: 'write', status: 403 },
        ...(referenced
          ? [
              {
                name: 'an entity still referenced',
                method: 'DELETE' as const,
                url: `${collection}/${referenced}`,
                status: 409,
              },
            ]
          : []),
      ],
    ],
  ];
  if (resource.merge) {
    const merge = `${one}/merge`;
    groups.push([
      `POST ${collection}/{id}/merge`,
      [
        ...bodyCases('POST', merge, { into: referenced }, WRITE_LIMIT),
        { name: 'no into', method: 'POST', url: merge, body: {}, status: 400, names: 'body.into' },
        {
          name: 'into of the wrong type',
          method: 'POST',
          url: merge,
          body: { into: 7 },
          status: 400,
          names: 'body.into',
        },
        {
          name: 'into malformed',
          method: 'POST',
          url: merge,
          body: { into: 'Not A Slug' },
          status: 400,
          names: 'body.into',
        },
        { name: 'into itself', method: 'POST', url: merge, body: { into: target }, status: 400 },
        {
          name: 'into an unknown id',
          method: 'POST',
          url: merge,
          body: { into: 'no-such-thing' },
          status: 400,
          names: 'body.into',
        },
        {
          name: 'an unknown id',
          method: 'POST',
          url: `${collection}/no-such-thing/merge`,
          body: { into: referenced },
          status: 404,
        },
        {
          name: 'a write-scope key (merge needs admin)',
          method: 'POST',
          url: merge,
          body: { into: referenced },
          key: 'write',
          status: 403,
        },
        {
          name: 'a stale If-Match',
          method: 'POST',
          url: merge,
          body: { into: referenced },
          headers: { 'if-match': '"stale"' },
          status: 412,
        },
      ],
    ]);
  }
  return groups;
}

const SEMANTIC: Case[] = [
  {
    name: 'a location made its own ancestor',
    method: 'PATCH',
    url: '/v1/locations/azerbaijan',
    body: { parent: 'kalbajar-district' },
    status: 400,
  },
  {
    name: 'a location its own parent',
    method: 'PATCH',
    url: '/v1/locations/azerbaijan',
    body: { parent: 'azerbaijan' },
    status: 400,
  },
  {
    name: 'a direct quote not in its evidence',
    method: 'POST',
    url: '/v1/claims',
    body: { ...CLAIM, mode: 'direct_quote', text: 'words nobody said' },
    status: 400,
  },
  {
    name: 'evidence that is not in the source',
    method: 'POST',
    url: '/v1/events',
    body: { ...EVENT, evidence: [evidence('words that are not in the article')] },
    status: 400,
  },
  {
    name: 'evidence in an unknown source',
    method: 'POST',
    url: '/v1/events',
    body: { ...EVENT, evidence: [{ sourceId: 'no-such-source', quote: 'x' }] },
    status: 400,
  },
  {
    name: 'an unknown speaker',
    method: 'POST',
    url: '/v1/claims',
    body: { ...CLAIM, speaker: 'no-such-actor' },
    status: 400,
  },
  {
    name: 'an event related to itself',
    method: 'PATCH',
    url: '/v1/events/russian-peacekeepers-withdraw-from-nagorno-karabakh',
    body: { relations: [{ type: 'causes', event: 'russian-peacekeepers-withdraw-from-nagorno-karabakh' }] },
    status: 400,
  },
  {
    name: 'a claim answering itself',
    method: 'PATCH',
    url: '/v1/claims/dmitry-peskov-confirms',
    body: { respondsTo: 'dmitry-peskov-confirms' },
    status: 400,
  },
  {
    name: 'a time that ends before it starts',
    method: 'POST',
    url: '/v1/events',
    body: {
      ...EVENT,
      time: { text: null, start: '2024-05-02', end: '2024-05-01', precision: 'day', approximate: false },
    },
    status: 400,
  },
  {
    name: 'an impossible date',
    method: 'POST',
    url: '/v1/events',
    body: { ...EVENT, time: { text: null, start: '2024-02-30', end: null, precision: 'day', approximate: false } },
    status: 400,
  },
  {
    name: 'coordinates off the globe',
    method: 'POST',
    url: '/v1/locations',
    body: { ...LOCATION, coordinates: { lat: 91, lon: 0 } },
    status: 400,
  },
  { name: 'a negative area', method: 'POST', url: '/v1/locations', body: { ...LOCATION, areaKm2: -1 }, status: 400 },
  { name: 'an id already taken', method: 'POST', url: '/v1/actors', body: { ...ACTOR, id: 'kremlin' }, status: 409 },
  { name: 'an unknown enum value', method: 'POST', url: '/v1/actors', body: { ...ACTOR, kind: 'alien' }, status: 400 },
];

const IMPORT_CASES: Case[] = [
  ...bodyCases('POST', '/v1/sources', BUNDLE, IMPORT_LIMIT),
  ...fieldCases('POST', '/v1/sources', BUNDLE, LIMITS.sources!, ['source']),
  {
    name: 'without source.text',
    method: 'POST',
    url: '/v1/sources',
    body: without(BUNDLE, 'source.text'),
    status: 400,
    names: 'body.source.text',
  },
  {
    name: 'an unresolved reference',
    method: 'POST',
    url: '/v1/sources',
    body: set(BUNDLE, 'claims.0.speaker', 'nobody-at-all'),
    status: 400,
    names: 'body.claims[0].speaker',
  },
  {
    name: 'evidence not in the text',
    method: 'POST',
    url: '/v1/sources',
    body: set(BUNDLE, 'events.0.evidence', ['not in the text']),
    status: 400,
    names: 'body.events[0].evidence[0]',
  },
  {
    name: 'two actors with one key',
    method: 'POST',
    url: '/v1/sources',
    body: set(BUNDLE, 'actors', [(BUNDLE.actors as unknown[])[0], (BUNDLE.actors as unknown[])[0]]),
    status: 400,
  },
  {
    name: 'a bad URL',
    method: 'POST',
    url: '/v1/sources',
    body: set(BUNDLE, 'source.url', 'javascript:alert(1)'),
    status: 400,
    names: 'body.source.url',
  },
  {
    name: 'the seed article again',
    method: 'POST',
    url: '/v1/sources',
    body: set(BUNDLE, 'source.text', '__SEED_TEXT__'),
    status: 409,
  },
];

async function send(c: Case) {
  const headers: Record<string, string> = { ...c.headers };
  const scope = c.key ?? 'admin';
  if (scope === 'malformed') headers.authorization = 'Bearer ekg_not_a_key';
  else if (scope !== 'none') headers.authorization = `Bearer ${keys[scope]}`;
  let payload = c.payload ?? (c.body !== undefined ? JSON.stringify(c.body) : undefined);
  if (payload?.includes('__SEED_TEXT__')) {
    const text = (await app().inject(`/v1/sources/${SEED_SOURCE}`)).json().text as string;
    payload = payload.replace('"__SEED_TEXT__"', JSON.stringify(text));
  }
  if (payload !== undefined && c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json';
  // A change to a stored resource names the version it read (If-Match is required), as a careful
  // client does; the cases about If-Match itself give their own.
  const changes = c.method === 'PATCH' || c.method === 'DELETE' || (c.method === 'POST' && c.url.endsWith('/merge'));
  if (changes && !Object.keys(headers).some((name) => name.toLowerCase() === 'if-match')) {
    const etag = (await app().inject(c.url.split('?')[0]!.replace(/\/merge$/, ''))).headers.etag;
    if (etag) headers['if-match'] = String(etag);
  }
  const response = await app().inject({
    method: c.method,
    url: c.url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
  let body: any = null;
  try {
    body = response.json();
  } catch {
    body = response.body;
  }
  return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body };
}

let refused = 0;

function describeCases(title: string, cases: Case[]) {
  describe(title, () => {
    it.each(cases.map((c) => [c.name, c] as const))('refuses %s, and writes nothing', async (_, c) => {
      const before = digest(app().db);
      const response = await send(c);
      const problem = expectProblem(response, c.status);
      if (c.names)
        expect(
          problem.errors?.map((e) => e.path),
          JSON.stringify(problem),
        ).toContain(c.names);
      expect(digest(app().db)).toEqual(before);
      refused++;
    });
  });
}

for (const resource of RESOURCES) for (const [title, cases] of casesFor(resource)) describeCases(title, cases);
describeCases('POST /v1/sources', IMPORT_CASES);
describeCases('rules only the database can check', SEMANTIC);

describe('an id of the longest allowed length (200 characters)', () => {
  it('can be created, read, changed and deleted: the router no longer answers a bare 414 over 100 characters', async () => {
    const id = `long-${'x'.repeat(195)}`;
    const created = await send({
      name: 'valid',
      method: 'POST',
      url: '/v1/actors',
      body: { id, name: 'Long id', kind: 'group' },
      status: 201,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await app().inject(`/v1/actors/${id}`)).statusCode).toBe(200);
    expect(
      (
        await send({
          name: 'valid',
          method: 'PATCH',
          url: `/v1/actors/${id}`,
          body: { description: 'still here' },
          status: 200,
        })
      ).status,
    ).toBe(200);
    const etag = String((await app().inject(`/v1/actors/${id}`)).headers.etag);
    expect(
      (
        await app().inject({
          method: 'DELETE',
          url: `/v1/actors/${id}`,
          headers: { authorization: `Bearer ${keys.admin}`, 'if-match': etag },
        })
      ).statusCode,
    ).toBe(204);
  });
});

describe('the valid bodies the hostile cases were made from', () => {
  it('are accepted, so every refusal above was for its one defect', async () => {
    console.log(
      `hostile writes: ${refused} hostile requests refused with a 4xx problem+json, the database unchanged after each`,
    );
    for (const [url, body] of [
      ['/v1/actors', ACTOR],
      ['/v1/locations', LOCATION],
      ['/v1/events', EVENT],
      ['/v1/claims', CLAIM],
      ['/v1/sources', BUNDLE],
    ] as const) {
      const response = await send({ name: 'valid', method: 'POST', url, body, status: 201 });
      expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(201);
    }
    const merged = await send({
      name: 'valid',
      method: 'POST',
      url: '/v1/actors/hostile-test-actor/merge',
      body: { into: 'russia' },
      status: 200,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  });
});
