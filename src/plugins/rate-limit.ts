// Rate limits: at most `max` requests per window per client, where the client is the API key when the
// request carries a valid Bearer key and the IP address otherwise. Over the limit: 429 problem+json
// with Retry-After. Liveness and readiness probes are never limited.
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth.ts';
import { verifyApiKey } from '../domain/api-keys.ts';
import { TooManyRequestsError } from '../errors.ts';

export type RateLimitOptions = {
  /** Requests per window per client; 0 turns the limit off. */
  max: number;
  windowMs: number;
};

/** `key:<id>` for a request with a valid API key, else `ip:<address>` (IPv6 by /64, as the plugin does). */
export function rateLimitKey(request: FastifyRequest): string {
  const token = bearerToken(request.headers.authorization);
  const key = token ? verifyApiKey(request.server.db, token) : null;
  return key ? `key:${key.id}` : `ip:${normalizeIP(request.ip)}`;
}

export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions) {
  if (options.max === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (request, context) => {
      const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000));
      const who = rateLimitKey(request).startsWith('key:') ? 'this API key' : 'this address';
      return new TooManyRequestsError(
        `More than ${context.max} requests in ${options.windowMs / 1000} s from ${who}; retry in ${retryAfter} s.`,
        retryAfter,
      );
    },
  });
}
