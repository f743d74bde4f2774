// Claim shapes: who said what, when, about what, reported by whom, with the exact words.
import { z } from 'zod';
import {
  idSchema,
  pageOf,
  paginationQuery,
  refSchema,
  spanSchema,
  timeSpecSchema,
  titledRefSchema,
  wholeNumberQuery,
} from './common.ts';
import { timeRangeQuery } from './events.ts';

export const CLAIM_MODES = ['direct_quote', 'reported_speech'] as const;
export const CLAIM_STANCES = [
  'states',
  'reports',
  'confirms',
  'denies',
  'rejects',
  'alleges',
  'accuses',
  'criticizes',
] as const;
/** Typed claim-to-claim links a bundle or a write gives in `links` (a response is given as `respondsTo`). */
export const CLAIM_LINK_TYPES = ['supports', 'contradicts', 'denies', 'repeats'] as const;
/** Every link type a claim shows, `respondsTo` included. */
export const CLAIM_LINK_KINDS = ['responds_to', ...CLAIM_LINK_TYPES] as const;
export type ClaimLinkKind = (typeof CLAIM_LINK_KINDS)[number];
/** Links a claim embeds; GET /v1/claims/{id}/related pages through all of them. */
export const LINKS_EMBEDDED = 20;
/** Appearances a claim embeds; GET /v1/claims/{id}/appearances pages through all of them. */
export const APPEARANCES_EMBEDDED = 10;
export const ATTRIBUTION_ROLES = ['speaker', 'relayed_by', 'published_by'] as const;

export const attributionStepSchema = z
  .object({
    role: z
      .enum(ATTRIBUTION_ROLES)
      .describe(
        'speaker: who said it; relayed_by: the outlet that carried the words (reportedBy); published_by: the source that reports it.',
      ),
    actor: refSchema
      .nullable()
      .describe('The actor at this step; null for published_by (sources name their publisher as text).'),
    name: z
      .string()
      .nullable()
      .describe(
        "Display name of this step: the actor's name, or the publisher as the source names it; null when the source names none.",
      ),
    at: timeSpecSchema
      .nullable()
      .describe("When: saidAt for the speaker, publishedAt for the source, null when not known (an outlet's relay)."),
    source: titledRefSchema.nullable().describe('The source, on the published_by step; null on the others.'),
  })
  .meta({ id: 'AttributionStep', description: 'One hand the words passed through, from the speaker to the source.' });

export const claimLinkSchema = z
  .object({
    type: z.enum(CLAIM_LINK_KINDS).describe('responds_to (from respondsTo), supports, contradicts, denies or repeats.'),
    direction: z
      .enum(['outgoing', 'incoming'])
      .describe('outgoing: this claim links to the other; incoming: the other claim links to this one.'),
    claim: z
      .object({
        id: idSchema.meta({ example: 'russia-rejects' }),
        text: z.string().describe('The text of the other claim.'),
      })
      .describe('The other claim.'),
  })
  .meta({ id: 'ClaimLink', description: 'A typed link between this claim and another, in either direction.' });

export const claimAppearanceSchema = z
  .object({
    source: titledRefSchema.describe('The source carrying the claim.'),
    evidence: spanSchema.describe('The exact words of that source that report the claim.'),
    reportedBy: refSchema
      .nullable()
      .describe('The outlet that source credits with the words, when that is not the source itself.'),
    publishedAt: z.string().describe("That source's publication date (YYYY-MM-DD) or datetime."),
  })
  .meta({
    id: 'ClaimAppearance',
    description: 'One source carrying the claim, with the words it reports it in.',
  });
export type ClaimAppearance = z.infer<typeof claimAppearanceSchema>;

export const claimSchema = z
  .object({
    id: idSchema.meta({ example: 'dmitry-peskov-confirms' }),
    speaker: refSchema.describe('Who said it.'),
    text: z.string().describe('The verbatim quote (direct_quote) or a faithful paraphrase (reported_speech).'),
    mode: z.enum(CLAIM_MODES).describe('direct_quote: text is verbatim; reported_speech: a paraphrase.'),
    stance: z.enum(CLAIM_STANCES).describe('What the speaker does with the words.'),
    saidAt: timeSpecSchema.describe('When it was said, as far as the source tells.'),
    channel: z.string().nullable().describe('How it was said, e.g. "conference call with journalists".'),
    reportedBy: refSchema.nullable().describe('The outlet that carried the words, when that is not the source itself.'),
    about: z
      .object({
        events: z.array(titledRefSchema).describe('Events the claim is about.'),
        actors: z.array(refSchema).describe('Actors the claim is about.'),
      })
      .describe('What the claim is about.'),
    respondsTo: z
      .object({
        id: idSchema.meta({ example: 'armenias-political-leadership-accuses' }),
        text: z.string().describe('The text of the claim answered.'),
      })
      .nullable()
      .describe('The claim this one answers, e.g. a rejection of an accusation.'),
    source: titledRefSchema.describe('The source the claim was extracted from.'),
    evidence: spanSchema.describe('The exact words of the source that report the claim.'),
    appearances: z
      .array(claimAppearanceSchema)
      .describe(
        `Every source carrying the claim, in the order they were added: the first is where the claim was first seen (its \`source\` and \`evidence\`), the next ones sources that repeated it. At most ${APPEARANCES_EMBEDDED}: \`sourceCount\` says how many there are, GET /v1/claims/{id}/appearances pages through them all.`,
      ),
    sourceCount: z
      .number()
      .int()
      .min(1)
      .describe('How many sources carry the claim (its appearances).')
      .meta({ example: 1 }),
    independentSources: z
      .number()
      .int()
      .min(1)
      .describe(
        'How many of those sources are independent: appearances whose evidence is the same words (after normalizing case, whitespace, quotes and dashes: a syndicated copy) count once.',
      )
      .meta({ example: 1 }),
    attribution: z
      .array(attributionStepSchema)
      .describe(
        'Who the words came through, in order: the speaker (with saidAt), the outlet that relayed them if any, then the source that published them (with publishedAt).',
      ),
    links: z
      .array(claimLinkSchema)
      .describe(
        `Typed links to other claims, outgoing first, then incoming, then by type and the other claim's id: respondsTo shows here as responds_to too. At most ${LINKS_EMBEDDED}: \`linkCount\` says how many there are, \`related\` pages through them all.`,
      ),
    linkCount: z
      .number()
      .int()
      .min(0)
      .describe('How many links the claim has in all, both directions (`links` embeds the first ones).')
      .meta({ example: 1 }),
    related: z
      .string()
      .describe('Where every linked claim is, paged, with the relation and its direction: GET this path.')
      .meta({ example: '/v1/claims/dmitry-peskov-confirms/related' }),
  })
  .meta({
    id: 'Claim',
    description: 'Who said what, when, about what, as reported by whom, anchored to the exact words.',
  });
export type Claim = z.infer<typeof claimSchema>;

export const claimPageSchema = pageOf(claimSchema, 'ClaimPage');

// Swagger UI pre-fills every parameter example and filters combine, so each list keeps exactly
// one example (here `speaker`): "Try it out" then answers with the seed instead of an empty page.
export const claimFilterQuery = {
  q: z.string().min(1).max(200).optional().describe('Case-insensitive substring of the claim text.'),
  speaker: idSchema.optional().describe('Only claims made by this actor.').meta({ example: 'dmitry-peskov' }),
  actor: idSchema.optional().describe('Only claims about this actor.'),
  event: idSchema.optional().describe('Only claims about this event.'),
  stance: z.enum(CLAIM_STANCES).optional().describe('Only claims with this stance.'),
  mode: z.enum(CLAIM_MODES).optional().describe('Only direct quotes or only reported speech.'),
  reportedBy: idSchema
    .optional()
    .describe(
      "Only claims whose `reportedBy` is this outlet (the outlet of the claim's first appearance); an outlet that only repeated a claim is in that claim's `appearances`, and `source=` lists every claim a source carries.",
    ),
  source: idSchema
    .optional()
    .describe('Only claims this source carries: those first seen in it and those it repeated (an appearance).'),
  link: z
    .enum(CLAIM_LINK_KINDS)
    .optional()
    .describe(
      'Only claims having a link of this type, made or received: `contradicts` finds the claims that contradict another and the claims contradicted; `responds_to` the answers and the claims answered.',
    ),
  minSources: wholeNumberQuery(1, 1_000_000, 1).describe(
    'Only claims carried by at least this many sources (`sourceCount`): `2` for the claims another source repeated. 1 (the default) for every claim.',
  ),
  ...timeRangeQuery,
  sort: z
    .enum(['saidAt', '-saidAt'])
    .default('saidAt')
    .describe('By saidAt, earliest first (`saidAt`) or latest first (`-saidAt`); unknown dates last either way.'),
  ...paginationQuery,
};

export const claimListQuery = z.object(claimFilterQuery).strict();
export type ClaimListQuery = z.infer<typeof claimListQuery>;

/** /v1/actors/{id}/claims: as /v1/claims, the speaker taken from the path. */
export const actorClaimListQuery = claimListQuery.omit({ speaker: true });

export const claimAppearancePageSchema = pageOf(claimAppearanceSchema, 'ClaimAppearancePage');
export const claimAppearanceListQuery = z.object({ ...paginationQuery }).strict();
