// HTTP caching for a read-mostly API: validators and Cache-Control on every read under /v1.
//
// - A list answer (every GET under /v1 but a single resource and the change stream: the lists, their
//   exports, search, timeline, graph, perspectives, the change feed, the whole-graph export) carries a
//   weak ETag derived from the database stamp (db/database-stamp.ts), the URL and what else shapes its
//   body (Accept, PUBLIC_URL, the package version, whether a key was sent). So If-None-Match is
//   answered 304 in the onRequest hook, before validation, queries or serialization: a revalidation
//   costs the stamp (~3 µs while nothing committed) and a hash. Weak, because the tag is not a hash of
//   the bytes: the export's `exportedAt` differs between two downloads of the same data, and a new
//   build may word an answer differently; If-None-Match compares weakly, so 304s work the same.
// - A single resource keeps the strong tag of its representation (routes/v1/conditional.ts), which
//   If-Match on writes needs.
// - Cache-Control on reads: `public, max-age=CACHE_MAX_AGE, must-revalidate`. Public, because reads
//   are public and the same for every anonymous client, so a CDN or proxy may share one stored copy;
//   must-revalidate, because a stale page must never be served past max-age (with the default 0 every
//   use is revalidated, which the ETag makes a cheap 304). Every answer to a request carrying
//   `Authorization` is `no-store`: a key is a caller's secret and what answers it must not be kept by
//   shared caches (which RFC 9111 3.5 would let store it under `public` or `must-revalidate`). Writes
//   and failed reads (4xx, 5xx) are `no-store` too.
// - Vary: Accept (a list's format may come from it) and Authorization (a keyed request must not be
//   answered from a copy stored for an anonymous one).
// - The answer cache (db/answer-cache.ts): the JSON body of a list answered 200 to a read without a
//   key is kept under its tag while the database is unchanged, and the same URL asked again is
//   answered from it here (preParsing: after the rate limit, before validation and the route), like a
//   304 (a tag exists only for a URL that answered 200 on the same data). Popular pages repeat under real traffic; a kept one costs
//   a lookup instead of its walk and its claims (README, Performance).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseStamp, localStamp } from '../db/database-stamp.ts';
import { PACKAGE_VERSION } from '../version.ts';

/** Headers describing a list answer that a kept copy must carry again (lower case). */
const KEPT_ANSWER_HEADERS = ['merged-into'] as const;

export type HttpCacheOptions = {
  /** Seconds a read may be reused without revalidation (CACHE_MAX_AGE). */
  maxAge: number;
};

export const DEFAULT_CACHE_MAX_AGE = 0;
/** One year: RFC 9111 recommends no larger freshness lifetime. */
export const MAX_CACHE_MAX_AGE = 31_536_000;

const NO_STORE = 'no-store';
const SINGLE_RESOURCE = /^\/v1\/[a-z]+\/:id$/;
const UNCACHED_ROUTES = new Set(['/v1/changes/stream']);

type Validation = 'stamp' | 'representation' | 'none';

/** How a GET route's answers are validated: by the database stamp (lists), by their own content (one resource), or not at all. */
export function validationOf(routeUrl: string | undefined): Validation {
  if (routeUrl === undefined || !routeUrl.startsWith('/v1/') || UNCACHED_ROUTES.has(routeUrl)) return 'none';
  return SINGLE_RESOURCE.test(routeUrl) ? 'representation' : 'stamp';
}

const isRead = (request: FastifyRequest) => request.method === 'GET' || request.method === 'HEAD';
const carriesKey = (request: FastifyRequest) => request.headers.authorization !== undefined;

/** The weak ETag of a list answer: what the page is a function of, hashed (`local`: see localStamp). */
export function listEtag(request: FastifyRequest, local?: string): string {
  const app = request.server;
  const hash = createHash('sha256')
    .update(
      [
        databaseStamp(app.db, local),
        PACKAGE_VERSION,
        app.publicUrl,
        request.url,
        request.headers.accept ?? '',
        carriesKey(request) ? 'key' : '',
      ].join('\n'),
    )
    .digest('base64url')
    .slice(0, 27);
  return `W/"${hash}"`;
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): `W/` is ignored on both sides; `*` matches any. */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === bare;
  });
}

function addVary(reply: FastifyReply, ...names: string[]): void {
  const current = String(reply.getHeader('vary') ?? '');
  const have = new Set(
    current
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const missing = names.filter((name) => !have.has(name.toLowerCase()));
  if (missing.length) reply.header('vary', [current, ...missing].filter(Boolean).join(', '));
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The list tag and local stamp this read was validated at, while its answer may be kept (answer cache). */
    keepAnswerAs: { etag: string; local: string } | null;
  }
}

const JSON_TYPE = /^application\/json\b/;

export function installHttpCache(app: FastifyInstance, options: HttpCacheOptions): void {
  const readPolicy = `public, max-age=${options.maxAge}, must-revalidate`;
  app.decorateRequest('keepAnswerAs', null);

  // Before validation and the route: a current If-None-Match costs no query. A 304 comes only for a
  // URL that answered 200 with this tag, i.e. a valid request on the same data, so skipping the checks
  // cannot hide a 400; the same holds for an answer taken from the answer cache. Headers are set here,
  // not in onSend, because the export writes its own head. Callback hooks: every request passes here,
  // and an async hook costs a promise and a microtask turn.
  app.addHook('onRequest', function validateRead(request, reply, done) {
    if (!isRead(request)) return done();
    const validation = validationOf(request.routeOptions.url);
    if (validation === 'none') return done();
    const keyed = carriesKey(request);
    reply.header('cache-control', keyed ? NO_STORE : readPolicy);
    addVary(reply, 'Accept', 'Authorization');
    if (validation !== 'stamp') return done();
    const db = app.db;
    const local = localStamp(db);
    const etag = listEtag(request, local);
    reply.header('etag', etag);
    if (noneMatchHits(request.headers['if-none-match'], etag)) {
      reply.code(304).send();
      return;
    }
    if (keyed || request.method !== 'GET' || db.$client.inTransaction) return done();
    request.keepAnswerAs = { etag, local };
    done();
  });

  // A kept answer is sent here, not in onRequest: the rate limit is a route-level onRequest hook, which
  // runs after the instance's, and a kept answer counts against it like any answer.
  app.addHook('preParsing', function sendKeptAnswer(request, reply, payload, done) {
    const keep = request.keepAnswerAs;
    if (keep) {
      const kept = app.db.$context.answers.get(keep.etag, keep.local);
      if (kept) {
        request.keepAnswerAs = null;
        if (kept.headers) reply.headers(kept.headers);
        reply.header('content-type', kept.contentType).send(kept.body);
        return;
      }
    }
    done(null, payload);
  });

  /**
   * Headers set by the hooks a kept answer skips (validation and the route) that say something of the
   * answer: `Merged-Into` (routes/v1/query-checks.ts: a merged-away id in a filter answered for its survivor).
   */
  const answerHeadersOf = (reply: FastifyReply): Record<string, string> => {
    const headers: Record<string, string> = {};
    for (const name of KEPT_ANSWER_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    return headers;
  };

  app.addHook('onSend', function answerHeaders(request, reply, payload, done) {
    if (!isRead(request)) {
      if (request.url.startsWith('/v1/')) reply.header('cache-control', NO_STORE);
      return done(null, payload);
    }
    if (reply.statusCode >= 400) {
      // A refused or failed read is no version of the list: neither its tag nor a copy to keep.
      if (validationOf(request.routeOptions.url) === 'stamp') reply.removeHeader('etag');
      if (request.url.startsWith('/v1/')) reply.header('cache-control', NO_STORE);
      return done(null, payload);
    }
    const keep = request.keepAnswerAs;
    if (keep && reply.statusCode === 200 && typeof payload === 'string') {
      // JSON only (another export format is rendered after this hook, from the JSON), and only when
      // nothing committed while the answer was built: then it is the answer of the tag's data.
      const contentType = String(reply.getHeader('content-type') ?? '');
      const format = request.exportFormat;
      if (
        JSON_TYPE.test(contentType) &&
        (format === undefined || format === 'json') &&
        localStamp(app.db) === keep.local
      )
        app.db.$context.answers.set(keep.etag, keep.local, {
          body: payload,
          contentType,
          headers: answerHeadersOf(reply),
        });
    }
    done(null, payload);
  });
}
