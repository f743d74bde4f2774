// Security headers (helmet) on every response, and CORS for the origins an operator allows.
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The API answers JSON, never a page: nothing may load from it, frame it or run in its name.
 * The Swagger UI pages under /docs get DOCS_CSP instead.
 */
const API_CSP = { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] };

/**
 * Swagger UI loads its scripts and styles from /docs/static (no inline script), sets inline styles
 * on its elements, shows data: images, and calls this API from the page ("Try it out").
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/** What a browser client may send and read across origins. */
// Last-Event-ID: an EventSource resuming the change stream sends it.
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'Last-Event-ID',
  'X-Request-Id',
];
const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Merged-Into',
  'Retry-After',
  'X-Request-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

export async function registerSecurity(app: FastifyInstance, options: { corsOrigins: readonly string[] }) {
  // helmet itself, built once: @fastify/helmet built a new helmet() for every request (45 µs each).
  // Routes that answer another policy (Swagger UI's pages) set their own header, which wins.
  // Its headers do not depend on the request (no nonce): computed once by running it on a stand-in
  // response, then set as one object per request. Running its eleven middlewares on every request
  // cost more than the rest of /health (README, Performance).
  const headers = helmetHeaders(helmet({ contentSecurityPolicy: { useDefaults: false, directives: API_CSP } }));
  app.addHook('onRequest', function securityHeaders(_request, reply, done) {
    reply.headers(headers);
    done();
  });

  const origins = options.corsOrigins;
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  await app.register(cors, {
    // An origin not in the list gets no CORS header at all, and its preflight a 404.
    origin: allowed.has('*')
      ? '*'
      : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    // Keys travel in the Authorization header, never in cookies: no credentialed CORS.
    credentials: false,
    maxAge: 600,
  });
}

/** The headers `middleware` sets on a response, whatever the request. */
function helmetHeaders(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  middleware({ headers: {} } as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed;
  return headers;
}
