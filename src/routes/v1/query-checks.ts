// Checks of query parameters that need the database (an id filter must name a stored entity) or
// more than a schema (a cursor must be one we issued). They run before schema validation and their
// findings join its errors, so one answer names every bad parameter at once.
import type { FastifyInstance } from 'fastify';
import { isWellFormedCursor } from '../../db/pagination.ts';
import { type EntityKind, exists } from '../../db/queries/references.ts';
import { type FieldError, InvalidRequestError } from '../../errors.ts';
import { idSchema } from '../../schemas/common.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Query parameters that name an id, and of which kind: an unknown id is a 400, not an empty list. */
    idFilters?: Readonly<Record<string, EntityKind>>;
  }
}

export function installQueryChecks(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown>;
    const problems: FieldError[] = [];
    for (const [param, kind] of Object.entries(request.routeOptions.config.idFilters ?? {})) {
      const value = query[param];
      // A malformed id is the schema's to report; only a well-formed, unknown one is ours.
      if (typeof value === 'string' && idSchema.safeParse(value).success && !exists(request.server.db, kind, value)) {
        problems.push({ path: `query.${param}`, message: `no ${kind} with id "${value}"` });
      }
    }
    if (typeof query.cursor === 'string' && !isWellFormedCursor(query.cursor)) {
      problems.push({ path: 'query.cursor', message: 'is not a cursor this endpoint issued; pass page.nextCursor unchanged' });
    }
    request.queryProblems = problems;
  });

  app.addHook('preHandler', async (request) => {
    if (request.queryProblems?.length) throw new InvalidRequestError(request.queryProblems);
  });
}
