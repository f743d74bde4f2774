// Evidence spans of actors, locations and events, loaded for a whole page at once.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import type { Span } from '../../schemas/common.ts';

export function evidenceFor(db: Db, subjectType: 'actor' | 'location' | 'event', ids: string[]): Map<string, Span[]> {
  const bySubject = new Map<string, Span[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return bySubject;
  const rows = db
    .select()
    .from(t.evidenceSpans)
    .where(and(eq(t.evidenceSpans.subjectType, subjectType), inArray(t.evidenceSpans.subjectId, ids)))
    .orderBy(asc(t.evidenceSpans.subjectId), asc(t.evidenceSpans.position), asc(t.evidenceSpans.id))
    .all();
  for (const row of rows) {
    bySubject.get(row.subjectId)?.push({ sourceId: row.sourceId, start: row.start, end: row.end, text: row.text });
  }
  return bySubject;
}
