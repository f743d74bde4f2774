// GET /v1/changes: the change feed, for frontends that keep a local copy in sync.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listChanges } from '../../db/queries/changes.ts';
import { problemResponses } from '../../schemas/common.ts';
import { z } from 'zod';
import { changeListQuery, changePageSchema, changeStreamQuery } from '../../schemas/changes.ts';
import { CHANGE_STREAM_DEFAULTS } from '../../plugins/change-stream.ts';

const STREAM_EXAMPLE = [
  'retry: 2000',
  '',
  'id: WyJzZXEiLCI2MSJd',
  'event: ready',
  'data: {"cursor":"WyJzZXEiLCI2MSJd"}',
  '',
  ': heartbeat',
  '',
  'id: WyJzZXEiLCI2MiJd',
  'event: claim',
  'data: {"seq":62,"at":"2024-04-18T09:30:00.000Z","by":"alice","action":"update","entityType":"claim","entityId":"dmitry-peskov-confirms","mergedInto":null,"before":{"id":"dmitry-peskov-confirms","text":"Confirmed reports of the Russian peacekeepers’ withdrawal but gave no further details."},"after":{"id":"dmitry-peskov-confirms","text":"Confirmed reports that the Russian peacekeepers had begun withdrawing; gave no further details."}}',
  '',
  '',
].join('\n');

export const changeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/changes',
    {
      schema: {
        summary: 'Change feed',
        description:
          'Every create, update, delete (tombstone) and merge, oldest first, with the representation before and after. Replaying the feed from the start rebuilds what the API serves, except the text of a source: the feed records its `textSha256` and `textLength` instead (the text is at `/v1/sources/{id}` and never changes). A page holds at most `limit` changes and about 1 MB of them: it may end early, with `page.hasMore` true. Keep `page.nextCursor` and poll with `?since=` for what happens next.',
        tags: ['changes'],
        querystring: changeListQuery,
        response: { 200: changePageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listChanges(app.db, request.query),
  );

  app.get(
    '/changes/stream',
    {
      schema: {
        summary: 'Change feed, pushed (Server-Sent Events)',
        description: [
          'The change feed as it happens, for an `EventSource`: each change is one event whose `data:` is the entry `/v1/changes` lists (one line of JSON), ',
          "`event:` its `entityType` (`claim`, `event`, `actor`, ... so `addEventListener('claim', ...)` gets the claims) and `id:` the feed cursor after it. ",
          'The stream starts with a `ready` event whose `id:` is where it starts; on a dropped connection the browser reconnects with `Last-Event-ID` and misses nothing. ',
          'Without `since` or `Last-Event-ID` it starts from now: to load a page and then follow it, read `/v1/changes` (or `/v1/export`) first and pass its cursor as `since`. ',
          `A comment line (\`: heartbeat\`) comes every ${CHANGE_STREAM_DEFAULTS.heartbeatMs / 1000} s (\`CHANGE_STREAM_HEARTBEAT_MS\`). Writes by this server arrive at once, writes by other processes (an import) within ${CHANGE_STREAM_DEFAULTS.pollMs} ms. `,
          `A client (its API key, else its IP address) may hold ${CHANGE_STREAM_DEFAULTS.maxPerClient} streams open (\`CHANGE_STREAM_MAX_PER_CLIENT\`); one more is a 429 with Retry-After. On server shutdown the stream ends; reconnect.`,
        ].join(''),
        tags: ['changes'],
        querystring: changeStreamQuery,
        headers: z.object({
          'last-event-id': z
            .string()
            .max(100)
            .optional()
            .describe(
              'The `id:` of the last event received (sent by EventSource when it reconnects); wins over `since`.',
            ),
        }),
        response: {
          200: {
            description:
              'An endless `text/event-stream`: a `ready` event, then one event per change, with heartbeat comments between.',
            content: { 'text/event-stream': { schema: z.string().meta({ example: STREAM_EXAMPLE }) } },
          },
          // A 429 (with Retry-After) also answers one stream too many: the description says so; the conventions declare it.
          ...problemResponses(400),
        },
      },
    },
    async (request, reply) => app.changeStreams.serve(request, reply, request.query),
  );
};
