// The sources carrying claims (claim_appearances): the first few of each claim of a page, embedded in
// the claim, and every appearance of one claim, paged. Each with its source's title and its outlet's
// name, read in the same statement.
import type { ClaimAppearance } from '../../schemas/claims.ts';
import type { Db } from '../client.ts';
import { type Page, decodeCursor, notOurCursor, toPage } from '../pagination.ts';

type Row = {
  claimId: string;
  position: number;
  sourceId: string;
  sourceTitle: string;
  evidenceStart: number;
  evidenceEnd: number;
  evidenceText: string;
  reportedById: string | null;
  reportedByName: string | null;
  publishedAt: string;
};

const SELECT = `SELECT a.claim_id AS claimId, a.position, a.source_id AS sourceId, s.title AS sourceTitle,
    a.evidence_start AS evidenceStart, a.evidence_end AS evidenceEnd, a.evidence_text AS evidenceText,
    a.reported_by_id AS reportedById, r.name AS reportedByName, a.published_at AS publishedAt
  FROM claim_appearances AS a JOIN sources AS s ON s.id = a.source_id LEFT JOIN actors AS r ON r.id = a.reported_by_id`;

const appearance = (r: Row): ClaimAppearance => ({
  source: { id: r.sourceId, title: r.sourceTitle },
  evidence: { sourceId: r.sourceId, start: r.evidenceStart, end: r.evidenceEnd, text: r.evidenceText },
  reportedBy: r.reportedById ? { id: r.reportedById, name: r.reportedByName ?? r.reportedById } : null,
  publishedAt: r.publishedAt,
});

/** The first `perClaim` appearances of each of these claims, in position order (one statement). */
export function appearancesOf(db: Db, claimIds: string[], perClaim: number): Map<string, ClaimAppearance[]> {
  const byClaim = new Map<string, ClaimAppearance[]>();
  if (claimIds.length === 0) return byClaim;
  const rows = db.$client
    .prepare(
      `${SELECT} WHERE a.claim_id IN (SELECT value FROM json_each(?)) AND a.position < ? ORDER BY a.claim_id, a.position`,
    )
    .all(JSON.stringify(claimIds), perClaim) as Row[];
  for (const r of rows) {
    const list = byClaim.get(r.claimId);
    if (list) list.push(appearance(r));
    else byClaim.set(r.claimId, [appearance(r)]);
  }
  return byClaim;
}

/** A page of one claim's appearances in position order (keyset on the position, one index range). */
export function listAppearances(
  db: Db,
  claimId: string,
  query: { limit: number; cursor?: string | undefined },
): Page<ClaimAppearance> {
  const after = query.cursor ? Number(decodeCursor(query.cursor, 'position', 1)[0]) : -1;
  if (!Number.isInteger(after)) throw notOurCursor();
  const rows = db.$client
    .prepare(`${SELECT} WHERE a.claim_id = ? AND a.position > ? ORDER BY a.position LIMIT ?`)
    .all(claimId, after, query.limit + 1) as Row[];
  return toPage(
    rows,
    query.limit,
    'position',
    (r) => [String(r.position)],
    (page) => page.map(appearance),
  );
}
