// Perspectives: what each speaker said about one event, and with which stances.
import { z } from 'zod';
import { CLAIM_STANCES, claimSchema } from './claims.ts';
import { pageInfoSchema, paginationQuery, refSchema, titledRefSchema } from './common.ts';

/** Claims shown per speaker; the rest are a GET /v1/claims?speaker=&event= away. */
export const CLAIMS_PER_PERSPECTIVE = 20;

export const perspectiveSchema = z
  .object({
    speaker: refSchema.describe('Who spoke about the event.'),
    stances: z
      .array(z.enum(CLAIM_STANCES))
      .describe(
        'Every stance the speaker took on the event, in the order first taken (saidAt; unknown dates last): who confirms, who alleges, who rejects.',
      ),
    claimCount: z.number().int().min(1).describe('How many claims the speaker made about the event.'),
    claims: z
      .array(claimSchema)
      .describe(
        `The speaker's claims about the event, earliest said first (unknown dates last), at most ${CLAIMS_PER_PERSPECTIVE}; all of them: GET /v1/claims?speaker=&event=.`,
      ),
  })
  .meta({ id: 'Perspective', description: "One speaker's claims about an event, with the stances they take." });

export const perspectivesSchema = z
  .object({
    event: titledRefSchema.describe('The event.'),
    perspectives: z.array(perspectiveSchema).describe('One entry per speaker, by speaker id.'),
    page: pageInfoSchema,
  })
  .meta({ id: 'Perspectives', description: 'Who said what about an event, grouped by speaker, paged over speakers.' });
export type Perspectives = z.infer<typeof perspectivesSchema>;

export const perspectivesQuery = z
  .object({
    ...paginationQuery,
    limit: paginationQuery.limit.describe('Speakers per page, 1..100.'),
  })
  .strict();
export type PerspectivesQuery = z.infer<typeof perspectivesQuery>;
