// Export formats for every list (and the graph) without touching a handler: a route names what it
// lists in `config.exports`, a preValidation hook picks the format (?format= wins over Accept) and an
// onSend hook turns the JSON answer, already serialized and checked by its zod schema, into that format.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { HttpProblem } from '../errors.ts';
import { type ExportKind, FORMATS, type Format, MEDIA_TYPES, formatsOf, listFormats } from './formats.ts';
import { negotiate } from './negotiation.ts';
import { CONTENT_TYPES, renderExport } from './render.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route lists, which decides the formats it can be exported as (see exports/formats.ts). */
    exports?: ExportKind;
  }
  interface FastifyRequest {
    /** The representation chosen for this answer; set on routes that offer a choice. */
    exportFormat?: Format;
  }
}

export class NotAcceptableError extends HttpProblem {
  constructor(offered: readonly Format[], accept: string) {
    const types = offered.map((format) => MEDIA_TYPES[format]).join(', ');
    const shown = accept.length > 200 ? `${accept.slice(0, 200)}…` : accept;
    super(
      406,
      'not-acceptable',
      'Not acceptable',
      `This endpoint answers ${types} (or ?format=${offered.join('|')}); the Accept header "${shown}" names none of them.`,
    );
  }
}

const isFormat = (value: unknown): value is Format =>
  typeof value === 'string' && (FORMATS as readonly string[]).includes(value);

/** Routes that take part: those that list something exportable, and any other list (JSON only) with a `format` parameter. */
function negotiable(request: FastifyRequest): boolean {
  if (request.routeOptions.config.exports) return true;
  const querystring = request.routeOptions.schema?.querystring as z.ZodObject | undefined;
  return Boolean(querystring?.shape && 'format' in querystring.shape);
}

/**
 * The next page's URL: this request's path and query, with `cursor` replaced, on the public origin.
 * Only the path and query are taken from the request: a request line in absolute form
 * (`GET http://user:pass@elsewhere/v1/claims`) names an origin that is not ours to repeat.
 */
function nextPageUrl(request: FastifyRequest, origin: string, cursor: string): string {
  const asked = new URL(request.url, 'http://request.invalid');
  const url = new URL(asked.pathname + asked.search, origin);
  url.searchParams.set('cursor', cursor);
  return url.toString();
}

export function installExports(app: FastifyInstance) {
  // Runs after the query checks (registered after them), so a refused ?format joins their findings.
  // Callback hooks, not async ones: every request passes here, and an async hook costs a promise and a
  // microtask turn each (measured with the other hooks in the README, Performance).
  app.addHook('preValidation', function chooseExportFormat(request, _reply, done) {
    try {
      pickFormat(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.addHook('onSend', function renderExportFormat(request, reply, payload, done) {
    try {
      done(null, rendered(request, reply, payload));
    } catch (error) {
      done(error as Error);
    }
  });
}

function pickFormat(request: FastifyRequest) {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !negotiable(request)) return;
  const offered = formatsOf(request.routeOptions.config.exports);
  const asked = (request.query as Record<string, unknown>).format;
  if (asked !== undefined) {
    // A value that is no format at all is the schema's to report.
    if (isFormat(asked) && !offered.includes(asked)) {
      (request.queryProblems ??= []).push({
        path: 'query.format',
        message: `"${asked}" is not offered by this endpoint; it offers ${listFormats(offered)}`,
      });
    } else if (isFormat(asked)) request.exportFormat = asked;
    return;
  }
  const accept = request.headers.accept;
  const chosen = negotiate(accept, offered);
  if (!chosen) throw new NotAcceptableError(offered, accept ?? '');
  request.exportFormat = chosen;
}

function rendered(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (!negotiable(request)) return payload;
  const vary = reply.getHeader('vary');
  if (
    !String(vary ?? '')
      .toLowerCase()
      .includes('accept')
  )
    reply.header('vary', vary ? `${String(vary)}, Accept` : 'Accept');
  const format = request.exportFormat;
  const kind = request.routeOptions.config.exports;
  if (!kind || !format || format === 'json' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
  const body = JSON.parse(payload) as { page?: { nextCursor?: string | null } };
  // PUBLIC_URL, never the Host header: a client must not decide the URLs handed to others.
  const origin = request.server.publicUrl;
  const output = renderExport(kind, format, body, { origin, db: request.server.db });
  reply.header('content-type', CONTENT_TYPES[format]);
  // The JSON page carries its cursor in the body; other formats have no place for it.
  const next = body.page?.nextCursor;
  if (next) reply.header('link', `<${nextPageUrl(request, origin, next)}>; rel="next"`);
  return output;
}
