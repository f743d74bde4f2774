// Long answers written straight to the socket (the change stream, the whole-graph export).
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Takes the response over from fastify and sends its head. Hijacked, because fastify's handler
 * timeout (HANDLER_TIMEOUT_MS) cuts a response still streaming when it fires; the headers already set
 * for this reply (CORS, rate limit) are copied over, as fastify would have sent them.
 */
export function startRawResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  headers: Record<string, string>,
): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(200, { ...headers, 'x-request-id': request.id });
  return res;
}
