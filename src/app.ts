// buildApp(): a ready Fastify instance on an opened, migrated (and, by default, seeded) database.
// No listen and no process handling here: server.ts does that, tests use app.inject.
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type ZodTypeProvider, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Db, openDatabase } from './db/client.ts';
import { loadSeedIfEmpty } from './db/seed.ts';
import { installErrorHandlers } from './errors.ts';
import { API_VERSION, swaggerOptions } from './openapi-document.ts';
import { v1Routes } from './routes/v1/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export type AppOptions = {
  /** SQLite file, or ':memory:'. */
  databasePath: string;
  logger?: FastifyServerOptions['logger'];
  /** Load the seed when the database holds no source yet (default true). */
  seed?: boolean;
};

export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  // Bodies are JSON only: without this, fastify's built-in text/plain parser turns a text body into a
  // 400 from the schema instead of the 415 the contract promises.
  app.removeContentTypeParser('text/plain');

  const db = openDatabase(options.databasePath);
  if (options.seed ?? true) loadSeedIfEmpty(db);
  app.decorate('db', db);
  app.addHook('onClose', async () => db.$client.close());

  await app.register(swagger, swaggerOptions);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Keeps the key pasted under "Authorize" across reloads (in this browser's localStorage).
    uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: true },
  });

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness',
        description: 'Answers while the service is up and its database answers.',
        tags: ['meta'],
        response: {
          200: z
            .object({
              status: z.literal('ok').describe('Always "ok" when the service answers.'),
              version: z.string().describe('API version.'),
            })
            .meta({ id: 'Health' }),
        },
      },
    },
    async () => {
      app.db.$client.prepare('SELECT 1').get();
      return { status: 'ok' as const, version: API_VERSION };
    },
  );
  await app.register(v1Routes, { prefix: '/v1' });
  await app.ready();
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
