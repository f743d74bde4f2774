// Probes for operators and orchestrators: /health (liveness: the process answers) and /ready
// (readiness: the database answers and has every migration of this code). Never rate-limited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type JournalEntry, migrationStatus, readJournal } from '../db/migration-status.ts';
import { ServiceUnavailableError, storageFaultOf } from '../errors.ts';
import { API_VERSION } from '../openapi-document.ts';
import { problemSchema } from '../schemas/common.ts';
import { PACKAGE_VERSION } from '../version.ts';

const readySchema = z
  .object({
    status: z.literal('ready').describe('Always "ready" with a 200.'),
    version: z.string().describe('API version.'),
    migrations: z
      .object({
        expected: z.number().int().describe('Migrations this version of the service ships.'),
        applied: z.number().int().describe('Of those, how many the database has applied (all of them when ready).'),
      })
      .describe('Schema migrations, compared between the code and the database.'),
  })
  .meta({ id: 'Readiness' });

export const healthRoutes: FastifyPluginAsyncZod<{ journal?: readonly JournalEntry[] }> = async (app, options) => {
  const journal = options.journal ?? readJournal();

  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Liveness',
        description: 'Answers while the service is up and its database answers.',
        tags: ['meta'],
        response: {
          200: {
            description: 'Alive.',
            content: {
              'application/json': {
                schema: z
                  .object({
                    status: z.literal('ok').describe('Always "ok" when the service answers.'),
                    version: z
                      .string()
                      .describe('API version: the version of the contract (info.version of the OpenAPI document).'),
                    packageVersion: z
                      .string()
                      .describe(
                        'Version of the eventkg-api package that is running (its package.json), to tell which build answers.',
                      ),
                  })
                  .meta({ id: 'Health' }),
              },
            },
          },
        },
      },
    },
    async () => {
      app.db.$client.prepare('SELECT 1').get();
      return { status: 'ok' as const, version: API_VERSION, packageVersion: PACKAGE_VERSION };
    },
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Readiness',
        description:
          'Whether the service can serve traffic: its database answers, has applied every schema migration this version ships, ' +
          'can take a write (the write lock and a rolled-back header write; after a write failed on the disk, a committed one-page probe at most every 5 s), ' +
          'and has shown no damage (neither to a request nor to PRAGMA quick_check, run once after start). ' +
          'A 503 (problem+json) says which part is missing; send traffic elsewhere until it answers 200.',
        tags: ['meta'],
        response: {
          200: { description: 'Ready: send it traffic.', content: { 'application/json': { schema: readySchema } } },
          503: {
            description:
              'Not ready: the database does not answer, migrations are pending, writes cannot succeed (read-only file, full disk, I/O errors) or the file is damaged.',
            content: { 'application/problem+json': { schema: problemSchema } },
          },
        },
      },
    },
    async (request) => {
      let status;
      try {
        status = migrationStatus(app.db.$client, journal);
      } catch (error) {
        const fault = storageFaultOf(error);
        if (fault) app.storage.record(fault);
        request.log.error({ err: error }, 'readiness: the database does not answer');
        throw new ServiceUnavailableError(
          fault ? `The database does not answer: ${fault.kind} (${fault.code}).` : 'The database does not answer.',
          5,
        );
      }
      if (status.pending.length > 0) {
        throw new ServiceUnavailableError(
          `The database lacks ${status.pending.length} of ${status.expected} migration(s) (${status.pending.join(', ')}); restart the service or run npm run db:migrate.`,
          5,
        );
      }
      const unready = app.storage.unready();
      if (unready) {
        request.log.warn({ reason: unready.detail }, 'readiness: storage cannot serve');
        throw new ServiceUnavailableError(unready.detail, unready.retryAfterSeconds);
      }
      return {
        status: 'ready' as const,
        version: API_VERSION,
        migrations: { expected: status.expected, applied: status.applied },
      };
    },
  );
};
