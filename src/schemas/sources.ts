// Source shapes: the documents facts are extracted from.
import { z } from 'zod';
import { idSchema, pageOf, paginationQuery, refSchema, titledRefSchema } from './common.ts';

const sourceFields = {
  id: idSchema.meta({ example: 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh' }),
  title: z.string().describe('Headline.'),
  publisher: z.string().nullable().describe('Who published it, when known.'),
  url: z.string().nullable().describe('Where it was published, when known.'),
  publishedAt: z.string().describe('Publication date (YYYY-MM-DD) or datetime.'),
  language: z.string().describe('BCP 47 language tag of the text.'),
  counts: z
    .object({
      actors: z.number().int().describe('Actors mentioned in it.'),
      locations: z.number().int().describe('Locations mentioned in it.'),
      events: z.number().int().describe('Events it reports.'),
      claims: z
        .number()
        .int()
        .describe('Claims it carries: those first seen in it and those it repeated (their appearances).'),
    })
    .describe('What was extracted from the source.'),
};

export const sourceSummarySchema = z
  .object(sourceFields)
  .meta({ id: 'SourceSummary', description: 'A source without its text (lists).' });

export const sourceSchema = z
  .object({ ...sourceFields, text: z.string().describe('The full text; every Span indexes into it.') })
  .meta({ id: 'Source', description: 'A document, with the text every Span indexes into.' });
export type Source = z.infer<typeof sourceSchema>;
export type SourceSummary = z.infer<typeof sourceSummarySchema>;

export const sourcePageSchema = pageOf(sourceSummarySchema, 'SourcePage');

export const sourceListQuery = z.object({ ...paginationQuery }).strict();

const createdRefs = {
  actors: z.array(refSchema).describe('Actors.'),
  locations: z.array(refSchema).describe('Locations.'),
  events: z.array(titledRefSchema).describe('Events.'),
  claims: z
    .array(
      z.object({
        id: idSchema.meta({ example: 'dmitry-peskov-confirms-2' }),
        text: z.string().describe('The claim text.'),
      }),
    )
    .describe('Claims.'),
};

export const importResultSchema = z
  .object({
    source: sourceSummarySchema.describe('The stored source.'),
    created: z.object(createdRefs).describe('What the bundle added, with the ids it was given.'),
    linked: z
      .object(createdRefs)
      .describe('Stored entities the bundle referred to by id: the new article is linked to them.'),
    appeared: z
      .array(
        z.object({
          id: idSchema.meta({ example: 'dmitry-peskov-confirms' }),
          text: z.string().describe('The claim text.'),
        }),
      )
      .describe(
        'Stored claims this source repeats (the bundle\'s `{ "appears": id }` entries): each gained an appearance instead of a duplicate claim.',
      ),
    warnings: z
      .array(
        z.object({
          path: z.string().describe('The bundle item concerned, e.g. `body.actors[2]`.'),
          message: z.string().describe('What was noticed and what to do about it.'),
          id: idSchema.describe('The stored entity concerned.'),
        }),
      )
      .describe(
        'Not errors (the import happened): new actors or locations with the name or an alias of a stored one, which are probably the same and better referenced by the stored id.',
      )
      .meta({
        example: [
          {
            path: 'body.actors[2]',
            message:
              'same name as stored actor dmitry-peskov ("Dmitry Peskov"); use its id to link to it instead of creating another',
            id: 'dmitry-peskov',
          },
        ],
      }),
  })
  .meta({ id: 'ImportResult', description: 'What an imported bundle created and linked.' });
