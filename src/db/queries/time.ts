// The time rules every from/to filter and time sort shares.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { TimeSpec } from '../../schemas/common.ts';
import { SPAN_CLASS_DAYS } from '../span-class.ts';

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

/**
 * A from/to filter as the union of index walks that each start near the range: the extra WHERE
 * conditions of each part (run every part with the filter's own conditions, then merge them in sort
 * order). Without them a first page sorted by time walks the sort index from the earliest item until
 * enough overlap the range, half the table for a range in the middle. `overlaps`: an interval of span
 * class k (spanClass) that overlaps [from, to] starts after from - SPAN_CLASS_DAYS[k], and no later
 * than to; class 5 (long or open) is walked whole. `within`: the sort key itself lies in [from, to].
 * No range: one part, no condition.
 */
export function rangeArms(
  spanClassExpr: SQL,
  sortKey: SQLWrapper,
  range: { from?: string | undefined; to?: string | undefined; timeMatch?: 'overlaps' | 'within' | undefined },
): SQL[][] {
  const { from, to } = range;
  const toEnd = to && `${to}T99`;
  if (!from && !toEnd) return [[]];
  const upTo = toEnd ? [sql`${sortKey} <= ${toEnd}`] : [];
  if (range.timeMatch === 'within') return [[...(from ? [sql`${sortKey} >= ${from}`] : []), ...upTo]];
  const daysBefore = (date: string, days: number) => new Date(Date.parse(date) - days * 86_400_000).toISOString().slice(0, 10);
  return [
    // One day of margin: stored times may be datetimes, the classes count whole days.
    ...SPAN_CLASS_DAYS.map((days, k) => [sql`${spanClassExpr} = ${sql.raw(String(k))}`, ...(from ? [sql`${sortKey} >= ${daysBefore(from, days + 1)}`] : []), ...upTo]),
    [sql`${spanClassExpr} = 5`],
  ];
}
