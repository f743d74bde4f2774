// The write endpoints every curated resource shares: POST creates, PATCH changes some fields,
// DELETE removes (admin), each behind an API key, with ETag / If-Match and problem+json errors.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireScope, writeSecurity } from '../../auth.ts';
import type { WriteContext } from '../../domain/changes.ts';
import type { Db } from '../../db/client.ts';
import { PreconditionRequiredError } from '../../errors.ts';
import { idParamsSchema, problemSchema } from '../../schemas/common.ts';
import { ifMatchHeaders, redirectResponse, sendWithEtag, survivorUrl } from './conditional.ts';
import { MERGE_EXAMPLES } from '../../openapi-examples.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

export const writeErrors = {
  400: problem('Invalid body or parameter; `errors` names every offending field. Nothing was written.'),
  401: problem('No API key, or an unknown or revoked one.'),
  403: problem('The API key lacks the scope this operation needs.'),
  404: problem('No resource with this id.'),
  409: problem('Conflicts with what is stored (an id taken, or still referenced).'),
  412: problem('If-Match names an old ETag: the resource changed since it was read.'),
  413: problem('Body too large.'),
  415: problem('Body is not application/json.'),
};

type WriteStatus = keyof typeof writeErrors;

/** The write errors an operation can really answer, so each status in the document has a true example. */
export function writeErrorsFor(...statuses: WriteStatus[]) {
  return Object.fromEntries(statuses.map((status) => [status, writeErrors[status]])) as Partial<typeof writeErrors>;
}

/** Only actors and locations take a wanted id, which may be taken (409); the others get a fresh one. */
const CREATE_CONFLICTS = new Set(['actors', 'locations']);

/** The errors of a change to a stored resource (PATCH, DELETE, merge): also 428 without If-Match. */
export const preconditionRequired = {
  428: problem(
    'No If-Match header: GET the resource, read its ETag and send it as If-Match (unless the service runs with REQUIRE_IF_MATCH=false).',
  ),
};

/**
 * The If-Match of a change to a stored resource; without one, when the service requires it, a 428
 * that says how to get the tag. A write that does not name what it read could silently undo a
 * change it never saw.
 */
export function ifMatchOf(request: FastifyRequest, exists: () => boolean): string | undefined {
  const header = request.headers['if-match'];
  const ifMatch = Array.isArray(header) ? header.join(', ') : header;
  // A resource that does not exist has no ETag to send: that is the 404 the write answers.
  if (ifMatch === undefined && request.server.requireIfMatch && exists()) {
    const path = request.url.split('?')[0]!;
    const resource = path.replace(/\/(merge|accept|reject)$/, '');
    throw new PreconditionRequiredError(
      `${request.method} ${path} needs an If-Match header: GET ${resource}, read its ETag header and send it back as If-Match, so the change cannot overwrite one you have not seen.`,
    );
  }
  return ifMatch;
}

type Resource<Create extends z.ZodType, Patch extends z.ZodType, Out extends z.ZodType> = {
  /** Plural path segment and OpenAPI tag, e.g. "actors". */
  path: string;
  /** Singular, for summaries. */
  noun: string;
  createSchema: Create;
  patchSchema: Patch;
  responseSchema: Out;
  get: (db: Db, id: string) => z.output<Out> | undefined;
  create: (db: Db, context: WriteContext, input: z.output<Create>) => string;
  update: (db: Db, context: WriteContext, id: string, patch: z.output<Patch>, ifMatch?: string) => void;
  remove: (db: Db, context: WriteContext, id: string, ifMatch?: string) => void;
  /** Actors and locations: where an id merged away now lives; PATCH and DELETE of it answer 308 there. */
  survivor?: (db: Db, id: string) => string | undefined;
};

const mergedRedirect = {
  308: redirectResponse.describe(
    'The id was merged into another: `Location` names the survivor; send the same request there (a 308 keeps the method and body), with the If-Match of the survivor.',
  ),
};

export function registerWrites<Create extends z.ZodType, Patch extends z.ZodType, Out extends z.ZodType>(
  app: FastifyInstance,
  resource: Resource<Create, Patch, Out>,
) {
  // Generic over the resource's schemas, so handlers see the parsed body as z.output of them;
  // the zod validator still runs on every request.
  const r = app;
  const context = (keyName: string | undefined): WriteContext => ({ keyName: keyName ?? 'unknown' });
  const current = (id: string) => resource.get(r.db, id)!;
  type IdParams = { id: string };
  type IfMatch = { 'if-match'?: string };
  /** The survivor's URL when `id` was merged away (a merged id is never given again, so it is not stored). */
  const redirectIfMerged = (id: string, url: string): string | undefined => {
    const survivor = resource.survivor?.(r.db, id);
    return survivor === undefined ? undefined : survivorUrl(resource.path, survivor, url);
  };

  r.post(
    `/${resource.path}`,
    {
      onRequest: requireScope('write'),
      schema: {
        summary: `Create ${resource.noun}`,
        description: `Creates ${resource.noun}; references are ids of stored entities, evidence the exact words of a stored source. Recorded in the change feed. Needs the \`write\` scope.`,
        tags: [resource.path],
        security: [...writeSecurity],
        body: resource.createSchema,
        response: {
          201: resource.responseSchema,
          ...writeErrorsFor(400, 401, 403, ...(CREATE_CONFLICTS.has(resource.path) ? [409 as const] : []), 413, 415),
        },
      },
    },
    async (request: FastifyRequest, reply) => {
      const id = resource.create(r.db, context(request.apiKey?.name), request.body as z.output<Create>);
      reply.code(201).header('location', `/v1/${resource.path}/${id}`);
      return sendWithEtag(request, reply, current(id));
    },
  );

  r.patch(
    `/${resource.path}/:id`,
    {
      onRequest: requireScope('write'),
      schema: {
        summary: `Change ${resource.noun}`,
        description: `Changes the fields given (lists are replaced whole); the result must still satisfy every rule of a create. Send If-Match with the ETag you read (required: 428 without it; 412 when the resource has changed since), so you never overwrite someone else's change. Needs the \`write\` scope.`,
        tags: [resource.path],
        security: [...writeSecurity],
        params: idParamsSchema,
        headers: ifMatchHeaders,
        body: resource.patchSchema,
        response: {
          200: resource.responseSchema,
          ...(resource.survivor ? mergedRedirect : {}),
          ...writeErrorsFor(400, 401, 403, 404, 412, 413, 415),
          ...preconditionRequired,
        },
      },
    },
    async (request: FastifyRequest<{ Params: IdParams; Headers: IfMatch }>, reply) => {
      const { id } = request.params;
      const moved = redirectIfMerged(id, request.url);
      if (moved) return reply.redirect(moved, 308);
      resource.update(
        r.db,
        context(request.apiKey?.name),
        id,
        request.body as z.output<Patch>,
        ifMatchOf(request, () => resource.get(r.db, id) !== undefined),
      );
      return sendWithEtag(request, reply, current(id));
    },
  );

  r.delete(
    `/${resource.path}/:id`,
    {
      onRequest: requireScope('admin'),
      schema: {
        summary: `Delete ${resource.noun}`,
        description:
          'Deletes it when nothing refers to it any more (409 names what still does; nothing cascades). Recorded in the change feed as a tombstone. Needs the `admin` scope.',
        tags: [resource.path],
        security: [...writeSecurity],
        params: idParamsSchema,
        headers: ifMatchHeaders,
        response: {
          204: z.undefined().describe('Deleted.'),
          ...(resource.survivor ? mergedRedirect : {}),
          ...writeErrorsFor(400, 401, 403, 404, 409, 412),
          ...preconditionRequired,
        },
      },
    },
    async (request: FastifyRequest<{ Params: IdParams; Headers: IfMatch }>, reply) => {
      const moved = redirectIfMerged(request.params.id, request.url);
      if (moved) return reply.redirect(moved, 308);
      resource.remove(
        r.db,
        context(request.apiKey?.name),
        request.params.id,
        ifMatchOf(request, () => resource.get(r.db, request.params.id) !== undefined),
      );
      return reply.code(204).send();
    },
  );
}

/** POST /{path}/{id}/merge for actors and locations. */
export function registerMerge(
  app: FastifyInstance,
  resource: {
    path: keyof typeof MERGE_EXAMPLES;
    noun: string;
    merge: (db: Db, context: WriteContext, id: string, into: string, ifMatch?: string) => void;
    responseSchema: z.ZodType;
    get: (db: Db, id: string) => object | undefined;
    /** Where an id merged away now lives: merging it answers 308 there, and `into` naming it means its survivor. */
    survivor: (db: Db, id: string) => string | undefined;
  },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    `/${resource.path}/:id/merge`,
    {
      onRequest: requireScope('admin'),
      schema: {
        summary: `Merge ${resource.noun} into another`,
        description: `Folds this ${resource.noun} (a duplicate) into \`into\`: every reference, alias and evidence span moves to the survivor, which is returned; the old id then answers 308 redirecting to it (merging it again too), and an \`into\` naming an id merged away means its survivor. Recorded in the change feed. Needs the \`admin\` scope.`,
        tags: [resource.path],
        security: [...writeSecurity],
        params: idParamsSchema,
        headers: ifMatchHeaders,
        body: z
          .object({ into: idParamsSchema.shape.id.describe(`Id of the ${resource.noun} that survives.`) })
          .strict()
          .meta({ example: { into: MERGE_EXAMPLES[resource.path].into } }),
        // Only a location can lie inside the one merged into it (409).
        response: {
          200: resource.responseSchema,
          ...mergedRedirect,
          ...writeErrorsFor(
            400,
            401,
            403,
            404,
            ...(resource.path === 'locations' ? [409 as const] : []),
            412,
            413,
            415,
          ),
          ...preconditionRequired,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // A merged id is never given again: one that has a survivor is not stored.
      const moved = resource.survivor(r.db, id);
      if (moved !== undefined) return reply.redirect(survivorUrl(resource.path, moved, request.url, 'merge'), 308);
      const into = resource.survivor(r.db, request.body.into) ?? request.body.into;
      resource.merge(
        r.db,
        { keyName: request.apiKey?.name ?? 'unknown' },
        id,
        into,
        ifMatchOf(request, () => resource.get(r.db, id) !== undefined),
      );
      return sendWithEtag(request, reply, resource.get(r.db, into)!);
    },
  );
}
