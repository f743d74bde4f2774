// Claim queries: list with every contract filter, one by id, and hydration of embedded refs for a
// whole page at once (speaker, outlet, about, respondsTo, source).
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, containsPattern, decodeCursor, toPage } from '../pagination.ts';
import type { Claim, ClaimListQuery } from '../../schemas/claims.ts';
import { actorRefs } from './actors.ts';
import { eventRefs } from './events.ts';
import { timeConditions, timeSpec } from './time.ts';

type ClaimRow = typeof t.claims.$inferSelect;
export type ClaimFilters = Partial<Omit<ClaimListQuery, 'limit' | 'cursor' | 'sort'>>;

/** The WHERE conditions of the claim filters (shared with the timeline). */
export function claimConditions(db: Db, query: ClaimFilters): SQL[] {
  const conditions: SQL[] = [];
  if (query.speaker) conditions.push(eq(t.claims.speakerId, query.speaker));
  if (query.stance) conditions.push(eq(t.claims.stance, query.stance));
  if (query.mode) conditions.push(eq(t.claims.mode, query.mode));
  if (query.reportedBy) conditions.push(eq(t.claims.reportedById, query.reportedBy));
  if (query.source) conditions.push(eq(t.claims.sourceId, query.source));
  if (query.actor) {
    conditions.push(inArray(t.claims.id, db.select({ id: t.claimActors.claimId }).from(t.claimActors).where(eq(t.claimActors.actorId, query.actor))));
  }
  if (query.event) {
    conditions.push(inArray(t.claims.id, db.select({ id: t.claimEvents.claimId }).from(t.claimEvents).where(eq(t.claimEvents.eventId, query.event))));
  }
  if (query.q) conditions.push(sql`${t.claims.text} LIKE ${containsPattern(query.q)} ESCAPE '\\'`);
  conditions.push(...timeConditions(t.claims.saidLo, t.claims.saidHi, query));
  return conditions;
}

export function listClaims(db: Db, query: ClaimListQuery) {
  const descending = query.sort === '-saidAt';
  const sortColumn = descending ? t.claims.saidSortDesc : t.claims.saidSortAsc;
  const conditions = claimConditions(db, query);
  if (query.cursor) conditions.push(after([sortColumn, t.claims.id], decodeCursor(query.cursor, query.sort, 2), descending));
  const order = descending ? [desc(sortColumn), desc(t.claims.id)] : [asc(sortColumn), asc(t.claims.id)];
  const rows = db
    .select()
    .from(t.claims)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit + 1)
    .all();
  return toPage(
    rows,
    query.limit,
    query.sort,
    (row) => [String(descending ? row.saidSortDesc : row.saidSortAsc), row.id],
    (page) => hydrateClaims(db, page),
  );
}

export function getClaim(db: Db, id: string): Claim | undefined {
  const row = db.select().from(t.claims).where(eq(t.claims.id, id)).get();
  return row ? hydrateClaims(db, [row])[0] : undefined;
}

export function getClaimsByIds(db: Db, ids: string[]): Map<string, Claim> {
  if (ids.length === 0) return new Map();
  const rows = db.select().from(t.claims).where(inArray(t.claims.id, ids)).all();
  return new Map(hydrateClaims(db, rows).map((c) => [c.id, c]));
}

export function hydrateClaims(db: Db, rows: ClaimRow[]): Claim[] {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const aboutEvents = db.select().from(t.claimEvents).where(inArray(t.claimEvents.claimId, ids)).orderBy(asc(t.claimEvents.claimId), asc(t.claimEvents.position)).all();
  const aboutActors = db.select().from(t.claimActors).where(inArray(t.claimActors.claimId, ids)).orderBy(asc(t.claimActors.claimId), asc(t.claimActors.position)).all();
  const actors = actorRefs(db, [
    ...rows.map((r) => r.speakerId),
    ...rows.flatMap((r) => (r.reportedById ? [r.reportedById] : [])),
    ...aboutActors.map((a) => a.actorId),
  ]);
  const events = eventRefs(db, aboutEvents.map((e) => e.eventId));
  const answeredIds = [...new Set(rows.flatMap((r) => (r.respondsToId ? [r.respondsToId] : [])))];
  const answered = new Map(
    answeredIds.length
      ? db.select({ id: t.claims.id, text: t.claims.text }).from(t.claims).where(inArray(t.claims.id, answeredIds)).all().map((c) => [c.id, c])
      : [],
  );
  const sourceIds = [...new Set(rows.map((r) => r.sourceId))];
  const sources = new Map(
    db.select({ id: t.sources.id, title: t.sources.title }).from(t.sources).where(inArray(t.sources.id, sourceIds)).all().map((s) => [s.id, s]),
  );
  return rows.map((row) => ({
    id: row.id,
    speaker: actors.get(row.speakerId)!,
    text: row.text,
    mode: row.mode,
    stance: row.stance,
    saidAt: timeSpec(row.saidText, row.saidStart, row.saidEnd, row.saidPrecision, row.saidApproximate),
    channel: row.channel,
    reportedBy: row.reportedById ? (actors.get(row.reportedById) ?? null) : null,
    about: {
      events: aboutEvents.filter((e) => e.claimId === row.id).map((e) => events.get(e.eventId)!),
      actors: aboutActors.filter((a) => a.claimId === row.id).map((a) => actors.get(a.actorId)!),
    },
    respondsTo: row.respondsToId ? (answered.get(row.respondsToId) ?? null) : null,
    source: sources.get(row.sourceId)!,
    evidence: { sourceId: row.sourceId, start: row.evidenceStart, end: row.evidenceEnd, text: row.evidenceText },
  }));
}
