// The examples the OpenAPI document shows, taken from the seed so that Swagger UI's "Try it out" answers
// with data, and the problem examples per status, each saying what that status means on that
// operation. test/openapi-examples.test.ts sends these requests to a seeded app and compares the answers.
import { FORMATS, MEDIA_TYPES, type Format } from './exports/formats.ts';

// biome-ignore lint/suspicious/noExplicitAny: walks OpenAPI documents, JSON of any shape
type Json = Record<string, any>;

/** A seed id per resource: what an `{id}` parameter is pre-filled with. */
export const EXAMPLE_IDS: Readonly<Record<string, string>> = {
  claims: 'dmitry-peskov-confirms',
  actors: 'dmitry-peskov',
  locations: 'nagorno-karabakh',
  events: 'russian-peacekeepers-withdraw-from-nagorno-karabakh',
  sources: 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh',
};

/**
 * The seed holds no extraction and their ids are random, so an extraction `{id}` shows this one, of
 * the form POST /v1/extractions gives: "Try it out" needs the id that POST answered in its place.
 */
export const EXAMPLE_EXTRACTION_ID = 'ext-5f1c0a93b2d4';

/**
 * Merges that succeed on the seed. The seed holds no true duplicate, so these fold an entity into the
 * one it stands for: "the Kremlin" said for the Russian state, the monastery into its district.
 */
export const MERGE_EXAMPLES = {
  actors: { id: 'kremlin', into: 'russia' },
  locations: { id: 'kalbajar-monastery', into: 'kalbajar-district' },
} as const;

const PROBLEM_BASE = 'https://eventkg.dev/problems/';
const NOUNS: Readonly<Record<string, string>> = {
  claims: 'claim',
  actors: 'actor',
  locations: 'location',
  events: 'event',
  sources: 'source',
  extractions: 'extraction',
};

/** `/v1/actors/{id}/claims` -> "actors": the resource the operation's `{id}` names. */
function resourceOf(path: string): string {
  return path.split('/')[2] ?? '';
}

/** The `{id}` an operation's examples use: the merge pair's id on a merge, else the resource's seed id. */
export function exampleIdFor(path: string): string | undefined {
  if (!path.includes('{id}')) return undefined;
  const resource = resourceOf(path);
  if (path.endsWith('/merge') && resource in MERGE_EXAMPLES)
    return MERGE_EXAMPLES[resource as keyof typeof MERGE_EXAMPLES].id;
  if (resource === 'extractions') return EXAMPLE_EXTRACTION_ID;
  return EXAMPLE_IDS[resource];
}

/** The id an operation's own `{id}` parameter shows, else exampleIdFor(path). */
function idOf(path: string, operation: Json): string | undefined {
  const parameter = (operation.parameters ?? []).find((p: Json) => p.in === 'path' && p.name === 'id');
  return parameter?.example ?? parameter?.schema?.example ?? exampleIdFor(path);
}

const withId = (path: string, id: string | undefined) => (id === undefined ? path : path.replace('{id}', id));

function problem(status: number, slug: string, title: string, detail: string, instance: string, errors?: Json[]): Json {
  return { type: PROBLEM_BASE + slug, title, status, detail, instance, ...(errors ? { errors } : {}) };
}

const invalid = (instance: string, errors: Array<{ path: string; message: string }>) =>
  problem(
    400,
    'invalid-request',
    'Invalid request',
    `The request has ${errors.length === 1 ? '1 invalid field' : `${errors.length} invalid fields`}.`,
    instance,
    errors,
  );

/** The field added to a valid body in the 400 example of a write. */
export const UNKNOWN_BODY_FIELD = 'colour';

/** The message the id schema gives a value that is not a slug. */
const NOT_SLUG = 'must be a lowercase slug: letters a-z, digits and "-"';

/** `dmitry-peskov` -> `Dmitry-Peskov`: the id a reader might type, which the slug rule refuses. */
const capitalised = (id: string) =>
  id.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

/**
 * What an operation answers with a 400, from its own parameters: a missing required query parameter,
 * else `limit=0`, else a field the body does not have, else an id that is not a slug, else a query
 * value outside its enum, else a query id that is not a slug.
 */
function badRequest(method: string, path: string, operation: Json): Json | undefined {
  const parameters: Json[] = operation.parameters ?? [];
  const query = parameters.filter((p) => p.in === 'query');
  const required = query.filter((p) => p.required);
  const id = idOf(path, operation);
  const at = withId(path, id);
  if (required.length)
    return invalid(
      at,
      required.map((p) => ({ path: `query.${p.name}`, message: `is required (${p.schema?.type ?? 'string'})` })),
    );
  if (query.some((p) => p.name === 'limit'))
    return invalid(`${at}?limit=0`, [{ path: 'query.limit', message: 'Too small: expected number to be >=1' }]);
  if (operation.requestBody)
    return invalid(at, [{ path: `body.${UNKNOWN_BODY_FIELD}`, message: 'is not a known parameter of this endpoint' }]);
  if (id !== undefined && method !== 'post')
    return invalid(withId(path, capitalised(id)), [{ path: 'params.id', message: NOT_SLUG }]);
  const choice = query.find((p) => Array.isArray(p.schema?.enum));
  if (choice) {
    const expected = choice.schema.enum.map((value: string) => JSON.stringify(value)).join('|');
    return invalid(`${at}?${choice.name}=xml`, [
      { path: `query.${choice.name}`, message: `Invalid option: expected one of ${expected}` },
    ]);
  }
  const slug = query.find((p) => p.name === 'id' && typeof p.schema?.example === 'string');
  if (slug) return invalid(`${at}?id=${capitalised(slug.schema.example)}`, [{ path: 'query.id', message: NOT_SLUG }]);
  return undefined;
}

/** A 409 this operation really answers on the seed. */
function conflict(method: string, path: string): Json | undefined {
  const resource = resourceOf(path);
  if (method === 'post' && path === '/v1/sources') {
    const detail = `This source text is already stored as source "${EXAMPLE_IDS.sources}"; nothing was written.`;
    return problem(409, 'conflict', 'Conflict', detail, path, [
      { path: 'body.source.text', message: `already stored as source "${EXAMPLE_IDS.sources}"` },
    ]);
  }
  if (method === 'post' && path === '/v1/extractions') {
    // An article already imported (the seed's) is not drafted again.
    const detail = `This source text is already stored as source "${EXAMPLE_IDS.sources}"; nothing was written.`;
    return problem(409, 'conflict', 'Conflict', detail, path, [
      { path: 'body.text', message: `already stored as source "${EXAMPLE_IDS.sources}"` },
    ]);
  }
  if (resource === 'extractions' && path.startsWith('/v1/extractions/{id}')) {
    const action = method === 'patch' ? 'change' : path.slice(path.lastIndexOf('/') + 1);
    const detail = `Cannot ${action} extraction "${EXAMPLE_EXTRACTION_ID}": it was already rejected; only a pending extraction can change.`;
    return problem(409, 'conflict', 'Conflict', detail, withId(path, EXAMPLE_EXTRACTION_ID));
  }
  if (method === 'post' && (path === '/v1/actors' || path === '/v1/locations')) {
    const noun = NOUNS[resource]!;
    const detail = `${noun === 'actor' ? 'An' : 'A'} ${noun} with id "${EXAMPLE_IDS[resource]}" already exists.`;
    return problem(409, 'conflict', 'Conflict', detail, path, [{ path: 'body.id', message: 'is taken' }]);
  }
  if (method === 'post' && path === '/v1/locations/{id}/merge') {
    // Folding a region into a place inside it would make the place its own ancestor.
    const detail =
      'Cannot merge "kalbajar-district" into "kalbajar-monastery": "kalbajar-monastery" lies inside "kalbajar-district".';
    return problem(409, 'conflict', 'Conflict', detail, '/v1/locations/kalbajar-district/merge');
  }
  if (method === 'delete') {
    const refused = DELETE_CONFLICTS[resource];
    return refused && problem(409, 'conflict', 'Conflict', refused.detail, withId(path, refused.id));
  }
  return undefined;
}

/** Deletes the seed refuses, and what it answers (the example ids themselves would mostly work or list many referrers). */
const DELETE_CONFLICTS: Readonly<Record<string, { id: string; detail: string }>> = {
  actors: {
    id: 'dmitry-peskov',
    detail:
      'Cannot delete actor "dmitry-peskov": still referenced by claim dmitry-peskov-confirms. Change or delete those first (or merge it into another actor).',
  },
  locations: {
    id: 'kalbajar-monastery',
    detail:
      'Cannot delete location "kalbajar-monastery": still referenced by event first-peacekeepers-leave-the-kalbajar-monastery. Change or delete those first (or merge it into another location).',
  },
  events: {
    id: 'first-peacekeepers-leave-the-kalbajar-monastery',
    detail:
      'Cannot delete event "first-peacekeepers-leave-the-kalbajar-monastery": still referenced by claim apa-reports, event russian-peacekeepers-withdraw-from-nagorno-karabakh. Change or delete those first (or merge it into another event).',
  },
  claims: {
    id: 'armenias-political-leadership-accuses',
    detail:
      'Cannot delete claim "armenias-political-leadership-accuses": still referenced by claim russia-rejects. Change or delete those first (or merge it into another claim).',
  },
};

/** The formats a 200 offers, from its content types, for the 406 example. */
function offeredFormats(operation: Json): Format[] {
  const types = Object.keys(operation.responses?.['200']?.content ?? {});
  return types.flatMap((type) => FORMATS.filter((format) => MEDIA_TYPES[format] === type));
}

/** One example per problem status of an operation, or undefined where no honest one can be given. */
export function problemExample(status: string, method: string, path: string, operation: Json): Json | undefined {
  const id = idOf(path, operation);
  const at = withId(path, id);
  const resource = resourceOf(path);
  const noun = NOUNS[resource] ?? 'item';
  switch (status) {
    case '400':
      return badRequest(method, path, operation);
    case '401':
      return problem(
        401,
        'unauthorized',
        'Unauthorized',
        'This operation needs an API key: send "Authorization: Bearer <key>".',
        at,
      );
    case '403': {
      const admin = method === 'delete' || path.endsWith('/merge');
      const detail = admin
        ? 'This operation needs an API key with the "admin" scope; this key has "write".'
        : 'This operation needs an API key with the "write" scope; this key has "read".';
      return problem(403, 'forbidden', 'Forbidden', detail, at);
    }
    case '404': {
      if (id === undefined) return undefined;
      const missing = `no-such-${noun}`;
      return problem(404, 'not-found', 'Not found', `No ${noun} with id "${missing}".`, withId(path, missing));
    }
    case '406': {
      const offered = offeredFormats(operation);
      const types = offered.map((format) => MEDIA_TYPES[format]).join(', ');
      const detail = `This endpoint answers ${types} (or ?format=${offered.join('|')}); the Accept header "application/xml" names none of them.`;
      return problem(406, 'not-acceptable', 'Not acceptable', detail, at);
    }
    case '409':
      return conflict(method, path);
    case '412': {
      const detail = `The ${noun} "${id}" has changed since you read it (ETag "q0cbdS7SN3G4vOe4ULFVTtnuRnl"); GET it again and retry.`;
      return problem(412, 'precondition-failed', 'Precondition failed', detail, at);
    }
    case '428': {
      // What ifMatchOf answers a change sent without If-Match: the resource to GET is the one changed (a merge's own id).
      const detail = `${method.toUpperCase()} ${at} needs an If-Match header: GET ${at.replace(/\/(merge|accept|reject)$/, '')}, read its ETag header and send it back as If-Match, so the change cannot overwrite one you have not seen.`;
      return problem(428, 'precondition-required', 'Precondition required', detail, at, [
        { path: 'headers.if-match', message: 'is required: send the ETag you read' },
      ]);
    }
    case '413':
      return problem(413, 'payload-too-large', 'Payload too large', 'Request body is too large', at);
    case '415':
      return problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.', at);
    case '429':
      return problem(
        429,
        'too-many-requests',
        'Too many requests',
        'More than 60000 requests in 60 s from this address; retry in 12 s.',
        at,
      );
    case '500':
      return problem(
        500,
        'internal',
        'Internal server error',
        'Something went wrong on our side; it has been logged.',
        at,
      );
    case '503':
      return problem(
        503,
        'service-unavailable',
        'Service unavailable',
        'The database is busy with other writes and nothing was written. Send the request again after Retry-After seconds.',
        at,
      );
    default:
      return undefined;
  }
}
