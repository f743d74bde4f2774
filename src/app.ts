// buildApp(): a ready Fastify instance on an opened, migrated (and, by default, seeded) database.
// No listen and no process handling here: server.ts does that, tests use app.inject.
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  type ZodTypeProvider,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Db, openDatabase } from './db/client.ts';
import { loadSeedIfEmpty } from './db/seed.ts';
import { installErrorHandlers } from './errors.ts';
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

export const API_VERSION = '1.0.0';

export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);

  const db = openDatabase(options.databasePath);
  if (options.seed ?? true) loadSeedIfEmpty(db);
  app.decorate('db', db);
  app.addHook('onClose', async () => db.$client.close());

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Event knowledge graph API',
        version: API_VERSION,
        description:
          'What news reports say, as a graph: actors, locations, events and above all claims — who said what, when, about what, as reported by whom — each anchored to the exact words of its source.\n\n' +
          'Lists answer `{ data, page: { limit, nextCursor } }`; pass `nextCursor` back as `cursor`. Errors are RFC 9457 problem details (`application/problem+json`) naming every bad field.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'This server' }],
      tags: [
        { name: 'claims', description: 'Who said what, when, about what, reported by whom.' },
        { name: 'events', description: 'What happened, when, where, who took part.' },
        { name: 'actors', description: 'People, states, organisations, armed forces, media, groups.' },
        { name: 'locations', description: 'Places, in a hierarchy.' },
        { name: 'sources', description: 'The documents everything is extracted from.' },
        { name: 'timeline', description: 'Events and claims in one time order.' },
        { name: 'meta', description: 'Health of the service.' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

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
