// GET /v1/timeline
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { timeline } from '../../db/queries/timeline.ts';
import { problemResponses } from '../../schemas/common.ts';
import { timelinePageSchema, timelineQuery } from '../../schemas/timeline.ts';

export const timelineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/timeline',
    {
      config: { idFilters: { actor: 'actor', location: 'location', event: 'event' }, exports: 'timeline' },
      schema: {
        summary: 'Timeline of events and claims',
        description:
          'Events and claims merged in time order (unknown times last), filtered by actor, location, event and time range.',
        tags: ['timeline'],
        querystring: timelineQuery,
        response: { 200: timelinePageSchema, ...problemResponses(400) },
      },
    },
    async (request) => timeline(app.db, request.query),
  );
};
