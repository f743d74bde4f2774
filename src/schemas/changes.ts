// Change feed shapes: every write in order, with the representation before and after.
import { z } from 'zod';
import { idSchema, wholeNumberQuery } from './common.ts';

export const changeSchema = z
  .object({
    seq: z.number().int().describe('Position in the feed; strictly increasing.'),
    at: z.string().describe('When the change was committed (UTC, ISO 8601).'),
    by: z.string().describe('Name of the API key that made it (`seed` for the seed).'),
    action: z
      .enum(['create', 'update', 'delete', 'merge'])
      .describe('`delete` and `merge` are tombstones: `after` is null.'),
    entityType: z
      .enum(['source', 'actor', 'location', 'event', 'claim', 'extraction'])
      .describe(
        'What kind of resource changed; `extraction` for the review queue (submitted, draft corrected, accepted, rejected).',
      ),
    entityId: idSchema.describe('Which resource changed.').meta({ example: 'dmitry-peskov-confirms' }),
    mergedInto: idSchema.meta({ example: 'russia' }).nullable().describe('For `merge`: the id that survives.'),
    before: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        'The representation before the change (as GET served it); null for a create. A source is recorded without its `text`: `textSha256` (SHA-256 of its UTF-8, hex) and `textLength` (in UTF-16 code units, as spans count) stand for it; GET the source for the text, which never changes.',
      ),
    after: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        'The representation after the change; null for a delete or merge. A source without its `text`, as in `before`.',
      ),
  })
  .meta({ id: 'Change', description: 'One recorded write.' });

export const changePageSchema = z
  .object({
    data: z.array(changeSchema).describe('Changes after `since`, oldest first.'),
    page: z
      .object({
        limit: z.number().int().describe('The limit that was applied.'),
        nextCursor: z
          .string()
          .describe('Pass as `since` to continue. Never null: at the end of the feed, poll again with it later.'),
        hasMore: z
          .boolean()
          .describe(
            'True when more changes are already waiting after this page. A page also ends before `limit` once it holds about 1 MB of changes (never fewer than one): continue from `nextCursor`.',
          ),
      })
      .describe('Where to continue.'),
  })
  .meta({ id: 'ChangePage', description: 'A page of the change feed.' });

/** The entity types the feed records, read from the Change schema so a new type is filterable at once. */
export const CHANGE_ENTITY_TYPES = changeSchema.shape.entityType.options;
export type ChangeEntityType = (typeof CHANGE_ENTITY_TYPES)[number];
const KIND_LIST = new RegExp(`^(${CHANGE_ENTITY_TYPES.join('|')})(,(${CHANGE_ENTITY_TYPES.join('|')}))*$`);

/** `?kind=` and `?id=`: the same filters on the feed and on its stream. */
export const changeFilterQuery = {
  kind: z
    .string()
    .max(200)
    .regex(KIND_LIST, `must be one or more of ${CHANGE_ENTITY_TYPES.join(', ')}, separated by commas`)
    .optional()
    .describe(
      `Only changes to these entity types, comma-separated (${CHANGE_ENTITY_TYPES.join(', ')}); every type when omitted.`,
    )
    .meta({ example: 'claim' }),
  id: idSchema
    .optional()
    .describe(
      'Only changes to the entity with this id (of any type unless `kind` says which); a merge is listed under the id merged away.',
    )
    .meta({ example: 'dmitry-peskov-confirms' }),
};
export type ChangeFilter = { kind?: string; id?: string };

export const changeListQuery = z
  .object({
    since: z
      .string()
      .max(100)
      .optional()
      .describe('`page.nextCursor` of a previous page; omit to start from the beginning.'),
    limit: wholeNumberQuery(1, 1000, 100).describe('Changes per page, 1..1000.'),
    ...changeFilterQuery,
  })
  .strict();
export type ChangeListQuery = z.infer<typeof changeListQuery>;

export const changeStreamQuery = z
  .object({
    since: z
      .string()
      .max(100)
      .optional()
      .describe(
        'A feed cursor (`page.nextCursor` of /v1/changes, the `cursor` of an export, or an event `id:`): the stream starts after it. Omitted: from now on. A `Last-Event-ID` header wins over it.',
      ),
    ...changeFilterQuery,
  })
  .strict();
export type ChangeStreamQuery = z.infer<typeof changeStreamQuery>;
