// Refuses a JSON body holding a lone UTF-16 surrogate ("\ud800" without its pair). JSON allows the
// escape, but SQLite stores text as UTF-8, which cannot represent it: the text would be stored and
// served as U+FFFD instead of what was sent. A 400 naming the field is the honest answer. So is it
// for U+E000 and U+E001, the characters search marks its hits with.
import type { FastifyInstance } from 'fastify';
import { type FieldError, InvalidRequestError, formatPath } from '../errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MESSAGE = 'must be well-formed Unicode: it holds a lone surrogate (an unpaired \\ud800-\\udfff escape)';
// Search marks its hits with these two private-use characters inside SQLite (queries/search.ts):
// stored text holding them would open or close a <mark> of its own in a snippet.
const SEARCH_MARKERS = /[\uE000\uE001]/;
const MARKER_MESSAGE = 'must not hold U+E000 or U+E001: search reserves these private-use characters to mark hits; remove them';

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
      else if (SEARCH_MARKERS.test(value)) found.push({ path: formatPath('body', pathOf(frame)), message: MARKER_MESSAGE });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: frame, segment: i });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value).reverse()) {
        if (LONE_SURROGATE.test(key)) {
          found.push({ path: formatPath('body', [...pathOf(frame), key.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD')]), message: MESSAGE });
        }
        stack.push({ value: child, parent: frame, segment: key });
      }
    }
  }
  return found;
}

export function installWellFormedText(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) return;
    const errors = illFormedStrings(request.body);
    if (errors.length) throw new InvalidRequestError(errors);
  });
}
