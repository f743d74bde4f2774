// Evidence spans of actors, locations and events (a claim's one span is in its own row): the rows,
// stored in one table for the three kinds. Part of each of their stores.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type { Span } from '../schemas/common.ts';
import { insertAll } from './batch.ts';

export type EvidenceSubject = 'actor' | 'location' | 'event';

/** The evidence of many subjects, each list in its order; a null (a span that did not locate) is never written. */
export type EvidenceRows = Array<{ subjectId: string; spans: Array<Span | null> }>;

export interface EvidenceStore {
  /** Adds the spans of subjects that have none yet. */
  insert(subjectType: EvidenceSubject, evidence: EvidenceRows): void;
  /** Replaces the whole list of one subject. */
  replace(subjectType: EvidenceSubject, subjectId: string, spans: Array<Span | null>): void;
  remove(subjectType: EvidenceSubject, subjectId: string): void;
  /** Moves a merged subject's spans to its survivor; a span both had (same source and place) is kept once. */
  move(subjectType: EvidenceSubject, from: string, to: string): void;
  /** The sources cited by the evidence of these subjects. */
  sourcesOf(subjectType: EvidenceSubject, subjectIds: string[]): string[];
}

export class SqliteEvidenceStore implements EvidenceStore {
  constructor(private readonly db: Db) {}

  insert(subjectType: EvidenceSubject, evidence: EvidenceRows) {
    insertAll(
      this.db,
      t.evidenceSpans,
      evidence.flatMap(({ subjectId, spans }) =>
        spans.flatMap((s, position) =>
          s
            ? [{ subjectType, subjectId, sourceId: s.sourceId, start: s.start, end: s.end, text: s.text, position }]
            : [],
        ),
      ),
    );
  }

  replace(subjectType: EvidenceSubject, subjectId: string, spans: Array<Span | null>) {
    this.remove(subjectType, subjectId);
    this.insert(subjectType, [{ subjectId, spans }]);
  }

  remove(subjectType: EvidenceSubject, subjectId: string) {
    this.db
      .delete(t.evidenceSpans)
      .where(and(eq(t.evidenceSpans.subjectType, subjectType), eq(t.evidenceSpans.subjectId, subjectId)))
      .run();
  }

  move(subjectType: EvidenceSubject, from: string, to: string) {
    this.db
      .update(t.evidenceSpans)
      .set({ subjectId: to })
      .where(and(eq(t.evidenceSpans.subjectType, subjectType), eq(t.evidenceSpans.subjectId, from)))
      .run();
    this.db.run(
      sql`DELETE FROM evidence_spans WHERE subject_type = ${subjectType} AND subject_id = ${to} AND id NOT IN (SELECT MIN(id) FROM evidence_spans WHERE subject_type = ${subjectType} AND subject_id = ${to} GROUP BY source_id, start, "end")`,
    );
  }

  sourcesOf(subjectType: EvidenceSubject, subjectIds: string[]): string[] {
    if (subjectIds.length === 0) return [];
    return this.db
      .selectDistinct({ id: t.evidenceSpans.sourceId })
      .from(t.evidenceSpans)
      .where(and(eq(t.evidenceSpans.subjectType, subjectType), inArray(t.evidenceSpans.subjectId, subjectIds)))
      .all()
      .map((r) => r.id);
  }
}
