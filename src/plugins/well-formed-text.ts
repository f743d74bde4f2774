// Text arrives as sent or not at all. A JSON body is read as bytes and must be UTF-8 (RFC 8259: JSON
// exchanged between systems is UTF-8): another charset is a 415, a byte that is not well-formed UTF-8
// a 400 naming its offset; decoding them leniently would store U+FFFD instead of what was sent.
// A body holding a lone UTF-16 surrogate ("\ud800" without its pair) is refused too: JSON allows the
// escape, but SQLite stores text as UTF-8, which cannot represent it. So is U+E000 or U+E001, the
// characters search marks its hits with.
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { type FieldError, HttpProblem, InvalidRequestError, formatPath } from '../errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MESSAGE = 'must be well-formed Unicode: it holds a lone surrogate (an unpaired \\ud800-\\udfff escape)';
// Search marks its hits with these two private-use characters inside SQLite (queries/search.ts):
// stored text holding them would open or close a <mark> of its own in a snippet.
const SEARCH_MARKERS = /[\uE000\uE001]/;
const MARKER_MESSAGE =
  'must not hold U+E000 or U+E001: search reserves these private-use characters to mark hits; remove them';

type Frame = { value: unknown; parent?: Frame; segment?: string | number };

const pathOf = (frame: Frame): Array<string | number> => {
  const segments: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.parent; at = at.parent) segments.unshift(at.segment!);
  return segments;
};

/** Every string (object keys included) in `body` that is not well-formed Unicode, by JSON path. */
export function illFormedStrings(body: unknown): FieldError[] {
  const found: FieldError[] = [];
  // An explicit stack of frames linked to their parent, not recursion and not a path copied per level:
  // a body may nest as deep as the JSON parser allows.
  const stack: Frame[] = [{ value: body }];
  while (stack.length) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) found.push({ path: formatPath('body', pathOf(frame)), message: MESSAGE });
      else if (SEARCH_MARKERS.test(value))
        found.push({ path: formatPath('body', pathOf(frame)), message: MARKER_MESSAGE });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: frame, segment: i });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value).reverse()) {
        if (LONE_SURROGATE.test(key)) {
          found.push({
            path: formatPath('body', [...pathOf(frame), key.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD')]),
            message: MESSAGE,
          });
        }
        stack.push({ value: child, parent: frame, segment: key });
      }
    }
  }
  return found;
}

/** The offset of the first byte of `bytes` that does not begin a well-formed UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (!length) return i;
    // The second byte's range excludes overlong forms, surrogates (ED A0..BF) and code points above U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/** The charset parameter of a Content-Type, lowercased; undefined when there is none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : undefined;
}

export class UnsupportedCharsetError extends HttpProblem {
  constructor(charset: string) {
    const shown = charset.replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
    super(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `The body must be UTF-8 JSON, and charset=${shown} is not UTF-8. Send it as UTF-8 with Content-Type: application/json (or application/json; charset=utf-8).`,
    );
  }
}

/** A 400 naming where the body stops being UTF-8, and the bytes there. */
function notUtf8(bytes: Uint8Array, offset: number): InvalidRequestError {
  const shown = Array.from(
    bytes.subarray(offset, offset + 4),
    (byte) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join(' ');
  return new InvalidRequestError(
    [
      {
        path: 'body',
        message: `is not valid UTF-8: the bytes at offset ${offset} (counted from 0: ${shown}) are no UTF-8 character; send the body encoded as UTF-8`,
      },
    ],
    `The request body is not valid UTF-8 (at byte ${offset}).`,
  );
}

export function installWellFormedText(app: FastifyInstance) {
  // Fastify's own JSON parser (same prototype-poisoning rules), fed only bytes that are UTF-8.
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
      return done(new UnsupportedCharsetError(charset), undefined);
    const bytes = body as Buffer;
    const offset = invalidUtf8Offset(bytes);
    if (offset >= 0) return done(notUtf8(bytes, offset), undefined);
    parseJson(request, bytes.toString('utf8'), done);
  });

  app.addHook('preValidation', function wellFormedBody(request, _reply, done) {
    if (request.body === undefined || request.body === null) return done();
    const errors = illFormedStrings(request.body);
    done(errors.length ? new InvalidRequestError(errors) : undefined);
  });
}
