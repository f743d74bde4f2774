// Extraction queries: the review queue, newest first, by status; one extraction as served.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, decodeCursor, toPage } from '../pagination.ts';
import type { Bundle } from '../../schemas/bundle.ts';
import type { Extraction, ExtractionListQuery, ExtractionSummary } from '../../schemas/extractions.ts';
import type { ExtractionNotes } from '../../extraction/types.ts';

type Row = typeof t.extractions.$inferSelect;

function common(row: Row) {
  return {
    id: row.id,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    by: row.keyName,
    sourceId: row.sourceId,
    extractor: row.extractor,
  };
}

export function toExtraction(row: Row): Extraction {
  return {
    ...common(row),
    input: {
      text: row.text,
      publishedAt: row.publishedAt,
      title: row.title,
      publisher: row.publisher,
      url: row.url,
      language: row.language,
    },
    draft: row.draft as Bundle,
    notes: row.notes as ExtractionNotes,
  };
}

function toSummary(row: Row): ExtractionSummary {
  const draft = row.draft as Bundle;
  const notes = row.notes as ExtractionNotes;
  const linked = [...Object.values(notes.actors), ...Object.values(notes.locations)].filter(
    (n) => n.linkedTo !== null,
  ).length;
  return {
    ...common(row),
    title: draft.source.title,
    publishedAt: row.publishedAt,
    counts: {
      actors: draft.actors.length,
      locations: draft.locations.length,
      events: draft.events.length,
      claims: draft.claims.length,
      linked,
    },
  };
}

export function listExtractions(db: Db, query: ExtractionListQuery) {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(t.extractions.status, query.status));
  if (query.cursor)
    conditions.push(
      after([t.extractions.createdAt, t.extractions.id], decodeCursor(query.cursor, '-createdAt', 2), true),
    );
  const rows = db
    .select()
    .from(t.extractions)
    .where(and(...conditions))
    .orderBy(desc(t.extractions.createdAt), desc(t.extractions.id))
    .limit(query.limit + 1)
    .all();
  return toPage(
    rows,
    query.limit,
    '-createdAt',
    (row) => [row.createdAt, row.id],
    (page) => page.map(toSummary),
  );
}

export function getExtractionRow(db: Db, id: string): Row | undefined {
  return db.select().from(t.extractions).where(eq(t.extractions.id, id)).get();
}

export function getExtraction(db: Db, id: string): Extraction | undefined {
  const row = getExtractionRow(db, id);
  return row ? toExtraction(row) : undefined;
}

/** Extractions by id, as served (unknown ids are left out): the change feed's snapshots. */
export function getExtractionsByIds(db: Db, ids: string[]): Map<string, Extraction> {
  if (ids.length === 0) return new Map();
  const rows = db.select().from(t.extractions).where(inArray(t.extractions.id, ids)).all();
  return new Map(rows.map((row) => [row.id, toExtraction(row)]));
}

/** The pending extraction of this text, if one is waiting for review. */
export function pendingWithText(db: Db, textHash: string): string | undefined {
  return db
    .select({ id: t.extractions.id })
    .from(t.extractions)
    .where(and(eq(t.extractions.textHash, textHash), eq(t.extractions.status, 'pending')))
    .get()?.id;
}
