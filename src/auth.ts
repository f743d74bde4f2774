// Write authorization: a route hook that admits only a Bearer API key with the scope the route needs.
import type { FastifyRequest } from 'fastify';
import { type ApiKey, type Scope, hasScope, verifyApiKey } from './domain/api-keys.ts';
import { ForbiddenError, UnauthorizedError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key that authorized this request; set by requireScope, absent on public routes. */
    apiKey?: ApiKey;
  }
}

/** The OpenAPI `security` of a write operation, so Swagger UI sends the key it was given under "Authorize". */
export const writeSecurity: ReadonlyArray<Record<string, readonly string[]>> = [{ bearerAuth: [] }];

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}

/**
 * A hook for a write route: 401 without a valid, unrevoked key, 403 when the key lacks `scope`
 * (admin implies write); otherwise `request.apiKey` names the caller. Works as `preHandler`, or as
 * `onRequest` to refuse before the body is read and validated.
 */
export function requireScope(scope: Scope) {
  return async function authorize(request: FastifyRequest): Promise<void> {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedError('This operation needs an API key: send "Authorization: Bearer <key>".');
    const key = verifyApiKey(request.server.db, token);
    if (!key) throw new UnauthorizedError('The API key is not valid: it is unknown, malformed or revoked.');
    if (!hasScope(key.scopes, scope)) throw new ForbiddenError(scope, key.scopes);
    request.apiKey = key;
  };
}
