// SQL-injection-shaped and unusual text everywhere text goes in. In every string query parameter of
// every read (from the live OpenAPI document) it is a 400 or an answer that honours it literally (never
// a 5xx, never a wildcard: `%` and `_` in a LIKE-based `q` match only themselves), and nothing is written.
// In every string field of the writes it is stored and served back byte for byte, found literally by `q`,
// and evidence spans still index the source text exactly. Names, aliases and titles are the exception
// the identity rules make (src/text/names.ts): stored in NFC and trimmed, and a name holding a control,
// zero-width or bidi-override character is a 400 naming it; there the payload is written as cleanName
// makes it (those characters dropped), and the refusal itself is checked. Source texts are stored NFC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { type OpenApiDocument, operationsOf } from './support/contract.ts';
import { digest } from './support/db-digest.ts';
import { cleanName, nameProblem } from '../../src/text/names.ts';

const PAYLOADS = [
  "'; DROP TABLE claims; --",
  '" OR 1=1 --',
  "' OR '1'='1",
  "Robert'); DROP TABLE sources;--",
  '1; DELETE FROM actors WHERE 1=1',
  "' UNION SELECT secret_hash, name FROM api_keys --",
  '%_\\',
  '%',
  '_',
  '\\',
  '100% of the_forces',
  'Ünïcödé — 日本語 — العربية — עברית',
  'emoji 👩🏽‍🚀 🇦🇿 🏳️‍🌈',
  'rtl \u202Eevil\u202C and marks \u200F\u200E',
  'zero\u200Bwidth\u200Djoiner\uFEFFbom',
  'combining e\u0301 vs precomposed \u00e9',
  '𝕳𝖊𝖑𝖑𝖔 astral',
  '<script>alert(1)</script>',
  'line\nbreak\r\ttab',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-shaped payload, meant literally
  '$(rm -rf /) `id` ${HOME}',
  '../../etc/passwd',
  'NEL\u0085 LS\u2028 PS\u2029',
] as const;

/** The fields a LIKE-based `q` searches, per list. */
const SEARCHED: Record<string, string[]> = {
  '/v1/actors': ['name', 'aliases'],
  '/v1/locations': ['name', 'aliases'],
  '/v1/events': ['title', 'description'],
  '/v1/actors/{id}/events': ['title', 'description'],
  '/v1/claims': ['text'],
  '/v1/actors/{id}/claims': ['text'],
};

/** SQLite's LIKE folds ASCII letters only. */
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const searchedText = (item: Record<string, unknown>, fields: string[]) =>
  fields.flatMap((f) => [item[f]].flat()).filter((v) => typeof v === 'string') as string[];

let app: App;
let document: OpenApiDocument;
let admin: string;
let requests = 0;

beforeAll(async () => {
  app = await buildApp({ databasePath: ':memory:', checkResponses: true });
  document = JSON.parse(JSON.stringify(app.swagger()));
  admin = createApiKey(app.db, { name: 'injection-admin', scopes: ['admin'] }).key;
});
afterAll(async () => {
  await app?.close();
});

async function get(url: string) {
  requests++;
  const response = await app.inject(url);
  return {
    status: response.statusCode,
    type: String(response.headers['content-type']),
    body: response.body ? response.json() : undefined,
  };
}

async function write(method: 'POST' | 'PATCH', url: string, body: unknown) {
  requests++;
  // A PATCH names the version it read (If-Match is required).
  const ifMatch = method === 'PATCH' ? { 'if-match': String((await app.inject(url)).headers.etag) } : {};
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...ifMatch },
    payload: JSON.stringify(body),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
}

describe('injection-shaped text in every string query parameter', () => {
  it('is a 400 or a literal answer, never a 5xx, and writes nothing', async () => {
    const before = digest(app.db);
    const failures: string[] = [];
    let checked = 0;
    for (const operation of operationsOf(document).filter((op) => op.method === 'GET')) {
      const strings = operation.parameters.filter(
        (p) => (p.in === 'query' || p.in === 'path') && p.schema.type === 'string' && !p.schema.enum,
      );
      for (const param of strings) {
        for (const payload of PAYLOADS) {
          const path = operation.path.replace('{id}', param.in === 'path' ? encodeURIComponent(payload) : 'russia');
          const query = new URLSearchParams();
          if (param.in === 'query') query.set(param.name, payload);
          for (const required of operation.parameters.filter(
            (p) => p.required && p.in === 'query' && p.name !== param.name,
          )) {
            query.set(required.name, String(required.schema.example ?? 'withdrawal'));
          }
          const url = `${path}${query.size ? `?${query}` : ''}`;
          const { status, type, body } = await get(url);
          checked++;
          if (status !== 400 && status !== 200 && !(param.in === 'path' && status === 404))
            failures.push(`${url} answered ${status}`);
          if (status >= 400 && !type.startsWith('application/problem+json'))
            failures.push(`${url}: a ${status} as ${type}`);
          const fields = SEARCHED[operation.path];
          if (status === 200 && param.name === 'q' && fields) {
            for (const item of body.data as Array<Record<string, unknown>>) {
              if (!searchedText(item, fields).some((text) => fold(text).includes(fold(payload)))) {
                failures.push(`${url} returned ${String(item.id)}, which does not contain ${JSON.stringify(payload)}`);
              }
            }
          }
        }
      }
    }
    console.log(
      `injection: ${checked} reads with injection-shaped text in ${PAYLOADS.length} variants; ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(200);
    expect(digest(app.db)).toEqual(before);
  }, 120_000);

  it('a NUL in a query parameter is a 400, not a pattern that ends early and matches everything', async () => {
    for (const url of ['/v1/actors?q=%00', '/v1/claims?q=a%00b', '/v1/events?q=%00', '/v1/locations?q=%00']) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.errors).toEqual([{ path: 'query.q', message: expect.stringContaining('NUL') }]);
    }
  });
});

describe('injection-shaped text in every string field of the writes', () => {
  const sentence = (i: number) => `Sentence ${i}: ${PAYLOADS[i]}.`;
  const text = `An article of awkward text. ${PAYLOADS.map((_, i) => sentence(i)).join(' ')} The end.`;
  const p = (i: number) => PAYLOADS[i % PAYLOADS.length]!;
  /** A payload in a name, alias or title: as the name rules store it (refused characters dropped). */
  const n = (i: number) => cleanName(p(i));
  const nameOf = (payload: string) => cleanName(payload);
  const unknownTime = { text: null, start: null, end: null, precision: 'unknown', approximate: false };
  const created: Array<{ url: string; expected: Record<string, unknown> }> = [];

  it('is stored and served back byte for byte through an import', async () => {
    const bundle = {
      source: { title: n(0), publisher: p(11), url: null, publishedAt: '2024-05-03', language: 'en', text },
      actors: PAYLOADS.map((payload, i) => ({
        key: `actor-${i}`,
        name: nameOf(payload),
        kind: 'person',
        aliases: [n(i + 1)],
        description: p(i + 2),
        affiliations: [{ organization: 'kremlin', role: p(i + 3) }],
        evidence: [sentence(i)],
      })),
      locations: [
        { key: 'place', name: n(12), kind: 'site', aliases: [n(13)], description: p(6), evidence: [sentence(12)] },
      ],
      events: [
        {
          key: 'event',
          title: n(1),
          kind: 'test',
          description: p(6),
          time: unknownTime,
          status: 'occurred',
          quantities: [{ value: 100, unit: p(10), text: PAYLOADS[10] }],
          evidence: [sentence(10)],
        },
      ],
      claims: PAYLOADS.map((payload, i) => ({
        key: `claim-${i}`,
        speaker: `actor-${i}`,
        text: payload,
        mode: 'direct_quote',
        stance: 'states',
        saidAt: unknownTime,
        channel: p(i + 4),
        evidence: sentence(i),
      })),
    };
    const result = await write('POST', '/v1/sources', bundle);
    const sourceId: string = result.source.id;

    const source = (await get(`/v1/sources/${sourceId}`)).body;
    // The text is stored in NFC (the payload with a combining accent is the one that changes).
    expect({ title: source.title, publisher: source.publisher, text: source.text }).toEqual({
      title: n(0),
      publisher: p(11),
      text: text.normalize('NFC'),
    });
    expect(Buffer.from(source.text, 'utf8').equals(Buffer.from(text.normalize('NFC'), 'utf8'))).toBe(true);
    result.created.actors.forEach((ref: { id: string }, i: number) => {
      created.push({
        url: `/v1/actors/${ref.id}`,
        expected: { name: n(i), aliases: [n(i + 1)], description: p(i + 2) },
      });
    });
    created.push({
      url: `/v1/locations/${result.created.locations[0].id}`,
      expected: { name: n(12), aliases: [n(13)], description: p(6) },
    });
    created.push({
      url: `/v1/events/${result.created.events[0].id}`,
      expected: { title: n(1), description: p(6), quantities: [{ value: 100, unit: p(10), text: p(10) }] },
    });
    result.created.claims.forEach((ref: { id: string }, i: number) => {
      created.push({ url: `/v1/claims/${ref.id}`, expected: { text: p(i), channel: p(i + 4) } });
    });

    for (const { url, expected } of created) {
      const { status, body } = await get(url);
      expect(status, url).toBe(200);
      expect(body, url).toMatchObject(expected);
      for (const span of [body.evidence].flat()) expect(source.text.slice(span.start, span.end), url).toBe(span.text);
    }
    for (const [i, ref] of result.created.actors.entries()) {
      const actor = (await get(`/v1/actors/${ref.id}`)).body;
      expect(actor.affiliations[0].role).toBe(p(i + 3));
    }
  });

  it('is stored and served back byte for byte through POST and PATCH on each resource', async () => {
    const source = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
    const evidence = { sourceId: source, quote: 'did not give further details' };
    for (const [i, payload] of PAYLOADS.entries()) {
      const name = nameOf(payload);
      const actor = await write('POST', '/v1/actors', {
        name: `${name} (actor)`,
        kind: 'group',
        aliases: [name],
        description: payload,
        affiliations: [{ organization: 'russia', role: payload }],
      });
      const location = await write('POST', '/v1/locations', {
        name: `${name} (place)`,
        kind: 'site',
        aliases: [name],
        description: payload,
        parent: 'azerbaijan',
      });
      const event = await write('POST', '/v1/events', {
        title: `${name} (event)`,
        kind: 'test',
        description: payload,
        time: unknownTime,
        status: 'planned',
        evidence: [evidence],
      });
      const claim = await write('POST', '/v1/claims', {
        speaker: 'dmitry-peskov',
        text: payload,
        mode: 'reported_speech',
        stance: 'states',
        saidAt: unknownTime,
        channel: payload,
        evidence,
      });
      await write('PATCH', `/v1/actors/${actor.id}`, { description: `${payload} ${p(i + 1)}` });
      created.push(
        {
          url: `/v1/actors/${actor.id}`,
          expected: {
            name: `${name} (actor)`,
            aliases: [name],
            description: `${payload} ${p(i + 1)}`,
            affiliations: [expect.objectContaining({ role: payload })],
          },
        },
        {
          url: `/v1/locations/${location.id}`,
          expected: { name: `${name} (place)`, aliases: [name], description: payload },
        },
        { url: `/v1/events/${event.id}`, expected: { title: `${name} (event)`, description: payload } },
        { url: `/v1/claims/${claim.id}`, expected: { text: payload, channel: payload } },
      );
    }
    for (const { url, expected } of created) {
      const { status, body } = await get(url);
      expect(status, url).toBe(200);
      expect(body, url).toMatchObject(expected);
    }
  });

  it('is refused in a name, alias or title when it holds a control, zero-width or bidi-override character (400 naming the field and the character), writing nothing', async () => {
    const refused = PAYLOADS.filter((payload) => nameProblem(payload) !== undefined);
    expect(refused).toEqual(
      [
        'rtl \u202Eevil\u202C and marks \u200F\u200E',
        'zero\u200Bwidth\u200Djoiner\uFEFFbom',
        'line\nbreak\r\ttab',
        'NEL\u0085 LS\u2028 PS\u2029',
        'emoji 👩🏽\u200D🚀 🇦🇿 🏳️\u200D🌈',
      ].sort((a, b) => PAYLOADS.indexOf(a as never) - PAYLOADS.indexOf(b as never)),
    );
    const before = digest(app.db);
    for (const payload of refused) {
      for (const [url, body, path] of [
        ['/v1/actors', { name: payload, kind: 'person' }, 'body.name'],
        ['/v1/locations', { name: 'A place', aliases: [payload], kind: 'site' }, 'body.aliases[0]'],
      ] as const) {
        requests++;
        const response = await app.inject({
          method: 'POST',
          url,
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
        expect(response.json().errors).toEqual([
          {
            path,
            message: expect.stringMatching(/^contains U\+[0-9A-F]{4} ([A-Z -]+|\(a control character\)); remove it$/),
          },
        ]);
      }
    }
    expect(digest(app.db)).toEqual(before);
  });

  it('is found literally by q: % and _ and \\ match only themselves, and every stored payload is found', async () => {
    const misses: string[] = [];
    let found = 0;
    for (const payload of PAYLOADS) {
      for (const [list, fields] of [
        ['/v1/actors', ['name', 'aliases']],
        ['/v1/locations', ['name', 'aliases']],
        ['/v1/events', ['title', 'description']],
        ['/v1/claims', ['text']],
      ] as const) {
        const items: Array<Record<string, unknown>> = [];
        let cursor: string | null = null;
        do {
          const { status, body } = await get(
            `${list}?limit=100&q=${encodeURIComponent(payload)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          expect(status, `${list} q=${payload}`).toBe(200);
          items.push(...body.data);
          cursor = body.page.nextCursor;
        } while (cursor);
        const stray = items.filter(
          (item) => !searchedText(item, [...fields]).some((t) => fold(t).includes(fold(payload))),
        );
        if (stray.length)
          misses.push(`${list}?q=${JSON.stringify(payload)} also returned ${stray.map((s) => s.id).join(', ')}`);
        const expected = created.filter(
          (c) =>
            c.url.startsWith(`${list}/`) &&
            Object.values(c.expected)
              .flat()
              .some((v) => typeof v === 'string' && fold(v).includes(fold(payload))),
        );
        const ids = new Set(items.map((item) => `${list}/${String(item.id)}`));
        const missing = expected
          .filter((c) => fields.some((f) => typeof c.expected[f] === 'string' || Array.isArray(c.expected[f])))
          .filter((c) => {
            const searched = fields
              .flatMap((f) => [c.expected[f]].flat())
              .filter((v): v is string => typeof v === 'string');
            return searched.some((t) => fold(t).includes(fold(payload))) && !ids.has(c.url);
          });
        found += expected.length - missing.length;
        if (missing.length)
          misses.push(`${list}?q=${JSON.stringify(payload)} did not return ${missing.map((m) => m.url).join(', ')}`);
      }
    }
    console.log(
      `injection: ${created.length} resources written with injection-shaped text and read back byte for byte; ${found} found again by q; ${requests} requests in all`,
    );
    expect(misses).toEqual([]);
    expect(found, 'stored payloads found again by q').toBeGreaterThan(100);
  });

  it('left every table in place and the database intact', () => {
    const tables = Object.keys(digest(app.db));
    expect(tables).toEqual(
      expect.arrayContaining(['actors', 'claims', 'events', 'locations', 'sources', 'api_keys', 'changes']),
    );
    expect(app.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
