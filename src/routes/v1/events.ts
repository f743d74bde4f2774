// GET /v1/events, GET /v1/events/{id}
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getEvent, listEvents } from '../../db/queries/events.ts';
import { createEvent, deleteEvent, updateEvent } from '../../domain/curation.ts';
import { NotFoundError } from '../../errors.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { eventListQuery, eventPageSchema, eventSchema } from '../../schemas/events.ts';
import { eventCreateSchema, eventPatchSchema } from '../../schemas/writes.ts';
import { ifNoneMatchHeaders, notModifiedResponse, sendWithEtag } from './conditional.ts';
import { registerWrites } from './writes.ts';

export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/events',
    {
      config: { idFilters: { actor: 'actor', location: 'location' } },
      schema: {
        summary: 'List events',
        description:
          'Events in time order (unknown times last). `from`/`to` keep events whose time interval overlaps the range; `location` includes everything inside the place.',
        tags: ['events'],
        querystring: eventListQuery,
        response: { 200: eventPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listEvents(app.db, request.query),
  );

  app.get(
    '/events/:id',
    {
      schema: {
        summary: 'Get an event',
        tags: ['events'],
        params: idParamsSchema.extend({ id: idParamsSchema.shape.id.meta({ example: 'russian-peacekeepers-withdraw-from-nagorno-karabakh' }) }),
        headers: ifNoneMatchHeaders,
        response: { 200: eventSchema, ...notModifiedResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const event = getEvent(app.db, request.params.id);
      if (!event) throw new NotFoundError('event', request.params.id);
      return sendWithEtag(request, reply, event);
    },
  );

  registerWrites(app, {
    path: 'events',
    noun: 'an event',
    createSchema: eventCreateSchema,
    patchSchema: eventPatchSchema,
    responseSchema: eventSchema,
    get: getEvent,
    create: createEvent,
    update: updateEvent,
    remove: deleteEvent,
  });
};
