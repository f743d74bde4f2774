// The change feed, read in order from a cursor.
import { asc, gt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { InvalidRequestError } from '../../errors.ts';
import type { ChangeListQuery } from '../../schemas/changes.ts';

/** The seq a `since` cursor stands for; a cursor the feed did not issue is a 400 naming `query.since`. */
function sinceSeq(since: string): number {
  let seq = Number.NaN;
  try {
    seq = Number(decodeCursor(since, 'seq', 1)[0]);
  } catch {
    // reported below, under the parameter's own name
  }
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new InvalidRequestError([{ path: 'query.since', message: 'is not a cursor this feed issued; pass page.nextCursor unchanged' }]);
  }
  return seq;
}

export function listChanges(db: Db, query: ChangeListQuery) {
  const since = query.since ? sinceSeq(query.since) : 0;
  const rows = db
    .select()
    .from(t.changes)
    .where(gt(t.changes.seq, since))
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
    page: { limit: query.limit, nextCursor: encodeCursor('seq', [String(last)]), hasMore },
  };
}
