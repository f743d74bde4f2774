// GET /v1/export: the whole graph in one streamed download (src/domain/export.ts says how it stays
// consistent and small in memory). Registered beside the /v1 routes, not among them: its `format`
// is its own, not one of the list exports that installExports negotiates.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, writeExport } from '../../domain/export.ts';
import { startRawResponse } from '../../plugins/raw-response.ts';
import { problemResponses } from '../../schemas/common.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's `format` parameter is its own: the document keeps it as the route declares it (exports/openapi.ts). */
    ownFormats?: boolean;
  }
}

const exportQuery = z
  .object({
    format: z
      .enum(EXPORT_FORMATS)
      .default('ndjson')
      .describe(
        "`ndjson`: one JSON object per line, the first saying the feed cursor; `jsonld`: one JSON-LD document (SEM + schema.org, as the lists' JSON-LD).",
      ),
  })
  .strict();

const NDJSON_EXAMPLE = [
  '{"format":"eventkg-export","version":1,"cursor":"WyJzZXEiLCI1MiJd","seq":52,"exportedAt":"2024-04-18T09:30:00.000Z","counts":{"source":1,"actor":19,"location":7,"event":15,"claim":10}}',
  '{"entityType":"source","entityId":"russian-peacekeepers-start-withdrawal-from-nagorno-karabakh","data":{"id":"russian-peacekeepers-start-withdrawal-from-nagorno-karabakh","title":"…"}}',
  '{"entityType":"actor","entityId":"dmitry-peskov","data":{"id":"dmitry-peskov","name":"Dmitry Peskov","kind":"person"}}',
  '',
].join('\n');

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/export',
    {
      config: { ownFormats: true },
      schema: {
        summary: 'The whole graph in one download',
        description: [
          'Every source, actor, location, event and claim, each as `GET /v1/{type}s/{id}` answers it, streamed. ',
          'The dump is one consistent snapshot of the graph at a position of the change feed: its `cursor` (the first line of `ndjson`, `ekg:export` in `jsonld`). ',
          'To keep a copy in sync, load the dump, then follow `/v1/changes?since=CURSOR` (or `/v1/changes/stream?since=CURSOR`) and apply each change by `entityType` and `entityId`: ',
          'a create or update replaces the entity with `after`, a delete or merge removes it. Entities come sources first, claims last, each type in id order. ',
          'From the command line on the server: `npm run db:export -- [--format ndjson|jsonld] [--out FILE]`.',
        ].join(''),
        tags: ['changes'],
        querystring: exportQuery,
        response: {
          200: {
            description: 'The dump, sent as it is read (chunked); `Content-Disposition` names a file.',
            content: {
              'application/x-ndjson': { schema: z.string().meta({ example: NDJSON_EXAMPLE }) },
              'application/ld+json': {
                schema: z
                  .object({
                    '@context': z.record(z.string(), z.string()),
                    '@graph': z.array(z.record(z.string(), z.unknown())),
                  })
                  .passthrough()
                  .describe('A JSON-LD document: `ekg:export` holds the cursor, `@graph` every entity.'),
              },
            },
          },
          ...problemResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      // Through URL, so the default port drops out, as in the lists' JSON-LD.
      const origin = new URL(`${request.protocol}://${request.host}`).origin;
      const res = startRawResponse(request, reply, {
        'content-type': EXPORT_CONTENT_TYPES[format],
        'content-disposition': `attachment; filename="eventkg-export.${format === 'ndjson' ? 'ndjson' : 'jsonld'}"`,
      });
      if (request.method === 'HEAD') {
        res.end();
        return;
      }
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      try {
        await writeExport(app.db, format, origin, res, gone.signal);
        res.end();
      } catch (error) {
        // The head is sent: the client can only learn of the failure from a cut connection.
        request.log.error({ err: error }, 'export failed');
        res.destroy(error as Error);
      }
    },
  );
};
