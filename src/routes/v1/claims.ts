// GET /v1/claims, GET /v1/claims/{id}, GET /v1/claims/{id}/related, GET /v1/claims/{id}/appearances
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getClaim, getClaimText, getClaimsByIds, listClaimTexts } from '../../db/queries/claims.ts';
import { asAnswer, asAnswerPage } from '../../json.ts';
import { relatedClaims } from '../../db/queries/claim-relations.ts';
import { listAppearances } from '../../db/queries/claim-appearances.ts';
import { exists } from '../../db/queries/references.ts';
import { relatedPageSchema, relatedQuery } from '../../schemas/claim-relations.ts';
import { createClaim, deleteClaim, updateClaim } from '../../domain/curation.ts';
import { NotFoundError } from '../../errors.ts';
import {
  claimAppearanceListQuery,
  claimAppearancePageSchema,
  claimListQuery,
  claimPageSchema,
  claimSchema,
} from '../../schemas/claims.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { claimCreateSchema, claimPatchSchema } from '../../schemas/writes.ts';
import { ifNoneMatchHeaders, notModifiedResponse, sendWithEtag } from './conditional.ts';
import { registerWrites } from './writes.ts';

/** The claim filters that name ids (shared with /v1/actors/{id}/claims). */
export const CLAIM_ID_FILTERS = {
  speaker: 'actor',
  actor: 'actor',
  event: 'event',
  reportedBy: 'actor',
  source: 'source',
} as const;

export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/claims',
    {
      config: { idFilters: CLAIM_ID_FILTERS, exports: 'claims' },
      schema: {
        summary: 'List claims',
        description:
          'Who said what, when. Filters combine; `from`/`to` keep claims whose saidAt interval overlaps the range (unknown dates never match). Sorted by saidAt, unknown dates last.',
        tags: ['claims'],
        querystring: claimListQuery,
        response: { 200: claimPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => asAnswerPage(listClaimTexts(app.db, request.query)),
  );

  app.get(
    '/claims/:id',
    {
      schema: {
        summary: 'Get a claim',
        description:
          'One claim: who said what, when, about what, reported by whom, with the exact words of its source.',
        tags: ['claims'],
        params: idParamsSchema.extend({ id: idParamsSchema.shape.id.meta({ example: 'dmitry-peskov-confirms' }) }),
        headers: ifNoneMatchHeaders,
        response: { 200: claimSchema, ...notModifiedResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const claim = getClaimText(app.db, request.params.id);
      if (!claim) throw new NotFoundError('claim', request.params.id);
      return sendWithEtag(request, reply, asAnswer(claim));
    },
  );

  app.get(
    '/claims/:id/related',
    {
      schema: {
        summary: 'Claims linked to a claim',
        description:
          'Every claim this one answers, supports, contradicts, denies or repeats, and every claim that does so to it, each with `relation` and `direction`: outgoing first, then by relation (responds_to, supports, contradicts, denies, repeats) and the other claim id. Paged like every list: a claim answered 10,000 times embeds only its first links and `linkCount`; this pages through them all.',
        tags: ['claims'],
        params: idParamsSchema.extend({
          id: idParamsSchema.shape.id.meta({ example: 'armenias-political-leadership-accuses' }),
        }),
        querystring: relatedQuery,
        response: { 200: relatedPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      if (!exists(app.db, 'claim', request.params.id)) throw new NotFoundError('claim', request.params.id);
      return relatedClaims(app.db, request.params.id, request.query, (ids) => getClaimsByIds(app.db, ids));
    },
  );

  app.get(
    '/claims/:id/appearances',
    {
      schema: {
        summary: 'Sources carrying a claim',
        description:
          'Every source that carries the claim, with the words it reports it in and the outlet it credits: first where the claim was first seen (its `source` and `evidence`), then the sources that repeated it, in the order they were added. A claim embeds only its first 10 `appearances` and `sourceCount`; this pages through them all.',
        tags: ['claims'],
        params: idParamsSchema.extend({
          id: idParamsSchema.shape.id.meta({ example: 'dmitry-peskov-confirms' }),
        }),
        querystring: claimAppearanceListQuery,
        response: { 200: claimAppearancePageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      if (!exists(app.db, 'claim', request.params.id)) throw new NotFoundError('claim', request.params.id);
      return listAppearances(app.db, request.params.id, request.query);
    },
  );

  registerWrites(app, {
    path: 'claims',
    noun: 'a claim',
    createSchema: claimCreateSchema,
    patchSchema: claimPatchSchema,
    responseSchema: claimSchema,
    get: getClaim,
    create: createClaim,
    update: updateClaim,
    remove: deleteClaim,
  });
};
