// Typed errors and the one error handler that renders every failure as RFC 9457 problem+json.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { redactKeys } from './domain/redact.ts';

export type FieldError = { path: string; message: string };

const PROBLEM_BASE = 'https://eventkg.dev/problems/';

declare module 'fastify' {
  interface FastifyRequest {
    /** Query problems found before schema validation (unknown ids); reported together with its errors. */
    queryProblems?: FieldError[];
  }
}

export class HttpProblem extends Error {
  /** Response headers the problem requires (WWW-Authenticate on a 401), set by the error handler. */
  readonly headers: Readonly<Record<string, string>> = {};

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

export class NotFoundError extends HttpProblem {
  constructor(kind: string, id: string) {
    super(404, 'not-found', 'Not found', `No ${kind} with id "${id}".`);
  }
}

export class InvalidRequestError extends HttpProblem {
  constructor(errors: FieldError[], detail?: string) {
    const count = errors.length === 1 ? '1 invalid field' : `${errors.length} invalid fields`;
    super(400, 'invalid-request', 'Invalid request', detail ?? `The request has ${count}.`, errors);
  }
}

export class PreconditionFailedError extends HttpProblem {
  constructor(detail: string) {
    super(412, 'precondition-failed', 'Precondition failed', detail);
  }
}

export class PreconditionRequiredError extends HttpProblem {
  constructor(detail: string) {
    super(428, 'precondition-required', 'Precondition required', detail, [{ path: 'headers.if-match', message: 'is required: send the ETag you read' }]);
  }
}

export class ConflictError extends HttpProblem {
  constructor(detail: string, errors?: FieldError[]) {
    super(409, 'conflict', 'Conflict', detail, errors);
  }
}

export class UnauthorizedError extends HttpProblem {
  override readonly headers = { 'www-authenticate': 'Bearer realm="eventkg"' };

  constructor(detail: string) {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }
}

export class ForbiddenError extends HttpProblem {
  constructor(needed: string, granted: readonly string[]) {
    const has = granted.length ? granted.map((scope) => `"${scope}"`).join(', ') : 'no scope';
    super(403, 'forbidden', 'Forbidden', `This operation needs an API key with the "${needed}" scope; this key has ${has}.`);
  }
}

export class TooManyRequestsError extends HttpProblem {
  override readonly headers: Readonly<Record<string, string>>;

  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', detail);
    this.headers = { 'retry-after': String(retryAfterSeconds) };
  }
}

export class ServiceUnavailableError extends HttpProblem {
  override readonly headers: Readonly<Record<string, string>>;

  constructor(detail: string, retryAfterSeconds?: number) {
    super(503, 'service-unavailable', 'Service unavailable', detail);
    this.headers = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  }
}

/** A write that found the database locked by other writers on every attempt; nothing was written. */
export class DatabaseBusyError extends ServiceUnavailableError {
  constructor() {
    super('The database is busy with other writes and nothing was written. Send the request again after Retry-After seconds.', 1);
  }
}

/** Whether `error` is SQLite's "database is locked" in any variant (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, ...). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

const PART_NAMES: Record<string, string> = {
  querystring: 'query',
  params: 'params',
  body: 'body',
  headers: 'headers',
};

/** `body`, ['claims', 3, 'evidence'] -> `body.claims[3].evidence`. */
export function formatPath(root: string, segments: ReadonlyArray<PropertyKey>): string {
  return segments.reduce<string>(
    (path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : `${path}.${String(segment)}`),
    root,
  );
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: HttpProblem) {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json')
    .send({
      type: PROBLEM_BASE + problem.slug,
      title: problem.title,
      status: problem.status,
      // A key sent in the URL or a field (it belongs in Authorization) is never echoed back.
      detail: redactKeys(problem.detail),
      instance: redactKeys(request.url),
      ...(problem.errors ? { errors: problem.errors.map(({ path, message }) => ({ path: redactKeys(path), message: redactKeys(message) })) } : {}),
    });
}

function fromFastifyError(error: FastifyError, request: FastifyRequest): HttpProblem | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = PART_NAMES[error.validationContext ?? 'body'] ?? 'body';
    const errors = error.validation.map((issue) => {
      const unknownKeys = issue.keyword === 'unrecognized_keys' ? (issue.params as { keys: string[] }).keys : undefined;
      const segments = issue.instancePath.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      if (unknownKeys) {
        return unknownKeys.map((key: string) => ({
          path: formatPath(part, [...segments, key]),
          message: 'is not a known parameter of this endpoint',
        }));
      }
      return [{ path: formatPath(part, segments), message: issue.message ?? 'is invalid' }];
    });
    const named = new Set(errors.flat().map((e) => e.path));
    const more = (request.queryProblems ?? []).filter((e) => !named.has(e.path));
    return new InvalidRequestError([...errors.flat(), ...more]);
  }
  const status = error.statusCode ?? 500;
  if (error.code === 'FST_ERR_HANDLER_TIMEOUT') {
    return new ServiceUnavailableError('The request took longer than this server allows (HANDLER_TIMEOUT_MS); try again later.', 5);
  }
  if (status === 413) return new HttpProblem(413, 'payload-too-large', 'Payload too large', error.message);
  if (status === 415) {
    return new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.');
  }
  if (status === 400) {
    // Malformed JSON and similar body-parsing failures.
    return new InvalidRequestError([{ path: 'body', message: error.message }], 'The request body could not be read.');
  }
  if (status >= 400 && status < 500) {
    return new HttpProblem(status, 'client-error', error.name || 'Client error', error.message);
  }
  return undefined;
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route or error handler runs (a bad
 * %-escape, a path segment longer than maxParamLength) would otherwise go out as fastify's own JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
    request.log.error({ err: error }, 'router error');
    return sendProblem(reply, request, new HttpProblem(500, 'internal', 'Internal server error', 'Something went wrong on our side; it has been logged.'));
  }
  const message = error.code === 'FST_ERR_BAD_URL' ? 'is not a valid URL path (a malformed %-escape?)' : 'has a segment too long to be an id';
  return sendProblem(reply, request, new InvalidRequestError([{ path: 'params', message }], `The request path ${message}.`));
}

export function installErrorHandlers(app: FastifyInstance, options: { notFound?: boolean } = {}) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isBusyError(error)) request.log.warn({ err: error }, 'database busy');
    const problem =
      error instanceof HttpProblem ? error : isBusyError(error) ? new DatabaseBusyError() : fromFastifyError(error, request);
    if (problem) return sendProblem(reply, request, problem);
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return sendProblem(
      reply,
      request,
      new HttpProblem(500, 'internal', 'Internal server error', 'Something went wrong on our side; it has been logged.'),
    );
  });

  if (options.notFound ?? true) installNotFoundHandler(app);
}

/**
 * The 404 of a path no route serves. `preHandler` runs first: the rate limit, so that unknown paths
 * count against a client's limit like any other request (probing for routes is not free).
 */
export function installNotFoundHandler(app: FastifyInstance, preHandler?: preHandlerAsyncHookHandler) {
  app.setNotFoundHandler({ ...(preHandler ? { preHandler } : {}) }, (request, reply) =>
    sendProblem(
      reply,
      request,
      new HttpProblem(404, 'not-found', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}. See /docs.`),
    ),
  );
}
