// GET /v1/claims/{id}/related: every claim linked to one claim, with the relation and its direction.
import { z } from 'zod';
import { CLAIM_LINK_KINDS, claimSchema } from './claims.ts';
import { pageOf, paginationQuery } from './common.ts';

export const relatedItemSchema = z
  .object({
    relation: z
      .enum(CLAIM_LINK_KINDS)
      .describe('responds_to (from respondsTo), supports, contradicts, denies or repeats.'),
    direction: z
      .enum(['outgoing', 'incoming'])
      .describe(
        'outgoing: this claim links to the other (it answers it, supports it, ...); incoming: the other links to this one.',
      ),
    claim: claimSchema.describe('The other claim.'),
  })
  .meta({ id: 'RelatedClaim', description: 'A claim linked to the one asked about, and how.' });
export type RelatedItem = z.infer<typeof relatedItemSchema>;

export const relatedPageSchema = pageOf(relatedItemSchema, 'RelatedClaimPage');

export const relatedQuery = z
  .object({
    relation: z.enum(CLAIM_LINK_KINDS).optional().describe('Only links of this type.'),
    direction: z
      .enum(['outgoing', 'incoming'])
      .optional()
      .describe('Only links this claim makes, or only those it receives.'),
    ...paginationQuery,
  })
  .strict();
export type RelatedQuery = z.infer<typeof relatedQuery>;
