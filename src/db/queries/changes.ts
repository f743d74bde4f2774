// The change feed, read in order from a cursor.
import { type SQL, and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { InvalidRequestError } from '../../errors.ts';
import { CHANGE_ENTITY_TYPES, type ChangeEntityType, type ChangeFilter, type ChangeListQuery } from '../../schemas/changes.ts';

/** The seq a `since` cursor stands for; a cursor the feed did not issue is a 400 naming `path`. */
export function sinceSeq(since: string, path = 'query.since'): number {
  let seq = Number.NaN;
  try {
    seq = Number(decodeCursor(since, 'seq', 1)[0]);
  } catch {
    // reported below, under the parameter's own name
  }
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new InvalidRequestError([{ path, message: 'is not a cursor this feed issued; pass page.nextCursor unchanged' }]);
  }
  return seq;
}

/** The feed cursor that stands for `seq`: what `page.nextCursor` and the stream's event ids carry. */
export const changeCursor = (seq: number) => encodeCursor('seq', [String(seq)]);

/** The seq of the latest change, 0 for an empty feed: one step down the primary key. */
export function latestSeq(db: Db): number {
  return db.select({ seq: max(t.changes.seq) }).from(t.changes).get()?.seq ?? 0;
}

/**
 * `kind` and `id` as conditions the indexes answer: (entity_type, seq) for a kind, (entity_type,
 * entity_id, seq) for an id, whose type is spelled out (every type when no kind is given) so that
 * index serves an id alone too.
 */
function filterConditions(filter: ChangeFilter): SQL[] {
  const kinds = filter.kind ? [...new Set(filter.kind.split(','))] as ChangeEntityType[] : undefined;
  const conditions: SQL[] = [];
  if (kinds || filter.id) conditions.push(inArray(t.changes.entityType, kinds ?? [...CHANGE_ENTITY_TYPES]));
  if (filter.id) conditions.push(eq(t.changes.entityId, filter.id));
  return conditions;
}

export function listChanges(db: Db, query: ChangeListQuery) {
  const since = query.since ? sinceSeq(query.since) : 0;
  const rows = db
    .select()
    .from(t.changes)
    .where(and(gt(t.changes.seq, since), ...filterConditions(query)))
    .orderBy(asc(t.changes.seq))
    .limit(query.limit + 1)
    .all();
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page.length ? page[page.length - 1]!.seq : since;
  return {
    data: page.map((row) => ({
      seq: row.seq,
      at: row.at,
      by: row.keyName,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      mergedInto: row.mergedInto,
      before: row.before as Record<string, unknown> | null,
      after: row.after as Record<string, unknown> | null,
    })),
    page: { limit: query.limit, nextCursor: changeCursor(last), hasMore },
  };
}
