// fast-check arbitraries of HTTP requests for one OpenAPI operation: valid ones (real ids, values drawn
// from each parameter's schema, bodies a curator could send) and broken ones (one thing wrong each).
import fc from 'fast-check';
import type { JsonSchema, OpenApiDocument, Operation, Parameter } from './contract.ts';
import { resolve } from './contract.ts';
import { KINDS, type Kind, type Pools } from './pools.ts';

/**
 * `valid`: a well-formed request (reads must answer 2xx/3xx; writes anything declared);
 * `broken`: one thing is wrong, so the answer must be a 4xx; `odd`: anything goes, the contract still holds.
 */
export type RequestClass = 'valid' | 'broken' | 'odd';

export type FuzzRequest = {
  class: RequestClass;
  /** What was done to the request, e.g. `query.limit=abc` or `body wrong-type at about.events`. */
  label: string;
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string;
};

export type FuzzContext = { document: OpenApiDocument; pools: Pools };

// ---------------------------------------------------------------------------------------------------
// Values

const day = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Which pool of ids a parameter or property of this name takes. */
const ID_HINTS: Record<string, Kind> = {
  actor: 'actors',
  actors: 'actors',
  speaker: 'actors',
  reportedBy: 'actors',
  organization: 'actors',
  location: 'locations',
  within: 'locations',
  parent: 'locations',
  event: 'events',
  events: 'events',
  respondsTo: 'claims',
  source: 'sources',
  sourceId: 'sources',
};

/** `/v1/actors/{id}/merge` -> actors */
export function kindOfPath(path: string): Kind | undefined {
  const segment = path.split('/')[2];
  return (['actors', 'locations', 'events', 'claims', 'sources', 'extractions'] as const).find(
    (kind) => kind === segment,
  );
}

const acceptsString = (schema: JsonSchema): boolean =>
  schema.type === 'string' ||
  (Array.isArray(schema.type) && schema.type.includes('string')) ||
  (schema.anyOf ?? schema.oneOf ?? []).some(acceptsString);

function stringFromSchema(schema: JsonSchema): fc.Arbitrary<string> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum.map(String));
  if (typeof schema.const === 'string') return fc.constant(schema.const);
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (typeof schema.pattern === 'string') {
    if (schema.pattern.startsWith('^\\d{4}-\\d{2}-\\d{2}')) return day;
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= Math.max(minLength, 1) && s.length <= maxLength);
  }
  if (schema.format === 'uri') return fc.webUrl();
  return fc
    .oneof(fc.string({ minLength, maxLength }), fc.string({ minLength, maxLength, unit: 'grapheme' }))
    .filter((s) => s.length >= minLength);
}

function numberFromSchema(schema: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? schema.exclusiveMinimum ?? -1e6, -1e6);
  const max = Math.min(schema.maximum ?? schema.exclusiveMaximum ?? 1e6, 1e6);
  if (schema.type === 'integer') {
    const low = schema.exclusiveMinimum !== undefined ? Math.floor(min) + 1 : Math.ceil(min);
    const high = schema.exclusiveMaximum !== undefined ? Math.ceil(max) - 1 : Math.floor(max);
    return fc.integer({ min: low, max: high });
  }
  return fc
    .double({
      min,
      max,
      minExcluded: schema.exclusiveMinimum !== undefined,
      maxExcluded: schema.exclusiveMaximum !== undefined,
      noNaN: true,
      noDefaultInfinity: true,
    })
    .map((n) => (Object.is(n, -0) ? 0 : n));
}

type Special = (context: FuzzContext) => fc.Arbitrary<unknown>;

const timeSpec: Special = () =>
  fc.oneof(
    fc.constant({ text: null, start: null, end: null, precision: 'unknown', approximate: false }),
    fc
      .tuple(day, fc.boolean())
      .map(([d, approximate]) => ({ text: null, start: d, end: d, precision: 'day', approximate })),
    fc.tuple(day, day, fc.constantFrom('month', 'season', 'year', 'decade')).map(([a, b, precision]) => ({
      text: null,
      // biome-ignore lint/complexity/useMathMinMax: ISO dates as text, where Math.min would give NaN
      start: a < b ? a : b,
      // biome-ignore lint/complexity/useMathMinMax: as above
      end: a < b ? b : a,
      precision,
      approximate: true,
    })),
    fc.tuple(day, fc.boolean()).map(([d, openEnd]) => ({
      text: null,
      start: openEnd ? d : null,
      end: openEnd ? null : d,
      precision: 'day',
      approximate: true,
    })),
  );

const evidenceRef: Special = ({ pools }) =>
  fc
    .tuple(fc.constantFrom(...pools.evidence), fc.boolean())
    .map(([e, explicit]) =>
      explicit || e.occurrence > 1
        ? { sourceId: e.sourceId, quote: e.quote, occurrence: e.occurrence }
        : { sourceId: e.sourceId, quote: e.quote },
    );

/** Components whose valid values need more than their schema (dates in order, words that stand in a source). */
const SPECIAL: Record<string, Special> = {
  TimeSpec: timeSpec,
  EvidenceRef: evidenceRef,
};

/** A value of `schema`; `name` is the property or parameter it is for, which may pick a pool of ids. */
export function fromSchema(
  context: FuzzContext,
  raw: JsonSchema | undefined,
  name?: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const refName = typeof raw?.$ref === 'string' ? raw.$ref.replace('#/components/schemas/', '') : undefined;
  if (refName && SPECIAL[refName]) return SPECIAL[refName](context);
  const schema = resolve(context.document, raw);
  const hint = name ? ID_HINTS[name] : undefined;
  if (hint && acceptsString(schema) && context.pools.ids[hint].length) {
    const ids = fc.constantFrom(...context.pools.ids[hint]);
    const nullable = (schema.anyOf ?? []).some((s: JsonSchema) => s.type === 'null');
    return nullable ? fc.option(ids, { nil: null, freq: 4 }) : ids;
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches))
    return fc.oneof(...branches.map((b: JsonSchema) => fromSchema(context, b, name, depth + 1)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return numberFromSchema({ ...schema, type });
    case 'string':
      return stringFromSchema(schema);
    case 'array': {
      if (depth > 6) return fc.constant([]);
      const items = fromSchema(context, schema.items, name, depth + 1);
      return fc.array(items, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(Math.min(schema.maxItems ?? 3, 3), schema.minItems ?? 0),
      });
    }
    case 'object': {
      if (depth > 6) return fc.constant({});
      const properties: Record<string, JsonSchema> = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, fromSchema(context, value, key, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key: string) => key in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------------
// Bodies

/** A bundle with its own short article, linked to stored actors: a new source each time the token differs. */
function bundle(context: FuzzContext): fc.Arbitrary<unknown> {
  const speakers = context.pools.ids.actors;
  return fc
    .record({
      token: fc.stringMatching(/^[a-z0-9]{8}$/),
      title: stringFromSchema({ minLength: 1, maxLength: 80 }),
      speaker: fc.constantFrom(...speakers),
      stance: fc.constantFrom('states', 'confirms', 'denies'),
      publishedAt: day,
      withId: fc.boolean(),
    })
    .map(({ token, title, speaker, stance, publishedAt, withId }) => {
      const text = `Report ${token}. The convoy ${token} left the border post on Tuesday, officials said. "We have left," a commander said.`;
      return {
        source: {
          ...(withId ? { id: `report-${token}` } : {}),
          title,
          publisher: null,
          url: null,
          publishedAt,
          language: 'en',
          text,
        },
        actors: [{ key: `commander-${token}`, name: `Commander ${token}`, kind: 'person', evidence: ['a commander'] }],
        locations: [{ key: 'border-post', name: `Border post ${token}`, kind: 'site', evidence: ['the border post'] }],
        events: [
          {
            key: 'convoy-left',
            title: `Convoy ${token} leaves`,
            kind: 'departure',
            time: { text: 'on Tuesday', start: publishedAt, end: publishedAt, precision: 'day', approximate: false },
            status: 'occurred',
            location: 'border-post',
            participants: [{ actor: `commander-${token}`, role: 'agent' }],
            evidence: [`The convoy ${token} left the border post`],
          },
        ],
        claims: [
          {
            key: 'left',
            speaker: `commander-${token}`,
            text: 'We have left,',
            mode: 'direct_quote',
            stance: 'states',
            saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
            about: { events: ['convoy-left'], actors: [] },
            evidence: '"We have left," a commander said.',
          },
          {
            key: 'officials',
            speaker,
            text: 'Officials said the convoy left.',
            mode: 'reported_speech',
            stance,
            saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
            evidence: 'officials said',
          },
        ],
      };
    });
}

/** Makes a generated body hang together where its schema cannot say so. */
function fixUp(component: string | undefined, body: any): any {
  if (body === null || typeof body !== 'object') return body;
  if (component?.startsWith('Claim') && body.mode === 'direct_quote' && body.evidence?.quote)
    body.text = body.evidence.quote;
  if (component?.startsWith('Event') && Array.isArray(body.quantities)) {
    const quote: string | undefined = body.evidence?.[0]?.quote;
    if (quote) for (const quantity of body.quantities) quantity.text = quote.slice(0, Math.min(quote.length, 24));
    else if (component === 'EventPatch') delete body.quantities;
  }
  return body;
}

export function validBody(context: FuzzContext, operation: Operation): fc.Arbitrary<unknown> {
  const component =
    typeof operation.body?.$ref === 'string' ? operation.body.$ref.replace('#/components/schemas/', '') : undefined;
  if (component === 'Bundle') return bundle(context);
  if (component === 'ExtractionPatch' && context.pools.drafts.length)
    return fc.constantFrom(...context.pools.drafts).map((draft) => ({ draft }));
  const kind = kindOfPath(operation.path);
  if (operation.path.endsWith('/merge') && kind) {
    return fc.record({ into: fc.constantFrom(...context.pools.ids[kind]) });
  }
  return fromSchema(context, operation.body).map((body) => fixUp(component, structuredClone(body)));
}

/** `schema` is the branch of an anyOf the value matches; `declared` the schema as declared (all its branches). */
type Node = { path: Array<string | number>; value: unknown; schema: JsonSchema; declared: JsonSchema | undefined };

const jsonType = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/** The branch of `schema` (through $ref, anyOf, oneOf) that describes `value`. */
function branchFor(document: OpenApiDocument, raw: JsonSchema | undefined, value: unknown): JsonSchema {
  const schema = resolve(document, raw);
  const branches: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const type = jsonType(value);
  const matching = branches
    .map((b) => resolve(document, b))
    .find((b) => b.type === type || (type === 'integer' && b.type === 'number'));
  return matching ?? schema;
}

/** Every node of a body with the schema that describes it, root first. */
function nodesOf(
  document: OpenApiDocument,
  value: unknown,
  raw: JsonSchema | undefined,
  path: Array<string | number> = [],
): Node[] {
  const schema = branchFor(document, raw, value);
  const nodes: Node[] = [{ path, value, schema, declared: raw }];
  if (Array.isArray(value))
    value.forEach((item, i) => nodes.push(...nodesOf(document, item, schema.items, [...path, i])));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      nodes.push(...nodesOf(document, child, schema.properties?.[key], [...path, key]));
  }
  return nodes;
}

/** The JSON types a schema admits (integer within number), or undefined when it admits anything. */
function allowedTypes(document: OpenApiDocument, raw: JsonSchema | undefined): Set<string> | undefined {
  const schema = resolve(document, raw);
  const branches: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const sets = branches.map((b) => allowedTypes(document, b));
    if (sets.some((s) => !s)) return undefined;
    return new Set(sets.flatMap((s) => [...s!]));
  }
  if (Array.isArray(schema.enum))
    return new Set(schema.enum.map(jsonType).flatMap((t: string) => (t === 'integer' ? ['integer', 'number'] : [t])));
  if ('const' in schema) return new Set([jsonType(schema.const)]);
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (!types.length) return undefined;
  return new Set(types.flatMap((t) => (t === 'number' ? ['number', 'integer'] : [t])));
}

const WRONG_VALUES: Array<[string, unknown]> = [
  ['string', 'wrong type'],
  ['integer', 12345],
  ['number', 1.5],
  ['boolean', true],
  ['array', ['x']],
  ['object', { x: 1 }],
  ['null', null],
];

export const BODY_MUTATIONS = [
  'drop-required',
  'extra-property',
  'wrong-type',
  'too-long',
  'too-many',
  'bad-enum',
  'empty-string',
  'below-minimum',
  'bad-pattern',
] as const;
type BodyMutation = (typeof BODY_MUTATIONS)[number];

function setAt(body: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  let parent: any = body;
  for (const segment of path.slice(0, -1)) parent = parent[segment];
  parent[path[path.length - 1]!] = value;
  return body;
}

/** Applies `mutation` at the `pick`-th node where it makes the body invalid; undefined when no node fits. */
export function mutateBody(
  document: OpenApiDocument,
  schema: JsonSchema | undefined,
  original: unknown,
  mutation: BodyMutation,
  pick: number,
): { body: unknown; where: string } | undefined {
  const body = structuredClone(original);
  const nodes = nodesOf(document, body, schema);
  const fits = (node: Node): boolean => {
    const s = node.schema;
    switch (mutation) {
      case 'drop-required':
        return jsonType(node.value) === 'object' && (s.required ?? []).some((k: string) => k in (node.value as object));
      case 'extra-property':
        return jsonType(node.value) === 'object' && s.additionalProperties === false;
      case 'wrong-type':
        // Every branch's types: a nullable string holding a string must not get null as its "wrong" value.
        return allowedTypes(document, node.declared) !== undefined;
      case 'too-long':
        return typeof node.value === 'string' && typeof s.maxLength === 'number' && s.maxLength <= 20_000;
      case 'too-many':
        return (
          Array.isArray(node.value) && node.value.length > 0 && typeof s.maxItems === 'number' && s.maxItems <= 600
        );
      case 'bad-enum':
        return typeof node.value === 'string' && Array.isArray(s.enum);
      case 'empty-string':
        return typeof node.value === 'string' && (s.minLength ?? 0) >= 1;
      case 'below-minimum':
        return (
          typeof node.value === 'number' && (typeof s.minimum === 'number' || typeof s.exclusiveMinimum === 'number')
        );
      case 'bad-pattern':
        return typeof node.value === 'string' && typeof s.pattern === 'string';
    }
  };
  // A wrong type on the root alone would say little about nested fields; prefer the nodes inside.
  const candidates = nodes.filter(fits);
  const node =
    candidates.length > 1 && mutation === 'wrong-type'
      ? candidates.slice(1)[pick % (candidates.length - 1)]
      : candidates[pick % Math.max(candidates.length, 1)];
  if (!node) return undefined;
  const s = node.schema;
  const where = node.path.join('.') || '(root)';
  switch (mutation) {
    case 'drop-required': {
      const present = (s.required as string[]).filter((k) => k in (node.value as object));
      delete (node.value as Record<string, unknown>)[present[pick % present.length]!];
      return { body, where };
    }
    case 'extra-property':
      (node.value as Record<string, unknown>).unexpectedField = 'not in the schema';
      return { body, where };
    case 'wrong-type': {
      const allowed = allowedTypes(document, node.declared)!;
      const wrong = WRONG_VALUES.filter(([type]) => !allowed.has(type));
      if (!wrong.length) return undefined;
      return { body: setAt(body, node.path, structuredClone(wrong[pick % wrong.length]![1])), where };
    }
    case 'too-long':
      return { body: setAt(body, node.path, 'a'.repeat(s.maxLength + 1)), where };
    case 'too-many': {
      const items = node.value as unknown[];
      return {
        body: setAt(
          body,
          node.path,
          Array.from({ length: s.maxItems + 1 }, (_, i) => structuredClone(items[i % items.length])),
        ),
        where,
      };
    }
    case 'bad-enum':
      return { body: setAt(body, node.path, 'NOT_AN_ENUM_VALUE'), where };
    case 'empty-string':
      return { body: setAt(body, node.path, ''), where };
    case 'below-minimum': {
      const bound = typeof s.minimum === 'number' ? s.minimum - 1 : s.exclusiveMinimum;
      return { body: setAt(body, node.path, bound), where };
    }
    case 'bad-pattern': {
      const value = new RegExp(s.pattern).test('Not A Slug!') ? undefined : 'Not A Slug!';
      return value === undefined ? undefined : { body: setAt(body, node.path, value), where };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Parameters

function validParam(context: FuzzContext, operation: Operation, param: Parameter): fc.Arbitrary<string> | undefined {
  const { pools } = context;
  if (param.in === 'path') {
    const kind = kindOfPath(operation.path);
    if (param.name === 'id' && kind) return fc.constantFrom(...pools.ids[kind]);
  }
  if (param.in === 'header') return undefined;
  if (param.name === 'cursor' || param.name === 'since') return undefined; // followed from real pages instead
  if (param.name === 'q') {
    const words = fc.constantFrom(...pools.words);
    return operation.path.endsWith('/search')
      ? words
      : fc.oneof(
          words,
          words.map((w) => w.toUpperCase()),
        );
  }
  if (typeof param.schema.pattern === 'string') {
    // References written `kind:id` (graph nodes): real entities of every kind the pattern admits.
    const pattern = new RegExp(param.schema.pattern);
    const typed = KINDS.flatMap((kind) => pools.ids[kind].map((id) => `${kind.slice(0, -1)}:${id}`)).filter((ref) =>
      pattern.test(ref),
    );
    if (typed.length) return fc.constantFrom(...typed);
  }
  const hint = ID_HINTS[param.name];
  if (
    hint &&
    acceptsString(param.schema) &&
    pools.ids[hint].some((id) => !param.schema.pattern || new RegExp(param.schema.pattern).test(id))
  ) {
    return fc.constantFrom(...pools.ids[hint]);
  }
  const value = fromSchema(context, param.schema, param.name);
  return value.map((v) => String(v));
}

/** Values that must be refused, by what the parameter's schema says. */
function brokenValues(param: Parameter): string[] {
  const s = param.schema;
  const values: string[] = [];
  if (param.name === 'cursor' || param.name === 'since') {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    return [
      'not-a-cursor',
      '!!!',
      b64([]),
      b64(['only-one']),
      b64({ a: 1 }),
      b64([1, 2]),
      b64(['seq', '-5']),
      b64(['seq', '1e999']),
      b64(['-time', 'zz']),
    ];
  }
  if (s.type === 'integer' || s.type === 'number') {
    values.push('abc', '', 'NaN', 'Infinity', '1e999', '{}');
    if (s.type === 'integer') values.push('1.5');
    if (typeof s.minimum === 'number') values.push(String(s.minimum - 1), '-999999999');
    if (typeof s.maximum === 'number') values.push(String(s.maximum + 1), '99999999999999999999');
  }
  if (s.type === 'string' || Array.isArray(s.enum)) {
    if (Array.isArray(s.enum)) values.push('NOT_AN_ENUM_VALUE', `${String(s.enum[0]).toUpperCase()}X`);
    if ((s.minLength ?? 0) >= 1) values.push('');
    if (typeof s.maxLength === 'number' && s.maxLength < 100_000) values.push('a'.repeat(s.maxLength + 1));
    if (typeof s.pattern === 'string') {
      const pattern = new RegExp(s.pattern);
      for (const candidate of [
        'Not A Slug!',
        'UPPER',
        '-leading',
        '../etc/passwd',
        '2024-02-30',
        '2024-13-01',
        '24-1-1',
        'yesterday',
        '2024-04-17T25:00Z',
      ]) {
        if (!pattern.test(candidate)) values.push(candidate);
      }
    }
    if (s.pattern?.startsWith('^\\d{4}')) values.push('2023-02-29', '2024-00-10');
  }
  return values;
}

/** Path segments that are not valid percent-encoding. */
const RAW_SEGMENTS = ['%E0%A4%A', '%', '%zz', 'a%C0%AFb'];

const UNKNOWN_PARAMS = ['speakr', 'foo', 'limitt', 'page', 'offset', 'Q'];

// ---------------------------------------------------------------------------------------------------
// Requests

/** encodeURIComponent, with lone surrogates (which it refuses) replaced as a browser would. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}

function buildUrl(operation: Operation, path: Record<string, string>, query: Array<[string, string]>): string {
  const pathname = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(path[name] ?? ''));
  const search = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  return search ? `${pathname}?${search}` : pathname;
}

type Parts = {
  path: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: unknown;
};

function validParts(context: FuzzContext, operation: Operation): fc.Arbitrary<Parts> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const path = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [p.name, validParam(context, operation, p) ?? fc.constant('x')]),
    ) as Record<string, fc.Arbitrary<string>>,
  );
  const queryEntries = queryParams
    .map((p) => [p, validParam(context, operation, p)] as const)
    .filter((entry): entry is readonly [Parameter, fc.Arbitrary<string>] => entry[1] !== undefined)
    .map(([p, value]) =>
      p.required
        ? value.map((v) => [p.name, v] as [string, string])
        : fc.option(
            value.map((v) => [p.name, v] as [string, string]),
            { nil: undefined, freq: 2 },
          ),
    );
  const query = fc
    .tuple(...queryEntries)
    .map((entries) => entries.filter((e): e is [string, string] => e !== undefined));
  const kind = kindOfPath(operation.path);
  const etagHeader = operation.parameters.find((p) => p.in === 'header' && /^if-(none-)?match$/.test(p.name));
  const headers = fc.record({ etag: fc.constantFrom('current', 'none', 'stale') }).map(({ etag }) => ({ etag }));
  const body = operation.body ? validBody(context, operation) : fc.constant(undefined);
  return fc.tuple(path, query, headers, body).map(([pathValues, queryValues, { etag }, bodyValue]) => {
    const h: Record<string, string> = {};
    if (operation.secured) h.authorization = `Bearer ${context.pools.keys.admin}`;
    if (etagHeader && kind && pathValues.id && etag !== 'none') {
      // The current tag is read when the request is sent (CURRENT_ETAG): earlier writes change it.
      h[etagHeader.name] = etag === 'current' ? CURRENT_ETAG : '"stale-etag"';
    }
    return {
      path: pathValues,
      query: queryValues,
      headers: h,
      ...(bodyValue !== undefined ? { body: bodyValue } : {}),
    };
  });
}

function toRequest(
  operation: Operation,
  requestClass: RequestClass,
  label: string,
  parts: Parts,
  payload?: string,
  contentType?: string,
): FuzzRequest {
  const headers = { ...parts.headers };
  let body = payload;
  if (body === undefined && parts.body !== undefined) body = JSON.stringify(parts.body);
  if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
  return {
    class: requestClass,
    label,
    method: operation.method,
    url: buildUrl(operation, parts.path, parts.query),
    headers,
    ...(body !== undefined ? { payload: body } : {}),
  };
}

/** Stands for the resource's ETag at the moment the request is sent; see resolveCurrentEtag. */
export const CURRENT_ETAG = '__CURRENT_ETAG__';

/**
 * The request's headers with CURRENT_ETAG replaced by the ETag a GET of the resource answers now
 * (the header left out when there is none, e.g. for an id that does not exist).
 */
export async function resolveCurrentEtag(
  get: (url: string) => Promise<string | undefined>,
  request: FuzzRequest,
): Promise<Record<string, string>> {
  const headers = { ...request.headers };
  for (const [name, value] of Object.entries(headers)) {
    if (value !== CURRENT_ETAG) continue;
    const etag = await get(request.url.split('?')[0]!.replace(/\/(merge|accept|reject)$/, ''));
    if (etag) headers[name] = etag;
    else delete headers[name];
  }
  return headers;
}

export function validRequest(context: FuzzContext, operation: Operation): fc.Arbitrary<FuzzRequest> {
  return validParts(context, operation).map((parts) => toRequest(operation, 'valid', 'valid', parts));
}

type Breakage = { kind: string; pick: number; value: number };

export function brokenRequest(context: FuzzContext, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const kinds: string[] = ['unknown-param'];
  if (queryParams.some((p) => brokenValues(p).length)) kinds.push('bad-query', 'bad-query');
  if (pathParams.length) kinds.push('bad-path');
  const missingRequired = queryParams.filter((p) => p.required);
  if (missingRequired.length) kinds.push('missing-required');
  if (operation.body)
    kinds.push(
      ...BODY_MUTATIONS,
      ...BODY_MUTATIONS,
      'malformed-json',
      'empty-body',
      'wrong-content-type',
      'root-not-object',
    );
  if (operation.secured) kinds.push('no-key', 'bad-key', 'weak-key');
  const breakage = fc.record({ kind: fc.constantFrom(...kinds), pick: fc.nat(), value: fc.nat() });

  return fc.tuple(validParts(context, operation), breakage).map(([parts, b]: [Parts, Breakage]) => {
    const p: Parts = { ...parts, query: [...parts.query], headers: { ...parts.headers } };
    switch (b.kind) {
      case 'unknown-param': {
        const name = UNKNOWN_PARAMS[b.value % UNKNOWN_PARAMS.length]!;
        if (queryParams.some((q) => q.name === name)) break;
        p.query.push([name, 'x']);
        // Only list-like operations (those with query parameters) promise to refuse a typo.
        return toRequest(operation, queryParams.length ? 'broken' : 'odd', `query.${name} (unknown)`, p);
      }
      case 'bad-query': {
        const candidates = queryParams.filter((q) => brokenValues(q).length);
        const param = candidates[b.pick % candidates.length]!;
        const values = brokenValues(param);
        const value = values[b.value % values.length]!;
        p.query = p.query.filter(([k]) => k !== param.name);
        p.query.push([param.name, value]);
        return toRequest(operation, 'broken', `query.${param.name}=${value.slice(0, 40)}`, p);
      }
      case 'missing-required': {
        const param = missingRequired[b.pick % missingRequired.length]!;
        p.query = p.query.filter(([k]) => k !== param.name);
        return toRequest(operation, 'broken', `query.${param.name} missing`, p);
      }
      case 'bad-path': {
        const param = pathParams[b.pick % pathParams.length]!;
        const values = [...brokenValues(param), 'a'.repeat(600), ...RAW_SEGMENTS];
        const value = values[b.value % values.length]!;
        if (value === '') break; // an empty segment is another route
        p.path = { ...p.path, [param.name]: value };
        const request = toRequest(operation, 'broken', `path.${param.name}=${value.slice(0, 40)}`, p);
        // Malformed %-escapes are sent as they are, not escaped again.
        return RAW_SEGMENTS.includes(value)
          ? { ...request, url: request.url.replace(encodeURIComponent(value), value) }
          : request;
      }
      case 'malformed-json': {
        const text = JSON.stringify(p.body);
        const cut = text.length > 1 ? 1 + (b.value % (text.length - 1)) : 1;
        return toRequest(operation, 'broken', 'body: truncated JSON', p, text.slice(0, cut) || '{');
      }
      case 'empty-body':
        return toRequest(operation, 'broken', 'body: empty', p, '');
      case 'wrong-content-type': {
        const types = [
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data; boundary=x',
        ];
        const type = types[b.value % types.length]!;
        return toRequest(operation, 'broken', `body as ${type}`, p, JSON.stringify(p.body), type);
      }
      case 'root-not-object': {
        const roots = ['null', '[]', '"text"', '42', 'true', '[{}]'];
        const root = roots[b.value % roots.length]!;
        return toRequest(operation, 'broken', `body: ${root}`, p, root);
      }
      case 'no-key':
        delete p.headers.authorization;
        return toRequest(operation, 'broken', 'no API key', p);
      case 'bad-key': {
        const tokens = [
          'Bearer nope',
          'Bearer ekg_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          'Basic dXNlcjpwYXNz',
          'Bearer',
          `Bearer ${context.pools.keys.admin}x`,
        ];
        p.headers.authorization = tokens[b.value % tokens.length]!;
        return toRequest(operation, 'broken', `authorization: ${p.headers.authorization.slice(0, 20)}`, p);
      }
      case 'weak-key': {
        // read can do nothing; write cannot delete or merge.
        const adminOnly = operation.method === 'DELETE' || operation.path.endsWith('/merge');
        p.headers.authorization = `Bearer ${adminOnly && b.value % 2 ? context.pools.keys.write : context.pools.keys.read}`;
        return toRequest(operation, 'broken', 'key without the scope', p);
      }
      default: {
        const mutated = mutateBody(context.document, operation.body, p.body, b.kind as BodyMutation, b.pick);
        if (!mutated) break;
        return toRequest(operation, 'broken', `body ${b.kind} at ${mutated.where}`, { ...p, body: mutated.body });
      }
    }
    // The breakage did not apply to this request: send it as it was.
    return toRequest(operation, 'valid', 'valid (breakage did not apply)', parts);
  });
}

/** Requests no rule predicts the answer to: random text in every parameter, repeated and odd parameters. */
export function oddRequest(context: FuzzContext, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const params = operation.parameters.filter((p) => p.in !== 'header');
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ maxLength: 30, unit: 'grapheme' }),
    fc.string({ maxLength: 10, unit: 'binary' }),
  );
  const odd = fc.record({
    kind: fc.constantFrom('random-text', 'repeated', 'proto', 'random-body', 'header-junk'),
    pick: fc.nat(),
    text,
    headerText: fc.string({ maxLength: 40 }),
    body: fc.jsonValue({ maxDepth: 3 }),
  });
  return fc.tuple(validParts(context, operation), odd).map(([parts, o]) => {
    const p: Parts = { ...parts, query: [...parts.query], headers: { ...parts.headers } };
    const param = params[o.pick % Math.max(params.length, 1)];
    switch (o.kind) {
      case 'random-text':
        if (!param) break;
        if (param.in === 'path') {
          if (!o.text) break;
          p.path = { ...p.path, [param.name]: o.text };
        } else p.query = [...p.query.filter(([k]) => k !== param.name), [param.name, o.text]];
        return toRequest(operation, 'odd', `${param.in}.${param.name} random text`, p);
      case 'repeated':
        if (param?.in !== 'query') break;
        p.query.push([param.name, p.query.find(([k]) => k === param.name)?.[1] ?? '1'], [param.name, '2']);
        return toRequest(operation, 'odd', `query.${param.name} repeated`, p);
      case 'proto':
        p.query.push([o.pick % 2 ? '__proto__' : 'constructor', 'x']);
        return toRequest(operation, 'odd', 'prototype-named parameter', p);
      case 'random-body':
        if (!operation.body) break;
        return toRequest(operation, 'odd', 'random JSON body', { ...p, body: o.body ?? null });
      case 'header-junk':
        p.headers['if-match'] = o.headerText;
        p.headers['if-none-match'] = o.headerText;
        return toRequest(operation, 'odd', 'junk conditional headers', p);
    }
    return toRequest(operation, 'valid', 'valid (odd change did not apply)', parts);
  });
}

export function requestArbitrary(context: FuzzContext, operation: Operation): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 4, arbitrary: validRequest(context, operation) },
    { weight: 5, arbitrary: brokenRequest(context, operation) },
    { weight: 1, arbitrary: oddRequest(context, operation) },
  );
}
