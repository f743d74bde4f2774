// How the OpenAPI document is produced: @fastify/swagger options, generated from the zod schemas.
import type { SwaggerOptions, SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { withExportFormats } from './exports/openapi.ts';
import { applyConventions } from './openapi-conventions.ts';

export const API_VERSION = '1.0.0';

/**
 * Routes whose filters name actors or locations (`config.idFilters`, `config.nodeFilters`) answer
 * for the survivor of a merged-away id (routes/v1/query-checks.ts): their 200 documents `Merged-Into`.
 */
export function withMergedIntoHeader(transform: SwaggerTransform): SwaggerTransform {
  return (input) => {
    const result = transform(input);
    const config = input.route.config as
      | { idFilters?: Record<string, string>; nodeFilters?: readonly string[] }
      | undefined;
    const params = [
      ...Object.entries(config?.idFilters ?? {})
        .filter(([, kind]) => kind === 'actor' || kind === 'location')
        .map(([param]) => param),
      ...(config?.nodeFilters ?? []),
    ];
    const ok = (result.schema as { response?: Record<string, { headers?: Record<string, unknown> }> }).response?.[
      '200'
    ];
    if (params.length === 0 || !ok?.headers) return result;
    ok.headers['Merged-Into'] = {
      type: 'string',
      maxLength: 4000,
      description: `Sent when ${params.map((p) => `\`${p}\``).join(', ')} named an actor or location id merged into another: the answer is for the survivor, and the header says which, as \`old=survivor\` pairs separated by ", " (e.g. \`kremlin-press-secretary=dmitry-peskov\`). Use the survivor's id from now on.`,
    };
    return result;
  };
}

type Document = ReturnType<typeof jsonSchemaTransformObject>;

/**
 * The zod provider registers every named schema twice (as `X` for responses and `XInput` for
 * requests). Keep only the components some operation actually references, so the document lists
 * what a client meets and nothing else.
 */
export function pruneUnusedComponents(document: Document): Document {
  const schemas = (document as { components?: { schemas?: Record<string, unknown> } }).components?.schemas;
  if (!schemas) return document;
  const { components, ...rest } = document as { components: { schemas: Record<string, unknown> } };
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const name = child.replace('#/components/schemas/', '');
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(child);
    }
  };
  visit(rest);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...rest, components: { ...components, schemas: kept } } as Document;
}

/**
 * The zod provider names a request schema `XInput`. Where no response uses `X`, or `X` is the same
 * schema, the document calls it `X`: readers see `ClaimCreate` and `TimeSpec`, not `ClaimCreateInput`
 * next to an identical `TimeSpec`. A request shape that differs from its response keeps the suffix.
 */
export function nameComponents(document: Document): Document {
  const schemas = (document as { components?: { schemas?: Record<string, unknown> } }).components?.schemas;
  if (!schemas) return document;
  const renamed = new Map<string, string>();
  const refName = (ref: string) =>
    ref.replace(/^#\/components\/schemas\/(.+)$/, (whole, name: string) =>
      renamed.has(name) ? `#/components/schemas/${renamed.get(name)}` : whole,
    );
  // Compared with the references already renamed, until nothing more is: an `XInput` that differs
  // from `X` only by naming `YInput` where `X` names `Y` is `X` once `YInput` is `Y`.
  const withRenamedRefs = (schema: unknown) =>
    JSON.stringify(schema, (key, value) => (key === '$ref' && typeof value === 'string' ? refName(value) : value));
  for (let more = true; more; ) {
    more = false;
    for (const name of Object.keys(schemas)) {
      const plain = name.replace(/Input$/, '');
      if (plain === name || renamed.has(name)) continue;
      const twin = schemas[plain];
      if (twin === undefined || withRenamedRefs(twin) === withRenamedRefs(schemas[name])) {
        renamed.set(name, plain);
        more = true;
      }
    }
  }
  if (!renamed.size) return document;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        key === '$ref' && typeof child === 'string' ? refName(child) : rewrite(child),
      ]),
    );
  };
  const { components, ...rest } = document as { components: { schemas: Record<string, unknown> } };
  const named: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const target = renamed.get(name) ?? name;
    if (!(target in named) || target === name) named[target] = rewrite(schema);
  }
  return { ...(rewrite(rest) as object), components: { ...components, schemas: named } } as Document;
}

export const swaggerOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Event knowledge graph API',
      version: API_VERSION,
      description:
        'What news reports say, as a graph: actors, locations, events and above all claims — who said what, when, about what, as reported by whom — each anchored to the exact words of its source.\n\n' +
        'Lists answer `{ data, page: { limit, nextCursor } }`; pass `nextCursor` back as `cursor`. Errors are RFC 9457 problem details (`application/problem+json`) naming every bad field.\n\n' +
        '**Caching.** Every read answers with an `ETag` and honours `If-None-Match` with a `304` and no body: a list (and its exports, search, the timeline, the graph, the change feed and `/v1/export`) carries a weak tag derived from the database position and the URL, so a 304 is answered without building the page, and any write makes every list tag new; a single resource carries the strong tag of its representation (send that as `If-Match` to change it). ' +
        "Reads say `Cache-Control: public, max-age=N, must-revalidate` (N is the operator's `CACHE_MAX_AGE`, 0 by default: a browser or CDN may keep the answer but asks again, cheaply, before each reuse) and `Vary: Accept, Authorization`. " +
        'Anything answered to a request carrying `Authorization`, every write and every error says `Cache-Control: no-store`.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'Event knowledge graph API', url: 'https://eventkg.dev' },
    },
    // x-internal and an environment word in the description: the API inventory the OWASP ruleset asks for.
    servers: [
      {
        url: '/',
        description:
          'This service, at the address serving this page (your local development server or production alike); paths start at /v1',
        'x-internal': false,
      } as { url: string; description: string },
    ],
    tags: [
      { name: 'claims', description: 'Who said what, when, about what, reported by whom.' },
      { name: 'events', description: 'What happened, when, where, who took part.' },
      { name: 'actors', description: 'People, states, organisations, armed forces, media, groups.' },
      { name: 'locations', description: 'Places, in a hierarchy.' },
      { name: 'sources', description: 'The documents everything is extracted from.' },
      { name: 'timeline', description: 'Events and claims in one time order.' },
      {
        name: 'graph',
        description: 'Entities as nodes and edges: the neighbourhood of one, the shortest connection between two.',
      },
      { name: 'search', description: 'Full-text search over claims, events, actors, locations and sources, ranked.' },
      { name: 'changes', description: 'Every write, in order, to keep a copy in sync.' },
      {
        name: 'extractions',
        description:
          'Extraction: from a raw article to reviewed claims. POST an article, get a draft bundle linked to the stored graph with notes on every suggestion, correct it, then accept (import) or reject it.',
      },
      { name: 'meta', description: 'Health of the service.' },
    ],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Reads are public; writes need `Authorization: Bearer <key>`. Scopes: `write` (create, change, import), `admin` (also delete and merge), `read` (identifies a client, writes nothing). ' +
            'Operators create keys with `npm run --silent apikey -- create --name NAME --scope write` and revoke them with `npm run apikey -- revoke --id ID`. ' +
            'A missing, unknown or revoked key is a 401; a key without the needed scope is a 403.',
        },
      },
    },
  },
  transform: withMergedIntoHeader(withExportFormats(jsonSchemaTransform)),
  transformObject: (input) => applyConventions(nameComponents(pruneUnusedComponents(jsonSchemaTransformObject(input)))),
};
