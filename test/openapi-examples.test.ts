// What Swagger UI shows at /docs: each operation once, an example per problem status that says what
// that status means and is what the service answers, readable ids instead of strings generated from a
// pattern, component names without the zod provider's suffix, and write examples that work on the seed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.ts';
import { createApiKey } from '../src/domain/api-keys.ts';
import { EXAMPLE_EXTRACTION_ID, UNKNOWN_BODY_FIELD } from '../src/openapi-examples.ts';
import { useApp } from './helpers.ts';

type Json = Record<string, any>;

const app = useApp();
const documentOf = async (): Promise<Json> => (await app().inject('/docs/json')).json();
const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

function operationsOf(document: Json): Array<{ method: string; path: string; operation: Json }> {
  return Object.entries<Json>(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
  );
}

const resolve = (document: Json, schema: Json): Json =>
  schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;

const bodyExampleOf = (document: Json, operation: Json): Json | undefined => {
  const media = operation.requestBody?.content?.['application/json'];
  return media && (media.example ?? resolve(document, media.schema).example);
};

/** Where Swagger UI would make up a value from a `pattern` (a random string) for lack of an example. */
function patternsWithoutExample(document: Json): string[] {
  const found = new Set<string>();
  const walk = (schema: Json | undefined, where: string, seen: ReadonlySet<string>): void => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (!seen.has(name)) walk(document.components.schemas[name], name, new Set([...seen, name]));
      return;
    }
    if (schema.example !== undefined || schema.examples !== undefined) return;
    if (schema.pattern) found.add(where);
    for (const key of ['anyOf', 'oneOf', 'allOf']) for (const part of schema[key] ?? []) walk(part, where, seen);
    if (schema.items) walk(schema.items, `${where}[]`, seen);
    for (const [name, property] of Object.entries<Json>(schema.properties ?? {}))
      walk(property, `${where}.${name}`, seen);
  };
  for (const { method, path, operation } of operationsOf(document)) {
    for (const [status, response] of Object.entries<Json>(operation.responses)) {
      for (const media of Object.values<Json>(response.content ?? {})) {
        if (media.example === undefined) walk(media.schema, `${method} ${path} ${status}`, new Set());
      }
    }
    const body = operation.requestBody?.content?.['application/json'];
    if (body && body.example === undefined) walk(body.schema, `${method} ${path} body`, new Set());
  }
  return [...found].sort();
}

describe('the document as Swagger UI shows it', () => {
  it('files every operation under exactly one tag, so Swagger UI lists it once', async () => {
    const document = await documentOf();
    const tagged = operationsOf(document).map(
      ({ method, path, operation }) => `${method} ${path}: ${operation.tags.join(',')}`,
    );
    expect(tagged.filter((line) => line.includes(','))).toEqual([]);
    expect(document.tags[0].name).toBe('claims');
  });

  it('gives every problem answer its own example, of its own status', async () => {
    const document = await documentOf();
    const missing: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const shown = new Set<string>();
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        const media = response.content?.['application/problem+json'];
        if (!media) continue;
        if (!media.example) {
          missing.push(`${method} ${path} ${status}`);
          continue;
        }
        expect(media.example.status, `${method} ${path} ${status}`).toBe(Number(status));
        expect(media.example.type, `${method} ${path} ${status}`).toMatch(
          /^https:\/\/eventkg\.dev\/problems\/[a-z-]+$/,
        );
        shown.add(JSON.stringify(media.example));
      }
      const problems = Object.values<Json>(operation.responses).filter(
        (response) => response.content?.['application/problem+json'],
      );
      expect(shown.size, `${method} ${path}: one distinct example per status`).toBe(problems.length);
    }
    expect(missing).toEqual([]);
  });

  it('shows an example wherever Swagger UI would otherwise make up a string from a pattern', async () => {
    expect(patternsWithoutExample(await documentOf())).toEqual([]);
  });

  it('names components without the zod provider artefacts (no XInput where X would do)', async () => {
    const names = Object.keys((await documentOf()).components.schemas);
    expect(names.filter((name) => name.endsWith('Input'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['ClaimCreate', 'Mention', 'TimeSpec', 'Bundle']));
  });

  it('says what its server entry is', async () => {
    const [server] = (await documentOf()).servers;
    expect(server.url).toBe('/');
    expect(server.description).toMatch(/^This service/);
  });
});

const SEED_BUNDLE: Json = JSON.parse(readFileSync('seed/nagorno-karabakh-withdrawal.bundle.json', 'utf8'));

/**
 * The seed holds no extraction: POSTs the ExtractionCreate example as "Try it out" would and answers its
 * id, which stands in for EXAMPLE_EXTRACTION_ID wherever an example names an extraction.
 */
async function postExampleExtraction(target: App, document: Json, key: string): Promise<string> {
  const operation = document.paths['/v1/extractions'].post;
  const answer = await target.inject({
    method: 'POST',
    url: '/v1/extractions',
    headers: { authorization: `Bearer ${key}` },
    payload: bodyExampleOf(document, operation),
  });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json().id;
}

/** The request that should produce a problem example, built from the example itself and the operation. */
function requestFor(
  document: Json,
  method: string,
  path: string,
  operation: Json,
  status: string,
  example: Json,
  keys: Record<string, string>,
) {
  const body = bodyExampleOf(document, operation);
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const needsAdmin = method === 'delete' || path.endsWith('/merge');
  const writer = operation.security ? auth(needsAdmin ? keys.admin! : keys.write!) : {};
  switch (status) {
    case '400':
      return { headers: writer, payload: body && { ...body, [UNKNOWN_BODY_FIELD]: 'red' } };
    case '401':
      return { headers: {}, payload: body };
    case '403':
      return { headers: auth(needsAdmin ? keys.write! : keys.read!), payload: body };
    case '404':
      return { headers: writer, payload: body };
    case '406':
      return { headers: { accept: 'application/xml' } };
    case '428':
      // The one request sent without If-Match: the 428 is what that answers.
      return { headers: writer, payload: body };
    case '409': {
      if (path === '/v1/sources') return { headers: writer, payload: SEED_BUNDLE };
      if (path === '/v1/extractions') return { headers: writer, payload: { ...body, text: SEED_BUNDLE.source.text } };
      if (path.endsWith('/merge'))
        return { headers: writer, payload: { into: /"([^"]+)" lies inside/.exec(example.detail)![1] } };
      const taken = /with id "([^"]+)" already exists/.exec(example.detail)?.[1];
      return { headers: writer, payload: taken ? { ...body, id: taken } : body };
    }
    default:
      return undefined;
  }
}

/** A change to a stored resource (its operation can answer 428): PATCH, DELETE and merge. */
const needsIfMatch = (operation: Json) => operation.responses['428'] !== undefined;

/** The ETag a GET of the resource a change names answers (none for a 404 or a 400), as If-Match. */
async function ifMatchFor(target: App, url: string): Promise<Record<string, string>> {
  const etag = (await target.inject(url.split('?')[0]!.replace(/\/(merge|accept|reject)$/, ''))).headers.etag;
  return etag === undefined ? {} : { 'if-match': String(etag) };
}

describe('the problem examples are what the service answers on the seed', () => {
  it('400, 401, 403, 404, 406, 409 and 428 of every operation, sent as the example says', async () => {
    const document = await documentOf();
    const keys = {
      read: createApiKey(app().db, { name: 'examples-read', scopes: ['read'] }).key,
      write: createApiKey(app().db, { name: 'examples-write', scopes: ['write'] }).key,
      admin: createApiKey(app().db, { name: 'examples-admin', scopes: ['admin'] }).key,
    };
    // One extraction, rejected, in place of the example id: each write on it is then the 409 shown.
    const extraction = await postExampleExtraction(app(), document, keys.write);
    const rejected = await app().inject({
      method: 'POST',
      url: `/v1/extractions/${extraction}/reject`,
      headers: { authorization: `Bearer ${keys.write}`, ...(await ifMatchFor(app(), `/v1/extractions/${extraction}`)) },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    let sent = 0;
    for (const { method, path, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        const example = response.content?.['application/problem+json']?.example;
        if (!example) continue;
        const request = requestFor(document, method, path, operation, status, example, keys);
        if (!request) continue;
        const url = example.instance.replaceAll(EXAMPLE_EXTRACTION_ID, extraction);
        // Sent as a careful client sends a change, with the ETag it just read, except to see the 428 for its lack.
        if (needsIfMatch(operation) && status !== '428')
          request.headers = { ...(await ifMatchFor(app(), url)), ...request.headers };
        const answer = await app().inject({ method: method.toUpperCase() as 'GET', url, ...request });
        const body = JSON.parse(answer.body.replaceAll(extraction, EXAMPLE_EXTRACTION_ID));
        expect({ status: answer.statusCode, body }, `${method} ${path} ${status}`).toEqual({
          status: Number(status),
          body: example,
        });
        sent++;
      }
    }
    // Guards against the loop silently skipping: every operation has at least a 400 or a 406 to check.
    expect(sent).toBeGreaterThan(100);
  });
});

describe('every write example works on the seed, as "Try it out" sends it', () => {
  /** A fresh seeded app per write, so one example's change cannot make another fail or pass. */
  async function freshApp(): Promise<{ app: App; key: string }> {
    const fresh = await buildApp({ databasePath: ':memory:', checkResponses: true });
    return { app: fresh, key: createApiKey(fresh.db, { name: 'try-it-out', scopes: ['admin'] }).key };
  }

  it('POST, PATCH and merge with the body example and the {id} example answer 2xx', async () => {
    const document = await documentOf();
    const writes = operationsOf(document).filter(({ operation }) => operation.requestBody);
    // 5 creates (the import included), 4 changes, 2 merges; the review queue's submit, correct, accept and reject.
    expect(writes.length).toBe(15);
    for (const { method, path, operation } of writes) {
      const body = bodyExampleOf(document, operation);
      expect(body, `${method} ${path} has a body example`).toBeDefined();
      const id = operation.parameters?.find((p: Json) => p.in === 'path' && p.name === 'id')?.example;
      if (path.includes('{id}')) expect(id, `${method} ${path} has an {id} example`).toBeDefined();
      const { app: fresh, key } = await freshApp();
      try {
        // An extraction id is the one POST answered (the parameter's description says so): submit the example first.
        const url = path.replace(
          '{id}',
          id === EXAMPLE_EXTRACTION_ID ? await postExampleExtraction(fresh, document, key) : id,
        );
        // A change to a stored resource carries the ETag a GET just answered, as the README tells a Swagger UI user to.
        const ifMatch = needsIfMatch(operation) ? await ifMatchFor(fresh, url) : {};
        expect(
          needsIfMatch(operation) ? ifMatch['if-match'] : 'not needed',
          `${method} ${url}: a GET answers its ETag`,
        ).toBeDefined();
        const answer = await fresh.inject({
          method: method.toUpperCase() as 'POST',
          url,
          headers: { authorization: `Bearer ${key}`, ...ifMatch },
          payload: body,
        });
        expect(answer.statusCode, `${method} ${url}: ${answer.body}`).toBe(
          method === 'post' && !/\/(merge|reject)$/.test(path) ? 201 : 200,
        );
        if (path === '/v1/sources') {
          // The ImportResult example names the id this import gives its claim.
          expect(answer.json().created.claims.map((claim: Json) => claim.id)).toEqual(['dmitry-peskov-confirms-2']);
        }
        if (path.endsWith('/accept')) {
          // The Extraction example's sourceId is the source accepting the example draft makes.
          const sourceId = document.components.schemas.Extraction.properties.sourceId;
          expect(answer.json().source.id).toBe((sourceId.anyOf?.[0] ?? sourceId).example);
        }
      } finally {
        await fresh.close();
      }
    }
  });
});
