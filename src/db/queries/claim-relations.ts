// Claims by their links: the `link=` filter (claims having a link of a type, either direction) and
// the related claims of one claim, paged (GET /v1/claims/{id}/related).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, toPage } from '../pagination.ts';
import { CLAIM_LINK_KINDS, type Claim, type ClaimLinkKind } from '../../schemas/claims.ts';
import type { RelatedItem, RelatedQuery } from '../../schemas/claim-relations.ts';

/**
 * Claims having a link of this type, made or received. Each side is one index range: claim_links by
 * (type, from) and (type, to); a response by claims_responds_to_idx (answers, and the claims answered).
 */
export function hasLink(type: ClaimLinkKind): SQL {
  if (type === 'responds_to')
    return sql`(${t.claims.respondsToId} IS NOT NULL OR ${t.claims.id} IN (SELECT ${t.claims.respondsToId} FROM ${t.claims} WHERE ${t.claims.respondsToId} IS NOT NULL))`;
  return sql`${t.claims.id} IN (SELECT ${t.claimLinks.fromClaimId} FROM ${t.claimLinks} WHERE ${t.claimLinks.type} = ${type} UNION ALL SELECT ${t.claimLinks.toClaimId} FROM ${t.claimLinks} WHERE ${t.claimLinks.type} = ${type})`;
}

/** Rank of each link type in the order a claim lists them (respondsTo first). */
const RANK = sql.raw(`CASE type ${CLAIM_LINK_KINDS.map((k, i) => `WHEN '${k}' THEN ${i}`).join(' ')} END`);

type Row = { direction: 'outgoing' | 'incoming'; type: ClaimLinkKind; other: string; rank: number };

/**
 * Every link of `claimId`, outgoing first, then by type (respondsTo, supports, contradicts, denies,
 * repeats) and the other claim's id, one page at a time: a claim answered 10,000 times is 10,000 rows
 * of an index, read a page at a time, never all at once.
 */
export function relatedClaims(
  db: Db,
  claimId: string,
  query: RelatedQuery,
  hydrate: (ids: string[]) => Map<string, Claim>,
) {
  const parts = sql`
    SELECT 'outgoing' AS direction, 'responds_to' AS type, ${t.claims.respondsToId} AS other FROM ${t.claims} WHERE ${t.claims.id} = ${claimId} AND ${t.claims.respondsToId} IS NOT NULL
    UNION ALL SELECT 'outgoing', ${t.claimLinks.type}, ${t.claimLinks.toClaimId} FROM ${t.claimLinks} WHERE ${t.claimLinks.fromClaimId} = ${claimId}
    UNION ALL SELECT 'incoming', 'responds_to', ${t.claims.id} FROM ${t.claims} WHERE ${t.claims.respondsToId} = ${claimId}
    UNION ALL SELECT 'incoming', ${t.claimLinks.type}, ${t.claimLinks.fromClaimId} FROM ${t.claimLinks} WHERE ${t.claimLinks.toClaimId} = ${claimId}`;
  const conditions: SQL[] = [];
  if (query.relation) conditions.push(sql`type = ${query.relation}`);
  if (query.direction) conditions.push(sql`direction = ${query.direction}`);
  if (query.cursor) {
    const [direction, rank, other] = decodeCursor(query.cursor, 'related', 3);
    conditions.push(
      sql`(direction = 'incoming', rank, other) > (${direction === 'incoming' ? 1 : 0}, ${Number(rank)}, ${other})`,
    );
  }
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = db.all<Row>(sql`
    SELECT direction, type, other, rank FROM (SELECT direction, type, other, ${RANK} AS rank FROM (${parts}))
    ${where}
    ORDER BY direction = 'incoming', rank, other
    LIMIT ${query.limit + 1}`);
  return toPage(
    rows,
    query.limit,
    'related',
    (row) => [row.direction, String(row.rank), row.other],
    (page): RelatedItem[] => {
      const claims = hydrate(page.map((r) => r.other));
      return page.map((r) => ({ relation: r.type, direction: r.direction, claim: claims.get(r.other)! }));
    },
  );
}
