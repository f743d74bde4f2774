// Claim queries: list with every contract filter, one by id, and hydration of embedded refs for a
// whole page at once (speaker, outlet, about, respondsTo, source, attribution, links).
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, containsPattern, decodeCursor, toPage } from '../pagination.ts';
import { type Claim, type ClaimListQuery, CLAIM_LINK_KINDS } from '../../schemas/claims.ts';
import { claimLinkRows, claimRefs } from './claim-refs.ts';
import { unionAll } from 'drizzle-orm/sqlite-core';
import { spanClassOf } from '../span-class.ts';
import { rangeArms, timeConditions, timeSpec } from './time.ts';

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
  // A time range walks the sort index near the range (rangeArms); the event and actor filters start
  // from their link tables instead, so they keep one part.
  const arms = query.event || query.actor ? [[]] : rangeArms(spanClassOf(t.claims.saidStart, t.claims.saidEnd), sortColumn, query);
  // Each part selects the keys only, and the page's rows come by id from one prepared statement:
  // building a 22-column select for each part cost more than running it.
  const part = (extra: SQL[]) => db.select({ id: t.claims.id, sortKey: sortColumn }).from(t.claims).where(and(...conditions, ...extra));
  const [first, second, ...rest] = arms.map(part);
  const keys = (second ? unionAll(first!, second, ...rest) : first!).orderBy(...order).limit(query.limit + 1).all();
  const rows = claimsByIds(db, keys.map((k) => k.id));
  return toPage(
    rows,
    query.limit,
    query.sort,
    (row) => [String(descending ? row.saidSortDesc : row.saidSortAsc), row.id],
    (page) => hydrateClaims(db, page),
  );
}

/** Built once per database: building the query costs more than running it. */
const claimByIdQueries = new WeakMap<Db, ReturnType<typeof prepareClaimById>>();
const prepareClaimById = (db: Db) => db.select().from(t.claims).where(eq(t.claims.id, sql.placeholder('id'))).prepare();

export function getClaim(db: Db, id: string): Claim | undefined {
  let byId = claimByIdQueries.get(db);
  if (!byId) claimByIdQueries.set(db, (byId = prepareClaimById(db)));
  const row = byId.get({ id });
  return row ? hydrateClaims(db, [row])[0] : undefined;
}

/** Claim rows in the order of `ids` (one statement, prepared once per database). */
function claimsByIds(db: Db, ids: string[]): ClaimRow[] {
  if (ids.length === 0) return [];
  let byIds = claimsByIdsQueries.get(db);
  if (!byIds) claimsByIdsQueries.set(db, (byIds = prepareClaimsByIds(db)));
  const byId = new Map(byIds.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
const claimsByIdsQueries = new WeakMap<Db, ReturnType<typeof prepareClaimsByIds>>();
const prepareClaimsByIds = (db: Db) =>
  db.select().from(t.claims).where(sql`${t.claims.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`).prepare();

export function getClaimsByIds(db: Db, ids: string[]): Map<string, Claim> {
  if (ids.length === 0) return new Map();
  const rows = claimsByIds(db, ids);
  return new Map(hydrateClaims(db, rows).map((c) => [c.id, c]));
}

export function hydrateClaims(db: Db, rows: ClaimRow[]): Claim[] {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const { aboutEvents, aboutActors, actors, events, answered, sources } = claimRefs(db, rows);
  const links = claimLinks(db, rows, answered);
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
    source: { id: row.sourceId, title: sources.get(row.sourceId)!.title },
    evidence: { sourceId: row.sourceId, start: row.evidenceStart, end: row.evidenceEnd, text: row.evidenceText },
    attribution: attribution(row, actors, sources.get(row.sourceId)!),
    links: links.get(row.id) ?? [],
  }));
}

/** Speaker, then the outlet that relayed the words, then the source that published them. */
function attribution(
  row: ClaimRow,
  actors: Map<string, { id: string; name: string }>,
  source: { id: string; title: string; publisher: string | null; publishedAt: string },
): Claim['attribution'] {
  const speaker = actors.get(row.speakerId)!;
  const outlet = row.reportedById ? actors.get(row.reportedById) : undefined;
  return [
    { role: 'speaker', actor: speaker, name: speaker.name, at: timeSpec(row.saidText, row.saidStart, row.saidEnd, row.saidPrecision, row.saidApproximate), source: null },
    ...(outlet ? [{ role: 'relayed_by' as const, actor: outlet, name: outlet.name, at: null, source: null }] : []),
    {
      role: 'published_by',
      actor: null,
      name: source.publisher,
      at: timeSpec(null, source.publishedAt, source.publishedAt, 'day', false),
      source: { id: source.id, title: source.title },
    },
  ];
}

const LINK_ORDER: ReadonlyArray<string> = CLAIM_LINK_KINDS;

/**
 * Each claim's typed links, both directions, respondsTo included: outgoing first, then by type and
 * the other claim's id. Always three statements, whatever the page holds.
 */
function claimLinks(db: Db, rows: ClaimRow[], answered: Map<string, { id: string; text: string }>): Map<string, Claim['links']> {
  const ids = rows.map((r) => r.id);
  type Link = { claimId: string; type: Claim['links'][number]['type']; direction: 'outgoing' | 'incoming'; other: { id: string; text: string } };
  const found: Link[] = rows.flatMap((r) => {
    const other = r.respondsToId ? answered.get(r.respondsToId) : undefined;
    return other ? [{ claimId: r.id, type: 'responds_to' as const, direction: 'outgoing' as const, other }] : [];
  });
  // Answers to these claims and claim_links both ways, in one prepared statement (claim-refs.ts).
  for (const l of claimLinkRows(db, ids)) found.push({ claimId: l.claimId, type: l.type, direction: l.direction, other: { id: l.id, text: l.text } });
  found.sort(
    (a, b) =>
      a.claimId.localeCompare(b.claimId) ||
      (a.direction === b.direction ? 0 : a.direction === 'outgoing' ? -1 : 1) ||
      LINK_ORDER.indexOf(a.type) - LINK_ORDER.indexOf(b.type) ||
      a.other.id.localeCompare(b.other.id),
  );
  const byClaim = new Map<string, Claim['links']>();
  for (const l of found) {
    const list = byClaim.get(l.claimId) ?? [];
    list.push({ type: l.type, direction: l.direction, claim: l.other });
    byClaim.set(l.claimId, list);
  }
  return byClaim;
}
