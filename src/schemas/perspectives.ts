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

/** Speakers named per stance; `speakerCount` says how many took it. */
export const SPEAKERS_PER_STANCE = 20;

export const stancePerspectiveSchema = z
  .object({
    stance: z.enum(CLAIM_STANCES).describe('The stance taken on the event.'),
    speakers: z
      .array(refSchema)
      .describe(
        `Who took it, in the order they first did (saidAt; unknown dates last), at most ${SPEAKERS_PER_STANCE}.`,
      ),
    speakerCount: z.number().int().min(1).describe('How many speakers took this stance on the event.'),
    claimCount: z.number().int().min(1).describe('How many claims about the event take this stance.'),
    claims: z
      .array(claimSchema)
      .describe(
        `The claims with this stance, earliest said first (unknown dates last), at most ${CLAIMS_PER_PERSPECTIVE}; all of them: GET /v1/claims?event=&stance=.`,
      ),
  })
  .meta({ id: 'StancePerspective', description: 'One stance taken on an event: who took it, and their claims.' });

export const PERSPECTIVE_GROUPS = ['speaker', 'stance'] as const;

export const perspectivesSchema = z
  .object({
    event: titledRefSchema.describe('The event.'),
    groupBy: z.enum(PERSPECTIVE_GROUPS).describe('What the perspectives are grouped by, as asked.'),
    perspectives: z
      .array(z.union([perspectiveSchema, stancePerspectiveSchema]))
      .describe(
        'groupBy=speaker: one Perspective per speaker, by speaker id; groupBy=stance: one StancePerspective per stance, by stance name.',
      ),
    page: pageInfoSchema,
  })
  .meta({
    id: 'Perspectives',
    description: 'Who said what about an event, grouped by speaker (or by stance), paged over the groups.',
  });
export type Perspectives = z.infer<typeof perspectivesSchema>;

export const perspectivesQuery = z
  .object({
    groupBy: z
      .enum(PERSPECTIVE_GROUPS)
      .default('speaker')
      .describe(
        '`speaker` (default): per speaker, the stances they took and their claims; `stance`: per stance, who took it and the claims taking it.',
      ),
    ...paginationQuery,
    limit: paginationQuery.limit.describe('Groups (speakers or stances) per page, 1..100.'),
  })
  .strict();
export type PerspectivesQuery = z.infer<typeof perspectivesQuery>;
