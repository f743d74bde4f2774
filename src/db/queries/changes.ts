// The change feed, read in order from a cursor.
import { createHash } from 'node:crypto';
import { type SQL, and, asc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { InvalidRequestError } from '../../errors.ts';
import {
  CHANGE_ENTITY_TYPES,
  type ChangeEntityType,
  type ChangeFilter,
  type ChangeListQuery,
} from '../../schemas/changes.ts';

/**
 * About the most JSON one page of the feed carries (counted as SQLite's length of the stored
 * snapshots): a page stops before `limit` once its changes pass it, with `hasMore` true. One change
 * is always served, however large, so the feed never stalls.
 */
export const CHANGE_PAGE_CHARS = 1_000_000;

/**
 * A source as the feed records it: the article text replaced by its SHA-256 (hex, of its UTF-8) and
 * its length (JavaScript string length, the unit of every Span). The text never changes and is at
 * GET /v1/sources/{id}; carried in every snapshot, it made each write that changed a cited source's
 * counts store the whole article twice. Snapshots recorded before this rule still hold `text`: they
 * go through here when read, so the feed answers one shape.
 */
export function sourceForFeed<T extends object>(
  value: T,
): T | (Omit<T, 'text'> & { textSha256: string; textLength: number }) {
  if (!('text' in value) || typeof value.text !== 'string') return value;
  const { text, ...rest } = value;
  return { ...rest, textSha256: createHash('sha256').update(text, 'utf8').digest('hex'), textLength: text.length };
}

/**
 * An extraction as the feed records it: its article (`input.text`, `draft.source.text`) as hash and
 * length, like a source, for the same reason; GET /v1/extractions/{id} has the text.
 */
export function extractionForFeed(value: object): Record<string, unknown> {
  const extraction = value as { input?: object; draft?: { source?: object } };
  return {
    ...value,
    ...(extraction.input && { input: sourceForFeed(extraction.input) }),
    ...(extraction.draft?.source && { draft: { ...extraction.draft, source: sourceForFeed(extraction.draft.source) } }),
  };
}

/** The seq a `since` cursor stands for; a cursor the feed did not issue is a 400 naming `path`. */
export function sinceSeq(since: string, path = 'query.since'): number {
  let seq = Number.NaN;
  try {
    seq = Number(decodeCursor(since, 'seq', 1)[0]);
  } catch {
    // reported below, under the parameter's own name
  }
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new InvalidRequestError([
      { path, message: 'is not a cursor this feed issued; pass page.nextCursor unchanged' },
    ]);
  }
  return seq;
}

/** The feed cursor that stands for `seq`: what `page.nextCursor` and the stream's event ids carry. */
export const changeCursor = (seq: number) => encodeCursor('seq', [String(seq)]);

/** The seq of the latest change, 0 for an empty feed: one step down the primary key. */
export function latestSeq(db: Db): number {
  return (
    db
      .select({ seq: max(t.changes.seq) })
      .from(t.changes)
      .get()?.seq ?? 0
  );
}

/**
 * `kind` and `id` as conditions the indexes answer: (entity_type, seq) for a kind, (entity_type,
 * entity_id, seq) for an id, whose type is spelled out (every type when no kind is given) so that
 * index serves an id alone too.
 */
function filterConditions(filter: ChangeFilter): SQL[] {
  const kinds = filter.kind ? ([...new Set(filter.kind.split(','))] as ChangeEntityType[]) : undefined;
  const conditions: SQL[] = [];
  if (kinds || filter.id) conditions.push(inArray(t.changes.entityType, kinds ?? [...CHANGE_ENTITY_TYPES]));
  if (filter.id) conditions.push(eq(t.changes.entityId, filter.id));
  return conditions;
}

export function listChanges(db: Db, query: ChangeListQuery, maxChars = CHANGE_PAGE_CHARS) {
  const since = query.since ? sinceSeq(query.since) : 0;
  // Sizes first (SQLite measures the stored JSON without handing it over), then only the rows that fit.
  const sizes = db
    .select({
      seq: t.changes.seq,
      chars: sql<number>`coalesce(length(${t.changes.before}), 0) + coalesce(length(${t.changes.after}), 0)`,
    })
    .from(t.changes)
    .where(and(gt(t.changes.seq, since), ...filterConditions(query)))
    .orderBy(asc(t.changes.seq))
    .limit(query.limit + 1)
    .all();
  let take = 0;
  let chars = 0;
  while (take < Math.min(query.limit, sizes.length) && (take === 0 || chars + sizes[take]!.chars <= maxChars))
    chars += sizes[take++]!.chars;
  const hasMore = sizes.length > take;
  const page = take
    ? db
        .select()
        .from(t.changes)
        .where(and(gt(t.changes.seq, since), lte(t.changes.seq, sizes[take - 1]!.seq), ...filterConditions(query)))
        .orderBy(asc(t.changes.seq))
        .all()
    : [];
  const last = page.length ? page[page.length - 1]!.seq : since;
  const snapshot = (row: (typeof page)[number], value: unknown) => {
    const object = value as Record<string, unknown> | null;
    if (!object) return object;
    return row.entityType === 'source'
      ? sourceForFeed(object)
      : row.entityType === 'extraction'
        ? extractionForFeed(object)
        : object;
  };
  return {
    data: page.map((row) => ({
      seq: row.seq,
      at: row.at,
      by: row.keyName,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      mergedInto: row.mergedInto,
      before: snapshot(row, row.before),
      after: snapshot(row, row.after),
    })),
    page: { limit: query.limit, nextCursor: changeCursor(last), hasMore },
  };
}
