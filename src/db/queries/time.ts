// The time rules every from/to filter and time sort shares.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { TimeSpec } from '../../schemas/common.ts';

/**
 * The from/to filter on the generated `lo`/`hi` bounds (an item's open side is unbounded; a wholly
 * unknown time has NULL bounds and never matches). `overlaps`: the item's interval touches
 * [from, to]; `within`: it lies wholly inside. Stored values may be datetimes, so `to` extends to
 * the end of its day.
 */
export function timeConditions(
  lo: SQLWrapper,
  hi: SQLWrapper,
  range: { from?: string | undefined; to?: string | undefined; timeMatch?: 'overlaps' | 'within' | undefined },
): SQL[] {
  const { from, to } = range;
  const toEnd = to && `${to}T99`;
  if (range.timeMatch === 'within') {
    return [...(from ? [sql`${lo} >= ${from}`] : []), ...(toEnd ? [sql`${hi} <= ${toEnd}`] : [])];
  }
  return [...(from ? [sql`${hi} >= ${from}`] : []), ...(toEnd ? [sql`${lo} <= ${toEnd}`] : [])];
}

export function timeSpec(
  text: string | null,
  start: string | null,
  end: string | null,
  precision: TimeSpec['precision'],
  approximate: boolean,
): TimeSpec {
  return { text, start, end, precision, approximate };
}
