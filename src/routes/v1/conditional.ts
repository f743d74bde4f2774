// Conditional requests: every single-resource answer carries an ETag, and GET honours If-None-Match.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { etagOf } from '../../entities/etag.ts';

export const notModifiedResponse = { 304: z.undefined().describe('Not modified: the If-None-Match ETag is current.') };

export const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .max(1000)
    .optional()
    .describe(
      'The ETag from a previous GET of the resource (strong: a weak W/"..." tag never matches). Required: without it the change is refused with 428 (unless the service runs with REQUIRE_IF_MATCH=false); with an old one, 412.',
    ),
});

export const ifNoneMatchHeaders = z.object({
  'if-none-match': z
    .string()
    .max(1000)
    .optional()
    .describe('ETag from a previous GET; answers 304 with no body while it is current.'),
});

/** Sets the ETag; answers 304 when the client's If-None-Match already names it. */
export function sendWithEtag<T extends object>(request: FastifyRequest, reply: FastifyReply, body: T): T | undefined {
  const etag = etagOf(body);
  reply.header('etag', etag);
  const ifNoneMatch = request.headers['if-none-match'];
  if (
    request.method === 'GET' &&
    ifNoneMatch &&
    ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
  ) {
    reply.code(304);
    return undefined;
  }
  return body;
}

export const redirectResponse = z.undefined().describe('Merged into another resource: follow the `Location` header.');

/**
 * Where the same request goes for the survivor of a merged-away id (the 308's `Location`):
 * `/v1/<plural>/<survivor>[/<sub>]` with the request's query kept.
 */
export function survivorUrl(plural: string, survivor: string, url: string, sub?: string): string {
  const query = url.indexOf('?');
  return `/v1/${plural}/${survivor}${sub ? `/${sub}` : ''}${query < 0 ? '' : url.slice(query)}`;
}
