// buildApp(): a ready Fastify instance on an opened, migrated (and, by default, seeded) database.
// No listen and no process handling here: server.ts does that, tests use app.inject.
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type ZodTypeProvider, validatorCompiler } from 'fastify-type-provider-zod';
import { type Db, openDatabase } from './db/client.ts';
import { loadSeedIfEmpty } from './db/seed.ts';
import { configureClaimCache } from './db/queries/claims.ts';
import { frameworkErrors, installErrorHandlers, installNotFoundHandler } from './errors.ts';
import { swaggerOptions } from './openapi-document.ts';
import { v1Routes } from './routes/v1/index.ts';
import { healthRoutes } from './routes/health.ts';
import { RequestLogController, installRequestLog, requestId } from './plugins/request-log.ts';
import { installGracefulClose } from './plugins/graceful-close.ts';
import { type RateLimitOptions, registerRateLimit } from './plugins/rate-limit.ts';
import { DOCS_CSP, registerSecurity } from './plugins/security.ts';
import { installWellFormedText } from './plugins/well-formed-text.ts';
import { responseSerializerCompiler } from './plugins/response-serializer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** PATCH, DELETE and merge answer 428 without If-Match (AppOptions.requireIfMatch). */
    requireIfMatch: boolean;
  }
}

export type AppOptions = {
  /** SQLite file, or ':memory:'. */
  databasePath: string;
  logger?: FastifyServerOptions['logger'];
  /** Load the seed when the database holds no source yet (default true). */
  seed?: boolean;
  /** Requests per window per client (API key, else IP); omitted or max 0: no limit. */
  rateLimit?: RateLimitOptions;
  /** Origins a browser may call the API from (CORS); `*` for any; omitted or empty: none. */
  corsOrigins?: readonly string[];
  /** Milliseconds, 0 for none (the default): receiving a request, an idle socket, a request's whole lifecycle. */
  timeouts?: { requestMs?: number; connectionMs?: number; handlerMs?: number };
  /** Hydrated claims kept between requests while the database is unchanged (default 10,000; 0: none). */
  claimCacheSize?: number;
  /** Changes to stored resources (PATCH, DELETE, merge) need If-Match, else 428 (default true). */
  requireIfMatch?: boolean;
  /** Also encode every answer by its response schema and fail it when they differ (tests; costs time). */
  checkResponses?: boolean;
};

export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Ids may be 200 characters (idSchema); fastify's default of 100 answered longer ones with a bare 414.
    // Up to 500 the schema names `params.id`; beyond, frameworkErrors answers a problem+json 400.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors,
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
  installErrorHandlers(app, { notFound: false });
  installRequestLog(app);
  installGracefulClose(app);
  installWellFormedText(app);
  // Bodies are JSON only: without this, fastify's built-in text/plain parser turns a text body into a
  // 400 from the schema instead of the 415 the contract promises.
  app.removeContentTypeParser('text/plain');

  const db = openDatabase(options.databasePath);
  if (options.seed ?? true) loadSeedIfEmpty(db);
  // Without the option, the claim cache keeps DEFAULT_CLAIM_CACHE_SIZE claims (queries/claims.ts).
  if (options.claimCacheSize !== undefined) configureClaimCache(db, options.claimCacheSize);
  app.decorate('db', db);
  app.decorate('requireIfMatch', options.requireIfMatch ?? true);
  app.addHook('onClose', async () => db.$client.close());

  // Before any route: the rate limit attaches itself to the routes registered after it.
  await registerSecurity(app, { corsOrigins: options.corsOrigins ?? [] });
  await registerRateLimit(app, options.rateLimit ?? { max: 0, windowMs: 60_000 });
  installNotFoundHandler(app, app.hasDecorator('rateLimit') ? app.rateLimit() : undefined);
  await app.register(swagger, swaggerOptions);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Keeps the key pasted under "Authorize" across reloads (in this browser's localStorage).
    uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: true },
    staticCSP: DOCS_CSP,
  });

  await app.register(healthRoutes);
  await app.register(v1Routes, { prefix: '/v1' });
  await app.ready();
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
