// GET /v1/locations, GET /v1/locations/{id}
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getLocation, listLocations } from '../../db/queries/locations.ts';
import { createLocation, deleteLocation, mergeLocation, survivorOf, updateLocation } from '../../domain/curation.ts';
import { NotFoundError } from '../../errors.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { locationListQuery, locationPageSchema, locationSchema } from '../../schemas/locations.ts';
import { locationCreateSchema, locationPatchSchema } from '../../schemas/writes.ts';
import { ifNoneMatchHeaders, notModifiedResponse, redirectResponse, sendWithEtag, survivorUrl } from './conditional.ts';
import { registerMerge, registerWrites } from './writes.ts';

export const locationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/locations',
    {
      config: { idFilters: { within: 'location' }, exports: 'locations' },
      schema: {
        summary: 'List locations',
        description: 'Places by id; `within` keeps those anywhere inside another place.',
        tags: ['locations'],
        querystring: locationListQuery,
        response: { 200: locationPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listLocations(app.db, request.query),
  );

  app.get(
    '/locations/:id',
    {
      schema: {
        summary: 'Get a location',
        description: 'An id folded into another location by a merge answers 308 with the survivor in `Location`.',
        tags: ['locations'],
        params: idParamsSchema.extend({ id: idParamsSchema.shape.id.meta({ example: 'kalbajar-district' }) }),
        headers: ifNoneMatchHeaders,
        response: { 200: locationSchema, ...notModifiedResponse, 308: redirectResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const location = getLocation(app.db, id);
      if (location) return sendWithEtag(request, reply, location);
      const survivor = survivorOf(app.db, 'location', id);
      if (survivor) return reply.redirect(survivorUrl('locations', survivor, request.url), 308);
      throw new NotFoundError('location', id);
    },
  );

  registerWrites(app, {
    path: 'locations',
    noun: 'a location',
    createSchema: locationCreateSchema,
    patchSchema: locationPatchSchema,
    responseSchema: locationSchema,
    get: getLocation,
    create: createLocation,
    update: updateLocation,
    remove: deleteLocation,
    survivor: (db, id) => survivorOf(db, 'location', id),
  });
  registerMerge(app, {
    path: 'locations',
    noun: 'location',
    merge: mergeLocation,
    responseSchema: locationSchema,
    get: getLocation,
    survivor: (db, id) => survivorOf(db, 'location', id),
  });
};
