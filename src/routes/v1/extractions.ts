// The extraction review queue: POST an article, GET the draft, PATCH it, accept (import) or reject it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireScope, writeSecurity } from '../../auth.ts';
import { getExtraction, getExtractionRow, listExtractions } from '../../db/queries/extractions.ts';
import { acceptExtraction, createExtraction, rejectExtraction, updateExtraction } from '../../domain/extractions.ts';
import { NotFoundError } from '../../errors.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import {
  extractionCreateSchema,
  extractionListQuery,
  extractionPageSchema,
  extractionPatchSchema,
  extractionSchema,
} from '../../schemas/extractions.ts';
import { importResultSchema } from '../../schemas/sources.ts';
import { ifMatchHeaders, ifNoneMatchHeaders, notModifiedResponse, sendWithEtag } from './conditional.ts';
import { IMPORT_BODY_LIMIT, importAnswer } from './sources.ts';
import { ifMatchOf, preconditionRequired, writeErrorsFor } from './writes.ts';

const TAG = 'extractions';
/** Accept and reject carry no body; one that is sent must be empty, so a misplaced field is not silently ignored. */
const noBody = z.object({}).strict().nullish().meta({ description: 'No body, or `{}`.', example: {} });

const params = idParamsSchema.extend({
  id: idParamsSchema.shape.id.describe(
    'The extraction id: the `id` (and `Location`) POST /v1/extractions answered. The example shows its form only; the seed holds no extraction, so POST one first and use its id.',
  ),
});

export const extractionRoutes: FastifyPluginAsyncZod = async (app) => {
  const context = (keyName: string | undefined) => ({ keyName: keyName ?? 'unknown' });
  const current = (id: string) => {
    const extraction = getExtraction(app.db, id);
    if (!extraction) throw new NotFoundError('extraction', id);
    return extraction;
  };

  app.post(
    '/extractions',
    {
      onRequest: requireScope('write'),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Draft a bundle from an article',
        description:
          'Runs the extractor over the article and queues the draft bundle for review (`status: pending`): claims with their speakers, mode, stance and times, the actors and locations they mention, with `notes` giving the offsets and confidence of each suggestion. ' +
          'Draft actors and locations whose name or alias is that of a stored entity are linked to it (the draft names the stored id, `notes.actors[key].linkedTo` says so); partial matches are listed as scored `candidates`, not linked. ' +
          'A text with no attributable statement is a valid draft with no claims. A text already stored as a source, or already pending review, is a 409 naming it. Needs the `write` scope.',
        tags: [TAG],
        security: [...writeSecurity],
        body: extractionCreateSchema,
        response: { 201: extractionSchema, ...writeErrorsFor(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const id = createExtraction(app.db, context(request.apiKey?.name), request.body, app.extractor);
      reply.code(201).header('location', `/v1/extractions/${id}`);
      return sendWithEtag(request, reply, current(id));
    },
  );

  app.get(
    '/extractions',
    {
      schema: {
        summary: 'List extractions',
        description:
          'The review queue, newest first, without texts and drafts; `status=pending` is what waits for a person.',
        tags: [TAG],
        querystring: extractionListQuery,
        response: { 200: extractionPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listExtractions(app.db, request.query),
  );

  app.get(
    '/extractions/:id',
    {
      schema: {
        summary: 'Get an extraction',
        description:
          'The submitted article, the draft bundle and the notes. Send its `ETag` as `If-Match` when you change, accept or reject it.',
        tags: [TAG],
        params,
        headers: ifNoneMatchHeaders,
        response: { 200: extractionSchema, ...notModifiedResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => sendWithEtag(request, reply, current(request.params.id)),
  );

  app.patch(
    '/extractions/:id',
    {
      onRequest: requireScope('write'),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Correct the draft',
        description:
          'Replaces the draft bundle whole. It is checked as an import would check it (references, evidence in the text, direct quotes verbatim: every problem listed by path under `body.draft`), but nothing is imported. Only a pending extraction can change (409 otherwise). Send If-Match with the ETag you read. Needs the `write` scope.',
        tags: [TAG],
        security: [...writeSecurity],
        params,
        headers: ifMatchHeaders,
        body: extractionPatchSchema,
        response: {
          200: extractionSchema,
          ...writeErrorsFor(400, 401, 403, 404, 409, 412, 413, 415),
          ...preconditionRequired,
        },
      },
    },
    async (request, reply) => {
      updateExtraction(
        app.db,
        context(request.apiKey?.name),
        request.params.id,
        request.body,
        ifMatchOf(request, () => getExtractionRow(app.db, request.params.id) !== undefined),
      );
      return sendWithEtag(request, reply, current(request.params.id));
    },
  );

  app.post(
    '/extractions/:id/accept',
    {
      onRequest: requireScope('write'),
      schema: {
        summary: 'Accept the draft: import it',
        description:
          'Imports the draft through the same path as POST /v1/sources and marks the extraction `accepted` with its `sourceId`, in one transaction: any problem (the same 400s, paths under `draft`, and 409s) leaves the graph and the extraction as they were. Answers the import result. A second accept is a 409. Send If-Match with the ETag you read. Needs the `write` scope.',
        tags: [TAG],
        security: [...writeSecurity],
        params,
        headers: ifMatchHeaders,
        body: noBody,
        response: {
          201: importResultSchema,
          ...writeErrorsFor(400, 401, 403, 404, 409, 412, 413, 415),
          ...preconditionRequired,
        },
      },
    },
    async (request, reply) => {
      const summary = acceptExtraction(
        app.db,
        context(request.apiKey?.name),
        request.params.id,
        ifMatchOf(request, () => getExtractionRow(app.db, request.params.id) !== undefined),
      );
      reply.code(201).header('location', `/v1/sources/${summary.source.id}`);
      return importAnswer(app.db, summary);
    },
  );

  app.post(
    '/extractions/:id/reject',
    {
      onRequest: requireScope('write'),
      schema: {
        summary: 'Reject the draft',
        description:
          'Marks a pending extraction `rejected`; nothing is imported. The same text may then be submitted again. Send If-Match with the ETag you read. Needs the `write` scope.',
        tags: [TAG],
        security: [...writeSecurity],
        params,
        headers: ifMatchHeaders,
        body: noBody,
        response: {
          200: extractionSchema,
          ...writeErrorsFor(400, 401, 403, 404, 409, 412, 413, 415),
          ...preconditionRequired,
        },
      },
    },
    async (request, reply) => {
      rejectExtraction(
        app.db,
        context(request.apiKey?.name),
        request.params.id,
        ifMatchOf(request, () => getExtractionRow(app.db, request.params.id) !== undefined),
      );
      return sendWithEtag(request, reply, current(request.params.id));
    },
  );
};
