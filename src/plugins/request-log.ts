// Request ids and the one log line per request: the id comes from an incoming X-Request-Id when it is
// sane (so a proxy's or client's id follows the request through), is generated otherwise, and is
// echoed in the response's X-Request-Id. Every log line of a request carries it as `reqId`.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { redactKeys } from '../text/redact.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** The log levels at which the per-request line is written. */
const INFO_OR_BELOW: ReadonlySet<string> = new Set(['info', 'debug', 'trace']);

/** Printable, no spaces or quotes, at most 128 characters: safe to log and to echo in a header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Fastify's `genReqId`: the caller's X-Request-Id when sane, else a fresh UUID. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify's `logController`: instead of its two lines per request (incoming, completed), one line when
 * the response is done, with `method`, `url`, `statusCode`, `responseTimeMs`, the client's address and
 * the API key id when a key authorized the request.
 */
export class RequestLogController extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    // Below LOG_LEVEL=info the line would be built (the URL redacted) only to be dropped.
    if (!error && !INFO_OR_BELOW.has(request.log.level)) return;
    const line = {
      method: request.method,
      url: redactKeys(request.url), // a key sent in the query string is never written to the log
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      remoteAddress: request.ip,
      ...(request.apiKey ? { apiKeyId: request.apiKey.id } : {}),
    };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request completed');
  }
}

/** Echoes the request id on every response, errors and 404s included. */
export function installRequestLog(app: FastifyInstance) {
  app.addHook('onRequest', function echoRequestId(request, reply, done) {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
