// The event graph's tables. drizzle-kit generates migrations/ from this file (npm run db:generate).
//
// Times (TimeSpec) are stored as columns, not JSON, so that interval-overlap filters
// (`start <= :to AND end >= :from`) and time sorting run on indexes. Each timed table also has
// two generated sort keys that put unknown times last in either direction, so keyset pages can
// walk one index (`sort_key, id`) whatever the sort order, and generated interval bounds `lo`/`hi`
// (an open side unbounded; NULL when the time is wholly unknown, so such rows never match a range).
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { spanClass } from './span-class.ts';

export type StoredTimeSpec = {
  text: string | null;
  start: string | null;
  end: string | null;
  precision: 'day' | 'month' | 'season' | 'year' | 'decade' | 'unknown';
  approximate: boolean;
};

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const sources = sqliteTable(
  'sources',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    publisher: text('publisher'),
    url: text('url'),
    publishedAt: text('published_at').notNull(),
    language: text('language').notNull(),
    text: text('text').notNull(),
    /** sha256 of the text: importing the same text twice is a conflict, not a duplicate. */
    textHash: text('text_hash').notNull(),
    /**
     * sourceTextKey (text/names.ts) of the text: the same article after NFC, line endings, runs of
     * spaces and trimming. NULL only on a source stored before the key existed whose text another
     * older source already has (the migration keys the first of them).
     */
    textKey: text('text_key'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sources_text_hash_uq').on(t.textHash),
    uniqueIndex('sources_text_key_uq').on(t.textKey),
    index('sources_published_idx').on(t.publishedAt, t.id),
  ],
);

export const actors = sqliteTable(
  'actors',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: ['person', 'state', 'organization', 'military', 'media', 'group'],
    }).notNull(),
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [index('actors_kind_idx').on(t.kind, t.id), index('actors_name_idx').on(t.name)],
);

export const affiliations = sqliteTable(
  'affiliations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    organizationId: text('organization_id')
      .notNull()
      .references(() => actors.id),
    role: text('role').notNull(),
    from: text('from_time', { mode: 'json' }).$type<StoredTimeSpec | null>(),
    to: text('to_time', { mode: 'json' }).$type<StoredTimeSpec | null>(),
    position: integer('position').notNull(),
  },
  (t) => [
    index('affiliations_actor_idx').on(t.actorId, t.position),
    index('affiliations_org_idx').on(t.organizationId),
  ],
);

export const locations = sqliteTable(
  'locations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: ['country', 'region', 'district', 'city', 'site', 'route'],
    }).notNull(),
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    parentId: text('parent_id').references((): AnySQLiteColumn => locations.id),
    lat: real('lat'),
    lon: real('lon'),
    areaKm2: real('area_km2'),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [index('locations_kind_idx').on(t.kind, t.id), index('locations_parent_idx').on(t.parentId)],
);

/**
 * Transitive closure of the location hierarchy, self included (depth 0): "inside Azerbaijan" is one
 * indexed lookup instead of a recursive walk per query.
 */
export const locationAncestors = sqliteTable(
  'location_ancestors',
  {
    ancestorId: text('ancestor_id')
      .notNull()
      .references(() => locations.id),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    depth: integer('depth').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ancestorId, t.locationId] }),
    index('location_ancestors_location_idx').on(t.locationId),
  ],
);

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    description: text('description'),
    timeText: text('time_text'),
    timeStart: text('time_start'),
    timeEnd: text('time_end'),
    timePrecision: text('time_precision', {
      enum: ['day', 'month', 'season', 'year', 'decade', 'unknown'],
    }).notNull(),
    timeApproximate: integer('time_approximate', { mode: 'boolean' }).notNull(),
    timeSortAsc: text('time_sort_asc').generatedAlwaysAs(sql`coalesce(time_start, time_end, '9999-12-31')`, {
      mode: 'virtual',
    }),
    timeSortDesc: text('time_sort_desc').generatedAlwaysAs(sql`coalesce(time_start, time_end, '0000-00-00')`, {
      mode: 'virtual',
    }),
    timeLo: text('time_lo').generatedAlwaysAs(
      sql`CASE WHEN time_start IS NULL AND time_end IS NULL THEN NULL ELSE coalesce(time_start, '0000-00-00') END`,
      { mode: 'virtual' },
    ),
    timeHi: text('time_hi').generatedAlwaysAs(
      sql`CASE WHEN time_start IS NULL AND time_end IS NULL THEN NULL ELSE coalesce(time_end, '9999-12-31') END`,
      { mode: 'virtual' },
    ),
    status: text('status', { enum: ['occurred', 'ongoing', 'planned', 'cancelled'] }).notNull(),
    locationId: text('location_id').references(() => locations.id),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_sort_asc_idx').on(t.timeSortAsc, t.id),
    index('events_sort_desc_idx').on(t.timeSortDesc, t.id),
    index('events_span_asc_idx').on(spanClass(t.timeStart, t.timeEnd), t.timeSortAsc, t.id, t.timeHi),
    index('events_span_desc_idx').on(spanClass(t.timeStart, t.timeEnd), t.timeSortDesc, t.id, t.timeHi),
    index('events_lo_idx').on(t.timeLo),
    index('events_hi_idx').on(t.timeHi),
    index('events_location_idx').on(t.locationId, t.timeSortAsc),
    index('events_kind_idx').on(t.kind, t.timeSortAsc),
    index('events_status_idx').on(t.status, t.timeSortAsc),
    index('events_source_idx').on(t.sourceId),
  ],
);

export const eventParticipants = sqliteTable(
  'event_participants',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    role: text('role', {
      enum: ['agent', 'target', 'mediator', 'affected', 'participant'],
    }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.actorId, t.role] }),
    index('event_participants_actor_idx').on(t.actorId, t.eventId),
  ],
);

/**
 * Every place an event names, with its role (at, from, to, through), in the order given. The
 * event's `location_id` stays as its first `at` place (else its first) for readers of the single
 * `location`; the `location=` filters walk this table, so a withdrawal from one place to another is
 * found under either.
 */
export const eventLocations = sqliteTable(
  'event_locations',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    role: text('role', { enum: ['at', 'from', 'to', 'through'] }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.locationId, t.role] }),
    index('event_locations_location_idx').on(t.locationId, t.eventId),
  ],
);

export const eventQuantities = sqliteTable(
  'event_quantities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    value: real('value').notNull(),
    unit: text('unit').notNull(),
    text: text('text').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('event_quantities_event_idx').on(t.eventId, t.position)],
);

/** A typed link stored once, in the direction it was given; reads answer both directions. */
export const eventRelations = sqliteTable(
  'event_relations',
  {
    fromEventId: text('from_event_id')
      .notNull()
      .references(() => events.id),
    type: text('type', {
      enum: ['causes', 'caused_by', 'part_of', 'has_part', 'precedes', 'follows', 'ends', 'ended_by'],
    }).notNull(),
    toEventId: text('to_event_id')
      .notNull()
      .references(() => events.id),
  },
  (t) => [
    primaryKey({ columns: [t.fromEventId, t.type, t.toEventId] }),
    index('event_relations_to_idx').on(t.toEventId),
  ],
);

/** Where an actor, location or event is mentioned in a source (claims keep their one span inline). */
export const evidenceSpans = sqliteTable(
  'evidence_spans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectType: text('subject_type', { enum: ['actor', 'location', 'event'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    text: text('text').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    index('evidence_subject_idx').on(t.subjectType, t.subjectId, t.position),
    index('evidence_source_idx').on(t.sourceId, t.subjectType),
  ],
);

export const claims = sqliteTable(
  'claims',
  {
    id: text('id').primaryKey(),
    speakerId: text('speaker_id')
      .notNull()
      .references(() => actors.id),
    text: text('text').notNull(),
    mode: text('mode', { enum: ['direct_quote', 'reported_speech'] }).notNull(),
    stance: text('stance', {
      enum: ['states', 'reports', 'confirms', 'denies', 'rejects', 'alleges', 'accuses', 'criticizes'],
    }).notNull(),
    saidText: text('said_text'),
    saidStart: text('said_start'),
    saidEnd: text('said_end'),
    saidPrecision: text('said_precision', {
      enum: ['day', 'month', 'season', 'year', 'decade', 'unknown'],
    }).notNull(),
    saidApproximate: integer('said_approximate', { mode: 'boolean' }).notNull(),
    saidSortAsc: text('said_sort_asc').generatedAlwaysAs(sql`coalesce(said_start, said_end, '9999-12-31')`, {
      mode: 'virtual',
    }),
    saidSortDesc: text('said_sort_desc').generatedAlwaysAs(sql`coalesce(said_start, said_end, '0000-00-00')`, {
      mode: 'virtual',
    }),
    saidLo: text('said_lo').generatedAlwaysAs(
      sql`CASE WHEN said_start IS NULL AND said_end IS NULL THEN NULL ELSE coalesce(said_start, '0000-00-00') END`,
      { mode: 'virtual' },
    ),
    saidHi: text('said_hi').generatedAlwaysAs(
      sql`CASE WHEN said_start IS NULL AND said_end IS NULL THEN NULL ELSE coalesce(said_end, '9999-12-31') END`,
      { mode: 'virtual' },
    ),
    channel: text('channel'),
    reportedById: text('reported_by_id').references(() => actors.id),
    respondsToId: text('responds_to_id').references((): AnySQLiteColumn => claims.id),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    evidenceStart: integer('evidence_start').notNull(),
    evidenceEnd: integer('evidence_end').notNull(),
    evidenceText: text('evidence_text').notNull(),
    createdAt: createdAt(),
    /** How many sources carry the claim (rows of claim_appearances); kept by the claim's home in the write's transaction. */
    sourceCount: integer('source_count').notNull().default(1),
    /** Of those, how many after counting syndicated copies (the same evidence text, normalized) once. */
    independentSourceCount: integer('independent_source_count').notNull().default(1),
  },
  (t) => [
    index('claims_sort_asc_idx').on(t.saidSortAsc, t.id),
    // `?minSources=2` (and more) walks only the claims carried by several sources, in page order.
    index('claims_multi_source_asc_idx').on(t.saidSortAsc, t.id).where(sql`source_count > 1`),
    index('claims_multi_source_desc_idx').on(t.saidSortDesc, t.id).where(sql`source_count > 1`),
    index('claims_sort_desc_idx').on(t.saidSortDesc, t.id),
    index('claims_speaker_idx').on(t.speakerId, t.saidSortAsc, t.id),
    index('claims_speaker_desc_idx').on(t.speakerId, t.saidSortDesc, t.id),
    // From/to pages walk these per span class between bounds (queries/time.ts, rangeArms).
    index('claims_span_asc_idx').on(spanClass(t.saidStart, t.saidEnd), t.saidSortAsc, t.id, t.saidHi),
    index('claims_span_desc_idx').on(spanClass(t.saidStart, t.saidEnd), t.saidSortDesc, t.id, t.saidHi),
    index('claims_lo_idx').on(t.saidLo),
    index('claims_hi_idx').on(t.saidHi),
    index('claims_stance_idx').on(t.stance, t.saidSortAsc),
    index('claims_mode_idx').on(t.mode, t.saidSortAsc),
    index('claims_reported_by_idx').on(t.reportedById, t.saidSortAsc),
    index('claims_source_idx').on(t.sourceId, t.saidSortAsc),
    index('claims_responds_to_idx').on(t.respondsToId),
  ],
);

/**
 * Every source that carries a claim, with the words it reports it in: position 0 is where the claim
 * was first seen (its own source, evidence and outlet, kept equal to the claim row's by the claim's
 * home), later positions are the sources that repeated it (a bundle's `{ "appears": id }`). One
 * appearance per claim and source.
 */
export const claimAppearances = sqliteTable(
  'claim_appearances',
  {
    // A rowid of its own: rows are appended in the order they come, and the indexes below sort on their own.
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id),
    /** 0 for the first appearance, then in the order they were added. */
    position: integer('position').notNull(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    evidenceStart: integer('evidence_start').notNull(),
    evidenceEnd: integer('evidence_end').notNull(),
    evidenceText: text('evidence_text').notNull(),
    reportedById: text('reported_by_id').references(() => actors.id),
    /** The source's publishedAt (sources are never patched), so a page of appearances reads no source row for it. */
    publishedAt: text('published_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('claim_appearances_claim_uq').on(t.claimId, t.position),
    // One appearance per claim and source; also the claims a source carries (`?source=`, its counts).
    uniqueIndex('claim_appearances_source_uq').on(t.sourceId, t.claimId),
    // The outlets credited by repeats (a first appearance's outlet is its claim's reportedBy): what an
    // actor's rename, delete or merge must find without reading every appearance.
    index('claim_appearances_reported_by_idx')
      .on(t.reportedById)
      .where(sql`position > 0 AND reported_by_id IS NOT NULL`),
  ],
);

/**
 * The time columns of every claim whose saidAt is at least partly known, as plain columns: SQLite never
 * reads an index holding a VIRTUAL generated column as a covering index, so a from/to page over
 * claims_span_*_idx looks up the claim row of every entry it walks, while one over claim_times_*_idx
 * reads the index alone (queries/claims.ts, claimKeys). A wholly unknown saidAt never matches a range,
 * so such claims have no row. Written by triggers only (migrations/0009_claim_times_triggers.sql) on
 * insert, change of said_start/said_end, and delete of a claim.
 */
export const claimTimes = sqliteTable(
  'claim_times',
  {
    claimId: text('claim_id').primaryKey(),
    /** spanClass(said_start, said_end) (span-class.ts). */
    spanClass: integer('span_class').notNull(),
    saidSortAsc: text('said_sort_asc').notNull(),
    saidSortDesc: text('said_sort_desc').notNull(),
    saidLo: text('said_lo').notNull(),
    saidHi: text('said_hi').notNull(),
  },
  (t) => [
    index('claim_times_span_asc_idx').on(t.spanClass, t.saidSortAsc, t.claimId, t.saidHi, t.saidLo),
    index('claim_times_span_desc_idx').on(t.spanClass, t.saidSortDesc, t.claimId, t.saidHi, t.saidLo),
  ],
);

/**
 * The claim's sort keys (claims.said_sort_asc/desc), copied into the claim's link rows so that the
 * claims about an event or an actor are one walk of `(event_id | actor_id, sort key, claim_id)` in
 * page order. Written by triggers only (migrations/0006_claim_link_keys_triggers.sql): filled when the
 * link row is inserted, rewritten when the claim's said_start/said_end change; inserts leave them out.
 */
const linkSortKeys = () => ({
  saidSortAsc: text('said_sort_asc'),
  saidSortDesc: text('said_sort_desc'),
});

export const claimEvents = sqliteTable(
  'claim_events',
  {
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    position: integer('position').notNull(),
    ...linkSortKeys(),
    /** The claim's speaker, kept like the sort keys: who said what about an event, by speaker, in time order. */
    speakerId: text('speaker_id'),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.eventId] }),
    index('claim_events_event_idx').on(t.eventId, t.claimId),
    index('claim_events_event_asc_idx').on(t.eventId, t.saidSortAsc, t.claimId),
    index('claim_events_event_desc_idx').on(t.eventId, t.saidSortDesc, t.claimId),
    index('claim_events_speaker_asc_idx').on(t.eventId, t.speakerId, t.saidSortAsc, t.claimId),
    index('claim_events_speaker_desc_idx').on(t.eventId, t.speakerId, t.saidSortDesc, t.claimId),
  ],
);

export const claimActors = sqliteTable(
  'claim_actors',
  {
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    position: integer('position').notNull(),
    ...linkSortKeys(),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.actorId] }),
    index('claim_actors_actor_idx').on(t.actorId, t.claimId),
    index('claim_actors_actor_asc_idx').on(t.actorId, t.saidSortAsc, t.claimId),
    index('claim_actors_actor_desc_idx').on(t.actorId, t.saidSortDesc, t.claimId),
  ],
);

/** API keys for writes: only a hash of the secret is stored; `scopes` is a JSON array. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<Array<'read' | 'write' | 'admin'>>().notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('api_keys_name_idx').on(t.name)],
);

/**
 * The change feed: every write, in order. `before`/`after` are the API representations of the
 * entity (null for a creation's before and a deletion's after), so replaying the feed rebuilds
 * what the API serves.
 */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    keyName: text('key_name').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete', 'merge'] }).notNull(),
    entityType: text('entity_type', {
      enum: ['source', 'actor', 'location', 'event', 'claim', 'extraction'],
    }).notNull(),
    entityId: text('entity_id').notNull(),
    mergedInto: text('merged_into'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  // By entity (history of one thing), and by type in feed order (`?kind=` on the feed and its stream).
  (t) => [
    index('changes_entity_idx').on(t.entityType, t.entityId, t.seq),
    index('changes_type_seq_idx').on(t.entityType, t.seq),
  ],
);

/** Ids folded into another entity by a merge: the old id keeps answering with a redirect. */
export const mergedIds = sqliteTable(
  'merged_ids',
  {
    entityType: text('entity_type', { enum: ['actor', 'location'] }).notNull(),
    oldId: text('old_id').notNull(),
    survivorId: text('survivor_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entityType, t.oldId] }),
    index('merged_ids_survivor_idx').on(t.entityType, t.survivorId),
  ],
);

/**
 * Typed links between claims other than the one `respondsTo` a claim carries: one claim supports,
 * contradicts, denies or repeats another. Stored once, from the claim that makes the link.
 */
export const claimLinks = sqliteTable(
  'claim_links',
  {
    fromClaimId: text('from_claim_id')
      .notNull()
      .references(() => claims.id),
    type: text('type', { enum: ['supports', 'contradicts', 'denies', 'repeats'] }).notNull(),
    toClaimId: text('to_claim_id')
      .notNull()
      .references(() => claims.id),
  },
  // By type from either end: `?link=contradicts` is two index ranges, not a read of every link.
  (t) => [
    primaryKey({ columns: [t.fromClaimId, t.type, t.toClaimId] }),
    index('claim_links_to_idx').on(t.toClaimId),
    index('claim_links_type_from_idx').on(t.type, t.fromClaimId),
    index('claim_links_type_to_idx').on(t.type, t.toClaimId),
  ],
);

/**
 * Ids of actors and locations in other registries (Wikidata, GeoNames): at most one per scheme and
 * entity, and one holder of a value per kind and scheme (the unique index also serves `?externalId=`).
 */
export const externalIds = sqliteTable(
  'external_ids',
  {
    entityType: text('entity_type', { enum: ['actor', 'location'] }).notNull(),
    entityId: text('entity_id').notNull(),
    scheme: text('scheme', { enum: ['wikidata', 'geonames'] }).notNull(),
    value: text('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entityType, t.entityId, t.scheme] }),
    uniqueIndex('external_ids_value_uq').on(t.entityType, t.scheme, t.value),
  ],
);

/**
 * The review queue: an article, the draft bundle the extractor made of it and why (notes), waiting for
 * a person to correct, accept (imported through the bundle path; `sourceId` then names the source)
 * or reject. `textHash` is the sourceTextKey of the submitted text (hashText of the exact text in rows
 * queued before that key existed): the same article is not queued twice.
 */
export const extractions = sqliteTable(
  'extractions',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: ['pending', 'accepted', 'rejected'] }).notNull(),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
    keyName: text('key_name').notNull(),
    sourceId: text('source_id').references(() => sources.id),
    text: text('text').notNull(),
    textHash: text('text_hash').notNull(),
    publishedAt: text('published_at').notNull(),
    title: text('title'),
    publisher: text('publisher'),
    url: text('url'),
    language: text('language').notNull(),
    extractor: text('extractor').notNull(),
    draft: text('draft', { mode: 'json' }).notNull(),
    notes: text('notes', { mode: 'json' }).notNull(),
  },
  (t) => [
    index('extractions_created_idx').on(t.createdAt, t.id),
    index('extractions_status_idx').on(t.status, t.createdAt, t.id),
    index('extractions_text_hash_idx').on(t.textHash, t.status),
  ],
);

/**
 * The JSON of each claim, event and actor exactly as the API shows it (what the hydration functions
 * of db/queries return), rewritten in the same transaction as every write that changes it (recordWrite
 * hands its after-snapshot to db/kept-representations.ts). A read not in the claim cache takes it from
 * here in one lookup instead of hydrating; a row that is missing is hydrated as before.
 */
export const keptRepresentations = sqliteTable(
  'kept_representations',
  {
    entityType: text('entity_type', { enum: ['claim', 'event', 'actor'] }).notNull(),
    entityId: text('entity_id').notNull(),
    json: text('json').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId] })],
);
