// The graph walks: the neighbourhood of one entity (breadth-first) and the shortest connection between
// two (bidirectional breadth-first). A hop expands a batch of frontier nodes with ONE prepared
// statement: per node, its own row and, per relation, its first `perNode + 1` rows read from an index
// range by a correlated subquery, all handed back as one JSON array. So a hub with a million claims
// costs what an ordinary node does, and a batch one statement, not one per node and relation. An
// answer then needs one statement for the bodies of the nodes the walk did not expand and one for the
// edges among them it has not seen. Never a recursive CTE over a union of edge tables: SQLite cannot
// push the start node into such a view and scans every claim.
import { type SQL, type SQLWrapper, fillPlaceholders, sql } from 'drizzle-orm';
import { type SQLiteColumn, SQLiteSyncDialect, type SQLiteTable } from 'drizzle-orm/sqlite-core';
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
  NODE_KINDS,
  type NodeKind,
  type PathQuery,
  parseNodeRef,
} from '../../schemas/graph.ts';
import { exists } from './references.ts';

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
type LinkType = (typeof t.claimLinks.$inferSelect)['type'];
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
const CLAIM_LINK_TYPES: EdgeType[] = ['supports', 'contradicts', 'denies', 'repeats'];

const TYPE_LABELS = Object.fromEntries(EDGE_TYPES.map((type) => [type, type.replaceAll('_', ' ')])) as Record<
  EdgeType,
  string
>;
const TYPE_RANKS = Object.fromEntries(EDGE_TYPES.map((type, i) => [type, i])) as Record<EdgeType, number>;

function edge(type: EdgeType, source: Key, target: Key, role: string | null = null): GraphEdge {
  return {
    id: `${source}|${type}|${target}${role ? `|${role}` : ''}`,
    source,
    target,
    type,
    role,
    label: role ?? TYPE_LABELS[type],
  };
}

function relationEdge(fromEventId: string, stored: RelationType, toEventId: string): GraphEdge {
  const { type, reversed } = CANONICAL[stored];
  const from = key('event', fromEventId);
  const to = key('event', toEventId);
  return reversed ? edge(type, to, from) : edge(type, from, to);
}

const otherEnd = (e: GraphEdge, from: Key) => (e.source === from ? e.target : e.source);

// ---------------------------------------------------------------- the relations a hop walks

const dialect = new SQLiteSyncDialect();
const commas = (parts: SQLWrapper[]) => sql.join(parts, sql`, `);
/** The node a statement is at: `j` walks ids of one kind, given as one JSON array so that a statement is prepared once whatever their number. */
const NODE = sql`j.value`;
const is = (column: SQLiteColumn) => sql`${column} = ${NODE}`;
/**
 * A relation's rows for the node NODE, given the LIMIT. The limit and the time key are written into
 * the statement, not bound: with the sqlite_stat4 statistics ANALYZE leaves, SQLite recompiles a
 * statement every time a value it plans with (a LIMIT, a bound compared with an index) is bound,
 * which for the hop statement costs more than running it.
 */
type Rows = (limit: SQL) => SQL;
const UNKNOWN = sql.raw(`'${UNKNOWN_TIME_KEY}'`);

/**
 * Per node: the first `limit` rows of `table` whose `column` is the node (and `where` holds), in
 * `column, ...order` order, as a JSON array of `[column, ...]` arrays. An index range read up to its
 * LIMIT, so the cost does not grow with the node's degree. json_group_array takes the LIMITed
 * subquery's rows in order.
 */
function firstRows(
  table: SQLiteTable,
  column: SQLiteColumn,
  columns: SQLiteColumn[],
  order: SQLiteColumn[] = [],
  options: { where?: SQL; distinct?: boolean } = {},
): Rows {
  const names = columns.map((_, i) => sql.raw(`c${i}`));
  const select = commas(columns.map((c, i) => sql`${c} AS ${names[i]}`));
  const where = options.where ? sql`${is(column)} AND ${options.where}` : is(column);
  return (limit) =>
    sql`(SELECT json_group_array(json_array(${commas(names)})) FROM (SELECT ${options.distinct ? sql`DISTINCT ` : sql``}${select} FROM ${table} WHERE ${where} ORDER BY ${commas([column, ...order])} LIMIT ${limit}))`;
}

/** Per node: the newest `limit` rows (by `sortKey`) whose `column` is the node, dated ones first and undated ones after them, on a (column, sortKey) index. */
function newestRows(table: SQLiteTable, id: SQLiteColumn, column: SQLiteColumn, sortKey: SQLiteColumn): Rows {
  const part = (range: SQL, direction: SQL, limit: SQL) =>
    sql`SELECT * FROM (SELECT ${id} AS c0 FROM ${table} WHERE ${column} = ${NODE} AND ${range} ORDER BY ${column} ${direction}, ${sortKey} ${direction} LIMIT ${limit})`;
  return (limit) => {
    const dated = part(sql`${sortKey} < ${UNKNOWN}`, sql`DESC`, limit);
    const undated = part(sql`${sortKey} >= ${UNKNOWN}`, sql`ASC`, limit);
    return sql`(SELECT json_group_array(json_array(c0)) FROM (${dated} UNION ALL ${undated} LIMIT ${limit}))`;
  };
}

/** One row of a relation: the columns its `rows` select, in order (ids, roles and types; a node's own row also has 0/1 flags). */
type Entry = Array<string | null>;

/** What a node's own row holds (its body, and what it points at), by kind; one column list for the hop and for the nodes. */
const BODY_COLUMNS = {
  actor: [t.actors.id, t.actors.name, t.actors.kind],
  location: [t.locations.id, t.locations.name, t.locations.kind, t.locations.parentId],
  event: [
    t.events.id,
    t.events.title,
    t.events.kind,
    t.events.status,
    t.events.timeText,
    t.events.timeStart,
    t.events.timeEnd,
    t.events.timePrecision,
    t.events.timeApproximate,
    t.events.locationId,
  ],
  claim: [
    t.claims.id,
    t.claims.text,
    t.claims.stance,
    t.claims.mode,
    t.claims.saidText,
    t.claims.saidStart,
    t.claims.saidEnd,
    t.claims.saidPrecision,
    t.claims.saidApproximate,
    t.claims.speakerId,
    t.claims.reportedById,
    t.claims.respondsToId,
    t.claims.sourceId,
  ],
  source: [t.sources.id, t.sources.title, t.sources.publisher, t.sources.publishedAt],
} satisfies Record<NodeKind, SQLiteColumn[]>;
type Time = [
  text: string | null,
  start: string | null,
  end: string | null,
  precision: (typeof t.events.$inferSelect)['timePrecision'],
  approximate: 0 | 1,
];
type BodyRow = {
  actor: [id: string, name: string, kind: (typeof t.actors.$inferSelect)['kind']];
  location: [id: string, name: string, kind: (typeof t.locations.$inferSelect)['kind'], parentId: string | null];
  event: [
    id: string,
    title: string,
    kind: string,
    status: (typeof t.events.$inferSelect)['status'],
    ...Time,
    locationId: string | null,
  ];
  claim: [
    id: string,
    text: string,
    stance: (typeof t.claims.$inferSelect)['stance'],
    mode: (typeof t.claims.$inferSelect)['mode'],
    ...Time,
    speakerId: string,
    reportedById: string | null,
    respondsToId: string | null,
    sourceId: string,
  ];
  source: [id: string, title: string, publisher: string | null, publishedAt: string];
};
const TABLES = { actor: t.actors, location: t.locations, event: t.events, claim: t.claims, source: t.sources };
/** Per kind, the node's own row as a hop reads it (so an expanded node's body is not read again). */
const SELF = Object.fromEntries(
  NODE_KINDS.map((kind) => [kind, firstRows(TABLES[kind], TABLES[kind].id, BODY_COLUMNS[kind])]),
) as Record<NodeKind, Rows>;
/** A relation a node of kind `from` is walked along: what `rows` reads and the edge each row draws (null: none). */
type Relation = {
  from: NodeKind;
  rows: Rows;
  types: EdgeType[];
  direction: Direction;
  edge: (node: Key, row: Entry) => GraphEdge | null;
};
const relation = (
  from: NodeKind,
  rows: Rows,
  types: EdgeType[],
  direction: Direction,
  draw: Relation['edge'],
): Relation => ({ from, rows, types, direction, edge: draw });
const {
  claims,
  claimEvents,
  claimActors,
  claimLinks,
  eventParticipants: participants,
  eventRelations: relations,
  affiliations,
  evidenceSpans: spans,
} = t;
const eventSpans = sql`${spans.subjectType} = 'event'`;

/**
 * Every relation, per kind in the order a node's neighbours are taken (which decides who is kept under
 * the node limit). Those on SELF read the node's own row (BODY_COLUMNS): a claim's 9 speaker, 10 outlet,
 * 11 answered claim, 12 source; an event's 9 location; a location's 3 parent.
 */
const RELATIONS = {
  actorSaid: relation(
    'actor',
    newestRows(claims, claims.id, claims.speakerId, claims.saidSortAsc),
    ['said'],
    'outgoing',
    (node, [claim]) => edge('said', node, key('claim', claim!)),
  ),
  actorEvents: relation(
    'actor',
    firstRows(participants, participants.actorId, [participants.eventId, participants.role], [participants.eventId]),
    ['participated'],
    'outgoing',
    (node, [event, role]) => edge('participated', node, key('event', event!), role),
  ),
  actorMentions: relation(
    'actor',
    newestRows(claimActors, claimActors.claimId, claimActors.actorId, claimActors.saidSortAsc),
    ['about'],
    'incoming',
    (node, [claim]) => edge('about', key('claim', claim!), node),
  ),
  actorRelayed: relation(
    'actor',
    newestRows(claims, claims.id, claims.reportedById, claims.saidSortAsc),
    ['reported_by'],
    'incoming',
    (node, [claim]) => edge('reported_by', key('claim', claim!), node),
  ),
  actorAffiliations: relation(
    'actor',
    firstRows(
      affiliations,
      affiliations.actorId,
      [affiliations.organizationId, affiliations.role],
      [affiliations.position],
    ),
    ['affiliated_with'],
    'outgoing',
    (node, [org, role]) => edge('affiliated_with', node, key('actor', org!), role),
  ),
  actorMembers: relation(
    'actor',
    firstRows(affiliations, affiliations.organizationId, [affiliations.actorId, affiliations.role]),
    ['affiliated_with'],
    'incoming',
    (node, [member, role]) => edge('affiliated_with', key('actor', member!), node, role),
  ),

  claimSpeaker: relation('claim', SELF.claim, ['said'], 'incoming', (node, row) =>
    edge('said', key('actor', row[9]!), node),
  ),
  claimEvents: relation(
    'claim',
    firstRows(claimEvents, claimEvents.claimId, [claimEvents.eventId], [claimEvents.position]),
    ['about'],
    'outgoing',
    (node, [event]) => edge('about', node, key('event', event!)),
  ),
  claimActors: relation(
    'claim',
    firstRows(claimActors, claimActors.claimId, [claimActors.actorId], [claimActors.position]),
    ['about'],
    'outgoing',
    (node, [actor]) => edge('about', node, key('actor', actor!)),
  ),
  claimOutlet: relation('claim', SELF.claim, ['reported_by'], 'outgoing', (node, row) =>
    row[10] ? edge('reported_by', node, key('actor', row[10])) : null,
  ),
  claimAnswered: relation('claim', SELF.claim, ['responds_to'], 'outgoing', (node, row) =>
    row[11] ? edge('responds_to', node, key('claim', row[11])) : null,
  ),
  claimAnswers: relation(
    'claim',
    firstRows(claims, claims.respondsToId, [claims.id]),
    ['responds_to'],
    'incoming',
    (node, [answer]) => edge('responds_to', key('claim', answer!), node),
  ),
  claimLinksFrom: relation(
    'claim',
    firstRows(
      claimLinks,
      claimLinks.fromClaimId,
      [claimLinks.type, claimLinks.toClaimId],
      [claimLinks.type, claimLinks.toClaimId],
    ),
    CLAIM_LINK_TYPES,
    'outgoing',
    (node, [type, to]) => edge(type as LinkType, node, key('claim', to!)),
  ),
  claimLinksTo: relation(
    'claim',
    firstRows(claimLinks, claimLinks.toClaimId, [claimLinks.fromClaimId, claimLinks.type]),
    CLAIM_LINK_TYPES,
    'incoming',
    (node, [from, type]) => edge(type as LinkType, key('claim', from!), node),
  ),
  claimSource: relation('claim', SELF.claim, ['extracted_from'], 'outgoing', (node, row) =>
    edge('extracted_from', node, key('source', row[12]!)),
  ),

  eventParticipants: relation(
    'event',
    firstRows(participants, participants.eventId, [participants.actorId, participants.role], [participants.position]),
    ['participated'],
    'incoming',
    (node, [actor, role]) => edge('participated', key('actor', actor!), node, role),
  ),
  eventMentions: relation(
    'event',
    newestRows(claimEvents, claimEvents.claimId, claimEvents.eventId, claimEvents.saidSortAsc),
    ['about'],
    'incoming',
    (node, [claim]) => edge('about', key('claim', claim!), node),
  ),
  eventLocation: relation('event', SELF.event, ['located_in'], 'outgoing', (node, row) =>
    row[9] ? edge('located_in', node, key('location', row[9])) : null,
  ),
  eventRelationsFrom: relation(
    'event',
    firstRows(
      relations,
      relations.fromEventId,
      [relations.type, relations.toEventId],
      [relations.type, relations.toEventId],
    ),
    EVENT_RELATION_TYPES,
    'outgoing',
    (node, [type, to]) => relationEdge(idOf(node), type as RelationType, to!),
  ),
  eventRelationsTo: relation(
    'event',
    firstRows(relations, relations.toEventId, [relations.fromEventId, relations.type]),
    EVENT_RELATION_TYPES,
    'incoming',
    (node, [from, type]) => relationEdge(from!, type as RelationType, idOf(node)),
  ),
  eventSources: relation(
    'event',
    firstRows(spans, spans.subjectId, [spans.sourceId], [spans.sourceId], { where: eventSpans, distinct: true }),
    ['extracted_from'],
    'outgoing',
    (node, [source]) => edge('extracted_from', node, key('source', source!)),
  ),

  locationParent: relation('location', SELF.location, ['within'], 'outgoing', (node, row) =>
    row[3] ? edge('within', node, key('location', row[3])) : null,
  ),
  locationChildren: relation(
    'location',
    firstRows(t.locations, t.locations.parentId, [t.locations.id]),
    ['within'],
    'incoming',
    (node, [child]) => edge('within', key('location', child!), node),
  ),
  locationEvents: relation(
    'location',
    newestRows(t.events, t.events.id, t.events.locationId, t.events.timeSortAsc),
    ['located_in'],
    'incoming',
    (node, [event]) => edge('located_in', key('event', event!), node),
  ),

  sourceClaims: relation(
    'source',
    newestRows(claims, claims.id, claims.sourceId, claims.saidSortAsc),
    ['extracted_from'],
    'incoming',
    (node, [claim]) => edge('extracted_from', key('claim', claim!), node),
  ),
  sourceEvents: relation(
    'source',
    firstRows(spans, spans.sourceId, [spans.subjectId], [], { where: eventSpans, distinct: true }),
    ['extracted_from'],
    'incoming',
    (node, [event]) => edge('extracted_from', key('event', event!), node),
  ),
} satisfies Record<string, Relation>;
type RelationName = keyof typeof RELATIONS;

/** A relation as a hop walks it: `slot` is where its rows stand in the JSON array a hop reads per node. */
type Walked = Relation & { name: RelationName; slot: number };
/**
 * Per kind: the node's own row (slot 0), then the distinct `rows` of its relations (relations reading
 * the node's row share it), and the relations in walk order.
 */
const WALK = Object.fromEntries(
  NODE_KINDS.map((kind) => {
    const relations = Object.entries(RELATIONS).filter(([, r]) => r.from === kind);
    const slots = [...new Set([SELF[kind], ...relations.map(([, r]) => r.rows)])];
    return [
      kind,
      { slots, relations: relations.map(([name, r]) => ({ ...r, name, slot: slots.indexOf(r.rows) }) as Walked) },
    ];
  }),
) as Record<NodeKind, { slots: Rows[]; relations: Walked[] }>;

/**
 * The hop statement for one LIMIT (there is one in practice: the per-node cap plus one): per node of
 * each kind, `[id, kind, JSON]` where the JSON array holds each slot's rows, so a node is one row and
 * one JSON.parse. The slots are JSON arrays already, so joining their text makes the array.
 */
const hopStatements = new Map<number, { sql: string; params: unknown[] }>();
function hopStatement(limit: number) {
  let statement = hopStatements.get(limit);
  if (!statement) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a row limit: ${limit}`);
    const arms = NODE_KINDS.map((kind) => {
      const slots = WALK[kind].slots.map((rows) => sql`coalesce(${rows(sql.raw(String(limit)))}, '[]')`);
      return sql`SELECT j.value, ${sql.raw(`'${kind}'`)}, '[' || ${sql.join(slots, sql` || ',' || `)} || ']' FROM json_each(${sql.placeholder(kind)}) AS j`;
    });
    hopStatements.set(limit, (statement = dialect.sqlToQuery(sql.join(arms, sql` UNION ALL `))));
  }
  return statement;
}

// ---------------------------------------------------------------- one hop

/** The neighbours of a batch of nodes, each node's in a fixed order, cut to `perNode` per relation. */
class Hop {
  readonly steps = new Map<Key, Step[]>();
  readonly caps = new Map<Key, Cap[]>();
  /** `relation|node` for each relation cut at a node: the walk did not see all of its edges. */
  readonly cut: string[] = [];
  /** The nodes' own rows. */
  readonly bodies = new Map<Key, Entry>();

  constructor(readonly perNode: number) {}

  /** Adds one node's rows of one relation (read with limit perNode + 1), noting a cap when there were more. */
  add(from: Key, relation: Walked, rows: Entry[]) {
    if (rows.length > this.perNode) {
      const caps = this.caps.get(from) ?? [];
      caps.push({ node: from, types: relation.types, direction: relation.direction, shown: this.perNode });
      this.caps.set(from, caps);
      this.cut.push(`${relation.name}|${from}`);
    }
    let steps = this.steps.get(from);
    if (!steps) this.steps.set(from, (steps = []));
    for (let i = 0; i < rows.length && i < this.perNode; i++) {
      const e = relation.edge(from, rows[i]!);
      if (e) steps.push({ to: otherEnd(e, from), edge: e });
    }
  }
}

type Ids = Record<NodeKind, string[]>;
function idsOf(keys: Key[]): Ids {
  const ids: Ids = { actor: [], location: [], event: [], claim: [], source: [] };
  for (const k of keys) ids[kindOf(k)].push(idOf(k));
  return ids;
}
/** Ids per kind as the JSON arrays the statements take. */
const jsonIds = (ids: Ids): Record<NodeKind, string> => ({
  actor: JSON.stringify(ids.actor),
  location: JSON.stringify(ids.location),
  event: JSON.stringify(ids.event),
  claim: JSON.stringify(ids.claim),
  source: JSON.stringify(ids.source),
});

function expand(db: Db, keys: Key[], perNode: number): Hop {
  const hop = new Hop(perNode);
  const statement = hopStatement(perNode + 1);
  const found = new Map<Key, Entry[][]>();
  for (const [id, kind, slots] of db.$client
    .prepare(statement.sql)
    .raw(true)
    .all(...fillPlaceholders(statement.params, jsonIds(idsOf(keys)))) as Array<[string, NodeKind, string]>) {
    found.set(key(kind, id), JSON.parse(slots) as Entry[][]);
  }
  for (const node of keys) {
    const slots = found.get(node);
    if (!slots?.[0]?.length) continue;
    hop.bodies.set(node, slots[0][0]!);
    for (const relation of WALK[kindOf(node)].relations) {
      const rows = slots[relation.slot]!;
      if (rows.length) hop.add(node, relation, rows);
    }
  }
  return hop;
}

/** What a neighbourhood walk saw besides the nodes it kept: every edge of the nodes it expanded, and where it saw only some. */
class Walk {
  readonly edges: GraphEdge[] = [];
  /** The expanded nodes' own rows: every edge such a row names is in `edges`. */
  readonly bodies = new Map<Key, Entry>();
  readonly #cut = new Set<string>();

  learn(hop: Hop) {
    for (const [node, body] of hop.bodies) {
      this.bodies.set(node, body);
      for (const step of hop.steps.get(node) ?? []) this.edges.push(step.edge);
    }
    for (const cut of hop.cut) this.#cut.add(cut);
  }

  /** Whether every edge `relation` draws at `node` is in `edges`. */
  knows(node: Key, relation: RelationName): boolean {
    return this.bodies.has(node) && !this.#cut.has(`${relation}|${node}`);
  }
}

// ---------------------------------------------------------------- nodes and the edges among them

const shorten = (text: string) => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text);

/** Node bodies of every kind in one statement: per kind, its rows as one JSON array (parsed faster than bound row by row). */
const BODIES = dialect.sqlToQuery(
  sql.join(
    NODE_KINDS.map(
      (kind) =>
        sql`SELECT ${sql.raw(`'${kind}'`)}, json_group_array(json_array(${commas(BODY_COLUMNS[kind])})) FROM json_each(${sql.placeholder(kind)}) AS j JOIN ${TABLES[kind]} ON ${is(TABLES[kind].id)}`,
    ),
    sql` UNION ALL `,
  ),
);

type Link = (type: EdgeType, source: Key, target: Key) => void;
type Body<K extends NodeKind> = {
  build: (k: Key, row: BodyRow[K], depth: number) => GraphNode;
  names?: (k: Key, row: BodyRow[K], link: Link) => void;
};
/** Per kind: the node a row makes, and the edges the row names (a claim's speaker, outlet, answered claim and source, ...). */
const BODY: { [K in NodeKind]: Body<K> } = {
  actor: {
    build: (k, [id, name, actorKind], depth) => ({
      id: k,
      kind: 'actor',
      entityId: id,
      label: shorten(name),
      depth,
      actorKind,
    }),
  },
  location: {
    build: (k, [id, name, locationKind], depth) => ({
      id: k,
      kind: 'location',
      entityId: id,
      label: shorten(name),
      depth,
      locationKind,
    }),
    names: (k, [, , , parentId], link) => {
      if (parentId) link('within', k, key('location', parentId));
    },
  },
  event: {
    build: (k, [id, title, eventKind, status, text, start, end, precision, approximate], depth) => ({
      id: k,
      kind: 'event',
      entityId: id,
      label: shorten(title),
      depth,
      eventKind,
      status,
      time: { text, start, end, precision, approximate: approximate === 1 },
    }),
    names: (k, row, link) => {
      if (row[9]) link('located_in', k, key('location', row[9]));
    },
  },
  claim: {
    build: (k, [id, text, stance, mode, saidText, start, end, precision, approximate], depth) => ({
      id: k,
      kind: 'claim',
      entityId: id,
      label: shorten(text),
      depth,
      stance,
      mode,
      saidAt: { text: saidText, start, end, precision, approximate: approximate === 1 },
    }),
    names: (k, [, , , , , , , , , speakerId, reportedById, respondsToId, sourceId], link) => {
      link('said', key('actor', speakerId), k);
      if (reportedById) link('reported_by', k, key('actor', reportedById));
      if (respondsToId) link('responds_to', k, key('claim', respondsToId));
      link('extracted_from', k, key('source', sourceId));
    },
  },
  source: {
    build: (k, [id, title, publisher, publishedAt], depth) => ({
      id: k,
      kind: 'source',
      entityId: id,
      label: shorten(title),
      depth,
      publisher,
      publishedAt,
    }),
  },
};

/**
 * The nodes, in the order of `keys`, from the rows in `known` (read by the walk) and one statement for
 * the rest. `link` is offered the edges the rows read here name.
 */
function nodesOf(
  db: Db,
  keys: Key[],
  depthOf: (k: Key) => number,
  known: Map<Key, Entry> = new Map(),
  link?: Link,
): GraphNode[] {
  const read = new Map<Key, Entry>();
  const missing = keys.filter((k) => !known.has(k));
  if (missing.length) {
    for (const [kind, rows] of db.$client
      .prepare(BODIES.sql)
      .raw(true)
      .all(...fillPlaceholders(BODIES.params, jsonIds(idsOf(missing)))) as Array<[NodeKind, string]>) {
      const body = BODY[kind] as Body<NodeKind>;
      for (const row of JSON.parse(rows) as Array<BodyRow[NodeKind]>) {
        const k = key(kind, row[0]);
        read.set(k, row as Entry);
        if (link) body.names?.(k, row, link);
      }
    }
  }
  return keys.flatMap((k) => {
    const row = known.get(k) ?? read.get(k);
    return row ? [(BODY[kindOf(k)] as Body<NodeKind>).build(k, row as BodyRow[NodeKind], depthOf(k))] : [];
  });
}

/**
 * The stored edges at a set of nodes that their own rows do not name, one arm per link table, each
 * row `[arm, source id, target id, type, role]`. An arm starts from the end whose edges of that kind
 * are few (bounded by the write schemas: an event's participants, a claim's about lists, ...) and is
 * asked only about the nodes whose edges of that kind the walk has not seen all of (`from`: the
 * relation that walks them from that end). The other end is checked in JS.
 */
const amongArm = (
  i: number,
  table: SQLiteTable,
  probe: SQLiteColumn,
  source: SQLiteColumn,
  target: SQLiteColumn,
  type: SQL,
  role: SQL,
  where?: SQL,
) =>
  sql`SELECT ${sql.raw(String(i))}, ${source}, ${target}, ${type}, ${role} FROM json_each(${sql.placeholder(String(i))}) AS j JOIN ${table} ON ${is(probe)}${where ? sql` AND ${where}` : sql``}`;
/** `source`, `target`: the kinds at the edge's ends; `from`: the relation that walks the arm's probed end. */
const EDGES_AMONG: Array<{ source: NodeKind; target: NodeKind; from: RelationName; sql: SQL }> = [
  {
    source: 'actor',
    target: 'actor',
    from: 'actorAffiliations',
    sql: amongArm(
      0,
      t.affiliations,
      t.affiliations.actorId,
      t.affiliations.actorId,
      t.affiliations.organizationId,
      sql`'affiliated_with'`,
      sql`${t.affiliations.role}`,
    ),
  },
  {
    source: 'event',
    target: 'event',
    from: 'eventRelationsFrom',
    sql: amongArm(
      1,
      t.eventRelations,
      t.eventRelations.fromEventId,
      t.eventRelations.fromEventId,
      t.eventRelations.toEventId,
      sql`${t.eventRelations.type}`,
      sql`NULL`,
    ),
  },
  {
    source: 'actor',
    target: 'event',
    from: 'eventParticipants',
    sql: amongArm(
      2,
      t.eventParticipants,
      t.eventParticipants.eventId,
      t.eventParticipants.actorId,
      t.eventParticipants.eventId,
      sql`'participated'`,
      sql`${t.eventParticipants.role}`,
    ),
  },
  // One row per span: several spans of a source name the same event, and the edge is drawn once.
  {
    source: 'event',
    target: 'source',
    from: 'eventSources',
    sql: amongArm(
      3,
      t.evidenceSpans,
      t.evidenceSpans.subjectId,
      t.evidenceSpans.subjectId,
      t.evidenceSpans.sourceId,
      sql`'extracted_from'`,
      sql`NULL`,
      eventSpans,
    ),
  },
  {
    source: 'claim',
    target: 'event',
    from: 'claimEvents',
    sql: amongArm(
      4,
      t.claimEvents,
      t.claimEvents.claimId,
      t.claimEvents.claimId,
      t.claimEvents.eventId,
      sql`'about'`,
      sql`NULL`,
    ),
  },
  {
    source: 'claim',
    target: 'actor',
    from: 'claimActors',
    sql: amongArm(
      5,
      t.claimActors,
      t.claimActors.claimId,
      t.claimActors.claimId,
      t.claimActors.actorId,
      sql`'about'`,
      sql`NULL`,
    ),
  },
  {
    source: 'claim',
    target: 'claim',
    from: 'claimLinksFrom',
    sql: amongArm(
      6,
      t.claimLinks,
      t.claimLinks.fromClaimId,
      t.claimLinks.fromClaimId,
      t.claimLinks.toClaimId,
      sql`${t.claimLinks.type}`,
      sql`NULL`,
    ),
  },
];
const AMONG = dialect.sqlToQuery(
  sql.join(
    EDGES_AMONG.map((arm) => arm.sql),
    sql` UNION ALL `,
  ),
);

/** Node bodies and every edge between two of the given nodes: the walk's own, those the rows name, and the rest in one statement. */
function describe(
  db: Db,
  keys: Key[],
  depthOf: (k: Key) => number,
  walk: Walk,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const has = new Set(keys);
  const edges = new Map<string, GraphEdge>();
  const add = (e: GraphEdge) => {
    if (has.has(e.source) && has.has(e.target)) edges.set(e.id, e);
  };
  for (const e of walk.edges) add(e);
  const nodes = nodesOf(db, keys, depthOf, walk.bodies, (type, source, target) => {
    if (has.has(source) && has.has(target)) {
      const e = edge(type, source, target);
      edges.set(e.id, e);
    }
  });

  if (keys.length > 1) {
    const byKind: Record<NodeKind, Key[]> = { actor: [], location: [], event: [], claim: [], source: [] };
    for (const k of keys) byKind[kindOf(k)].push(k);
    const unseen = (kind: NodeKind, relation: RelationName) => {
      const ids: string[] = [];
      for (const k of byKind[kind]) if (!walk.knows(k, relation)) ids.push(idOf(k));
      return JSON.stringify(ids);
    };
    const params = Object.fromEntries(
      EDGES_AMONG.map((arm, i) => [String(i), unseen(RELATIONS[arm.from].from, arm.from)]),
    );
    for (const [arm, from, to, type, role] of db.$client
      .prepare(AMONG.sql)
      .raw(true)
      .all(...fillPlaceholders(AMONG.params, params)) as Array<[number, string, string, string, string | null]>) {
      const { source, target } = EDGES_AMONG[arm]!;
      add(
        arm === 1
          ? relationEdge(from, type as RelationType, to)
          : edge(type as EdgeType, key(source, from), key(target, to), role),
      );
    }
  }

  // Edges in the order of the nodes they join, so an answer reads (and diffs) the same every time.
  const position = new Map(keys.map((k, i) => [k, i]));
  const ranked = [...edges.values()].map((e) => {
    const [a, b] = [position.get(e.source)!, position.get(e.target)!];
    return { e, first: Math.min(a, b), second: Math.max(a, b), type: TYPE_RANKS[e.type] };
  });
  ranked.sort(
    (x, y) =>
      x.first - y.first || x.second - y.second || x.type - y.type || (x.e.id < y.e.id ? -1 : x.e.id > y.e.id ? 1 : 0),
  );
  return { nodes, edges: ranked.map((r) => r.e) };
}

/** The focus as a node key; a stored entity is required (the route's query check has said so already). */
function requireNode(db: Db, value: string, param: string): Key {
  const ref = parseNodeRef(value)!;
  if (!exists(db, ref.kind, ref.id))
    throw new InvalidRequestError([{ path: `query.${param}`, message: `no ${ref.kind} with id "${ref.id}"` }]);
  return key(ref.kind, ref.id);
}

// ---------------------------------------------------------------- the walks

/** The neighbourhood of `focus`, breadth-first to `depth` hops, at most `limit` nodes. */
export function neighbourhood(db: Db, query: GraphQuery, perNode: number = GRAPH_LIMITS.perNode): Graph {
  const focus = requireNode(db, query.focus, 'focus');
  const depthOf = new Map<Key, number>([[focus, 0]]);
  const order: Key[] = [focus];
  const caps: Cap[] = [];
  const seen = new Walk();
  let full = false;
  let frontier: Key[] = [focus];
  walk: for (let depth = 1; depth <= query.depth && frontier.length; depth++) {
    const next: Key[] = [];
    for (let i = 0; i < frontier.length; i += BATCH) {
      const batch = frontier.slice(i, i + BATCH);
      const hop = expand(db, batch, perNode);
      seen.learn(hop);
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
  const { nodes, edges } = describe(db, order, (k) => depthOf.get(k)!, seen);
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
export function shortestPath(
  db: Db,
  query: PathQuery,
  perNode: number = GRAPH_LIMITS.perNode,
  maxVisits: number = GRAPH_LIMITS.maxPathVisits,
): GraphPath {
  const from = requireNode(db, query.from, 'from');
  const to = requireNode(db, query.to, 'to');
  const answer = (path: Key[], edges: GraphEdge[], exhaustive: boolean): GraphPath => {
    const position = new Map(path.map((k, i) => [k, i]));
    const nodes = nodesOf(db, path, (k) => position.get(k)!);
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
    const [frontier, mine, other] = isForward
      ? [forwardFrontier, forward, backward]
      : [backwardFrontier, backward, forward];
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
          if (there && (!meeting || dist + there.dist < meeting.length))
            meeting = { at: step.to, length: dist + there.dist };
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
      const edges = [
        ...left.slice(1).map((k) => forward.get(k)!.edge!),
        ...[meeting.at, ...right].slice(0, -1).map((k) => backward.get(k)!.edge!),
      ];
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
