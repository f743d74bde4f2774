// The time rules every from/to filter and time sort shares.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { TimeSpec } from '../../schemas/common.ts';

/**
 * Interval overlap on the generated `lo`/`hi` bounds: an item matches when its interval touches
 * [from, to]. An open side of the range is unbounded; a wholly unknown time (NULL bounds) never matches.
 * Stored values may be datetimes, so `to` extends to the end of its day.
 */
export function overlapConditions(lo: SQLWrapper, hi: SQLWrapper, from?: string, to?: string): SQL[] {
  const conditions: SQL[] = [];
  if (from) conditions.push(sql`${hi} >= ${from}`);
  if (to) conditions.push(sql`${lo} <= ${`${to}T99`}`);
  return conditions;
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
