// GET /v1/events, GET /v1/events/{id}, GET /v1/events/{id}/perspectives
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getEvent, getEventText, listEvents } from '../../db/queries/events.ts';
import { asAnswer } from '../../json.ts';
import { createEvent, deleteEvent, updateEvent } from '../../domain/curation.ts';
import { NotFoundError } from '../../errors.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { eventListQuery, eventPageSchema, eventSchema } from '../../schemas/events.ts';
import { eventCreateSchema, eventPatchSchema } from '../../schemas/writes.ts';
import { eventPerspectives } from '../../db/queries/perspectives.ts';
import { perspectivesQuery, perspectivesSchema } from '../../schemas/perspectives.ts';
import { ifNoneMatchHeaders, notModifiedResponse, sendWithEtag } from './conditional.ts';
import { registerWrites } from './writes.ts';

export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/events',
    {
      config: { idFilters: { actor: 'actor', location: 'location' }, exports: 'events' },
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
        description:
          'One event: when, where, its status, who took part, its quantities, its links to other events and the words that report it.',
        tags: ['events'],
        params: idParamsSchema.extend({
          id: idParamsSchema.shape.id.meta({ example: 'russian-peacekeepers-withdraw-from-nagorno-karabakh' }),
        }),
        headers: ifNoneMatchHeaders,
        response: { 200: eventSchema, ...notModifiedResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const event = getEventText(app.db, request.params.id);
      if (!event) throw new NotFoundError('event', request.params.id);
      return sendWithEtag(request, reply, asAnswer(event));
    },
  );

  app.get(
    '/events/:id/perspectives',
    {
      schema: {
        summary: 'Who said what about an event',
        description:
          'The claims about the event grouped by speaker, with the stances each took (confirms, alleges, rejects, ...), so a reader sees who confirms, who accuses and who rejects. Paged over speakers, by id.',
        tags: ['events'],
        params: idParamsSchema.extend({
          id: idParamsSchema.shape.id.meta({ example: 'azerbaijans-lightning-offensive-retakes-nagorno-karabakh' }),
        }),
        querystring: perspectivesQuery,
        response: { 200: perspectivesSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const perspectives = eventPerspectives(app.db, request.params.id, request.query);
      if (!perspectives) throw new NotFoundError('event', request.params.id);
      return perspectives;
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
