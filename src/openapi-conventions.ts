// What the OpenAPI document says once for every operation instead of in every route: the answers any
// request can get (500, 503, and 429 under the rate limit) and the headers that come with them, an
// operationId for routes that set none, the integer formats JSON Schema leaves implicit, an example
// for every problem answer and for every `{id}`, taken from the seed (openapi-examples.ts).
import { exampleIdFor, problemExample } from './openapi-examples.ts';

// biome-ignore lint/suspicious/noExplicitAny: walks OpenAPI documents, JSON of any shape
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const INT32 = 2 ** 31;

const integerHeader = (description: string) => ({
  description,
  schema: { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
});

/** Reusable response headers (components.headers). */
const HEADERS: Json = {
  'X-RateLimit-Limit': integerHeader(
    'Requests this client (its API key, else its IP address) may make per window; sent while a rate limit is configured.',
  ),
  'X-RateLimit-Remaining': integerHeader('Requests left in the current window.'),
  'X-RateLimit-Reset': integerHeader('Seconds until the current window ends.'),
  'Retry-After': integerHeader('Seconds to wait before sending the request again.'),
  'Access-Control-Allow-Origin': {
    description: "Sent when the request's Origin is one the operator allows (CORS_ORIGINS); absent otherwise.",
    schema: { type: 'string', maxLength: 2048 },
  },
};

/** Caching headers of reads (plugins/http-cache.ts). */
const CACHE_HEADERS: Json = {
  ETag: {
    description:
      'Validator of this answer: send it back as If-None-Match to get a 304 while it is current. A list (every GET but a single resource) carries a weak tag, `W/"…"`, derived from the database position and the URL, which changes with any write; a single resource a strong tag of its representation, which If-Match on its writes takes.',
    schema: { type: 'string', maxLength: 200 },
  },
  'Cache-Control': {
    description:
      '`public, max-age=CACHE_MAX_AGE, must-revalidate` on reads (the default CACHE_MAX_AGE is 0: reuse only after a 304); `no-store` on every answer to a request that carries `Authorization`, on writes and on errors.',
    schema: { type: 'string', maxLength: 200 },
  },
  Vary: {
    description:
      '`Accept, Authorization` (and `Origin` under CORS): a list may take its format from Accept, and a keyed request is never answered from a copy stored for another.',
    schema: { type: 'string', maxLength: 200 },
  },
};
const CACHED_READ = /^\/v1\//;
const UNCACHED_PATHS = new Set(['/v1/changes/stream']);
const SINGLE_RESOURCE_PATH = /^\/v1\/[a-z]+\/\{id\}$/;

const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const problem = (description: string, headers: string[]) => ({
  description,
  headers: Object.fromEntries(headers.map((name) => [name, header(name)])),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** GET /v1/actors/{id}/claims -> getActorsByIdClaims: stable, unique per method and path. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((segment) => segment && segment !== 'v1')
    .map((segment) => segment.replace(/^\{(.+)\}$/, 'by-$1'))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** int32 when the bounds fit, else int64 (every integer the API sends is a safe JavaScript integer). */
function addIntegerFormats(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(addIntegerFormats);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const schema = value as Json;
  const isInteger = schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'));
  if (isInteger && schema.format === undefined) {
    const low = schema.minimum ?? schema.exclusiveMinimum ?? -Infinity;
    const high = schema.maximum ?? schema.exclusiveMaximum ?? Infinity;
    schema.format = low >= -INT32 && high < INT32 ? 'int32' : 'int64';
  }
  Object.values(schema).forEach(addIntegerFormats);
}

/** A read under /v1: If-None-Match, a 304, and ETag, Cache-Control and Vary on its 2xx and 304 answers. */
function documentCaching(path: string, operation: Json): void {
  const parameters: Json[] = (operation.parameters ??= []);
  if (!parameters.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'if-none-match')) {
    parameters.push({
      in: 'header',
      name: 'if-none-match',
      required: false,
      description: 'The ETag of an earlier answer to this same request; answers 304 with no body while it is current.',
      schema: { type: 'string', maxLength: 1000 },
    });
  }
  const responses: Json = operation.responses;
  responses['304'] ??= {
    description: SINGLE_RESOURCE_PATH.test(path)
      ? 'Not modified: the If-None-Match ETag is current.'
      : 'Not modified: nothing was written since the If-None-Match ETag was issued for this URL. Answered without building the page.',
  };
  for (const [status, response] of Object.entries<Json>(responses)) {
    if (response.$ref || !/^(2|304)/.test(status)) continue;
    for (const name of Object.keys(CACHE_HEADERS)) (response.headers ??= {})[name] ??= header(name);
  }
}

/**
 * Adds to every operation: a 500 and a 503 (the database busy with other writes or its storage failing,
 * or a request over HANDLER_TIMEOUT_MS) as problem+json; under /v1, which the rate limit covers (the health probes are
 * exempt), a 429 with Retry-After and the X-RateLimit-* headers on every 2xx and 4xx answer. Every
 * set of response headers lists Access-Control-Allow-Origin. What a route declares itself is kept.
 */
export function applyConventions<T>(input: T): T {
  const document = structuredClone(input) as Json;
  document.components = {
    ...document.components,
    headers: { ...HEADERS, ...CACHE_HEADERS, ...document.components?.headers },
  };
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    const rateLimited = path.startsWith('/v1/');
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.operationId ??= operationIdOf(method, path);
      const id = exampleIdFor(path);
      for (const parameter of operation.parameters ?? []) {
        if (
          id !== undefined &&
          parameter.in === 'path' &&
          parameter.name === 'id' &&
          parameter.example === undefined &&
          parameter.schema?.example === undefined
        ) {
          parameter.example = id;
        }
      }
      const responses: Json = (operation.responses ??= {});
      if (method === 'get' && CACHED_READ.test(path) && !UNCACHED_PATHS.has(path)) documentCaching(path, operation);
      if (rateLimited)
        responses['429'] ??= problem(
          'Too many requests from this client in the current window; retry after Retry-After seconds.',
          ['Retry-After'],
        );
      responses['500'] ??= problem('An unexpected error; it has been logged. Nothing was written.', []);
      responses['503'] ??= problem(
        'The database is busy with other writes, its storage failed (a read-only file, a full disk, an I/O error, a damaged page), ' +
          'or the request took longer than the server allows; nothing was written. Retry after Retry-After seconds when it is given; ' +
          'without it, only an operator can help (GET /ready then says why).',
        ['Retry-After'],
      );
      for (const [status, response] of Object.entries<Json>(responses)) {
        if (response.$ref) continue;
        if (rateLimited && /^[24]/.test(status)) {
          for (const name of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'])
            (response.headers ??= {})[name] ??= header(name);
        }
        if (response.headers) response.headers['Access-Control-Allow-Origin'] ??= header('Access-Control-Allow-Origin');
        // Without its own example every status showed the Problem schema's (a 400 on query.limit).
        const media = response.content?.['application/problem+json'];
        if (media && media.example === undefined && media.examples === undefined) {
          const example = problemExample(status, method, path, operation);
          if (example) media.example = example;
        }
      }
    }
  }
  addIntegerFormats(document.paths);
  addIntegerFormats(document.components.schemas);
  return document as T;
}
