// The service's configuration: one zod schema over the environment, parsed once at start.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_CLAIM_CACHE_SIZE } from './db/representation-cache.ts';
import { DEFAULT_ANSWER_CACHE_CHARS } from './db/answer-cache.ts';
import { CHANGE_STREAM_DEFAULTS } from './plugins/change-stream.ts';
import { DEFAULT_CACHE_MAX_AGE, MAX_CACHE_MAX_AGE } from './plugins/http-cache.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A whole number from the environment (not z.coerce: Number('') is 0, and '1e3' or '0x10' would pass). */
const wholeNumber = (message: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d{1,15}$/, message)
    .transform(Number)
    .pipe(z.number().max(max, message));

/** More HTTP processes than this is a typo, not a deployment: each holds a connection and its caches. */
const MAX_WORKERS = 256;

/** Node's timers overflow above 2^31 - 1 ms (about 24.8 days). */
const MAX_MS = 2_147_483_647;

const ORIGIN = /^https?:\/\/[^\s/:?#]+(:\d{1,5})?$/;

/** `CORS_ORIGINS`: comma-separated origins (`scheme://host[:port]`, no path), or `*` for any. */
const corsOrigins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .superRefine((origins, ctx) => {
    const bad = origins.find((origin) => origin !== '*' && !ORIGIN.test(origin));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(bad)} is not an origin: use scheme://host[:port] (no path, no trailing slash), comma-separated, or *`,
      });
    }
  });

/**
 * `PUBLIC_URL`: the origin every absolute URL the service writes is built from (export `@id`s, the
 * CSV `url` column, `Link: rel="next"`). Never the request's Host: a client must not choose the URLs
 * the service hands to others. An http(s) origin: no path, query, fragment or credentials.
 */
const publicUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL: use scheme://host[:port], e.g. https://kg.example.org' });
    return z.NEVER;
  }
  const wrong = [
    !/^https?:$/.test(url.protocol) && 'its scheme must be http or https',
    (url.username || url.password) && 'it must not hold credentials',
    url.pathname !== '/' && 'it must not have a path (the service serves /v1 at the root of this origin)',
    (url.search || value.includes('?')) && 'it must not have a query',
    (url.hash || value.includes('#')) && 'it must not have a fragment',
  ].filter(Boolean);
  if (wrong.length) {
    ctx.addIssue({ code: 'custom', message: `is not an origin: ${wrong.join('; ')}` });
    return z.NEVER;
  }
  return url.origin;
});

/** The default PUBLIC_URL: where this process listens, with a wildcard address replaced by loopback. */
export function defaultPublicUrl(host: string, port: number): string {
  const name =
    host === '0.0.0.0'
      ? '127.0.0.1'
      : host === '::'
        ? '[::1]'
        : host.includes(':') && !host.startsWith('[')
          ? `[${host}]`
          : host;
  try {
    return new URL(`http://${name}:${port}`).origin;
  } catch {
    // A HOST that is no valid URL host (it would fail at listen anyway): links name loopback instead.
    return `http://127.0.0.1:${port}`;
  }
}

const environmentSchema = z.object({
  // Not z.coerce: Number('') is 0, so an empty PORT would silently listen on a random port.
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number 0..65535')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a whole number 0..65535'))
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/eventkg.db'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // Rate limit per client: the API key when a valid Bearer key is sent, else the IP address.
  RATE_LIMIT_MAX: wholeNumber('must be a whole number of requests per window (0 turns the limit off)').default(60_000),
  RATE_LIMIT_WINDOW_MS: wholeNumber('must be a whole number of milliseconds, 1 to 2147483647', MAX_MS)
    .pipe(z.number().min(1, 'must be a whole number of milliseconds, 1 to 2147483647'))
    .default(60_000),
  // Timeouts (0 turns one off): receiving a whole request, an idle socket, and a request's whole route lifecycle.
  REQUEST_TIMEOUT_MS: wholeNumber(
    'must be a whole number of milliseconds, at most 2147483647 (0 turns it off)',
    MAX_MS,
  ).default(30_000),
  CONNECTION_TIMEOUT_MS: wholeNumber(
    'must be a whole number of milliseconds, at most 2147483647 (0 turns it off)',
    MAX_MS,
  ).default(60_000),
  HANDLER_TIMEOUT_MS: wholeNumber(
    'must be a whole number of milliseconds, at most 2147483647 (0 turns it off)',
    MAX_MS,
  ).default(30_000),
  CORS_ORIGINS: corsOrigins.default([]),
  // Hydrated claims kept between requests while the database is unchanged (0 turns it off); about 3 kB each.
  // Changes to stored resources (PATCH, DELETE, merge) must name the ETag they were read at: 428 without If-Match.
  REQUIRE_IF_MATCH: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .default(true),
  CLAIM_CACHE_SIZE: wholeNumber(
    'must be a whole number of claims, at most 1000000 (0 turns the cache off)',
    1_000_000,
  ).default(DEFAULT_CLAIM_CACHE_SIZE),
  // Whole list answers kept while the database is unchanged (db/answer-cache.ts), in millions of characters
  // of JSON (about MB); 0 turns it off.
  ANSWER_CACHE_MB: wholeNumber(
    'must be a whole number of megabytes, at most 4096 (0 turns the cache off)',
    4096,
  ).default(DEFAULT_ANSWER_CACHE_CHARS / 2 ** 20),
  // PRAGMA quick_check of the file in a worker after start (its findings fail /ready). On a multi-GB file it
  // takes tens of seconds of a core; `false` skips it (a benchmark of fresh services, or a check run elsewhere).
  INTEGRITY_CHECK: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .default(true),
  PUBLIC_URL: publicUrl.optional(),
  // Seconds a browser or CDN may reuse a read without asking again (Cache-Control max-age); 0: revalidate every time.
  CACHE_MAX_AGE: wholeNumber(
    `must be a whole number of seconds, 0 to ${MAX_CACHE_MAX_AGE} (one year; 0 makes every reuse revalidate)`,
    MAX_CACHE_MAX_AGE,
  ).default(DEFAULT_CACHE_MAX_AGE),
  // GET /v1/changes/stream: open streams per client, and how often an idle stream sends a heartbeat
  // comment (keep it under CONNECTION_TIMEOUT_MS and under any proxy's idle timeout).
  CHANGE_STREAM_MAX_PER_CLIENT: wholeNumber('must be a whole number of streams, 1 to 1000', 1_000)
    .pipe(z.number().min(1, 'must be a whole number of streams, 1 to 1000'))
    .default(CHANGE_STREAM_DEFAULTS.maxPerClient),
  CHANGE_STREAM_HEARTBEAT_MS: wholeNumber('must be a whole number of milliseconds, 100 to 2147483647', MAX_MS)
    .pipe(z.number().min(100, 'must be a whole number of milliseconds, 100 to 2147483647'))
    .default(CHANGE_STREAM_DEFAULTS.heartbeatMs),
  // HTTP processes on the one database file (server.ts, cluster.ts): 1 is a single process, no cluster.
  // Left out: one per core, or 1 for ':memory:', which a second process could not share.
  WORKERS: wholeNumber(`must be a whole number of processes, 1 to ${MAX_WORKERS} (1: a single process)`, MAX_WORKERS)
    .pipe(z.number().min(1, `must be a whole number of processes, 1 to ${MAX_WORKERS} (1: a single process)`))
    .optional(),
});

export const configSchema = environmentSchema
  .superRefine((config, ctx) => {
    if (config.DATABASE_PATH === ':memory:' && config.WORKERS !== undefined && config.WORKERS > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKERS'],
        message: 'must be 1 when DATABASE_PATH is :memory: (each process would have a database of its own)',
      });
    }
  })
  .transform((config) => ({
    ...config,
    PUBLIC_URL: config.PUBLIC_URL ?? defaultPublicUrl(config.HOST, config.PORT),
    WORKERS: config.WORKERS ?? (config.DATABASE_PATH === ':memory:' ? 1 : availableParallelism()),
  }));

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError whose message is one line naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}
