// Bad input across the read API: every mistake is a problem+json response naming the parameter at
// fault, never an empty list, a silent default, a stack trace or SQL.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';

const app = useApp();

const LISTS = [
  '/v1/sources',
  '/v1/actors',
  '/v1/locations',
  '/v1/events',
  '/v1/claims',
  '/v1/timeline',
  '/v1/actors/dmitry-peskov/claims',
  '/v1/actors/russia/events',
];
const TIMED_LISTS = [
  '/v1/events',
  '/v1/claims',
  '/v1/timeline',
  '/v1/actors/dmitry-peskov/claims',
  '/v1/actors/russia/events',
];

/** Every filter that takes an id, with the endpoint it belongs to. */
const ID_FILTERS: Array<[endpoint: string, param: string]> = [
  ['/v1/claims', 'speaker'],
  ['/v1/claims', 'actor'],
  ['/v1/claims', 'event'],
  ['/v1/claims', 'reportedBy'],
  ['/v1/claims', 'source'],
  ['/v1/events', 'actor'],
  ['/v1/events', 'location'],
  ['/v1/locations', 'within'],
  ['/v1/timeline', 'actor'],
  ['/v1/timeline', 'location'],
  ['/v1/timeline', 'event'],
  ['/v1/actors/dmitry-peskov/claims', 'actor'],
  ['/v1/actors/dmitry-peskov/claims', 'event'],
  ['/v1/actors/dmitry-peskov/claims', 'reportedBy'],
  ['/v1/actors/dmitry-peskov/claims', 'source'],
  ['/v1/actors/russia/events', 'location'],
];

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('problem details', () => {
  it('are sent as application/problem+json with type, title, status, detail and instance', async () => {
    const response = await getJson(app(), '/v1/claims?limit=0');

    const problem = expectProblem(response, 400, '/v1/claims');
    expect(problem).toMatchObject({
      type: expect.stringContaining('invalid-request'),
      title: 'Invalid request',
      status: 400,
    });
    expect(problem.errors).toEqual([{ path: 'query.limit', message: expect.any(String) }]);
  });

  it('answer an unknown route with a 404 problem, not an HTML page', async () => {
    const response = await getJson(app(), '/v1/nothing-here');

    expectProblem(response, 404);
  });

  it('treat text that looks like SQL as text: no error, no leak, nothing matched', async () => {
    const response = await getJson(app(), `/v1/claims?q=${encodeURIComponent("' OR 1=1; DROP TABLE claims; --")}`);
    const after = await getJson(app(), '/v1/claims?limit=100');

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([]);
    expect(after.body.data).toHaveLength(10);
  });
});

describe('unknown ids', () => {
  it.each([
    ['/v1/sources/no-such-id'],
    ['/v1/actors/no-such-id'],
    ['/v1/actors/no-such-id/claims'],
    ['/v1/actors/no-such-id/events'],
    ['/v1/locations/no-such-id'],
    ['/v1/events/no-such-id'],
    ['/v1/claims/no-such-id'],
  ])('GET %s answers a 404 problem naming the id', async (url) => {
    const response = await getJson(app(), url);

    const problem = expectProblem(response, 404, url);
    expect(problem.detail).toContain('no-such-id');
    expect(problem.errors).toBeUndefined();
  });

  it.each([['/v1/actors/Dmitry_Peskov'], ['/v1/claims/UPPER-CASE'], ['/v1/events/with%20space']])(
    'GET %s, an id that cannot exist, answers a 400 naming params.id',
    async (url) => {
      const response = await getJson(app(), url);

      expectInvalid(response, ['params.id']);
    },
  );

  it.each(ID_FILTERS)(
    'GET %s?%s=<unknown id> answers a 400 naming the parameter, not an empty list',
    async (endpoint, param) => {
      const response = await getJson(app(), `${endpoint}?${param}=no-such-id`);

      const problem = expectInvalid(response, [`query.${param}`]);
      expect(problem.errors![0]!.message).toContain('no-such-id');
    },
  );

  it.each(ID_FILTERS)('GET %s?%s=<malformed id> answers a 400 naming the parameter', async (endpoint, param) => {
    const response = await getJson(app(), `${endpoint}?${param}=${encodeURIComponent('Not An Id!')}`);

    expectInvalid(response, [`query.${param}`]);
  });

  it('names every unknown id at once', async () => {
    const response = await getJson(
      app(),
      '/v1/claims?speaker=nobody&actor=no-actor&event=no-event&reportedBy=no-outlet&source=no-source',
    );

    expectInvalid(response, ['query.speaker', 'query.actor', 'query.event', 'query.reportedBy', 'query.source']);
  });

  it('rejects an id of the wrong kind: a location is not an actor', async () => {
    const response = await getJson(app(), '/v1/claims?speaker=kalbajar-district');

    expectInvalid(response, ['query.speaker']);
  });

  it('names an unknown id together with schema errors in one 400', async () => {
    const response = await getJson(app(), '/v1/claims?speaker=nobody&limit=0&stance=shouts');

    expectInvalid(response, ['query.limit', 'query.stance', 'query.speaker']);
  });

  it('names an unknown id together with a malformed cursor in one 400', async () => {
    const response = await getJson(app(), '/v1/events?location=atlantis&cursor=abc');

    expectInvalid(response, ['query.location', 'query.cursor']);
  });
});

describe('unknown query parameters', () => {
  it.each(LISTS)('GET %s?speakr=… answers a 400 naming the unknown parameter', async (endpoint) => {
    const response = await getJson(app(), `${endpoint}?speakr=dmitry-peskov`);

    const problem = expectInvalid(response, ['query.speakr']);
    expect(problem.errors![0]!.message).toMatch(/not a known parameter/);
  });

  it('names the typo even next to valid filters, so a typo never silently widens the result', async () => {
    const response = await getJson(app(), '/v1/claims?stance=confirms&speakr=dmitry-peskov');

    expectInvalid(response, ['query.speakr']);
  });

  it('treats a parameter given twice as invalid rather than picking one', async () => {
    const twice = await getJson(app(), '/v1/events?sort=time&sort=-time');

    expectInvalid(twice, ['query.sort']);
  });
});

describe('enumerated values', () => {
  it.each([
    ['/v1/actors?kind=robot', 'query.kind'],
    ['/v1/locations?kind=planet', 'query.kind'],
    ['/v1/events?status=done', 'query.status'],
    ['/v1/events?sort=saidAt', 'query.sort'],
    ['/v1/events?sort=TIME', 'query.sort'],
    ['/v1/claims?stance=lies', 'query.stance'],
    ['/v1/claims?stance=Confirms', 'query.stance'],
    ['/v1/claims?mode=quote', 'query.mode'],
    ['/v1/claims?sort=time', 'query.sort'],
    ['/v1/timeline?sort=saidAt', 'query.sort'],
    ['/v1/actors/dmitry-peskov/claims?stance=lies', 'query.stance'],
    ['/v1/actors/russia/events?status=finished', 'query.status'],
  ])('GET %s answers a 400 naming %s', async (url, path) => {
    const response = await getJson(app(), url);

    expectInvalid(response, [path]);
  });

  it('lists the allowed values in the message', async () => {
    const response = await getJson(app(), '/v1/claims?stance=lies');

    const problem = expectInvalid(response, ['query.stance']);
    expect(problem.errors![0]!.message).toContain('confirms');
  });

  it('rejects an empty q rather than matching everything', async () => {
    const response = await getJson(app(), '/v1/actors?q=');

    expectInvalid(response, ['query.q']);
  });
});

describe('limit', () => {
  const cases = LISTS.flatMap((endpoint) =>
    ['0', '101', 'abc', '1.5', '-1'].map((limit): [string, string] => [endpoint, limit]),
  );

  it.each(cases)('GET %s?limit=%s answers a 400 naming query.limit', async (endpoint, limit) => {
    const response = await getJson(app(), `${endpoint}?limit=${limit}`);

    expectInvalid(response, ['query.limit']);
  });
});

describe('dates in from/to', () => {
  const cases = TIMED_LISTS.flatMap((endpoint) =>
    ['2024-13-01', '2024-02-30', '2023-02-29', 'yesterday', '2024-4-1', '17.04.2024'].map((date): [string, string] => [
      endpoint,
      date,
    ]),
  );

  it.each(cases)('GET %s?from=%s answers a 400 naming query.from', async (endpoint, date) => {
    const response = await getJson(app(), `${endpoint}?from=${encodeURIComponent(date)}`);

    expectInvalid(response, ['query.from']);
  });

  it.each(TIMED_LISTS)('GET %s?to=2024-02-30 answers a 400 naming query.to', async (endpoint) => {
    const response = await getJson(app(), `${endpoint}?to=2024-02-30`);

    expectInvalid(response, ['query.to']);
  });

  it.each(TIMED_LISTS)('GET %s accepts a real leap day', async (endpoint) => {
    const response = await getJson(app(), `${endpoint}?from=2024-02-29&to=2024-02-29`);

    expect(response.status).toBe(200);
  });
});

describe('cursors', () => {
  it.each(LISTS)('GET %s answers a malformed cursor with a 400 naming query.cursor', async (endpoint) => {
    for (const cursor of [
      'abc',
      'not a cursor!',
      encode({ a: 1 }),
      encode(['id']),
      encode([1, 2, 3]),
      'x'.repeat(600),
    ]) {
      const response = await getJson(app(), `${endpoint}?cursor=${encodeURIComponent(cursor)}`);

      expectInvalid(response, ['query.cursor']);
    }
  });

  it.each([
    ['/v1/claims?limit=2', '/v1/claims?limit=2&sort=-saidAt'],
    ['/v1/claims?limit=2&sort=-saidAt', '/v1/claims?limit=2'],
    ['/v1/events?limit=2', '/v1/events?limit=2&sort=-time'],
    ['/v1/events?limit=2&sort=-time', '/v1/events?limit=2&sort=time'],
    ['/v1/timeline?limit=2', '/v1/timeline?limit=2&sort=-time'],
    ['/v1/actors/hikmet-hajiyev/claims?limit=1', '/v1/actors/hikmet-hajiyev/claims?limit=1&sort=-saidAt'],
  ])('a cursor from %s is refused under another sort (%s)', async (first, second) => {
    const { body } = await getJson(app(), first);
    expect(body.page.nextCursor).toEqual(expect.any(String));

    const response = await getJson(app(), `${second}&cursor=${encodeURIComponent(body.page.nextCursor)}`);

    const problem = expectInvalid(response, ['query.cursor']);
    expect(problem.errors![0]!.message).toMatch(/sort/);
  });

  it.each([
    ['/v1/events?limit=2', '/v1/timeline?limit=2'],
    ['/v1/timeline?limit=2', '/v1/claims?limit=2'],
    ['/v1/claims?limit=2', '/v1/events?limit=2'],
    ['/v1/claims?limit=2', '/v1/sources?limit=2'],
  ])('a cursor from %s is refused by %s', async (first, second) => {
    const { body } = await getJson(app(), first);

    const response = await getJson(app(), `${second}&cursor=${encodeURIComponent(body.page.nextCursor)}`);

    expectInvalid(response, ['query.cursor']);
  });
});

describe('several bad fields at once', () => {
  it('names every one of them in errors', async () => {
    const response = await getJson(
      app(),
      '/v1/claims?limit=0&stance=lies&mode=quote&speakr=x&from=2024-13-01&to=yesterday',
    );

    const problem = expectInvalid(response, [
      'query.limit',
      'query.stance',
      'query.mode',
      'query.speakr',
      'query.from',
      'query.to',
    ]);
    expect(problem.detail).toMatch(/invalid field/);
  });

  it('names them on events and the timeline too', async () => {
    const events = await getJson(app(), '/v1/events?status=done&limit=101&from=2024-02-30&sortt=time');
    const timeline = await getJson(app(), '/v1/timeline?sort=latest&limit=abc&to=2024-13-01&speaker=russia');

    expectInvalid(events, ['query.status', 'query.limit', 'query.from', 'query.sortt']);
    expectInvalid(timeline, ['query.sort', 'query.limit', 'query.to', 'query.speaker']);
  });

  it('names the unknown ids of every id filter of the timeline at once', async () => {
    const response = await getJson(app(), '/v1/timeline?actor=nobody&location=nowhere&event=nothing');

    expectInvalid(response, ['query.actor', 'query.location', 'query.event']);
  });
});
