// GET /v1/sources, GET /v1/sources/{id}
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getSource, listSources } from '../../db/queries/sources.ts';
import { NotFoundError } from '../../errors.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { sourceListQuery, sourcePageSchema, sourceSchema } from '../../schemas/sources.ts';

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sources',
    {
      schema: {
        summary: 'List sources',
        description: 'Documents the graph was extracted from, newest first, without their text.',
        tags: ['sources'],
        querystring: sourceListQuery,
        response: { 200: sourcePageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listSources(app.db, request.query),
  );

  app.get(
    '/sources/:id',
    {
      schema: {
        summary: 'Get a source',
        description: 'One source with its full text: every Span indexes into `text`.',
        tags: ['sources'],
        params: idParamsSchema.extend({
          id: idParamsSchema.shape.id.meta({ example: 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh' }),
        }),
        response: { 200: sourceSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const source = getSource(app.db, request.params.id);
      if (!source) throw new NotFoundError('source', request.params.id);
      return source;
    },
  );
};
