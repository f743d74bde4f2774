// Shapes shared by every resource: ids, dates, TimeSpec, Span, Ref, pages and problem details.
import { z } from 'zod';
import { FORMATS } from '../exports/formats.ts';

// A missing field says so, instead of zod's "expected string, received undefined".
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? `is required (${issue.expected})` : undefined,
});

export const idSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug: letters a-z, digits and "-"')
  .describe('Opaque identifier; seed entities use readable slugs.');

const isRealDate = (value: string) => {
  const day = value.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  // Date.parse also rejects impossible times of day such as T25:00Z.
  return (
    !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day && !Number.isNaN(Date.parse(value))
  );
};

/** A calendar date (YYYY-MM-DD) that exists. */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date in the form YYYY-MM-DD', abort: true })
  .max(10) // implied by the pattern; stated so the document bounds every request string
  .refine(isRealDate, 'is not a real calendar date');

/** A calendar date, or a UTC datetime where the source is that precise. */
export const dateOrDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/, {
    message: 'must be a date YYYY-MM-DD or a UTC datetime YYYY-MM-DDTHH:MM[:SS]Z',
    abort: true,
  })
  .max(24) // implied by the pattern; stated so the document bounds every request string
  .refine(isRealDate, 'is not a real calendar date');

/** Two datetimes compare as instants; otherwise by day, since an end date covers its whole day. */
const startsAfterEnd = (start: string, end: string) =>
  start.includes('T') && end.includes('T')
    ? Date.parse(start) > Date.parse(end)
    : start.slice(0, 10) > end.slice(0, 10);

export const PRECISIONS = ['day', 'month', 'season', 'year', 'decade', 'unknown'] as const;

export const timeSpecSchema = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .describe('The time words as written in the source ("late Tuesday"), or null when the source has none.'),
    start: dateOrDateTimeSchema
      .nullable()
      .describe('Inclusive start of the interval the expression covers; null when unknown.'),
    end: dateOrDateTimeSchema
      .nullable()
      .describe('Inclusive end of the interval the expression covers; null when unknown.'),
    precision: z
      .enum(PRECISIONS)
      .describe('How precise the expression is: "November 2020" is month, "late 2022" is season.'),
    approximate: z.boolean().describe('True when the bounds are an estimate ("a few days ago", "late 2022").'),
  })
  .superRefine((spec, ctx) => {
    if (spec.start && spec.end && startsAfterEnd(spec.start, spec.end)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
    }
    if (spec.precision === 'unknown' && (spec.start || spec.end)) {
      ctx.addIssue({ code: 'custom', path: ['precision'], message: 'is "unknown" but start or end is given' });
    }
    if (spec.precision !== 'unknown' && !spec.start && !spec.end) {
      ctx.addIssue({
        code: 'custom',
        path: ['precision'],
        message: 'must be "unknown" when start and end are both null',
      });
    }
  })
  .meta({
    id: 'TimeSpec',
    description:
      "When something happened or was said, as precisely as the text allows. Relative expressions are resolved against the source's publishedAt and `text` keeps the words as written.",
    example: { text: 'late 2022', start: '2022-09-01', end: '2022-12-31', precision: 'season', approximate: true },
  });
export type TimeSpec = z.infer<typeof timeSpecSchema>;

export const spanSchema = z
  .object({
    sourceId: idSchema
      .describe('The source whose text holds the span.')
      .meta({ example: 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh' }),
    start: z.number().int().min(0).describe('JavaScript string index of the first character in the source text.'),
    end: z.number().int().min(0).describe('JavaScript string index one past the last character.'),
    text: z.string().describe('Exactly source.text.slice(start, end).'),
  })
  .meta({
    id: 'Span',
    description: 'Where a fact stands in its source: `text === source.text.slice(start, end)`.',
  });
export type Span = z.infer<typeof spanSchema>;

export const refSchema = z
  // Azerbaijan is both an actor and a location in the seed: a true example wherever a Ref stands.
  .object({
    id: idSchema.meta({ example: 'azerbaijan' }),
    name: z.string().describe('Display name.').meta({ example: 'Azerbaijan' }),
  })
  .meta({ id: 'Ref', description: 'A short embedded reference to an actor or location.' });
export type Ref = z.infer<typeof refSchema>;

export const titledRefSchema = z
  .object({
    id: idSchema.meta({ example: 'russian-peacekeepers-withdraw-from-nagorno-karabakh' }),
    title: z
      .string()
      .describe('Display title.')
      .meta({ example: 'Russian peacekeepers withdraw from Nagorno-Karabakh' }),
  })
  .meta({ id: 'TitledRef', description: 'A short embedded reference to an event or a source.' });
export type TitledRef = z.infer<typeof titledRefSchema>;

export const idParamsSchema = z.object({
  id: idSchema.describe('The resource id.'),
});

/** `?format=`: which representation of the answer; what a route offers is in its 200 response's content types. */
export const formatQuery = {
  format: z
    .enum(FORMATS)
    .optional()
    .describe(
      'Representation of the answer, instead of the Accept header (this parameter wins): json, jsonld (application/ld+json), ' +
        'geojson (application/geo+json), csv (text/csv) or graphml (application/graphml+xml). A format this endpoint does not offer is a 400; ' +
        'non-JSON pages carry the next page in a `Link: <...>; rel="next"` header.',
    ),
};

/**
 * A whole-number query parameter between `min` and `max`. Only plain decimal digits are read:
 * z.coerce.number alone took `0x10` as 16, `1e1` as 10 and `5.0` as 5, values no client means to
 * send. The document still shows an integer with its bounds (the check runs before the coercion).
 */
export function wholeNumberQuery(min: number, max: number, fallback: number) {
  return z.preprocess((value, ctx) => {
    if (typeof value === 'string' && !/^\d+$/.test(value)) {
      ctx.issues.push({
        code: 'custom',
        message: `must be a whole number written in decimal digits only, ${min}..${max}`,
        input: value,
      });
      return z.NEVER;
    }
    return value;
  }, z.coerce.number().int('must be a whole number').min(min).max(max).default(fallback));
}

/** Every list is paged the same way, and any page can be asked for in another format. */
export const paginationQuery = {
  limit: wholeNumberQuery(1, 100, 20).describe('Items per page, 1..100.'),
  cursor: z.string().max(500).optional().describe('`page.nextCursor` of the previous page; omit for the first page.'),
  ...formatQuery,
};

export const pageInfoSchema = z
  .object({
    limit: z.number().int().describe('The limit that was applied.'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page.'),
  })
  .meta({ id: 'PageInfo', description: 'Keyset pagination: stable under inserts.' });

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ data: z.array(item).describe('The items of this page, in order.'), page: pageInfoSchema })
    .meta({ id, description: `A page of ${item.meta()?.id ?? 'items'}.` });
}

export const problemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem.'),
    title: z.string().describe('Short summary of the kind of problem.'),
    status: z.number().int().describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong with this request, and what to change.'),
    instance: z.string().describe('The request path.'),
    errors: z
      .array(
        z.object({
          path: z.string().describe('Where the problem is, e.g. `query.limit`, `body.claims[3].evidence`.'),
          message: z.string().describe('What is wrong there.'),
        }),
      )
      .optional()
      .describe('Every offending field, for 400 responses.'),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, sent as application/problem+json.',
    example: {
      type: 'https://eventkg.dev/problems/invalid-request',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has 1 invalid field.',
      instance: '/v1/claims?limit=0',
      errors: [{ path: 'query.limit', message: 'Too small: expected number to be >=1' }],
    },
  });

const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** Error responses for the OpenAPI document, declared under the media type actually sent. */
export function problemResponses(...statuses: Array<400 | 404 | 409 | 413 | 415>) {
  const descriptions = {
    400: 'Invalid parameter or body; `errors` names every offending field.',
    404: 'No resource with this id.',
    409: 'Conflicts with what is stored.',
    413: 'Body too large.',
    415: 'Unsupported media type.',
  } as const;
  return Object.fromEntries(
    statuses.map((status) => [status, { description: descriptions[status], content: problemContent }]),
  ) as Record<number, { description: string; content: typeof problemContent }>;
}
