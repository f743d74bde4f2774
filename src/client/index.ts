// The typed client for frontends: openapi-fetch over the types generated from the OpenAPI document,
// so paths, query parameters, bodies, answers and problem+json errors are all checked by tsc.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, paths } from './schema.ts';

/** A shape of the API by its component name, e.g. `Schema<'Claim'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
export type Claim = Schema<'Claim'>;
export type Event = Schema<'Event'>;
export type Actor = Schema<'Actor'>;
export type Location = Schema<'Location'>;
export type Source = Schema<'Source'>;
export type TimeSpec = Schema<'TimeSpec'>;
/** Every error answer: RFC 9457 problem details (`application/problem+json`). */
export type Problem = Schema<'Problem'>;

/**
 * The representations the client is typed for. Some lists also answer JSON-LD, GeoJSON or CSV on
 * request; left in, those would make every `data` a union a frontend must narrow before use.
 */
export type JsonMedia = 'application/json' | 'application/problem+json';

export type EventKgClient = Client<paths, JsonMedia>;

/**
 * The query parameters of a GET path, e.g. `QueryOf<'/v1/claims'>`. Annotate a query object with it
 * when it is not written inline in the call: openapi-fetch's inferred init does not always reject
 * unknown keys (openapi-ts/openapi-typescript#2329), a declared type does.
 */
export type QueryOf<Path extends keyof paths> = paths[Path] extends { get: { parameters: { query?: infer Query } } }
  ? NonNullable<Query>
  : never;

export type EventKgClientOptions = Omit<ClientOptions, 'baseUrl'> & {
  /** Sent as `Authorization: Bearer <apiKey>`; reads are public, writes need a key. */
  apiKey?: string;
};

/**
 * A client for the service at `baseUrl` (e.g. `http://127.0.0.1:3000`, without `/v1`). Every method
 * answers `{ data, error, response }`: `data` on 2xx, otherwise `error`, the parsed problem details.
 */
export function createEventKgClient(baseUrl: string, options: EventKgClientOptions = {}): EventKgClient {
  const { apiKey, ...clientOptions } = options;
  const client = createClient<paths, JsonMedia>({ ...clientOptions, baseUrl: baseUrl.replace(/\/+$/, '') });
  client.use({
    onRequest({ request }) {
      // Ask for the representation the types describe, unless the call asked for another one.
      if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json');
      if (apiKey) request.headers.set('Authorization', `Bearer ${apiKey}`);
      return request;
    },
  });
  return client;
}
