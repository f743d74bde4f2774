// The typed client for frontends: openapi-fetch over the types generated from the OpenAPI document,
// so paths, query parameters, bodies, answers and problem+json errors are all checked by tsc.
// Installed as a package it is `eventkg-api/client` (built to dist/client by `npm run build:client`);
// the helpers below are what every frontend otherwise writes by hand: paging, ETags, thrown problems.
import createOpenApiClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths as generatedPaths } from './schema.ts';

export type { components } from './schema.ts';

/** A shape of the API by its component name, e.g. `Schema<'Claim'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
export type Claim = Schema<'Claim'>;
export type Event = Schema<'Event'>;
export type Actor = Schema<'Actor'>;
export type Location = Schema<'Location'>;
export type Source = Schema<'Source'>;
export type TimeSpec = Schema<'TimeSpec'>;
export type Change = Schema<'Change'>;
/** Every error answer: RFC 9457 problem details (`application/problem+json`). */
export type Problem = Schema<'Problem'>;

/** `if-match` → `If-Match`. */
type TitleCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}-${TitleCase<Tail>}`
  : Capitalize<S>;
/** The spellings of a header name a caller may write: HTTP header names are case-insensitive. */
export type HeaderSpelling<Name extends string> = Lowercase<Name> | TitleCase<Lowercase<Name>> | Uppercase<Name>;
type CaseInsensitive<Headers> = { [Name in keyof Headers & string as HeaderSpelling<Name>]?: Headers[Name] };
type WithCaseInsensitiveHeaders<Parameters> = Parameters extends { header?: infer Headers }
  ? [NonNullable<Headers>] extends [never]
    ? Parameters
    : { [Key in keyof Parameters]: Key extends 'header' ? CaseInsensitive<NonNullable<Headers>> : Parameters[Key] }
  : Parameters;
type WithOperationHeaders<Operation> = Operation extends { parameters: unknown }
  ? { [Key in keyof Operation]: Key extends 'parameters' ? WithCaseInsensitiveHeaders<Operation[Key]> : Operation[Key] }
  : Operation;

/**
 * The API's paths as the generator wrote them, except that header parameters accept `if-match`,
 * `If-Match` and `IF-MATCH` alike (the document names them in lower case; Headers does not care).
 */
export type paths = {
  [Path in keyof generatedPaths]: {
    [Method in keyof generatedPaths[Path]]: WithOperationHeaders<generatedPaths[Path][Method]>;
  };
};

/**
 * The representations the client is typed for. Some lists also answer JSON-LD, GeoJSON or CSV on
 * request; left in, those would make every `data` a union a frontend must narrow before use.
 */
export type JsonMedia = 'application/json' | 'application/problem+json';

/**
 * The query parameters of a GET path, e.g. `QueryOf<'/v1/claims'>`. Annotate a query object with it
 * when it is not written inline in the call: openapi-fetch's inferred init does not always reject
 * unknown keys (openapi-ts/openapi-typescript#2329), a declared type does.
 */
export type QueryOf<Path extends keyof paths> = paths[Path] extends { get: { parameters: { query?: infer Query } } }
  ? NonNullable<Query>
  : never;

/** The path parameters of a GET path, e.g. `{ id: string }` for `'/v1/claims/{id}'`. */
export type PathParamsOf<Path extends keyof paths> = paths[Path] extends { get: { parameters: { path: infer Params } } }
  ? Params
  : never;

type JsonOk<Operation> = Operation extends { responses: { 200: { content: { 'application/json': infer Body } } } }
  ? Body
  : never;

/** Lists paged by `cursor` (every list but the change feed, which pages by `since`). */
export type PagedPath = {
  [Path in keyof paths]: QueryOf<Path> extends { cursor?: unknown }
    ? JsonOk<paths[Path]['get' & keyof paths[Path]]> extends { data: unknown[]; page: { nextCursor: string | null } }
      ? Path
      : never
    : never;
}[keyof paths];
/** What one page of a list holds, e.g. `Claim` for `'/v1/claims'`. */
export type ItemOf<Path extends PagedPath> =
  JsonOk<paths[Path]['get' & keyof paths[Path]]> extends { data: Array<infer Item> } ? Item : never;

/** Resources that answer a GET with an ETag and take a PATCH with If-Match. */
export type EditablePath = {
  [Path in keyof paths]: paths[Path] extends {
    get: unknown;
    patch: { parameters: { header?: { 'if-match'?: string } } };
  }
    ? Path
    : never;
}[keyof paths];
export type ResourceOf<Path extends EditablePath> = JsonOk<paths[Path]['get' & keyof paths[Path]]>;
export type PatchOf<Path extends EditablePath> = paths[Path] extends {
  patch: { requestBody?: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/**
 * A problem+json answer as a thrown error, for code that would rather `try`/`catch` than test
 * `error` after every call. `status`, `title`, `detail` and `errors` (every bad field by path) are
 * the problem's own; `problem` is the whole body.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly instance: string | undefined;
  readonly errors: ReadonlyArray<{ path: string; message: string }>;

  constructor(
    readonly problem: Problem,
    readonly response?: Response,
  ) {
    const fields = (problem.errors ?? []).map((field) => `\n${field.path}: ${field.message}`).join('');
    super(`${problem.title} (${problem.status}): ${problem.detail}${fields}`);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.errors = problem.errors ?? [];
  }

  /** The problem of a failed call; an answer that is not problem+json (a proxy's 502 page) still becomes one. */
  static from(error: unknown, response: Response): ProblemError {
    const isProblem = typeof error === 'object' && error !== null && 'status' in error && 'title' in error;
    return new ProblemError(
      isProblem
        ? (error as Problem)
        : {
            type: 'about:blank',
            title: response.statusText || 'Error',
            status: response.status,
            detail: `The server answered ${response.status}.`,
            instance: new URL(response.url || 'http://unknown/').pathname,
          },
      response,
    );
  }
}

/** `data` of a call, or a thrown ProblemError: `const claims = unwrap(await api.GET('/v1/claims'))`. */
export function unwrap<Data>(result: { data?: Data; error?: unknown; response: Response }): Data {
  if (result.error !== undefined || !result.response.ok) throw ProblemError.from(result.error, result.response);
  return result.data as Data;
}

export type EventKgClientOptions = Omit<ClientOptions, 'baseUrl'> & {
  /** Sent as `Authorization: Bearer <apiKey>`; reads are public, writes need a key. */
  apiKey?: string;
};

type PaginateInit<Path extends PagedPath> = {
  /** The list's filters; `cursor` is managed by the iterator. */
  query?: Omit<QueryOf<Path>, 'cursor'>;
  params?: { path?: PathParamsOf<Path> };
};

export type EventKgClient = Client<paths, JsonMedia> & {
  /**
   * Every item of a list, page after page, following `page.nextCursor` (`limit` sets the page size):
   * `for await (const claim of api.paginate('/v1/claims', { query: { speaker: 'dmitry-peskov' } }))`.
   * A failed page throws a ProblemError.
   */
  paginate<Path extends PagedPath>(
    path: Path,
    init?: PaginateInit<Path>,
  ): AsyncGenerator<ItemOf<Path>, void, undefined>;
  /** One resource and its ETag (to send back as If-Match), or a thrown ProblemError. */
  getWithEtag<Path extends EditablePath>(
    path: Path,
    init: { params: { path: PathParamsOf<Path> } },
  ): Promise<{ data: ResourceOf<Path>; etag: string }>;
  /**
   * A PATCH sent with `If-Match: etag`: it is refused (a ProblemError with status 412) when someone
   * else changed the resource since `etag` was read. Answers the new representation and its ETag.
   */
  updateWithEtag<Path extends EditablePath>(
    path: Path,
    init: { params: { path: PathParamsOf<Path> }; body: PatchOf<Path>; etag: string },
  ): Promise<{ data: ResourceOf<Path>; etag: string }>;
  /**
   * The URL of the change stream (Server-Sent Events) with these filters, for the browser's
   * EventSource: `new EventSource(api.changeStreamUrl({ kind: 'claim', since }))`; each event's
   * `data` is a `Change`, its type the entity type (`addEventListener('claim', ...)`).
   */
  changeStreamUrl(query?: QueryOf<'/v1/changes/stream'>): string;
};

/** The ETag of an answer; every single-resource answer carries one. */
function etagOf(response: Response): string {
  const etag = response.headers.get('etag');
  if (!etag) throw new Error(`${response.url} answered without an ETag`);
  return etag;
}

/**
 * A client for the service at `baseUrl` (e.g. `http://127.0.0.1:3000`, without `/v1`). Every method
 * answers `{ data, error, response }`: `data` on 2xx, otherwise `error`, the parsed problem details.
 */
export function createClient(baseUrl: string, options: EventKgClientOptions = {}): EventKgClient {
  const { apiKey, ...clientOptions } = options;
  const client = createOpenApiClient<paths, JsonMedia>({ ...clientOptions, baseUrl: baseUrl.replace(/\/+$/, '') });
  client.use({
    onRequest({ request }) {
      // Ask for the representation the types describe, unless the call asked for another one.
      if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json');
      if (apiKey) request.headers.set('Authorization', `Bearer ${apiKey}`);
      return request;
    },
  });
  // The helpers call openapi-fetch with a path only known as a union: its per-path types cannot be
  // checked there, so they go through this untyped view; their own signatures carry the types.
  type Untyped = (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const get = client.GET as unknown as Untyped;
  const patch = client.PATCH as unknown as Untyped;

  const root = baseUrl.replace(/\/+$/, '');

  return Object.assign(client, {
    async *paginate<Path extends PagedPath>(
      path: Path,
      init: PaginateInit<Path> = {},
    ): AsyncGenerator<ItemOf<Path>, void, undefined> {
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await get(path, { params: { path: init.params?.path, query: { ...init.query, cursor } } }),
        ) as {
          data: Array<ItemOf<Path>>;
          page: { nextCursor: string | null };
        };
        yield* page.data;
        cursor = page.page.nextCursor ?? undefined;
      } while (cursor);
    },
    async getWithEtag<Path extends EditablePath>(path: Path, init: { params: { path: PathParamsOf<Path> } }) {
      const result = await get(path, { params: init.params });
      return { data: unwrap(result) as ResourceOf<Path>, etag: etagOf(result.response) };
    },
    async updateWithEtag<Path extends EditablePath>(
      path: Path,
      init: { params: { path: PathParamsOf<Path> }; body: PatchOf<Path>; etag: string },
    ) {
      const result = await patch(path, { params: init.params, body: init.body, headers: { 'If-Match': init.etag } });
      return { data: unwrap(result) as ResourceOf<Path>, etag: etagOf(result.response) };
    },
    changeStreamUrl(query: QueryOf<'/v1/changes/stream'> = {}) {
      const search = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      return `${root}/v1/changes/stream${search.size ? `?${search}` : ''}`;
    },
  });
}

/** The same as createClient (its earlier name). */
export const createEventKgClient = createClient;
