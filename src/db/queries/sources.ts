// Source queries: newest first, with counts of what was extracted from each.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, decodeCursor, toPage } from '../pagination.ts';
import type { Source, SourceSummary } from '../../schemas/sources.ts';

type SourceRow = typeof t.sources.$inferSelect;

export function listSources(db: Db, query: { limit: number; cursor?: string | undefined }) {
  const conditions = query.cursor
    ? [after([t.sources.publishedAt, t.sources.id], decodeCursor(query.cursor, '-publishedAt', 2), true)]
    : [];
  const rows = db
    .select()
    .from(t.sources)
    .where(and(...conditions))
    .orderBy(desc(t.sources.publishedAt), desc(t.sources.id))
    .limit(query.limit + 1)
    .all();
  return toPage(
    rows,
    query.limit,
    '-publishedAt',
    (row) => [row.publishedAt, row.id],
    (page) => summarize(db, page),
  );
}

/** The id of the source holding this article (by sourceTextKey), if one does: the same article is stored once. */
export function sourceIdWithKey(db: Db, textKey: string): string | undefined {
  return db.select({ id: t.sources.id }).from(t.sources).where(eq(t.sources.textKey, textKey)).get()?.id;
}

export function getSource(db: Db, id: string): Source | undefined {
  const row = db.select().from(t.sources).where(eq(t.sources.id, id)).get();
  if (!row) return undefined;
  const [summary] = summarize(db, [row]);
  return { ...summary!, text: row.text };
}

/** Sources by id, with their text, as getSource answers them (unknown ids are left out). */
export function getSourcesByIds(db: Db, ids: string[]): Map<string, Source> {
  if (ids.length === 0) return new Map();
  const rows = db.select().from(t.sources).where(inArray(t.sources.id, ids)).all();
  const summaries = summarize(db, rows);
  return new Map(rows.map((row, i) => [row.id, { ...summaries[i]!, text: row.text }]));
}

function summarize(db: Db, rows: SourceRow[]): SourceSummary[] {
  const ids = rows.map((r) => r.id);
  const mentioned = ids.length
    ? db
        .select({
          sourceId: t.evidenceSpans.sourceId,
          subjectType: t.evidenceSpans.subjectType,
          count: sql<number>`count(DISTINCT ${t.evidenceSpans.subjectId})`,
        })
        .from(t.evidenceSpans)
        .where(inArray(t.evidenceSpans.sourceId, ids))
        .groupBy(t.evidenceSpans.sourceId, t.evidenceSpans.subjectType)
        .all()
    : [];
  const claimCounts = ids.length
    ? db
        .select({ sourceId: t.claimAppearances.sourceId, count: sql<number>`count(*)` })
        .from(t.claimAppearances)
        .where(inArray(t.claimAppearances.sourceId, ids))
        .groupBy(t.claimAppearances.sourceId)
        .all()
    : [];
  const count = (id: string, type: 'actor' | 'location' | 'event') =>
    mentioned.find((m) => m.sourceId === id && m.subjectType === type)?.count ?? 0;
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    publisher: row.publisher,
    url: row.url,
    publishedAt: row.publishedAt,
    language: row.language,
    counts: {
      actors: count(row.id, 'actor'),
      locations: count(row.id, 'location'),
      events: count(row.id, 'event'),
      claims: claimCounts.find((c) => c.sourceId === row.id)?.count ?? 0,
    },
  }));
}
