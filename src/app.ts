// buildApp(): a ready Fastify instance on an opened, migrated (and, by default, seeded) database.
// No listen and no process handling here: server.ts does that, tests use app.inject.
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type ZodTypeProvider, validatorCompiler } from 'fastify-type-provider-zod';
import { DatabaseOpenError, type Db, openDatabase, openFailureReason } from './db/client.ts';
import { loadSeedIfEmpty } from './domain/seed.ts';
import { type Integrity, StorageHealth } from './db/storage-health.ts';
import { checkKeptRepresentations } from './db/kept-representations.ts';
import { KEPT_GETTERS } from './domain/changes.ts';
import { clientErrorHandler, frameworkErrors, installErrorHandlers, installNotFoundHandler } from './errors.ts';
import { swaggerOptions } from './openapi-document.ts';
import { v1Routes } from './routes/v1/index.ts';
import { exportRoutes } from './routes/v1/export.ts';
import { healthRoutes } from './routes/health.ts';
import { RequestLogController, installRequestLog, requestId } from './plugins/request-log.ts';
import { installGracefulClose } from './plugins/graceful-close.ts';
import { type ChangeStreamOptions, type ChangeStreams, installChangeStreams } from './plugins/change-stream.ts';
import { type RateLimitOptions, registerRateLimit } from './plugins/rate-limit.ts';
import { DOCS_CSP, registerSecurity } from './plugins/security.ts';
import { installWellFormedText } from './plugins/well-formed-text.ts';
import { DEFAULT_CACHE_MAX_AGE, installHttpCache } from './plugins/http-cache.ts';
import { installHostCheck } from './plugins/host-header.ts';
import { responseSerializerCompiler } from './plugins/response-serializer.ts';
import type { Extractor } from './extraction/types.ts';
import { ruleBasedExtractor } from './extraction/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The origin absolute URLs are built from (PUBLIC_URL), never the request's Host. */
    publicUrl: string;
    /** Storage faults met and the start-up integrity check, for /ready. */
    storage: StorageHealth;
    /** Drafts bundles from articles for POST /v1/extractions. */
    extractor: Extractor;
    /** Open Server-Sent Event streams of the change feed (GET /v1/changes/stream). */
    changeStreams: ChangeStreams;
    /** PATCH, DELETE and merge answer 428 without If-Match (AppOptions.requireIfMatch). */
    requireIfMatch: boolean;
  }
}

/**
 * Runs in the browser: @fastify/swagger-ui writes a function in uiConfig into its initializer as source,
 * where `ui` is the Swagger UI instance. Written as a string because it is not code of this process.
 */
const OPEN_CLAIMS_SECTION = new Function(
  "if (!window.location.hash || window.location.hash === '#/') ui.getSystem().layoutActions.show(['operations-tag', 'claims'], true);",
) as () => void;

export type AppOptions = {
  /** SQLite file, or ':memory:'. */
  databasePath: string;
  logger?: FastifyServerOptions['logger'];
  /** Load the seed when the database holds no source yet (default true). */
  seed?: boolean;
  /** Apply pending migrations on open (default true; a cluster worker's primary has done it). */
  migrate?: boolean;
  /** Requests per window per client (API key, else IP); omitted or max 0: no limit. */
  rateLimit?: RateLimitOptions;
  /** Origins a browser may call the API from (CORS); `*` for any; omitted or empty: none. */
  corsOrigins?: readonly string[];
  /** Milliseconds, 0 for none (the default): receiving a request, an idle socket, a request's whole lifecycle. */
  timeouts?: { requestMs?: number; connectionMs?: number; handlerMs?: number };
  /** Hydrated claims kept between requests while the database is unchanged (default 10,000; 0: none). */
  claimCacheSize?: number;
  /** Characters of whole list answers kept while the database is unchanged (default 8 Mi; 0: none). */
  answerCacheChars?: number;
  /** Origin of every absolute URL the service writes (PUBLIC_URL); default `http://localhost`. */
  publicUrl?: string;
  /**
   * Run PRAGMA quick_check on the database file in a worker after start (default false; the server
   * turns it on): damage it finds fails /ready. Never for ':memory:'.
   */
  integrityCheck?: boolean;
  /** Told what the integrity check found (a cluster worker passes it on to the other workers). */
  onIntegrity?: (integrity: Integrity) => void;
  /** Heartbeat, poll interval and per-client bound of the change stream (plugins/change-stream.ts has the defaults). */
  changeStream?: ChangeStreamOptions;
  /** Seconds a read may be reused without revalidation: `Cache-Control: public, max-age=N, must-revalidate` (default 0). */
  cacheMaxAge?: number;
  /** Changes to stored resources (PATCH, DELETE, merge) need If-Match, else 428 (default true). */
  requireIfMatch?: boolean;
  /** Also encode every answer by its response schema and fail it when they differ (tests; costs time). */
  checkResponses?: boolean;
  /** What drafts bundles from articles (POST /v1/extractions); the rule-based extractor by default. */
  extractor?: Extractor;
};

export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Ids may be 200 characters (idSchema); fastify's default of 100 answered longer ones with a bare 414.
    // Up to 500 the schema names `params.id`; beyond, frameworkErrors answers a problem+json 400.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors,
    // What Node's HTTP parser refuses (431, 408, a malformed request line or Transfer-Encoding), as problem+json.
    clientErrorHandler,
    // An HTTP/1.1 request without Host is refused by installHostCheck as problem+json, not by Node with an empty 400.
    http: { requireHostHeader: false },
    // One log line per request (request-log.ts), under an id the caller may give in X-Request-Id.
    logController: new RequestLogController(),
    genReqId: requestId,
    requestTimeout: options.timeouts?.requestMs ?? 0,
    connectionTimeout: options.timeouts?.connectionMs ?? 0,
    handlerTimeout: options.timeouts?.handlerMs ?? 0,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler({ checkResponses: options.checkResponses ?? false }));
  // The 404 handler comes after the rate limit, which it runs first.
  installErrorHandlers(app, { onStorageFault: (fault) => app.storage.record(fault), notFound: false });
  installRequestLog(app);
  installGracefulClose(app);
  installWellFormedText(app);
  // Bodies are JSON only: without this, fastify's built-in text/plain parser turns a text body into a
  // 400 from the schema instead of the 415 the contract promises.
  app.removeContentTypeParser('text/plain');

  // The connection comes with its own caches (db/context.ts); without the option the claim cache keeps
  // DEFAULT_CLAIM_CACHE_SIZE claims.
  const db = openDatabase(options.databasePath, {
    migrate: options.migrate ?? true,
    ...(options.claimCacheSize !== undefined ? { claimCacheSize: options.claimCacheSize } : {}),
    ...(options.answerCacheChars !== undefined ? { answerCacheChars: options.answerCacheChars } : {}),
  });
  try {
    if (options.seed ?? true) loadSeedIfEmpty(db);
  } catch (error) {
    db.$client.close();
    const reason = openFailureReason(error);
    throw reason ? new DatabaseOpenError(options.databasePath, reason, { cause: error }) : error;
  }
  app.decorate('db', db);
  // A file that cannot be read here (damage) is not this check's to report: requests and the
  // integrity check meet it and answer 503.
  let kept = {};
  try {
    kept = checkKeptRepresentations(db, KEPT_GETTERS);
  } catch (error) {
    app.log.warn({ err: error }, 'kept representations: the start-up comparison could not read the database');
  }
  for (const [type, check] of Object.entries(kept) as Array<[string, { sampled: number; differing: number }]>) {
    if (check.differing > 0)
      app.log.warn(
        { type, ...check },
        `kept ${type} representations differ from what this version shows (${check.differing} of ${check.sampled} sampled): ${type}s are hydrated on every read until \`npm run db:keep\` rewrites them and the service restarts`,
      );
  }
  app.decorate('publicUrl', new URL(options.publicUrl ?? 'http://localhost').origin);
  const storage = new StorageHealth(db.$client);
  app.decorate('storage', storage);
  if (options.integrityCheck && options.databasePath !== ':memory:') {
    void storage.checkIntegrity(options.databasePath, (integrity) => {
      options.onIntegrity?.(integrity);
      if (integrity.state === 'ok')
        app.log.info({ quickCheckMs: integrity.ms }, 'database integrity: PRAGMA quick_check ok');
      if (integrity.state === 'damaged') {
        app.log.error(
          { problems: integrity.problems },
          `database integrity: PRAGMA quick_check found damage in ${options.databasePath}; /ready fails until it is restored`,
        );
      }
    });
  }
  app.addHook('onClose', async () => {
    await storage.stop();
    db.$client.close();
  });
  app.decorate('extractor', options.extractor ?? ruleBasedExtractor);
  const changeStreams = installChangeStreams(app, db, options.changeStream);
  app.decorate('changeStreams', changeStreams);
  // After a write that succeeded: the disk takes writes again (after a full disk, say), and open change
  // streams send what it recorded now rather than at their next poll. Reads skip this in one comparison.
  app.addHook('onResponse', function afterWrite(request, reply, done) {
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      request.method !== 'OPTIONS' &&
      reply.statusCode < 400
    ) {
      storage.wrote();
      changeStreams.written();
    }
    done();
  });
  app.decorate('requireIfMatch', options.requireIfMatch ?? true);

  // Before any route: the rate limit attaches itself to the routes registered after it.
  await registerSecurity(app, { corsOrigins: options.corsOrigins ?? [] });
  // After the security headers (an onRequest hook too), so that its 400 carries them.
  installHostCheck(app);
  await registerRateLimit(app, options.rateLimit ?? { max: 0, windowMs: 60_000 });
  installNotFoundHandler(app, app.hasDecorator('rateLimit') ? app.rateLimit() : undefined);
  // After the rate limit, so that a 304 counts against it like any answer.
  installHttpCache(app, { maxAge: options.cacheMaxAge ?? DEFAULT_CACHE_MAX_AGE });
  await app.register(swagger, swaggerOptions);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Sections start folded, a table of contents, and the claims section opens unless the address
    // deep-links elsewhere (/docs#/graph, /docs#/claims/getClaimsById). persistAuthorization keeps the
    // key pasted under "Authorize" across reloads (in this browser's localStorage).
    uiConfig: { docExpansion: 'none', deepLinking: true, persistAuthorization: true, onComplete: OPEN_CLAIMS_SECTION },
    staticCSP: DOCS_CSP,
  });

  await app.register(healthRoutes);
  await app.register(v1Routes, { prefix: '/v1' });
  await app.register(exportRoutes, { prefix: '/v1' });
  await app.ready();
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
