// Claim queries: list with every contract filter, one by id, and hydration of embedded refs for a
// whole page at once (speaker, outlet, about, respondsTo, source, attribution, links).
import { and, asc, desc, eq, exists, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, containsPattern, decodeCursor, type Page, toPage } from '../pagination.ts';
import { type Claim, type ClaimListQuery, CLAIM_LINK_KINDS } from '../../schemas/claims.ts';
import { claimLinkRows, claimRefs, LINKS_EMBEDDED } from './claim-refs.ts';
import { hasLink } from './claim-relations.ts';
import { unionAll } from 'drizzle-orm/sqlite-core';
import { spanClassOf } from '../span-class.ts';
import { rangeArms, timeConditions, timeSpec } from './time.ts';
import { groupBy } from '../group-by.ts';
import { keptTextsById } from '../kept-representations.ts';
import type { JsonText } from '../../json.ts';
import { appearancesOf } from './claim-appearances.ts';
import { APPEARANCES_EMBEDDED } from '../../schemas/claims.ts';

type ClaimRow = typeof t.claims.$inferSelect;
export type ClaimFilters = Partial<Omit<ClaimListQuery, 'limit' | 'cursor' | 'sort'>>;

/** The WHERE conditions of the claim filters (shared with the timeline). */
export function claimConditions(db: Db, query: ClaimFilters): SQL[] {
  const conditions: SQL[] = [];
  if (query.speaker) conditions.push(eq(t.claims.speakerId, query.speaker));
  if (query.stance) conditions.push(eq(t.claims.stance, query.stance));
  if (query.mode) conditions.push(eq(t.claims.mode, query.mode));
  if (query.reportedBy) conditions.push(eq(t.claims.reportedById, query.reportedBy));
  // Every claim the source carries: first seen there or repeated (its appearances; a source holds few).
  if (query.source)
    conditions.push(
      sql`${t.claims.id} IN (SELECT ${t.claimAppearances.claimId} FROM ${t.claimAppearances} WHERE ${t.claimAppearances.sourceId} = ${query.source})`,
    );
  // One primary-key lookup per claim checked: listClaims walks one link table (the event's when both
  // filters are set) and checks the other here; the timeline checks the event on an actor's claims.
  if (query.actor) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(t.claimActors)
          .where(and(eq(t.claimActors.claimId, t.claims.id), eq(t.claimActors.actorId, query.actor))),
      ),
    );
  }
  if (query.event) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(t.claimEvents)
          .where(and(eq(t.claimEvents.claimId, t.claims.id), eq(t.claimEvents.eventId, query.event))),
      ),
    );
  }
  if (query.link) conditions.push(hasLink(query.link));
  // `source_count > 1` as the partial indexes state it, so that they serve (claims_multi_source_*).
  if (query.minSources && query.minSources > 1)
    conditions.push(sql`${t.claims.sourceCount} > 1`, sql`${t.claims.sourceCount} >= ${query.minSources}`);
  if (query.q) conditions.push(sql`${t.claims.text} LIKE ${containsPattern(query.q)} ESCAPE '\\'`);
  conditions.push(...timeConditions(t.claims.saidLo, t.claims.saidHi, query));
  return conditions;
}

/**
 * The link rows of the claims about an event (said by one speaker, if given) or about an actor. They
 * carry copies of the claim's sort keys and, for events, its speaker (schema.ts), so these claims in
 * page order are one walk of `(event [, speaker] | actor, sort key, claim)`.
 */
export function linksAbout(about: { event: string; speaker?: string | undefined } | { actor: string }) {
  if ('actor' in about) {
    return {
      table: t.claimActors,
      claimId: t.claimActors.claimId,
      matches: eq(t.claimActors.actorId, about.actor),
      sortAsc: t.claimActors.saidSortAsc,
      sortDesc: t.claimActors.saidSortDesc,
    };
  }
  const matches = about.speaker
    ? and(eq(t.claimEvents.eventId, about.event), eq(t.claimEvents.speakerId, about.speaker))!
    : eq(t.claimEvents.eventId, about.event);
  return {
    table: t.claimEvents,
    claimId: t.claimEvents.claimId,
    matches,
    sortAsc: t.claimEvents.saidSortAsc,
    sortDesc: t.claimEvents.saidSortDesc,
  };
}

/** A page of claims, as values to read (frozen, shared with the cache). */
export function listClaims(db: Db, query: ClaimListQuery): Page<Claim> {
  const page = listClaimTexts(db, query);
  return { ...page, data: page.data.map((text) => text.value()) };
}

/** A page of claims, each as its JSON text (a handler answers it through asAnswerPage, json.ts). */
export function listClaimTexts(db: Db, query: ClaimListQuery): Page<JsonText<Claim>> {
  const descending = query.sort === '-saidAt';
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, 2) : undefined;
  const keys = pageKeys(db, query, (shape) =>
    shape.event || shape.actor ? aboutKeys(db, shape, descending, cursor) : claimKeys(db, shape, descending, cursor),
  );
  return toPage(
    keys,
    query.limit,
    query.sort,
    (key) => [String(key.sortKey), key.id],
    (page) =>
      claimTextsInOrder(
        db,
        page.map((key) => key.id),
      ),
  );
}

/** A page's keys query, as drizzle builds it: `SELECT id, sortKey ... ORDER BY ... LIMIT`. */
type KeysQuery = { toSQL(): { sql: string; params: unknown[] } };

/**
 * The SQL text and parameters of each recent page query shape: drizzle took longer to build a page
 * query (0.1-0.2 ms, mostly its entity checks; a date range's six walks) than SQLite to run it. The
 * SQL depends only on which filters are set, not on the ids they name, so it is kept by the query with
 * its id filters replaced by placeholders (least recently used out): the first page of any speaker
 * reuses what the first speaker built, its id bound in the placeholder's parameter. The walk itself
 * runs on every request.
 */
const BUILT_KEYS_MAX = 1000;
/** Filters whose value is only ever bound as one whole parameter (an id): these are placeholders. */
const ID_FILTERS = ['speaker', 'event', 'actor', 'reportedBy', 'source'] as const;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL marks a placeholder precisely because no id filter can hold one.
const PLACEHOLDER = /^\u0000(\d+)\u0000$/;

function pageKeys(
  db: Db,
  query: ClaimListQuery,
  build: (shape: ClaimListQuery) => KeysQuery,
): Array<{ id: string; sortKey: string }> {
  const builtKeys = db.$context.claimPageSql;
  const shape: ClaimListQuery = { ...query };
  const ids: string[] = [];
  for (const filter of ID_FILTERS) {
    const value = query[filter as keyof ClaimListQuery];
    if (typeof value === 'string') {
      (shape as Record<string, unknown>)[filter] = `\u0000${ids.length}\u0000`;
      ids.push(value);
    }
  }
  let cacheKey = JSON.stringify(shape);
  let built = builtKeys.get(cacheKey) ?? builtKeys.get((cacheKey = JSON.stringify(query)));
  if (built) builtKeys.delete(cacheKey);
  else {
    cacheKey = JSON.stringify(shape);
    const { sql, params } = build(shape).toSQL();
    const slots = params.map((param) => (typeof param === 'string' ? Number(PLACEHOLDER.exec(param)?.[1] ?? -1) : -1));
    // Each placeholder must be bound whole, and nowhere else (not inside a pattern, not in the SQL
    // text): else this shape is built for each query as it is.
    const whole =
      !sql.includes('\u0000') &&
      ids.every((_, i) => slots.includes(i)) &&
      params.every((param, i) => slots[i]! >= 0 || typeof param !== 'string' || !param.includes('\u0000'));
    if (whole) built = { sql, params, slots };
    else {
      cacheKey = JSON.stringify(query);
      built = build(query).toSQL();
    }
    if (builtKeys.size >= BUILT_KEYS_MAX) builtKeys.delete(builtKeys.keys().next().value!);
  }
  builtKeys.set(cacheKey, built);
  const { slots } = built;
  const params = slots ? built.params.map((param, i) => (slots[i]! >= 0 ? ids[slots[i]!] : param)) : built.params;
  const rows = db.$client
    .prepare(built.sql)
    .raw(true)
    .all(...params) as Array<[string, string]>;
  return rows.map(([id, sortKey]) => ({ id, sortKey }));
}

/** A page of claim keys walking the claims' sort index (per part of a time range, see rangeArms). */
function claimKeys(db: Db, query: ClaimListQuery, descending: boolean, cursor: string[] | undefined): KeysQuery {
  if ((query.from || query.to) && claimConditions(db, { ...query, from: undefined, to: undefined }).length === 0)
    return rangeKeys(db, query, descending, cursor);
  const sortColumn = descending ? t.claims.saidSortDesc : t.claims.saidSortAsc;
  const conditions = claimConditions(db, query);
  if (cursor) conditions.push(after([sortColumn, t.claims.id], cursor, descending));
  const order = descending ? [desc(sortColumn), desc(t.claims.id)] : [asc(sortColumn), asc(t.claims.id)];
  const arms = rangeArms(spanClassOf(t.claims.saidStart, t.claims.saidEnd), sortColumn, query);
  // Each part selects the keys only, and the page's rows come by id from one prepared statement:
  // building a 22-column select for each part cost more than running it.
  const part = (extra: SQL[]) =>
    db
      .select({ id: t.claims.id, sortKey: sortColumn })
      .from(t.claims)
      .where(and(...conditions, ...extra));
  const [first, second, ...rest] = arms.map(part);
  return (second ? unionAll(first!, second, ...rest) : first!).orderBy(...order).limit(query.limit + 1);
}

/**
 * A from/to page with no other filter: the same parts as claimKeys, each one walk of a covering index
 * of claim_times (schema.ts), never reading the claims rows it skips. Same keys, order and cursor.
 */
function rangeKeys(db: Db, query: ClaimListQuery, descending: boolean, cursor: string[] | undefined): KeysQuery {
  const times = t.claimTimes;
  const sortColumn = descending ? times.saidSortDesc : times.saidSortAsc;
  const conditions = timeConditions(times.saidLo, times.saidHi, query);
  const afterCursor = cursor && {
    key: cursor[0]!,
    descending,
    condition: after([sortColumn, times.claimId], cursor, descending),
  };
  const order = descending ? [desc(sortColumn), desc(times.claimId)] : [asc(sortColumn), asc(times.claimId)];
  const arms = rangeArms(sql`${times.spanClass}`, sortColumn, query, {
    withinByClass: true,
    ...(afterCursor ? { after: afterCursor } : {}),
  });
  const part = (extra: SQL[]) =>
    db
      .select({ id: times.claimId, sortKey: sortColumn })
      .from(times)
      .where(and(...conditions, ...extra));
  const [first, second, ...rest] = arms.map(part);
  return (second ? unionAll(first!, second, ...rest) : first!).orderBy(...order).limit(query.limit + 1);
}

/**
 * A page of the claims about an event (by a speaker, if given; or else about an actor): the link
 * table's sort index walked from the cursor, claims joined only when another filter needs their
 * columns. Same order and cursor as claimKeys, since the link rows hold the claim's own sort keys.
 */
function aboutKeys(db: Db, query: ClaimListQuery, descending: boolean, cursor: string[] | undefined): KeysQuery {
  const link = query.event
    ? linksAbout({ event: query.event, speaker: query.speaker })
    : linksAbout({ actor: query.actor! });
  const sortKey = descending ? link.sortDesc : link.sortAsc;
  const others = claimConditions(db, {
    ...query,
    ...(query.event ? { event: undefined, speaker: undefined } : { actor: undefined }),
  });
  const where = and(link.matches, ...(cursor ? [after([sortKey, link.claimId], cursor, descending)] : []), ...others);
  const order = descending ? [desc(sortKey), desc(link.claimId)] : [asc(sortKey), asc(link.claimId)];
  const keys = db.select({ id: link.claimId, sortKey }).from(link.table);
  const joined = others.length ? keys.innerJoin(t.claims, eq(t.claims.id, link.claimId)) : keys;
  return joined
    .where(where)
    .orderBy(...order)
    .limit(query.limit + 1);
}

export function getClaim(db: Db, id: string): Claim | undefined {
  return claimsInOrder(db, [id])[0];
}

/** One claim as its JSON text (for GET /v1/claims/{id}: its body and ETag come from the text). */
export function getClaimText(db: Db, id: string): JsonText<Claim> | undefined {
  return claimTextsInOrder(db, [id])[0];
}

/** How many hydrated claims `db` keeps between requests (0: none); buildApp sets it from CLAIM_CACHE_SIZE. */
export function configureClaimCache(db: Db, capacity: number) {
  db.$context.resizeClaimCache(capacity);
}

/** Claims in the order of `ids` (unknown ids left out), as values to read (frozen, shared with the cache). */
function claimsInOrder(db: Db, ids: string[]): Claim[] {
  return claimTextsInOrder(db, ids).map((text) => text.value());
}

/**
 * Claims in the order of `ids` (unknown ids left out) as JSON texts, never parsed on the way: from the
 * cache while the database is unchanged, else kept (db/kept-representations.ts), else hydrated.
 */
export function claimTextsInOrder(db: Db, ids: readonly string[]): JsonText<Claim>[] {
  const cache = db.$context.claims.current();
  const found = new Map<string, JsonText<Claim>>();
  const missing: string[] = [];
  for (const id of ids) {
    const hit = cache?.get(id);
    if (hit) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const texts = keptTextsById(db, 'claim', missing, (rest) => hydrateClaims(db, claimsByIds(db, rest)));
    for (const [id, text] of texts) found.set(id, cache ? cache.set(id, text) : text);
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** Claim rows in the order of `ids` (one statement, prepared once per database). */
function claimsByIds(db: Db, ids: string[]): ClaimRow[] {
  if (ids.length === 0) return [];
  const byIds = db.$context.prepared(prepareClaimsByIds, db);
  const byId = new Map(byIds.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
const prepareClaimsByIds = (db: Db) =>
  db
    .select()
    .from(t.claims)
    .where(sql`${t.claims.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
    .prepare();

export function getClaimsByIds(db: Db, ids: string[]): Map<string, Claim> {
  return new Map(claimsInOrder(db, ids).map((c) => [c.id, c]));
}

export function hydrateClaims(db: Db, rows: ClaimRow[]): Claim[] {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const { aboutEvents, aboutActors, actors, events, answered, sources } = claimRefs(db, rows);
  const links = claimLinks(db, rows, answered);
  // A claim carried by one source appears once, where its row says: only the others read the table.
  const appearances = appearancesOf(
    db,
    rows.filter((r) => r.sourceCount > 1).map((r) => r.id),
    APPEARANCES_EMBEDDED,
  );
  // Grouped once (in position order): a per-claim filter would cost the page size times its links.
  const eventsOf = groupBy(
    aboutEvents,
    (e) => e.claimId,
    (e) => events.get(e.eventId)!,
  );
  const actorsOf = groupBy(
    aboutActors,
    (a) => a.claimId,
    (a) => actors.get(a.actorId)!,
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
    about: { events: eventsOf.get(row.id) ?? [], actors: actorsOf.get(row.id) ?? [] },
    respondsTo: row.respondsToId ? (answered.get(row.respondsToId) ?? null) : null,
    source: { id: row.sourceId, title: sources.get(row.sourceId)!.title },
    evidence: { sourceId: row.sourceId, start: row.evidenceStart, end: row.evidenceEnd, text: row.evidenceText },
    appearances: appearances.get(row.id) ?? [
      {
        source: { id: row.sourceId, title: sources.get(row.sourceId)!.title },
        evidence: { sourceId: row.sourceId, start: row.evidenceStart, end: row.evidenceEnd, text: row.evidenceText },
        reportedBy: row.reportedById ? (actors.get(row.reportedById) ?? null) : null,
        publishedAt: sources.get(row.sourceId)!.publishedAt,
      },
    ],
    sourceCount: row.sourceCount,
    independentSources: row.independentSourceCount,
    attribution: attribution(row, actors, sources.get(row.sourceId)!),
    links: links.get(row.id)?.links ?? [],
    linkCount: links.get(row.id)?.linkCount ?? 0,
    related: `/v1/claims/${row.id}/related`,
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
    {
      role: 'speaker',
      actor: speaker,
      name: speaker.name,
      at: timeSpec(row.saidText, row.saidStart, row.saidEnd, row.saidPrecision, row.saidApproximate),
      source: null,
    },
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
 * the other claim's id; at most LINKS_EMBEDDED each, with the count of all (the rest are paged at
 * /v1/claims/{id}/related). Always three statements, whatever the page holds.
 */
function claimLinks(
  db: Db,
  rows: ClaimRow[],
  answered: Map<string, { id: string; text: string }>,
): Map<string, { links: Claim['links']; linkCount: number }> {
  const ids = rows.map((r) => r.id);
  const totals = new Map<string, number>(rows.flatMap((r) => (r.respondsToId ? [[r.id, 1] as const] : [])));
  type Link = {
    claimId: string;
    type: Claim['links'][number]['type'];
    direction: 'outgoing' | 'incoming';
    other: { id: string; text: string };
  };
  const found: Link[] = rows.flatMap((r) => {
    const other = r.respondsToId ? answered.get(r.respondsToId) : undefined;
    return other ? [{ claimId: r.id, type: 'responds_to' as const, direction: 'outgoing' as const, other }] : [];
  });
  // Answers to these claims and claim_links both ways, in one prepared statement (claim-refs.ts).
  const counted = new Set<string>();
  for (const l of claimLinkRows(db, ids)) {
    found.push({ claimId: l.claimId, type: l.type, direction: l.direction, other: { id: l.id, text: l.text } });
    if (!counted.has(l.claimId)) {
      counted.add(l.claimId);
      totals.set(l.claimId, (totals.get(l.claimId) ?? 0) + l.total);
    }
  }
  found.sort(
    (a, b) =>
      a.claimId.localeCompare(b.claimId) ||
      (a.direction === b.direction ? 0 : a.direction === 'outgoing' ? -1 : 1) ||
      LINK_ORDER.indexOf(a.type) - LINK_ORDER.indexOf(b.type) ||
      a.other.id.localeCompare(b.other.id),
  );
  const byClaim = new Map<string, { links: Claim['links']; linkCount: number }>();
  for (const l of found) {
    let entry = byClaim.get(l.claimId);
    if (!entry) byClaim.set(l.claimId, (entry = { links: [], linkCount: totals.get(l.claimId) ?? 0 }));
    if (entry.links.length < LINKS_EMBEDDED) entry.links.push({ type: l.type, direction: l.direction, claim: l.other });
  }
  return byClaim;
}
