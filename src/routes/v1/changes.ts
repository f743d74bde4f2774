// GET /v1/changes: the change feed, for frontends that keep a local copy in sync.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listChanges } from '../../db/queries/changes.ts';
import { problemResponses } from '../../schemas/common.ts';
import { changeListQuery, changePageSchema } from '../../schemas/changes.ts';

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
};
