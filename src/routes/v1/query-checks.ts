// Checks of query parameters that need the database (an id filter must name a stored entity) or
// more than a schema (a cursor must be one we issued). They run before schema validation and their
// findings join its errors, so one answer names every bad parameter at once. An id filter naming an
// actor or location merged away answers for its survivor and says so in the `Merged-Into` header.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWellFormedCursor } from '../../db/pagination.ts';
import { type EntityKind, exists } from '../../db/queries/references.ts';
import { type FieldError, InvalidRequestError } from '../../errors.ts';
import { idSchema } from '../../schemas/common.ts';
import { parseNodeRef } from '../../schemas/graph.ts';
import { survivorOf } from '../../entities/ids.ts';

/** The response header naming each merged-away id a request's filters named, and its survivor: `old=survivor, ...`. */
export const MERGED_INTO_HEADER = 'merged-into';

const mergeable = (kind: string): kind is 'actor' | 'location' => kind === 'actor' || kind === 'location';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Query parameters that name an id, and of which kind: an unknown id is a 400, not an empty list. */
    idFilters?: Readonly<Record<string, EntityKind>>;
    /** Query parameters that name an entity as `kind:id` (graph endpoints): an unknown one is a 400 too. */
    nodeFilters?: readonly string[];
  }
}

export function installQueryChecks(app: FastifyInstance) {
  app.addHook('preValidation', function checkQuery(request, reply, done) {
    try {
      const merged: string[] = [];
      request.queryProblems = queryProblems(request, merged);
      if (merged.length) reply.header(MERGED_INTO_HEADER, merged.join(', '));
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.addHook('preHandler', function refuseBadQuery(request, _reply, done) {
    done(request.queryProblems?.length ? new InvalidRequestError(request.queryProblems) : undefined);
  });
}

/** Rewrites id filters naming a merged-away id to its survivor (noted in `merged` as `old=survivor`). */
function queryProblems(request: FastifyRequest, merged: string[]): FieldError[] {
  const query = request.query as Record<string, unknown>;
  const problems: FieldError[] = [];
  const db = request.server.db;
  const survivor = (kind: string, id: string) => {
    const found = mergeable(kind) ? survivorOf(db, kind, id) : undefined;
    if (found && !merged.includes(`${id}=${found}`)) merged.push(`${id}=${found}`);
    return found;
  };
  for (const [param, kind] of Object.entries(request.routeOptions.config.idFilters ?? {})) {
    const value = query[param];
    // A malformed id is the schema's to report; only a well-formed, unknown one is ours.
    if (typeof value === 'string' && idSchema.safeParse(value).success && !exists(db, kind, value)) {
      const into = survivor(kind, value);
      if (into) query[param] = into;
      else problems.push({ path: `query.${param}`, message: `no ${kind} with id "${value}"` });
    }
  }
  for (const param of request.routeOptions.config.nodeFilters ?? []) {
    // A value not of the form kind:id is the schema's to report.
    const node = parseNodeRef(query[param]);
    if (node && !exists(db, node.kind, node.id)) {
      const into = survivor(node.kind, node.id);
      if (into) query[param] = `${node.kind}:${into}`;
      else problems.push({ path: `query.${param}`, message: `no ${node.kind} with id "${node.id}"` });
    }
  }
  // SQLite ends a LIKE pattern at a NUL, so `?q=%00` matched everything: no parameter may hold one.
  for (const [param, value] of Object.entries(query)) {
    if ([value].flat().some((v) => typeof v === 'string' && v.includes('\u0000'))) {
      problems.push({ path: `query.${param}`, message: 'must not contain a NUL character' });
    }
  }
  if (typeof query.cursor === 'string' && !isWellFormedCursor(query.cursor)) {
    problems.push({
      path: 'query.cursor',
      message: 'is not a cursor this endpoint issued; pass page.nextCursor unchanged',
    });
  }
  return problems;
}
