// Actor shapes: people, states, organisations, armed forces, media and groups.
import { z } from 'zod';
import { externalIdQuery, externalIdsSchema } from './external-ids.ts';
import { idSchema, pageOf, paginationQuery, refSchema, spanSchema, timeSpecSchema } from './common.ts';

export const ACTOR_KINDS = ['person', 'state', 'organization', 'military', 'media', 'group'] as const;

export const affiliationSchema = z
  .object({
    organization: refSchema.describe('The actor this one belongs to or works for.'),
    role: z.string().describe('The role held, e.g. "spokesman".').meta({ example: 'spokesman' }),
    from: timeSpecSchema.nullable().describe('Since when, when the source says.'),
    to: timeSpecSchema.nullable().describe('Until when, when the source says.'),
  })
  .meta({ id: 'Affiliation', description: 'Membership of or role in another actor.' });

export const actorSchema = z
  .object({
    id: idSchema.meta({ example: 'dmitry-peskov' }),
    name: z.string().describe('Display name.').meta({ example: 'Dmitry Peskov' }),
    kind: z.enum(ACTOR_KINDS).describe('What sort of actor this is.'),
    aliases: z.array(z.string()).describe('Other names the sources use.'),
    description: z.string().nullable().describe('Who this is, as the sources describe them.'),
    affiliations: z.array(affiliationSchema).describe('Organisations the actor belongs to, with role.'),
    evidence: z.array(spanSchema).describe('Where the actor is mentioned in the sources.'),
    externalIds: externalIdsSchema,
  })
  .meta({
    id: 'Actor',
    description: 'Someone who acts or speaks: a person, state, organisation, armed force, outlet or group.',
  });
export type Actor = z.infer<typeof actorSchema>;

export const actorPageSchema = pageOf(actorSchema, 'ActorPage');

export const actorListQuery = z
  .object({
    q: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Case-insensitive substring of the name or an alias.')
      .meta({ example: 'Peskov' }),
    kind: z.enum(ACTOR_KINDS).optional().describe('Only actors of this kind.'),
    externalId: externalIdQuery,
    ...paginationQuery,
  })
  .strict();
export type ActorListQuery = z.infer<typeof actorListQuery>;
