// GET /v1/sources, GET /v1/sources/{id}
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getSource, listSources } from '../../db/queries/sources.ts';
import { requireScope, writeSecurity } from '../../auth.ts';
import { type ImportSummary, importBundle } from '../../domain/import-bundle.ts';
import type { Db } from '../../db/client.ts';
import { NotFoundError } from '../../errors.ts';
import { bundleSchema } from '../../schemas/bundle.ts';
import { idParamsSchema, problemResponses } from '../../schemas/common.ts';
import { importResultSchema, sourceListQuery, sourcePageSchema, sourceSchema } from '../../schemas/sources.ts';
import { ifNoneMatchHeaders, notModifiedResponse, sendWithEtag } from './conditional.ts';
import { writeErrorsFor } from './writes.ts';

/** A bundle carries a whole article: room for a long text in a multi-byte script plus its annotations. */
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sources',
    {
      config: { exports: 'sources' },
      schema: {
        summary: 'List sources',
        description: 'Documents the graph was extracted from, newest first, without their text.',
        tags: ['sources'],
        querystring: sourceListQuery,
        response: { 200: sourcePageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listSources(app.db, request.query),
  );

  app.get(
    '/sources/:id',
    {
      schema: {
        summary: 'Get a source',
        description: 'One source with its full text: every Span indexes into `text`.',
        tags: ['sources'],
        params: idParamsSchema.extend({
          id: idParamsSchema.shape.id.meta({ example: 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh' }),
        }),
        headers: ifNoneMatchHeaders,
        response: { 200: sourceSchema, ...notModifiedResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const source = getSource(app.db, request.params.id);
      if (!source) throw new NotFoundError('source', request.params.id);
      return sendWithEtag(request, reply, source);
    },
  );

  app.post(
    '/sources',
    {
      onRequest: requireScope('write'),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Import an article bundle',
        description:
          'Stores one source and everything annotated in it (the format of `seed/`), all or nothing: any problem rejects the whole bundle with every problem listed by JSON path, and nothing is written. ' +
          'References name a key of the bundle or, failing that, the id of a stored entity, which links the new article into the graph. The same source text twice is a 409. ' +
          'An entry `{ "appears": "stored-claim-id", "evidence": "exact words of this text", "reportedBy": null }` in `claims` adds this source to a stored claim it repeats (an appearance: `sourceCount` + 1, listed in `appeared`) instead of a duplicate claim; a claim appears once per source. ' +
          'A new actor or location named like a stored one (name or alias, ignoring case and spacing) is imported all the same, with a `warnings` entry naming the stored id: probably a duplicate, better linked by that id. Needs the `write` scope; body up to 8 MiB.',
        tags: ['sources'],
        security: [...writeSecurity],
        body: bundleSchema,
        response: { 201: importResultSchema, ...writeErrorsFor(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const summary = importBundle(app.db, request.body, { keyName: request.apiKey?.name ?? 'unknown' });
      reply.code(201).header('location', `/v1/sources/${summary.source.id}`);
      return importAnswer(app.db, summary);
    },
  );
};

/** The 201 body of an import (a bundle here, an extraction's accept): the source without its text, and what the import did. */
export function importAnswer(db: Db, summary: ImportSummary) {
  const { text: _text, ...source } = getSource(db, summary.source.id)!;
  return {
    source,
    created: summary.created,
    linked: summary.linked,
    appeared: summary.appeared,
    warnings: summary.warnings,
  };
}
