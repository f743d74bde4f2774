// The graph walks: the neighbourhood of one entity (breadth-first) and the shortest connection between
// two (bidirectional breadth-first). Each hop expands a batch of frontier nodes with indexed lookups:
// what a node points at (a claim's speaker, an event's location) is one `IN (...)` query per batch;
// what points at a node (a speaker's claims, an event's parts) is one LIMITed index range per node, so
// a hub with a million claims costs what an ordinary node does. Never a recursive CTE over a union of
// edge tables: SQLite cannot push the start node into such a view and scans every claim.
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { InvalidRequestError } from '../../errors.ts';
import {
  EDGE_TYPES,
  type EdgeType,
  GRAPH_LIMITS,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type GraphPath,
  type GraphQuery,
  type NodeKind,
  type PathQuery,
  parseNodeRef,
} from '../../schemas/graph.ts';
import { timeSpec } from './time.ts';

type Key = string;
type Step = { to: Key; edge: GraphEdge };
type Direction = 'outgoing' | 'incoming';
type Cap = { node: Key; types: EdgeType[]; direction: Direction; shown: number };

const key = (kind: NodeKind, id: string): Key => `${kind}:${id}`;
const idOf = (k: Key) => k.slice(k.indexOf(':') + 1);
const kindOf = (k: Key) => k.slice(0, k.indexOf(':')) as NodeKind;

/** Sort keys that stand for an unknown time (see schema.ts): such claims and events come after dated ones. */
const UNKNOWN_TIME_KEY = '9999-12-31';
/** Frontier nodes expanded per batch: small enough to stop soon after the node limit is reached. */
const BATCH = 32;
const LABEL_CHARS = 140;

type RelationType = (typeof t.eventRelations.$inferSelect)['type'];
/** Event relations are drawn in one direction per pair: `A caused_by B` is the edge `B causes A`. */
const CANONICAL: Record<RelationType, { type: EdgeType; reversed: boolean }> = {
  causes: { type: 'causes', reversed: false },
  caused_by: { type: 'causes', reversed: true },
  part_of: { type: 'part_of', reversed: false },
  has_part: { type: 'part_of', reversed: true },
  precedes: { type: 'precedes', reversed: false },
  follows: { type: 'precedes', reversed: true },
  ends: { type: 'ends', reversed: false },
  ended_by: { type: 'ends', reversed: true },
};
const EVENT_RELATION_TYPES: EdgeType[] = ['causes', 'part_of', 'precedes', 'ends'];

function edge(type: EdgeType, source: Key, target: Key, role: string | null = null): GraphEdge {
  return {
    id: `${source}|${type}|${target}${role ? `|${role}` : ''}`,
    source,
    target,
    type,
    role,
    label: role ?? type.replaceAll('_', ' '),
  };
}

function relationEdge(row: { fromEventId: string; type: RelationType; toEventId: string }): GraphEdge {
  const { type, reversed } = CANONICAL[row.type];
  const from = key('event', row.fromEventId);
  const to = key('event', row.toEventId);
  return reversed ? edge(type, to, from) : edge(type, from, to);
}

const otherEnd = (e: GraphEdge, from: Key) => (e.source === from ? e.target : e.source);

// ---------------------------------------------------------------- per-node lookups

/**
 * Every statement of the walks, prepared once per database. "What points at this node" reads one
 * index range with a LIMIT, so its cost does not grow with the node's degree; batch lookups take
 * their ids as one JSON array and probe a primary key or index per id.
 */
function prepareStatements(db: Db) {
  const id = sql.placeholder('id');
  const limit = sql.placeholder('limit');
  /** `column IN (the ids)`: one JSON array parameter, so a statement is prepared once whatever the batch size. */
  const among = (column: SQLiteColumn, name = 'ids') => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(name)}))`;
  // Newest first on a (column, said_sort_asc) index, in two ranges so that undated claims come last.
  const newestClaims = (column: typeof t.claims.speakerId | typeof t.claims.reportedById | typeof t.claims.sourceId) => ({
    dated: db
      .select({ id: t.claims.id })
      .from(t.claims)
      .where(and(eq(column, id), lt(t.claims.saidSortAsc, UNKNOWN_TIME_KEY)))
      .orderBy(desc(column), desc(t.claims.saidSortAsc))
      .limit(limit)
      .prepare(),
    undated: db
      .select({ id: t.claims.id })
      .from(t.claims)
      .where(and(eq(column, id), gte(t.claims.saidSortAsc, UNKNOWN_TIME_KEY)))
      .orderBy(asc(column), asc(t.claims.saidSortAsc))
      .limit(limit)
      .prepare(),
  });
  return {
    claimsBySpeaker: newestClaims(t.claims.speakerId),
    claimsByOutlet: newestClaims(t.claims.reportedById),
    claimsBySource: newestClaims(t.claims.sourceId),
    claimsAboutActor: db
      .select({ id: t.claimActors.claimId })
      .from(t.claimActors)
      .where(eq(t.claimActors.actorId, id))
      .orderBy(asc(t.claimActors.actorId), asc(t.claimActors.claimId))
      .limit(limit)
      .prepare(),
    claimsAboutEvent: db
      .select({ id: t.claimEvents.claimId })
      .from(t.claimEvents)
      .where(eq(t.claimEvents.eventId, id))
      .orderBy(asc(t.claimEvents.eventId), asc(t.claimEvents.claimId))
      .limit(limit)
      .prepare(),
    eventsOfActor: db
      .select({ id: t.eventParticipants.eventId, role: t.eventParticipants.role })
      .from(t.eventParticipants)
      .where(eq(t.eventParticipants.actorId, id))
      .orderBy(asc(t.eventParticipants.actorId), asc(t.eventParticipants.eventId))
      .limit(limit)
      .prepare(),
    members: db
      .select({ id: t.affiliations.actorId, role: t.affiliations.role })
      .from(t.affiliations)
      .where(eq(t.affiliations.organizationId, id))
      .orderBy(asc(t.affiliations.organizationId))
      .limit(limit)
      .prepare(),
    relationsTo: db
      .select()
      .from(t.eventRelations)
      .where(eq(t.eventRelations.toEventId, id))
      .orderBy(asc(t.eventRelations.toEventId))
      .limit(limit)
      .prepare(),
    eventsAtDated: db
      .select({ id: t.events.id })
      .from(t.events)
      .where(and(eq(t.events.locationId, id), lt(t.events.timeSortAsc, UNKNOWN_TIME_KEY)))
      .orderBy(desc(t.events.locationId), desc(t.events.timeSortAsc))
      .limit(limit)
      .prepare(),
    eventsAtUndated: db
      .select({ id: t.events.id })
      .from(t.events)
      .where(and(eq(t.events.locationId, id), gte(t.events.timeSortAsc, UNKNOWN_TIME_KEY)))
      .orderBy(asc(t.events.locationId), asc(t.events.timeSortAsc))
      .limit(limit)
      .prepare(),
    children: db
      .select({ id: t.locations.id })
      .from(t.locations)
      .where(eq(t.locations.parentId, id))
      .orderBy(asc(t.locations.parentId))
      .limit(limit)
      .prepare(),
    answers: db
      .select({ id: t.claims.id })
      .from(t.claims)
      .where(eq(t.claims.respondsToId, id))
      .orderBy(asc(t.claims.respondsToId))
      .limit(limit)
      .prepare(),
    linksTo: db
      .select()
      .from(t.claimLinks)
      .where(eq(t.claimLinks.toClaimId, id))
      .orderBy(asc(t.claimLinks.toClaimId))
      .limit(limit)
      .prepare(),
    eventsOfSource: db
      .selectDistinct({ id: t.evidenceSpans.subjectId })
      .from(t.evidenceSpans)
      .where(and(eq(t.evidenceSpans.sourceId, id), eq(t.evidenceSpans.subjectType, 'event')))
      .limit(limit)
      .prepare(),

    // What a batch of nodes points at (a handful of rows per node, bounded by the write schemas).
    affiliationsOf: db
      .select({ actorId: t.affiliations.actorId, organizationId: t.affiliations.organizationId, role: t.affiliations.role })
      .from(t.affiliations)
      .where(among(t.affiliations.actorId))
      .orderBy(asc(t.affiliations.actorId), asc(t.affiliations.position))
      .prepare(),
    claimEnds: db
      .select({ id: t.claims.id, speakerId: t.claims.speakerId, reportedById: t.claims.reportedById, respondsToId: t.claims.respondsToId, sourceId: t.claims.sourceId })
      .from(t.claims)
      .where(among(t.claims.id))
      .prepare(),
    eventsAboutOf: db
      .select({ claimId: t.claimEvents.claimId, eventId: t.claimEvents.eventId })
      .from(t.claimEvents)
      .where(among(t.claimEvents.claimId))
      .orderBy(asc(t.claimEvents.claimId), asc(t.claimEvents.position))
      .prepare(),
    actorsAboutOf: db
      .select({ claimId: t.claimActors.claimId, actorId: t.claimActors.actorId })
      .from(t.claimActors)
      .where(among(t.claimActors.claimId))
      .orderBy(asc(t.claimActors.claimId), asc(t.claimActors.position))
      .prepare(),
    linksFrom: db
      .select()
      .from(t.claimLinks)
      .where(among(t.claimLinks.fromClaimId))
      .orderBy(asc(t.claimLinks.fromClaimId), asc(t.claimLinks.type), asc(t.claimLinks.toClaimId))
      .prepare(),
    eventLocations: db.select({ id: t.events.id, locationId: t.events.locationId }).from(t.events).where(among(t.events.id)).prepare(),
    participantsOf: db
      .select({ eventId: t.eventParticipants.eventId, actorId: t.eventParticipants.actorId, role: t.eventParticipants.role })
      .from(t.eventParticipants)
      .where(among(t.eventParticipants.eventId))
      .orderBy(asc(t.eventParticipants.eventId), asc(t.eventParticipants.position))
      .prepare(),
    relationsFrom: db
      .select()
      .from(t.eventRelations)
      .where(among(t.eventRelations.fromEventId))
      .orderBy(asc(t.eventRelations.fromEventId), asc(t.eventRelations.type), asc(t.eventRelations.toEventId))
      .prepare(),
    sourcesOfEvents: db
      .selectDistinct({ eventId: t.evidenceSpans.subjectId, sourceId: t.evidenceSpans.sourceId })
      .from(t.evidenceSpans)
      .where(and(eq(t.evidenceSpans.subjectType, 'event'), among(t.evidenceSpans.subjectId)))
      .orderBy(asc(t.evidenceSpans.subjectId), asc(t.evidenceSpans.sourceId))
      .prepare(),
    parents: db.select({ id: t.locations.id, parentId: t.locations.parentId }).from(t.locations).where(among(t.locations.id)).prepare(),

    // Node bodies, and the edges among a set of nodes (`a` actors, `l` locations, `e` events, `c` claims, `s` sources).
    actorNodes: db.select({ id: t.actors.id, name: t.actors.name, kind: t.actors.kind }).from(t.actors).where(among(t.actors.id, 'a')).prepare(),
    affiliationsAmong: db
      .select({ actorId: t.affiliations.actorId, organizationId: t.affiliations.organizationId, role: t.affiliations.role })
      .from(t.affiliations)
      .where(and(among(t.affiliations.actorId, 'a'), among(t.affiliations.organizationId, 'a')))
      .prepare(),
    locationNodes: db
      .select({ id: t.locations.id, name: t.locations.name, kind: t.locations.kind, parentId: t.locations.parentId })
      .from(t.locations)
      .where(among(t.locations.id, 'l'))
      .prepare(),
    eventNodes: db
      .select({
        id: t.events.id,
        title: t.events.title,
        kind: t.events.kind,
        status: t.events.status,
        timeText: t.events.timeText,
        timeStart: t.events.timeStart,
        timeEnd: t.events.timeEnd,
        timePrecision: t.events.timePrecision,
        timeApproximate: t.events.timeApproximate,
        locationId: t.events.locationId,
      })
      .from(t.events)
      .where(among(t.events.id, 'e'))
      .prepare(),
    relationsAmong: db.select().from(t.eventRelations).where(and(among(t.eventRelations.fromEventId, 'e'), among(t.eventRelations.toEventId, 'e'))).prepare(),
    participantsAmong: db
      .select({ eventId: t.eventParticipants.eventId, actorId: t.eventParticipants.actorId, role: t.eventParticipants.role })
      .from(t.eventParticipants)
      .where(and(among(t.eventParticipants.eventId, 'e'), among(t.eventParticipants.actorId, 'a')))
      .prepare(),
    sourcesAmong: db
      .selectDistinct({ eventId: t.evidenceSpans.subjectId, sourceId: t.evidenceSpans.sourceId })
      .from(t.evidenceSpans)
      .where(and(eq(t.evidenceSpans.subjectType, 'event'), among(t.evidenceSpans.subjectId, 'e'), among(t.evidenceSpans.sourceId, 's')))
      .prepare(),
    claimNodes: db
      .select({
        id: t.claims.id,
        text: t.claims.text,
        stance: t.claims.stance,
        mode: t.claims.mode,
        saidText: t.claims.saidText,
        saidStart: t.claims.saidStart,
        saidEnd: t.claims.saidEnd,
        saidPrecision: t.claims.saidPrecision,
        saidApproximate: t.claims.saidApproximate,
        speakerId: t.claims.speakerId,
        reportedById: t.claims.reportedById,
        respondsToId: t.claims.respondsToId,
        sourceId: t.claims.sourceId,
      })
      .from(t.claims)
      .where(among(t.claims.id, 'c'))
      .prepare(),
    eventsAboutAmong: db
      .select({ claimId: t.claimEvents.claimId, eventId: t.claimEvents.eventId })
      .from(t.claimEvents)
      .where(and(among(t.claimEvents.claimId, 'c'), among(t.claimEvents.eventId, 'e')))
      .prepare(),
    actorsAboutAmong: db
      .select({ claimId: t.claimActors.claimId, actorId: t.claimActors.actorId })
      .from(t.claimActors)
      .where(and(among(t.claimActors.claimId, 'c'), among(t.claimActors.actorId, 'a')))
      .prepare(),
    linksAmong: db.select().from(t.claimLinks).where(and(among(t.claimLinks.fromClaimId, 'c'), among(t.claimLinks.toClaimId, 'c'))).prepare(),
    sourceNodes: db
      .select({ id: t.sources.id, title: t.sources.title, publisher: t.sources.publisher, publishedAt: t.sources.publishedAt })
      .from(t.sources)
      .where(among(t.sources.id, 's'))
      .prepare(),
  };
}
type Statements = ReturnType<typeof prepareStatements>;
const statementCache = new WeakMap<Db, Statements>();
function statements(db: Db): Statements {
  let s = statementCache.get(db);
  if (!s) statementCache.set(db, (s = prepareStatements(db)));
  return s;
}

/** Newest `limit` claim ids from a dated + undated statement pair. */
function newest(pair: Statements['claimsBySpeaker'], id: string, limit: number) {
  const rows = pair.dated.all({ id, limit });
  return rows.length < limit ? [...rows, ...pair.undated.all({ id, limit: limit - rows.length })] : rows;
}

// ---------------------------------------------------------------- one hop

/** The neighbours of a batch of nodes, each node's in a fixed order, cut to `perNode` per edge type. */
class Hop {
  readonly steps = new Map<Key, Step[]>();
  readonly caps = new Map<Key, Cap[]>();

  constructor(readonly perNode: number) {}

  /** Adds one node's rows of one relation (fetched with limit perNode + 1), noting a cap when there were more. */
  add<R>(from: Key, rows: R[], types: EdgeType[], direction: Direction, toEdge: (row: R) => GraphEdge) {
    if (rows.length > this.perNode) {
      const caps = this.caps.get(from) ?? [];
      caps.push({ node: from, types, direction, shown: this.perNode });
      this.caps.set(from, caps);
    }
    const steps = this.steps.get(from) ?? [];
    for (const row of rows.slice(0, this.perNode)) {
      const e = toEdge(row);
      steps.push({ to: otherEnd(e, from), edge: e });
    }
    this.steps.set(from, steps);
  }
}

/** Rows grouped by the node they belong to, in query order. */
function groupBy<R>(rows: R[], nodeOf: (row: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(nodeOf(row));
    if (group) group.push(row);
    else groups.set(nodeOf(row), [row]);
  }
  return groups;
}

function expand(db: Db, keys: Key[], perNode: number): Hop {
  const hop = new Hop(perNode);
  const s = statements(db);
  const limit = perNode + 1;
  const idsOf = (kind: NodeKind) => keys.filter((k) => kindOf(k) === kind).map(idOf);

  const actors = idsOf('actor');
  if (actors.length) {
    const affiliations = groupBy(s.affiliationsOf.all({ ids: JSON.stringify(actors) }), (a) => a.actorId);
    for (const id of actors) {
      const node = key('actor', id);
      hop.add(node, newest(s.claimsBySpeaker, id, limit), ['said'], 'outgoing', (r) => edge('said', node, key('claim', r.id)));
      hop.add(node, s.eventsOfActor.all({ id, limit }), ['participated'], 'outgoing', (r) => edge('participated', node, key('event', r.id), r.role));
      hop.add(node, s.claimsAboutActor.all({ id, limit }), ['about'], 'incoming', (r) => edge('about', key('claim', r.id), node));
      hop.add(node, newest(s.claimsByOutlet, id, limit), ['reported_by'], 'incoming', (r) => edge('reported_by', key('claim', r.id), node));
      hop.add(node, affiliations.get(id) ?? [], ['affiliated_with'], 'outgoing', (r) => edge('affiliated_with', node, key('actor', r.organizationId), r.role));
      hop.add(node, s.members.all({ id, limit }), ['affiliated_with'], 'incoming', (r) => edge('affiliated_with', key('actor', r.id), node, r.role));
    }
  }

  const claims = idsOf('claim');
  if (claims.length) {
    const ids = { ids: JSON.stringify(claims) };
    const ends = new Map(s.claimEnds.all(ids).map((r) => [r.id, r]));
    const aboutEvents = groupBy(s.eventsAboutOf.all(ids), (a) => a.claimId);
    const aboutActors = groupBy(s.actorsAboutOf.all(ids), (a) => a.claimId);
    const linksFrom = groupBy(s.linksFrom.all(ids), (l) => l.fromClaimId);
    for (const id of claims) {
      const node = key('claim', id);
      const r = ends.get(id);
      if (!r) continue;
      hop.add(node, [r.speakerId], ['said'], 'incoming', (speaker) => edge('said', key('actor', speaker), node));
      hop.add(node, aboutEvents.get(id) ?? [], ['about'], 'outgoing', (a) => edge('about', node, key('event', a.eventId)));
      hop.add(node, aboutActors.get(id) ?? [], ['about'], 'outgoing', (a) => edge('about', node, key('actor', a.actorId)));
      hop.add(node, r.reportedById ? [r.reportedById] : [], ['reported_by'], 'outgoing', (outlet) => edge('reported_by', node, key('actor', outlet)));
      hop.add(node, r.respondsToId ? [r.respondsToId] : [], ['responds_to'], 'outgoing', (answered) => edge('responds_to', node, key('claim', answered)));
      hop.add(node, s.answers.all({ id, limit }), ['responds_to'], 'incoming', (a) => edge('responds_to', key('claim', a.id), node));
      hop.add(node, linksFrom.get(id) ?? [], ['supports', 'contradicts', 'denies', 'repeats'], 'outgoing', (l) => edge(l.type, node, key('claim', l.toClaimId)));
      hop.add(node, s.linksTo.all({ id, limit }), ['supports', 'contradicts', 'denies', 'repeats'], 'incoming', (l) => edge(l.type, key('claim', l.fromClaimId), node));
      hop.add(node, [r.sourceId], ['extracted_from'], 'outgoing', (source) => edge('extracted_from', node, key('source', source)));
    }
  }

  const events = idsOf('event');
  if (events.length) {
    const ids = { ids: JSON.stringify(events) };
    const located = new Map(s.eventLocations.all(ids).map((r) => [r.id, r.locationId]));
    const participants = groupBy(s.participantsOf.all(ids), (p) => p.eventId);
    const relationsFrom = groupBy(s.relationsFrom.all(ids), (r) => r.fromEventId);
    const sources = groupBy(s.sourcesOfEvents.all(ids), (r) => r.eventId);
    for (const id of events) {
      const node = key('event', id);
      hop.add(node, participants.get(id) ?? [], ['participated'], 'incoming', (p) => edge('participated', key('actor', p.actorId), node, p.role));
      hop.add(node, s.claimsAboutEvent.all({ id, limit }), ['about'], 'incoming', (r) => edge('about', key('claim', r.id), node));
      const at = located.get(id);
      hop.add(node, at ? [at] : [], ['located_in'], 'outgoing', (location) => edge('located_in', node, key('location', location)));
      hop.add(node, relationsFrom.get(id) ?? [], EVENT_RELATION_TYPES, 'outgoing', relationEdge);
      hop.add(node, s.relationsTo.all({ id, limit }), EVENT_RELATION_TYPES, 'incoming', relationEdge);
      hop.add(node, sources.get(id) ?? [], ['extracted_from'], 'outgoing', (r) => edge('extracted_from', node, key('source', r.sourceId)));
    }
  }

  const locations = idsOf('location');
  if (locations.length) {
    const parents = new Map(s.parents.all({ ids: JSON.stringify(locations) }).map((r) => [r.id, r.parentId]));
    for (const id of locations) {
      const node = key('location', id);
      const parent = parents.get(id);
      hop.add(node, parent ? [parent] : [], ['within'], 'outgoing', (p) => edge('within', node, key('location', p)));
      hop.add(node, s.children.all({ id, limit }), ['within'], 'incoming', (c) => edge('within', key('location', c.id), node));
      const dated = s.eventsAtDated.all({ id, limit });
      const at = dated.length < limit ? [...dated, ...s.eventsAtUndated.all({ id, limit: limit - dated.length })] : dated;
      hop.add(node, at, ['located_in'], 'incoming', (e) => edge('located_in', key('event', e.id), node));
    }
  }

  for (const id of idsOf('source')) {
    const node = key('source', id);
    hop.add(node, newest(s.claimsBySource, id, limit), ['extracted_from'], 'incoming', (c) => edge('extracted_from', key('claim', c.id), node));
    hop.add(node, s.eventsOfSource.all({ id, limit }), ['extracted_from'], 'incoming', (e) => edge('extracted_from', key('event', e.id), node));
  }
  return hop;
}

// ---------------------------------------------------------------- nodes and the edges among them

const shorten = (text: string) => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text);

/** Node bodies and every edge between two of the given nodes: a handful of primary-key lookups. */
function describe(db: Db, keys: Key[], depthOf: (k: Key) => number): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const s = statements(db);
  const ids = { actor: [] as string[], location: [] as string[], event: [] as string[], claim: [] as string[], source: [] as string[] };
  for (const k of keys) ids[kindOf(k)].push(idOf(k));
  const among = { a: JSON.stringify(ids.actor), l: JSON.stringify(ids.location), e: JSON.stringify(ids.event), c: JSON.stringify(ids.claim), s: JSON.stringify(ids.source) };
  const has = new Set(keys);
  const byKey = new Map<Key, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const link = (e: GraphEdge) => {
    if (has.has(e.source) && has.has(e.target)) edges.set(e.id, e);
  };
  const base = (kind: NodeKind, id: string, label: string) => ({ id: key(kind, id), entityId: id, label: shorten(label), depth: depthOf(key(kind, id)) });

  if (ids.actor.length) {
    for (const a of s.actorNodes.all(among)) byKey.set(key('actor', a.id), { ...base('actor', a.id, a.name), kind: 'actor', actorKind: a.kind });
    for (const a of s.affiliationsAmong.all(among)) link(edge('affiliated_with', key('actor', a.actorId), key('actor', a.organizationId), a.role));
  }
  if (ids.location.length) {
    for (const l of s.locationNodes.all(among)) {
      byKey.set(key('location', l.id), { ...base('location', l.id, l.name), kind: 'location', locationKind: l.kind });
      if (l.parentId) link(edge('within', key('location', l.id), key('location', l.parentId)));
    }
  }
  if (ids.event.length) {
    for (const e of s.eventNodes.all(among)) {
      byKey.set(key('event', e.id), {
        ...base('event', e.id, e.title),
        kind: 'event',
        eventKind: e.kind,
        status: e.status,
        time: timeSpec(e.timeText, e.timeStart, e.timeEnd, e.timePrecision, e.timeApproximate),
      });
      if (e.locationId) link(edge('located_in', key('event', e.id), key('location', e.locationId)));
    }
    for (const r of s.relationsAmong.all(among)) link(relationEdge(r));
    if (ids.actor.length) for (const p of s.participantsAmong.all(among)) link(edge('participated', key('actor', p.actorId), key('event', p.eventId), p.role));
    if (ids.source.length) for (const r of s.sourcesAmong.all(among)) link(edge('extracted_from', key('event', r.eventId), key('source', r.sourceId)));
  }
  if (ids.claim.length) {
    for (const c of s.claimNodes.all(among)) {
      const node = key('claim', c.id);
      byKey.set(node, {
        ...base('claim', c.id, c.text),
        kind: 'claim',
        stance: c.stance,
        mode: c.mode,
        saidAt: timeSpec(c.saidText, c.saidStart, c.saidEnd, c.saidPrecision, c.saidApproximate),
      });
      link(edge('said', key('actor', c.speakerId), node));
      if (c.reportedById) link(edge('reported_by', node, key('actor', c.reportedById)));
      if (c.respondsToId) link(edge('responds_to', node, key('claim', c.respondsToId)));
      link(edge('extracted_from', node, key('source', c.sourceId)));
    }
    if (ids.event.length) for (const a of s.eventsAboutAmong.all(among)) link(edge('about', key('claim', a.claimId), key('event', a.eventId)));
    if (ids.actor.length) for (const a of s.actorsAboutAmong.all(among)) link(edge('about', key('claim', a.claimId), key('actor', a.actorId)));
    for (const l of s.linksAmong.all(among)) link(edge(l.type, key('claim', l.fromClaimId), key('claim', l.toClaimId)));
  }
  if (ids.source.length) {
    for (const src of s.sourceNodes.all(among)) {
      byKey.set(key('source', src.id), { ...base('source', src.id, src.title), kind: 'source', publisher: src.publisher, publishedAt: src.publishedAt });
    }
  }

  // Edges in the order of the nodes they join, so an answer reads (and diffs) the same every time.
  const position = new Map(keys.map((k, i) => [k, i]));
  const ranked = [...edges.values()].map((e) => {
    const [a, b] = [position.get(e.source)!, position.get(e.target)!];
    return { e, first: Math.min(a, b), second: Math.max(a, b), type: EDGE_TYPES.indexOf(e.type) };
  });
  ranked.sort((x, y) => x.first - y.first || x.second - y.second || x.type - y.type || (x.e.id < y.e.id ? -1 : x.e.id > y.e.id ? 1 : 0));
  return { nodes: keys.flatMap((k) => byKey.get(k) ?? []), edges: ranked.map((r) => r.e) };
}

/** The focus as a node key; a stored entity is required (the route's query check has said so already). */
function requireNode(db: Db, value: string, param: string): Key {
  const ref = parseNodeRef(value)!;
  const table = { actor: t.actors, location: t.locations, event: t.events, claim: t.claims, source: t.sources }[ref.kind];
  if (!db.select({ id: table.id }).from(table).where(eq(table.id, ref.id)).get()) {
    throw new InvalidRequestError([{ path: `query.${param}`, message: `no ${ref.kind} with id "${ref.id}"` }]);
  }
  return key(ref.kind, ref.id);
}

// ---------------------------------------------------------------- the walks

/** The neighbourhood of `focus`, breadth-first to `depth` hops, at most `limit` nodes. */
export function neighbourhood(db: Db, query: GraphQuery, perNode: number = GRAPH_LIMITS.perNode): Graph {
  const focus = requireNode(db, query.focus, 'focus');
  const depthOf = new Map<Key, number>([[focus, 0]]);
  const order: Key[] = [focus];
  const caps: Cap[] = [];
  let full = false;
  let frontier: Key[] = [focus];
  walk: for (let depth = 1; depth <= query.depth && frontier.length; depth++) {
    const next: Key[] = [];
    for (let i = 0; i < frontier.length; i += BATCH) {
      const batch = frontier.slice(i, i + BATCH);
      const hop = expand(db, batch, perNode);
      for (const from of batch) {
        caps.push(...(hop.caps.get(from) ?? []));
        for (const { to } of hop.steps.get(from) ?? []) {
          if (depthOf.has(to)) continue;
          if (order.length >= query.limit) {
            full = true;
            break walk;
          }
          depthOf.set(to, depth);
          order.push(to);
          next.push(to);
        }
      }
    }
    frontier = next;
  }
  const { nodes, edges } = describe(db, order, (k) => depthOf.get(k)!);
  return {
    focus,
    depth: query.depth,
    nodes,
    edges,
    truncated: full || caps.length > 0,
    capped: caps,
    limits: { nodes: query.limit, perNode },
  };
}

type Visit = { parent: Key | null; edge: GraphEdge | null; dist: number };

/**
 * The shortest connection between two entities, edges walked in either direction: breadth-first from
 * both ends, always growing the smaller frontier, until the two searches meet or `maxDepth` is spent.
 */
export function shortestPath(db: Db, query: PathQuery, perNode: number = GRAPH_LIMITS.perNode, maxVisits: number = GRAPH_LIMITS.maxPathVisits): GraphPath {
  const from = requireNode(db, query.from, 'from');
  const to = requireNode(db, query.to, 'to');
  const answer = (path: Key[], edges: GraphEdge[], exhaustive: boolean): GraphPath => {
    const position = new Map(path.map((k, i) => [k, i]));
    const { nodes } = describe(db, path, (k) => position.get(k)!);
    return { from, to, found: path.length > 0, length: path.length ? edges.length : null, nodes, edges, exhaustive };
  };
  if (from === to) return answer([from], [], true);

  const forward = new Map<Key, Visit>([[from, { parent: null, edge: null, dist: 0 }]]);
  const backward = new Map<Key, Visit>([[to, { parent: null, edge: null, dist: 0 }]]);
  let forwardFrontier = [from];
  let backwardFrontier = [to];
  let forwardDepth = 0;
  let backwardDepth = 0;
  let exhaustive = true;

  while (forwardFrontier.length && backwardFrontier.length && forwardDepth + backwardDepth < query.maxDepth) {
    const isForward = forwardFrontier.length <= backwardFrontier.length;
    const [frontier, mine, other] = isForward ? [forwardFrontier, forward, backward] : [backwardFrontier, backward, forward];
    const dist = (isForward ? forwardDepth : backwardDepth) + 1;
    const next: Key[] = [];
    let meeting: { at: Key; length: number } | undefined;
    let spent = false;
    for (let i = 0; i < frontier.length && !spent; i += BATCH) {
      const batch = frontier.slice(i, i + BATCH);
      const hop = expand(db, batch, perNode);
      if (hop.caps.size) exhaustive = false;
      for (const node of batch) {
        for (const step of hop.steps.get(node) ?? []) {
          if (mine.has(step.to)) continue;
          mine.set(step.to, { parent: node, edge: step.edge, dist });
          next.push(step.to);
          const there = other.get(step.to);
          if (there && (!meeting || dist + there.dist < meeting.length)) meeting = { at: step.to, length: dist + there.dist };
        }
      }
      // The visit bound holds inside a level too: one level of a hub's frontier can be large.
      spent = forward.size + backward.size > maxVisits;
    }
    if (spent) exhaustive = false;
    if (meeting) {
      const left: Key[] = [];
      for (let k: Key | null = meeting.at; k; k = forward.get(k)!.parent) left.unshift(k);
      const right: Key[] = [];
      for (let k = backward.get(meeting.at)!.parent; k; k = backward.get(k)!.parent) right.push(k);
      // Each visit holds the edge to its parent: forward ones point back to `from`, backward ones on to `to`.
      const edges = [...left.slice(1).map((k) => forward.get(k)!.edge!), ...[meeting.at, ...right].slice(0, -1).map((k) => backward.get(k)!.edge!)];
      return answer([...left, ...right], edges, exhaustive);
    }
    if (spent) break;
    if (isForward) {
      forwardFrontier = next;
      forwardDepth++;
    } else {
      backwardFrontier = next;
      backwardDepth++;
    }
  }
  return answer([], [], exhaustive);
}
