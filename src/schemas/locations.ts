// Location shapes: a hierarchy of countries, regions, districts, cities, sites and routes.
import { z } from 'zod';
import { externalIdQuery, externalIdsSchema } from './external-ids.ts';
import { idSchema, pageOf, paginationQuery, refSchema, spanSchema } from './common.ts';

export const LOCATION_KINDS = ['country', 'region', 'district', 'city', 'site', 'route'] as const;

export const locationSchema = z
  .object({
    id: idSchema.meta({ example: 'kalbajar-district' }),
    name: z.string().describe('Display name.'),
    kind: z.enum(LOCATION_KINDS).describe('What sort of place this is.'),
    aliases: z.array(z.string()).describe('Other names the sources use.'),
    parent: refSchema.nullable().describe('The location this one lies inside.'),
    coordinates: z
      .object({ lat: z.number().describe('Latitude, WGS 84.'), lon: z.number().describe('Longitude, WGS 84.') })
      .nullable()
      .describe('A representative point, where known.'),
    areaKm2: z.number().nullable().describe('Area in square kilometres, when a source gives it.'),
    description: z.string().nullable().describe('What the sources say of the place.'),
    evidence: z.array(spanSchema).describe('Where the place is mentioned in the sources.'),
    externalIds: externalIdsSchema,
  })
  .meta({ id: 'Location', description: 'A place, inside its parent place.' });
export type Location = z.infer<typeof locationSchema>;

export const locationPageSchema = pageOf(locationSchema, 'LocationPage');

export const locationListQuery = z
  .object({
    q: z.string().min(1).max(200).optional().describe('Case-insensitive substring of the name or an alias.'),
    kind: z.enum(LOCATION_KINDS).optional().describe('Only locations of this kind.'),
    externalId: externalIdQuery,
    within: idSchema
      .optional()
      .describe('Only locations anywhere inside this location id.')
      .meta({ example: 'azerbaijan' }),
    ...paginationQuery,
  })
  .strict();
export type LocationListQuery = z.infer<typeof locationListQuery>;
