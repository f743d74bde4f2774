// Typed errors and the one error handler that renders every failure as RFC 9457 problem+json.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { redactKeys } from './text/redact.ts';

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
    super(428, 'precondition-required', 'Precondition required', detail, [
      { path: 'headers.if-match', message: 'is required: send the ETag you read' },
    ]);
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
    super(
      403,
      'forbidden',
      'Forbidden',
      `This operation needs an API key with the "${needed}" scope; this key has ${has}.`,
    );
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
    super(
      'The database is busy with other writes and nothing was written. Send the request again after Retry-After seconds.',
      1,
    );
  }
}

/** Whether `error` is SQLite's "database is locked" in any variant (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, ...). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/** The SQLite result code (`SQLITE_READONLY`, `SQLITE_IOERR_WRITE`...) of `error` or of an error it wraps (drizzle wraps them). */
export function sqliteCodeOf(error: unknown): string | undefined {
  let at: unknown = error;
  for (let depth = 0; at !== null && typeof at === 'object' && depth < 5; depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    at = (at as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What went wrong with the database file, in an operator's words. */
export type StorageFaultKind = 'read-only' | 'disk-full' | 'io-error' | 'damaged' | 'cannot-open' | 'out-of-memory';

export type StorageFault = {
  kind: StorageFaultKind;
  /** SQLite's extended result code, e.g. SQLITE_IOERR_WRITE. */
  code: string;
  /** For the client: what happened and what to do; no SQL, no file path. */
  detail: string;
  /** Seconds after which a retry may succeed; absent when only an operator can help. */
  retryAfterSeconds?: number;
};

const STORAGE_FAULTS: ReadonlyArray<[RegExp, Omit<StorageFault, 'code'>]> = [
  [
    /^SQLITE_READONLY/,
    {
      kind: 'read-only',
      detail:
        'The database is read-only, so nothing can be written until an operator makes it writable; nothing was written. Reads still work.',
    },
  ],
  [
    /^SQLITE_FULL$/,
    {
      kind: 'disk-full',
      detail: 'The database disk is full; nothing was written. Try again after Retry-After seconds.',
      retryAfterSeconds: 30,
    },
  ],
  [
    /^SQLITE_IOERR/,
    {
      kind: 'io-error',
      detail:
        'The database file could not be read or written (an I/O error such as a full disk or a failing device); nothing was written. Try again after Retry-After seconds.',
      retryAfterSeconds: 30,
    },
  ],
  [
    /^SQLITE_(CORRUPT|NOTADB)/,
    {
      kind: 'damaged',
      detail:
        'Part of the database file is damaged, so this request cannot be answered; an operator must restore it from a backup. Other requests may still work.',
    },
  ],
  [
    /^SQLITE_CANTOPEN/,
    {
      kind: 'cannot-open',
      detail:
        'The database file cannot be opened (missing or inaccessible); nothing was written. Try again after Retry-After seconds.',
      retryAfterSeconds: 30,
    },
  ],
  [
    /^SQLITE_NOMEM/,
    {
      kind: 'out-of-memory',
      detail: 'The database ran out of memory; nothing was written. Try again after Retry-After seconds.',
      retryAfterSeconds: 5,
    },
  ],
];

/** The storage fault `error` reports (a failing disk or file, not a bug or a bad request), if it is one. */
export function storageFaultOf(error: unknown): StorageFault | undefined {
  const code = sqliteCodeOf(error);
  if (!code) return undefined;
  const match = STORAGE_FAULTS.find(([pattern]) => pattern.test(code));
  return match ? { ...match[1], code } : undefined;
}

/** A request that failed on the database file itself: 503, Retry-After when a retry can help. */
export class StorageUnavailableError extends ServiceUnavailableError {
  constructor(readonly fault: StorageFault) {
    super(fault.detail, fault.retryAfterSeconds);
  }
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
      ...(problem.errors
        ? {
            errors: problem.errors.map(({ path, message }) => ({
              path: redactKeys(path),
              message: redactKeys(message),
            })),
          }
        : {}),
    });
}

type UnionIssue = { code: string; path: PropertyKey[]; message: string; keys?: string[]; errors?: UnionIssue[][] };

/**
 * The issues of the one option of a failed union the input was meant as (a bundle's `claims` entry is
 * a new claim or an appearance): the option whose own fields the input used, i.e. with no unknown
 * field at its top, else the one with the fewest problems. Nested unions are opened the same way.
 */
export function unionIssues(issue: UnionIssue): UnionIssue[] {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return [issue];
  const unknownAtTop = (option: UnionIssue[]) =>
    option.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  const best = [...issue.errors].sort(
    (a, b) => Number(unknownAtTop(a)) - Number(unknownAtTop(b)) || a.length - b.length,
  )[0]!;
  return best.flatMap((i) => unionIssues({ ...i, path: [...issue.path, ...i.path] }));
}

function fromFastifyError(error: FastifyError, request: FastifyRequest): HttpProblem | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = PART_NAMES[error.validationContext ?? 'body'] ?? 'body';
    type Issue = { keyword: string; instancePath: string; message?: string | undefined; params: object };
    const validation = error.validation.flatMap((issue): Issue[] => {
      if (issue.keyword !== 'invalid_union') return [issue];
      const segments = issue.instancePath
        .split('/')
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const params = issue.params as { errors?: UnionIssue[][] };
      return unionIssues({ code: 'invalid_union', path: segments, message: issue.message ?? '', ...params }).map(
        (i) => ({
          keyword: i.code,
          instancePath: `/${i.path.join('/')}`,
          message: i.message,
          params: i.keys ? { keys: i.keys } : {},
        }),
      );
    });
    const errors = validation.map((issue) => {
      const unknownKeys = issue.keyword === 'unrecognized_keys' ? (issue.params as { keys: string[] }).keys : undefined;
      const segments = issue.instancePath
        .split('/')
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
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
    return new ServiceUnavailableError(
      'The request took longer than this server allows (HANDLER_TIMEOUT_MS); try again later.',
      5,
    );
  }
  if (status === 413) return new HttpProblem(413, 'payload-too-large', 'Payload too large', error.message);
  if (status === 415) {
    return new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the body as application/json.',
    );
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
/** The answer to anything unexpected: logged by the caller, never shown (no stack, no SQL). */
const internalProblem = () =>
  new HttpProblem(500, 'internal', 'Internal server error', 'Something went wrong on our side; it has been logged.');

export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
    request.log.error({ err: error }, 'router error');
    return sendProblem(reply, request, internalProblem());
  }
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? 'is not a valid URL path (a malformed %-escape?)'
      : 'has a segment too long to be an id';
  return sendProblem(
    reply,
    request,
    new InvalidRequestError([{ path: 'params', message }], `The request path ${message}.`),
  );
}

export type ErrorHandlerOptions = {
  /** Told of every storage fault a request met (to fail /ready), after it is logged. */
  onStorageFault?: (fault: StorageFault) => void;
  /** Install the 404 handler here (default); false when the app installs it later, after the rate limit. */
  notFound?: boolean;
};

export function installErrorHandlers(app: FastifyInstance, options: ErrorHandlerOptions = {}) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isBusyError(error)) request.log.warn({ err: error }, 'database busy');
    const fault = error instanceof HttpProblem ? undefined : storageFaultOf(error);
    if (fault) {
      // One line an operator can alert on: the kind and SQLite's code up front, the error itself attached.
      request.log.error(
        { err: error, storage: { kind: fault.kind, code: fault.code } },
        `storage fault: ${fault.kind} (${fault.code})`,
      );
      options.onStorageFault?.(fault);
    }
    const problem =
      error instanceof HttpProblem
        ? error
        : isBusyError(error)
          ? new DatabaseBusyError()
          : fault
            ? new StorageUnavailableError(fault)
            : fromFastifyError(error, request);
    if (problem) return sendProblem(reply, request, problem);
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return sendProblem(reply, request, internalProblem());
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
      new HttpProblem(
        404,
        'not-found',
        'Not found',
        `No route ${request.method} ${request.url.split('?')[0]}. See /docs.`,
      ),
    ),
  );
}

/** What Node's HTTP parser refuses before fastify sees a request: status, slug, title and detail. */
function clientProblem(error: NodeJS.ErrnoException & { reason?: string }): {
  status: number;
  slug: string;
  title: string;
  detail: string;
} {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      slug: 'request-timeout',
      title: 'Request timeout',
      detail:
        'The request was not received in full within the time this server allows (REQUEST_TIMEOUT_MS); send it again, faster.',
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      slug: 'request-header-fields-too-large',
      title: 'Request header fields too large',
      detail: 'The request headers are larger than this server accepts (16 KiB in all); send fewer or shorter headers.',
    };
  }
  const reason = typeof error.reason === 'string' ? error.reason.replace(/[^\x20-\x7e]/g, '') : 'malformed request';
  const hint = /url|target|path/i.test(reason)
    ? ' Percent-encode every byte outside printable ASCII in the path and query (UTF-8 bytes as %XX, e.g. ?q=%D0%9F%D0%B5%D1%81%D0%BA%D0%BE%D0%B2 for Песков).'
    : /transfer-encoding/i.test(reason)
      ? ' Send Transfer-Encoding: chunked (alone, last) or a Content-Length, not both.'
      : '';
  return {
    status: 400,
    slug: 'malformed-request',
    title: 'Malformed request',
    detail: `The request is not well-formed HTTP (${reason}).${hint}`,
  };
}

/** The request target of the request line in `raw`, with every byte outside printable ASCII %-escaped. */
function targetOf(raw: unknown): string | undefined {
  if (!Buffer.isBuffer(raw)) return undefined;
  const line = raw.subarray(0, Math.min(raw.length, 2048));
  const first = line.indexOf(0x20);
  const end = line.indexOf(0x20, first + 1);
  if (first < 0 || end < 0) return undefined;
  let target = '';
  for (const byte of line.subarray(first + 1, end)) {
    target +=
      byte > 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return target.slice(0, 500);
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (a header section over 16 KiB, a
 * request not received within REQUEST_TIMEOUT_MS, a malformed Transfer-Encoding, raw non-ASCII bytes
 * in the request line) is answered as problem+json like every other error, then the connection closed.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException & { rawPacket?: unknown },
  socket: Socket,
) {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = clientProblem(error);
  this.log.info({ code: error.code, statusCode: problem.status }, `client error: ${problem.title.toLowerCase()}`);
  const instance = targetOf(error.rawPacket);
  const body = JSON.stringify({
    type: PROBLEM_BASE + problem.slug,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(instance ? { instance } : {}),
  });
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (socket.writable && !answering) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
