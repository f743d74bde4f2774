// GET /v1/locations, GET /v1/locations/{id}
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getLocation, listLocations } from '../../db/queries/locations.ts';
import { assertKnownIds } from '../../db/queries/references.ts';
import { NotFoundError } from '../../errors.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { locationListQuery, locationPageSchema, locationSchema } from '../../schemas/locations.ts';

export const locationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/locations',
    {
      schema: {
        summary: 'List locations',
        description: 'Places by id; `within` keeps those anywhere inside another place.',
        tags: ['locations'],
        querystring: locationListQuery,
        response: { 200: locationPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      assertKnownIds(app.db, [['within', 'location', request.query.within]]);
      return listLocations(app.db, request.query);
    },
  );

  app.get(
    '/locations/:id',
    {
      schema: {
        summary: 'Get a location',
        tags: ['locations'],
        params: idParamsSchema.extend({ id: idParamsSchema.shape.id.meta({ example: 'kalbajar-district' }) }),
        response: { 200: locationSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const location = getLocation(app.db, request.params.id);
      if (!location) throw new NotFoundError('location', request.params.id);
      return location;
    },
  );
};
