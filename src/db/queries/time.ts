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
 * than to; class 5 (long or open) is walked whole. `within`: the sort key itself lies in [from, to],
 * in one part, or with `withinByClass` one per class that fits in the range (for an index that starts
 * with the class). No range: one part, no condition.
 *
 * `after`, a page's cursor condition (its sort key `key`), is added to every part; where a part's own
 * bound on the sort key lies on the same side, only the tighter of the two is kept: SQLite seeks on
 * one bound per side, and would seek on the cursor's even when the part's bound starts years later.
 */
export function rangeArms(
  spanClassExpr: SQL,
  sortKey: SQLWrapper,
  range: { from?: string | undefined; to?: string | undefined; timeMatch?: 'overlaps' | 'within' | undefined },
  options: { withinByClass?: boolean; after?: { key: string; descending: boolean; condition: SQL } } = {},
): SQL[][] {
  const { from, to } = range;
  const toEnd = to && `${to}T99`;
  const { after } = options;
  const part = (spanClass: number | undefined, low: string | undefined, high: string | undefined): SQL[] => {
    const cursorTighter =
      after !== undefined &&
      (after.descending ? high === undefined || after.key <= high : low === undefined || after.key >= low);
    const lowBound = cursorTighter && !after?.descending ? undefined : low;
    const highBound = cursorTighter && after?.descending ? undefined : high;
    return [
      ...(spanClass === undefined ? [] : [sql`${spanClassExpr} = ${sql.raw(String(spanClass))}`]),
      ...(lowBound === undefined ? [] : [sql`${sortKey} >= ${lowBound}`]),
      ...(highBound === undefined ? [] : [sql`${sortKey} <= ${highBound}`]),
      ...(cursorTighter && after ? [after.condition] : []),
    ];
  };
  if (!from && !toEnd) return [part(undefined, undefined, undefined)];
  const dayNumber = (date: string) => Date.parse(date) / 86_400_000;
  if (range.timeMatch === 'within') {
    if (!options.withinByClass) return [part(undefined, from, toEnd)];
    // Class k > 0 lasts at least SPAN_CLASS_DAYS[k - 1] days: longer than [from, to] (+ a day of times of day), none lies within.
    const fits = (k: number) =>
      k === 0 || !from || !to || SPAN_CLASS_DAYS[k - 1]! < dayNumber(to) - dayNumber(from) + 1;
    return [...SPAN_CLASS_DAYS.keys(), 5].filter(fits).map((k) => part(k, from, toEnd));
  }
  const daysBefore = (date: string, days: number) =>
    new Date(Date.parse(date) - days * 86_400_000).toISOString().slice(0, 10);
  return [
    // One day of margin: stored times may be datetimes, the classes count whole days.
    ...SPAN_CLASS_DAYS.map((days, k) => part(k, from && daysBefore(from, days + 1), toEnd)),
    part(5, undefined, undefined),
  ];
}
