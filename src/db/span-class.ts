// How long a time interval is, as a small class, so that a from/to filter can walk an index on
// (class, sort key) between bounds instead of the whole time order (see queries/time.ts, rangeArms).
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';

/** The longest interval of classes 0..4, in days; class 5 is longer, or open on one side. */
export const SPAN_CLASS_DAYS = [1, 32, 124, 367, 3660] as const;

/**
 * 0 a day, 1 up to 31 days, 2 up to 123, 3 up to 366, 4 up to 3659, 5 longer or open on one side;
 * NULL when the time is wholly unknown. Used in indexes and in queries, which must spell it the same.
 * No commas on purpose: drizzle-kit splits an index expression at commas when it writes the migration.
 */
export function spanClass(start: SQLWrapper, end: SQLWrapper): SQL {
  const days = sql`julianday(${end}) - julianday(${start})`;
  const bounded = SPAN_CLASS_DAYS.map(
    (limit, k) => sql`WHEN ${days} < ${sql.raw(String(limit))} THEN ${sql.raw(String(k))}`,
  );
  return sql`(CASE WHEN ${start} IS NULL AND ${end} IS NULL THEN NULL WHEN ${start} IS NULL OR ${end} IS NULL THEN 5 ${sql.join(bounded, sql` `)} ELSE 5 END)`;
}

const rendered = new WeakMap<SQLWrapper, SQL>();

/**
 * spanClass of two columns as one raw SQL chunk, rendered once: drizzle walks every chunk of a
 * template each time it builds a query, and a time-range page repeats this expression in six parts.
 */
export function spanClassOf(start: SQLWrapper, end: SQLWrapper): SQL {
  let expression = rendered.get(start);
  if (!expression) {
    expression = sql.raw(new SQLiteSyncDialect().sqlToQuery(spanClass(start, end)).sql);
    rendered.set(start, expression);
  }
  return expression;
}
