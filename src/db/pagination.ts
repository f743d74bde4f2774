// Keyset pagination: an opaque cursor holds the sort values of the last item served, so pages stay
// stable under inserts and a deep page costs what the first one does.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { InvalidRequestError } from '../errors.ts';

export type Page<T> = { data: T[]; page: { limit: number; nextCursor: string | null } };

/** `order` names the sort the cursor belongs to, so a cursor cannot be replayed under another sort. */
export function encodeCursor(order: string, values: Array<string | number>): string {
  return Buffer.from(JSON.stringify([order, ...values]), 'utf8').toString('base64url');
}

/** The 400 for a cursor this endpoint did not issue (or whose values it cannot read). */
export const notOurCursor = () =>
  new InvalidRequestError([
    { path: 'query.cursor', message: 'is not a cursor this endpoint issued; pass page.nextCursor unchanged' },
  ]);

export function decodeCursor(cursor: string, order: string, arity: number): string[] {
  let decoded: unknown[] | undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    decoded = Array.isArray(parsed) ? parsed : undefined;
  } catch {
    decoded = undefined;
  }
  if (!decoded || decoded.length !== arity + 1 || !decoded.every((v) => typeof v === 'string')) {
    throw notOurCursor();
  }
  if (decoded[0] !== order) {
    throw new InvalidRequestError([
      {
        path: 'query.cursor',
        message: `belongs to another sort order ("${decoded[0]}"); keep the same sort and filters while paging`,
      },
    ]);
  }
  return decoded.slice(1) as string[];
}

/** Whether `cursor` has the shape of one we issue (any sort); decodeCursor checks the rest. */
export function isWellFormedCursor(cursor: string): boolean {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) && parsed.length >= 2 && parsed.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** `(a, b) > (x, y)` or `<` for descending: a row-value comparison SQLite answers from the index. */
export function after(columns: SQLWrapper[], values: string[], descending: boolean): SQL {
  const left = sql.join(
    columns.map((c) => sql`${c}`),
    sql`, `,
  );
  const right = sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
  return descending ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
}

/** Fetch `limit + 1` rows, then call this: it trims the extra row and builds the next cursor. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  order: string,
  cursorValues: (row: Row) => string[],
  items: (rows: Row[]) => Item[],
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: items(pageRows),
    page: { limit, nextCursor: hasMore && last ? encodeCursor(order, cursorValues(last)) : null },
  };
}

/** A LIKE pattern matching `q` anywhere, with LIKE's own wildcards escaped (use with ESCAPE '\\'). */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
