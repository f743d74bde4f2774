// GET /v1/actors, /v1/actors/{id}, /v1/actors/{id}/claims, /v1/actors/{id}/events
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getActor, getActorText, listActors } from '../../db/queries/actors.ts';
import { listClaimTexts } from '../../db/queries/claims.ts';
import { asAnswer, asAnswerPage } from '../../json.ts';
import { listEvents } from '../../db/queries/events.ts';
import { exists } from '../../db/queries/references.ts';
import { createActor, deleteActor, mergeActor, survivorOf, updateActor } from '../../domain/curation.ts';
import { NotFoundError } from '../../errors.ts';
import { actorListQuery, actorPageSchema, actorSchema } from '../../schemas/actors.ts';
import { actorClaimListQuery, claimPageSchema } from '../../schemas/claims.ts';
import { CLAIM_ID_FILTERS } from './claims.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { eventListQuery, eventPageSchema } from '../../schemas/events.ts';
import { actorCreateSchema, actorPatchSchema } from '../../schemas/writes.ts';
import { ifNoneMatchHeaders, notModifiedResponse, redirectResponse, sendWithEtag, survivorUrl } from './conditional.ts';
import { registerMerge, registerWrites } from './writes.ts';

/** The same request on the survivor of a merged-away actor id (its query kept). */
const movedTo = (url: string, survivor: string, sub?: string) => survivorUrl('actors', survivor, url, sub);

const actorParams = idParamsSchema.extend({ id: idParamsSchema.shape.id.meta({ example: 'dmitry-peskov' }) });

export const actorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/actors',
    {
      config: { exports: 'actors' },
      schema: {
        summary: 'List actors',
        description: 'People, states, organisations, armed forces, media and groups, by id.',
        tags: ['actors'],
        querystring: actorListQuery,
        response: { 200: actorPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listActors(app.db, request.query),
  );

  app.get(
    '/actors/:id',
    {
      schema: {
        summary: 'Get an actor',
        description: 'An id folded into another actor by a merge answers 308 with the survivor in `Location`.',
        tags: ['actors'],
        params: actorParams,
        headers: ifNoneMatchHeaders,
        response: { 200: actorSchema, ...notModifiedResponse, 308: redirectResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const actor = getActorText(app.db, id);
      if (actor) return sendWithEtag(request, reply, asAnswer(actor));
      const survivor = survivorOf(app.db, 'actor', id);
      if (survivor) return reply.redirect(movedTo(request.url, survivor), 308);
      throw new NotFoundError('actor', id);
    },
  );

  app.get(
    '/actors/:id/claims',
    {
      config: { idFilters: CLAIM_ID_FILTERS, exports: 'claims' },
      schema: {
        summary: 'Claims an actor made',
        description: 'Claims with this actor as speaker; every other filter as in GET /v1/claims.',
        tags: ['actors'],
        params: actorParams,
        querystring: actorClaimListQuery,
        response: { 200: claimPageSchema, 308: redirectResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!exists(app.db, 'actor', id)) {
        const survivor = survivorOf(app.db, 'actor', id);
        if (survivor) return reply.redirect(movedTo(request.url, survivor, 'claims'), 308);
        throw new NotFoundError('actor', id);
      }
      return asAnswerPage(listClaimTexts(app.db, { ...request.query, speaker: id }));
    },
  );

  app.get(
    '/actors/:id/events',
    {
      config: { idFilters: { location: 'location' }, exports: 'events' },
      schema: {
        summary: 'Events an actor took part in',
        description: 'Events with this actor among the participants; every other filter as in GET /v1/events.',
        tags: ['actors'],
        params: actorParams,
        querystring: eventListQuery.omit({ actor: true }),
        response: { 200: eventPageSchema, 308: redirectResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!exists(app.db, 'actor', id)) {
        const survivor = survivorOf(app.db, 'actor', id);
        if (survivor) return reply.redirect(movedTo(request.url, survivor, 'events'), 308);
        throw new NotFoundError('actor', id);
      }
      return listEvents(app.db, { ...request.query, actor: id });
    },
  );

  registerWrites(app, {
    path: 'actors',
    noun: 'an actor',
    createSchema: actorCreateSchema,
    patchSchema: actorPatchSchema,
    responseSchema: actorSchema,
    get: getActor,
    create: createActor,
    update: updateActor,
    remove: deleteActor,
    survivor: (db, id) => survivorOf(db, 'actor', id),
  });
  registerMerge(app, {
    path: 'actors',
    noun: 'actor',
    merge: mergeActor,
    responseSchema: actorSchema,
    get: getActor,
    survivor: (db, id) => survivorOf(db, 'actor', id),
  });
};
