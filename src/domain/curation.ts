// Curation: create, change, delete and merge actors, locations, events and claims. Every write checks
// the graph's invariants (references exist, spans match their source, direct quotes are verbatim),
// refuses to delete what is still referenced, honours If-Match, and is recorded in the change feed.
import {
  deleteEventPlaces,
  eventsNamingLocation,
  moveEventPlaces,
  placesOf,
  storedPlaces,
  writeEventPlaces,
} from './event-places.ts';
import { and, eq, inArray, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { exists, idFamily, type EntityKind } from '../db/queries/references.ts';
import {
  ConflictError,
  type FieldError,
  InvalidRequestError,
  NotFoundError,
  PreconditionFailedError,
  formatPath,
} from '../errors.ts';
import { BUNDLE_LIMITS } from '../schemas/bundle.ts';
import type { Span } from '../schemas/common.ts';
import type {
  ActorCreate,
  ActorPatch,
  ClaimCreate,
  ClaimPatch,
  EventCreate,
  EventPatch,
  EvidenceRef,
  LocationCreate,
  LocationPatch,
} from '../schemas/writes.ts';
import { type EntityKey, type EntityType, type WriteContext, recordWrite, representation } from './changes.ts';
import { etagOf, ifMatchSatisfied } from './etag.ts';
import {
  type Located,
  SPAN_WORK_LIMIT,
  SpanWorkExceeded,
  WorkMeter,
  countOccurrences,
  locate,
  occurrencesOfAll,
  occurrencesWanted,
  resolveMention,
  spanWorkProblem,
} from './spans.ts';
import { slugify, uniqueId } from './slug.ts';

const mentionOf = (e: EvidenceRef) => (e.occurrence ? { quote: e.quote, occurrence: e.occurrence } : e.quote);

/** Collects every problem of a write body before anything is written. */
class Checks {
  readonly errors: FieldError[] = [];
  private readonly texts = new Map<string, string | undefined>();
  /** Bounds the work of locating this write's quotes and words (see SPAN_WORK_LIMIT). */
  private readonly meter = new WorkMeter(SPAN_WORK_LIMIT);

  constructor(private readonly db: Db) {}

  add(path: PropertyKey[], message: string) {
    this.errors.push({ path: formatPath('body', path), message });
  }

  ref(kind: EntityKind, id: string | null | undefined, path: PropertyKey[]) {
    if (id != null && !exists(this.db, kind, id)) this.add(path, `no ${kind} with id "${id}"`);
  }

  sourceText(sourceId: string): string | undefined {
    if (!this.texts.has(sourceId)) {
      const row = this.db.select({ text: t.sources.text }).from(t.sources).where(eq(t.sources.id, sourceId)).get();
      this.texts.set(sourceId, row?.text);
    }
    return this.texts.get(sourceId);
  }

  /**
   * Locates a list of evidence. The quotes of one source are found together (occurrencesOfAll): a
   * quote that stands once would otherwise cost a whole scan of the text to learn there is no second.
   */
  spans(evidence: EvidenceRef[], path: PropertyKey[]): Array<Span | null> {
    const bySource = new Map<string, Map<string, Set<number>>>();
    for (const e of evidence) {
      const wanted = bySource.get(e.sourceId) ?? new Map<string, Set<number>>();
      const occurrences = wanted.get(e.quote) ?? new Set<number>();
      for (const n of occurrencesWanted(mentionOf(e))) occurrences.add(n);
      bySource.set(e.sourceId, wanted.set(e.quote, occurrences));
    }
    const located = new Map<string, Map<string, Located>>();
    for (const [sourceId, wanted] of bySource) {
      const text = this.sourceText(sourceId);
      if (text !== undefined)
        located.set(
          sourceId,
          this.metered(() => occurrencesOfAll(text, wanted, this.meter)),
        );
    }
    return evidence.map((e, i) => this.span(e, [...path, i], located.get(e.sourceId)));
  }

  span(evidence: EvidenceRef, path: PropertyKey[], located?: Map<string, Located>): Span | null {
    const text = this.sourceText(evidence.sourceId);
    if (text === undefined) {
      this.add([...path, 'sourceId'], `no source with id "${evidence.sourceId}"`);
      return null;
    }
    const find = (quote: string, wanted: number[]) => located?.get(quote) ?? this.find(text, quote, wanted);
    const result = resolveMention(evidence.sourceId, text, mentionOf(evidence), find);
    if (!result.ok) this.add([...path, 'quote'], result.message);
    return result.ok ? result.span : null;
  }

  /** Time words and quantities must be words of one of the sources the item is evidenced in. */
  wordsInSources(words: string | null | undefined, sourceIds: string[], path: PropertyKey[]) {
    if (!words) return;
    const found = sourceIds.some((id) => {
      const text = this.sourceText(id);
      return text !== undefined && this.find(text, words).count > 0;
    });
    if (!found) this.add(path, `"${words}" is not in the text of the evidence source`);
  }

  /** The wanted occurrences of `words` in `text`, metered: past the work limit the write is a 400. */
  find(text: string, words: string, wanted: number[] = [1]): Located {
    return this.metered(() => locate(text, words, wanted, this.meter));
  }

  private metered<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw error instanceof SpanWorkExceeded ? spanWorkProblem(error, 'body') : error;
    }
  }

  throwIfAny() {
    if (this.errors.length)
      throw new InvalidRequestError(this.errors, `The body has ${this.errors.length} problem(s); nothing was written.`);
  }
}

function requireCurrent(db: Db, type: EntityType, id: string, ifMatch: string | undefined) {
  const current = representation(db, type, id);
  if (!current) throw new NotFoundError(type, id);
  if (ifMatch !== undefined && !ifMatchSatisfied(ifMatch, etagOf(current))) {
    throw new PreconditionFailedError(
      `The ${type} "${id}" has changed since you read it (ETag ${etagOf(current)}); GET it again and retry.`,
    );
  }
  return current;
}

function referrerConflict(type: EntityType, id: string, referrers: EntityKey[], action = 'delete'): ConflictError {
  const shown = referrers.slice(0, 10).map(([kind, ref]) => `${kind} ${ref}`);
  const more = referrers.length > 10 ? ` and ${referrers.length - 10} more` : '';
  return new ConflictError(
    `Cannot ${action} ${type} "${id}": still referenced by ${shown.join(', ')}${more}. Change or delete those first (or merge it into another ${type}).`,
  );
}

/** Sources cited by evidence a write adds: their counts change, so the write's change record includes them. */
function citedSources(evidence: Array<{ sourceId: string }> | undefined): EntityKey[] {
  return [...new Set((evidence ?? []).map((e) => e.sourceId))].map((id) => ['source', id] as const);
}

/** Whether `id` is stored or, for actors and locations, an id merged away that must keep redirecting. */
function isTaken(db: Db, kind: EntityKind, id: string): boolean {
  return exists(db, kind, id) || ((kind === 'actor' || kind === 'location') && survivorOf(db, kind, id) !== undefined);
}

/** The first of `base`, `base-2`, ... neither stored nor merged away, its chain read in one statement. */
function freshId(db: Db, kind: EntityKind, base: string) {
  const taken = idFamily(db, kind, base);
  return uniqueId(base, (candidate) => taken.has(candidate));
}

function insertEvidence(
  db: Db,
  subjectType: 'actor' | 'location' | 'event',
  subjectId: string,
  spans: Array<Span | null>,
) {
  db.delete(t.evidenceSpans)
    .where(and(eq(t.evidenceSpans.subjectType, subjectType), eq(t.evidenceSpans.subjectId, subjectId)))
    .run();
  const rows = spans.flatMap((s, position) =>
    s ? [{ subjectType, subjectId, sourceId: s.sourceId, start: s.start, end: s.end, text: s.text, position }] : [],
  );
  if (rows.length) db.insert(t.evidenceSpans).values(rows).run();
}

/** After a merge moved spans onto `subjectId`, a span both entities had (same source and place) is kept once. */
function dropDuplicateSpans(db: Db, subjectType: 'actor' | 'location', subjectId: string) {
  db.run(
    sql`DELETE FROM evidence_spans WHERE subject_type = ${subjectType} AND subject_id = ${subjectId} AND id NOT IN (SELECT MIN(id) FROM evidence_spans WHERE subject_type = ${subjectType} AND subject_id = ${subjectId} GROUP BY source_id, start, "end")`,
  );
}

// ---------------------------------------------------------------- actors

/** Everything whose representation embeds or points at the actor. */
export function actorReferrers(db: Db, id: string): EntityKey[] {
  const claimIds = db
    .select({ id: t.claims.id })
    .from(t.claims)
    .where(
      or(
        eq(t.claims.speakerId, id),
        eq(t.claims.reportedById, id),
        inArray(
          t.claims.id,
          db.select({ id: t.claimActors.claimId }).from(t.claimActors).where(eq(t.claimActors.actorId, id)),
        ),
      ),
    )
    .all();
  const eventIds = db
    .selectDistinct({ id: t.eventParticipants.eventId })
    .from(t.eventParticipants)
    .where(eq(t.eventParticipants.actorId, id))
    .all();
  const actorIds = db
    .selectDistinct({ id: t.affiliations.actorId })
    .from(t.affiliations)
    .where(and(eq(t.affiliations.organizationId, id), ne(t.affiliations.actorId, id)))
    .all();
  return [
    ...claimIds.map((r) => ['claim', r.id] as const),
    ...eventIds.map((r) => ['event', r.id] as const),
    ...actorIds.map((r) => ['actor', r.id] as const),
  ];
}

function writeActorChildren(db: Db, id: string, input: Pick<ActorPatch, 'affiliations' | 'evidence'>, checks: Checks) {
  if (input.affiliations) {
    input.affiliations.forEach((a, i) => {
      checks.ref('actor', a.organization, ['affiliations', i, 'organization']);
      if (a.organization === id)
        checks.add(['affiliations', i, 'organization'], 'an actor cannot be affiliated with itself');
    });
  }
  const spans = input.evidence && checks.spans(input.evidence, ['evidence']);
  checks.throwIfAny();
  if (input.affiliations) {
    db.delete(t.affiliations).where(eq(t.affiliations.actorId, id)).run();
    input.affiliations.forEach((a, position) =>
      db
        .insert(t.affiliations)
        .values({
          actorId: id,
          organizationId: a.organization,
          role: a.role,
          from: a.from ?? null,
          to: a.to ?? null,
          position,
        })
        .run(),
    );
  }
  if (spans) insertEvidence(db, 'actor', id, spans);
}

export function createActor(db: Db, context: WriteContext, input: ActorCreate): string {
  return recordWrite(
    db,
    context,
    () => citedSources(input.evidence),
    () => {
      if (input.id && isTaken(db, 'actor', input.id)) {
        throw new ConflictError(`An actor with id "${input.id}" already exists.`, [
          { path: 'body.id', message: 'is taken' },
        ]);
      }
      const id = input.id ?? freshId(db, 'actor', slugify(input.name));
      const checks = new Checks(db);
      db.insert(t.actors)
        .values({ id, name: input.name, kind: input.kind, aliases: input.aliases, description: input.description })
        .run();
      writeActorChildren(db, id, input, checks);
      return { result: id, touched: [['actor', id]] };
    },
  );
}

export function updateActor(db: Db, context: WriteContext, id: string, patch: ActorPatch, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    // A new name shows in every claim, event and actor that embeds this one.
    () => [['actor', id], ...(patch.name !== undefined ? actorReferrers(db, id) : []), ...citedSources(patch.evidence)],
    () => {
      requireCurrent(db, 'actor', id, ifMatch);
      const checks = new Checks(db);
      const { affiliations, evidence, ...fields } = patch;
      if (Object.keys(fields).length) db.update(t.actors).set(fields).where(eq(t.actors.id, id)).run();
      writeActorChildren(db, id, { affiliations, evidence }, checks);
      return { result: undefined };
    },
  );
}

export function deleteActor(db: Db, context: WriteContext, id: string, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    () => [['actor', id]],
    () => {
      requireCurrent(db, 'actor', id, ifMatch);
      const referrers = actorReferrers(db, id);
      if (referrers.length) throw referrerConflict('actor', id, referrers);
      db.delete(t.affiliations).where(eq(t.affiliations.actorId, id)).run();
      db.delete(t.evidenceSpans)
        .where(and(eq(t.evidenceSpans.subjectType, 'actor'), eq(t.evidenceSpans.subjectId, id)))
        .run();
      db.delete(t.mergedIds)
        .where(and(eq(t.mergedIds.entityType, 'actor'), eq(t.mergedIds.survivorId, id)))
        .run();
      db.delete(t.actors).where(eq(t.actors.id, id)).run();
      return { result: undefined };
    },
  );
}

/** Folds actor `id` into `into`: every reference and alias moves; `id` then redirects to `into`. */
export function mergeActor(db: Db, context: WriteContext, id: string, into: string, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    () => [['actor', id], ['actor', into], ...actorReferrers(db, id)],
    () => {
      requireCurrent(db, 'actor', id, ifMatch);
      if (id === into)
        throw new InvalidRequestError([
          { path: 'body.into', message: 'is the actor being merged; name another actor' },
        ]);
      const survivor = db.select().from(t.actors).where(eq(t.actors.id, into)).get();
      if (!survivor) throw new InvalidRequestError([{ path: 'body.into', message: `no actor with id "${into}"` }]);
      const folded = db.select().from(t.actors).where(eq(t.actors.id, id)).get()!;

      db.update(t.claims).set({ speakerId: into }).where(eq(t.claims.speakerId, id)).run();
      db.update(t.claims).set({ reportedById: into }).where(eq(t.claims.reportedById, id)).run();
      db.run(
        sql`INSERT OR IGNORE INTO claim_actors (claim_id, actor_id, position) SELECT claim_id, ${into}, position FROM claim_actors WHERE actor_id = ${id}`,
      );
      db.delete(t.claimActors).where(eq(t.claimActors.actorId, id)).run();
      db.run(
        sql`INSERT OR IGNORE INTO event_participants (event_id, actor_id, role, position) SELECT event_id, ${into}, role, position FROM event_participants WHERE actor_id = ${id}`,
      );
      db.delete(t.eventParticipants).where(eq(t.eventParticipants.actorId, id)).run();
      db.update(t.affiliations).set({ actorId: into }).where(eq(t.affiliations.actorId, id)).run();
      db.update(t.affiliations).set({ organizationId: into }).where(eq(t.affiliations.organizationId, id)).run();
      db.delete(t.affiliations)
        .where(and(eq(t.affiliations.actorId, into), eq(t.affiliations.organizationId, into)))
        .run();
      // An affiliation both actors had (same organization, role and dates) is kept once, the survivor's.
      db.run(
        sql`DELETE FROM affiliations WHERE (actor_id = ${into} OR organization_id = ${into}) AND id NOT IN (SELECT MIN(id) FROM affiliations WHERE actor_id = ${into} OR organization_id = ${into} GROUP BY actor_id, organization_id, role, from_time, to_time)`,
      );
      db.update(t.evidenceSpans)
        .set({ subjectId: into })
        .where(and(eq(t.evidenceSpans.subjectType, 'actor'), eq(t.evidenceSpans.subjectId, id)))
        .run();
      dropDuplicateSpans(db, 'actor', into);

      const aliases = [...new Set([...survivor.aliases, folded.name, ...folded.aliases])].filter(
        (a) => a !== survivor.name,
      );
      db.update(t.actors)
        .set({ aliases, description: survivor.description ?? folded.description })
        .where(eq(t.actors.id, into))
        .run();
      db.update(t.mergedIds)
        .set({ survivorId: into })
        .where(and(eq(t.mergedIds.entityType, 'actor'), eq(t.mergedIds.survivorId, id)))
        .run();
      db.insert(t.mergedIds).values({ entityType: 'actor', oldId: id, survivorId: into }).run();
      db.delete(t.actors).where(eq(t.actors.id, id)).run();
      return { result: undefined, merged: new Map([[id, into]]) };
    },
  );
}

// ---------------------------------------------------------------- locations

export function locationReferrers(db: Db, id: string): EntityKey[] {
  const children = db.select({ id: t.locations.id }).from(t.locations).where(eq(t.locations.parentId, id)).all();
  return [...children.map((r) => ['location', r.id] as const), ...eventsNamingLocation(db, id)];
}

/** Re-hangs `id` and everything inside it under `parentId` in the closure table. */
function reparent(db: Db, id: string, parentId: string | null) {
  const subtree = db
    .select({ id: t.locationAncestors.locationId, depth: t.locationAncestors.depth })
    .from(t.locationAncestors)
    .where(eq(t.locationAncestors.ancestorId, id))
    .all();
  const subtreeIds = subtree.map((s) => s.id);
  db.delete(t.locationAncestors)
    .where(
      and(inArray(t.locationAncestors.locationId, subtreeIds), notInArray(t.locationAncestors.ancestorId, subtreeIds)),
    )
    .run();
  if (!parentId) return;
  const above = db.select().from(t.locationAncestors).where(eq(t.locationAncestors.locationId, parentId)).all();
  const rows = subtree.flatMap((node) =>
    above.map((a) => ({ ancestorId: a.ancestorId, locationId: node.id, depth: a.depth + 1 + node.depth })),
  );
  if (rows.length) db.insert(t.locationAncestors).values(rows).run();
}

/**
 * Refuses a parent that would put `id` (and what lies inside it, `below` levels further down) more
 * than BUNDLE_LIMITS.locationDepth levels deep: each level costs a closure row per location under it.
 */
function checkDepth(db: Db, checks: Checks, parentId: string, below: number) {
  const parentDepth =
    db
      .select({ n: sql<number>`count(*) - 1` })
      .from(t.locationAncestors)
      .where(eq(t.locationAncestors.locationId, parentId))
      .get()?.n ?? 0;
  const depth = parentDepth + 1 + below;
  if (depth > BUNDLE_LIMITS.locationDepth) {
    checks.add(
      ['parent'],
      `would put ${below ? 'a location inside this one' : 'this location'} ${depth} levels deep; a location has at most ${BUNDLE_LIMITS.locationDepth} levels of parents`,
    );
  }
}

function isInside(db: Db, candidate: string, ancestor: string): boolean {
  return !!db
    .select({ id: t.locationAncestors.locationId })
    .from(t.locationAncestors)
    .where(and(eq(t.locationAncestors.ancestorId, ancestor), eq(t.locationAncestors.locationId, candidate)))
    .get();
}

export function createLocation(db: Db, context: WriteContext, input: LocationCreate): string {
  return recordWrite(
    db,
    context,
    () => citedSources(input.evidence),
    () => {
      if (input.id && isTaken(db, 'location', input.id)) {
        throw new ConflictError(`A location with id "${input.id}" already exists.`, [
          { path: 'body.id', message: 'is taken' },
        ]);
      }
      const checks = new Checks(db);
      checks.ref('location', input.parent, ['parent']);
      if (input.parent && exists(db, 'location', input.parent)) checkDepth(db, checks, input.parent, 0);
      const spans = checks.spans(input.evidence, ['evidence']);
      checks.throwIfAny();
      const id = input.id ?? freshId(db, 'location', slugify(input.name));
      db.insert(t.locations)
        .values({
          id,
          name: input.name,
          kind: input.kind,
          aliases: input.aliases,
          parentId: input.parent,
          lat: input.coordinates?.lat ?? null,
          lon: input.coordinates?.lon ?? null,
          areaKm2: input.areaKm2,
          description: input.description,
        })
        .run();
      db.insert(t.locationAncestors).values({ ancestorId: id, locationId: id, depth: 0 }).run();
      reparent(db, id, input.parent);
      insertEvidence(db, 'location', id, spans);
      return { result: id, touched: [['location', id]] };
    },
  );
}

export function updateLocation(
  db: Db,
  context: WriteContext,
  id: string,
  patch: LocationPatch,
  ifMatch?: string,
): void {
  recordWrite(
    db,
    context,
    () => [
      ['location', id],
      ...(patch.name !== undefined ? locationReferrers(db, id) : []),
      ...citedSources(patch.evidence),
    ],
    () => {
      requireCurrent(db, 'location', id, ifMatch);
      const checks = new Checks(db);
      const { evidence, parent, coordinates, ...fields } = patch;
      if (parent) {
        checks.ref('location', parent, ['parent']);
        if (exists(db, 'location', parent) && isInside(db, parent, id))
          checks.add(['parent'], `"${parent}" lies inside "${id}": that would make a cycle`);
        else if (exists(db, 'location', parent)) {
          const below =
            db
              .select({ n: sql<number>`coalesce(max(${t.locationAncestors.depth}), 0)` })
              .from(t.locationAncestors)
              .where(eq(t.locationAncestors.ancestorId, id))
              .get()?.n ?? 0;
          checkDepth(db, checks, parent, below);
        }
      }
      const spans = evidence && checks.spans(evidence, ['evidence']);
      checks.throwIfAny();
      const set = {
        ...fields,
        ...(parent !== undefined ? { parentId: parent } : {}),
        ...(coordinates !== undefined ? { lat: coordinates?.lat ?? null, lon: coordinates?.lon ?? null } : {}),
      };
      if (Object.keys(set).length) db.update(t.locations).set(set).where(eq(t.locations.id, id)).run();
      if (parent !== undefined) reparent(db, id, parent);
      if (spans) insertEvidence(db, 'location', id, spans);
      return { result: undefined };
    },
  );
}

export function deleteLocation(db: Db, context: WriteContext, id: string, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    () => [['location', id]],
    () => {
      requireCurrent(db, 'location', id, ifMatch);
      const referrers = locationReferrers(db, id);
      if (referrers.length) throw referrerConflict('location', id, referrers);
      db.delete(t.locationAncestors)
        .where(or(eq(t.locationAncestors.locationId, id), eq(t.locationAncestors.ancestorId, id)))
        .run();
      db.delete(t.evidenceSpans)
        .where(and(eq(t.evidenceSpans.subjectType, 'location'), eq(t.evidenceSpans.subjectId, id)))
        .run();
      db.delete(t.mergedIds)
        .where(and(eq(t.mergedIds.entityType, 'location'), eq(t.mergedIds.survivorId, id)))
        .run();
      db.delete(t.locations).where(eq(t.locations.id, id)).run();
      return { result: undefined };
    },
  );
}

/** Folds location `id` into `into`: children, events, evidence and names move; `id` then redirects. */
export function mergeLocation(db: Db, context: WriteContext, id: string, into: string, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    () => [['location', id], ['location', into], ...locationReferrers(db, id)],
    () => {
      requireCurrent(db, 'location', id, ifMatch);
      if (id === into)
        throw new InvalidRequestError([
          { path: 'body.into', message: 'is the location being merged; name another location' },
        ]);
      const survivor = db.select().from(t.locations).where(eq(t.locations.id, into)).get();
      if (!survivor) throw new InvalidRequestError([{ path: 'body.into', message: `no location with id "${into}"` }]);
      if (isInside(db, into, id))
        throw new ConflictError(`Cannot merge "${id}" into "${into}": "${into}" lies inside "${id}".`);
      const folded = db.select().from(t.locations).where(eq(t.locations.id, id)).get()!;

      for (const child of db
        .select({ id: t.locations.id })
        .from(t.locations)
        .where(eq(t.locations.parentId, id))
        .all()) {
        db.update(t.locations).set({ parentId: into }).where(eq(t.locations.id, child.id)).run();
        reparent(db, child.id, into);
      }
      moveEventPlaces(db, id, into);
      db.update(t.evidenceSpans)
        .set({ subjectId: into })
        .where(and(eq(t.evidenceSpans.subjectType, 'location'), eq(t.evidenceSpans.subjectId, id)))
        .run();
      dropDuplicateSpans(db, 'location', into);
      const aliases = [...new Set([...survivor.aliases, folded.name, ...folded.aliases])].filter(
        (a) => a !== survivor.name,
      );
      db.update(t.locations)
        .set({
          aliases,
          description: survivor.description ?? folded.description,
          areaKm2: survivor.areaKm2 ?? folded.areaKm2,
          ...(survivor.lat === null ? { lat: folded.lat, lon: folded.lon } : {}),
        })
        .where(eq(t.locations.id, into))
        .run();
      db.delete(t.locationAncestors)
        .where(or(eq(t.locationAncestors.locationId, id), eq(t.locationAncestors.ancestorId, id)))
        .run();
      db.update(t.mergedIds)
        .set({ survivorId: into })
        .where(and(eq(t.mergedIds.entityType, 'location'), eq(t.mergedIds.survivorId, id)))
        .run();
      db.insert(t.mergedIds).values({ entityType: 'location', oldId: id, survivorId: into }).run();
      db.delete(t.locations).where(eq(t.locations.id, id)).run();
      return { result: undefined, merged: new Map([[id, into]]) };
    },
  );
}

/** Where a merged id now lives, if it was folded into another entity. */
export function survivorOf(db: Db, entityType: 'actor' | 'location', oldId: string): string | undefined {
  return db
    .select({ id: t.mergedIds.survivorId })
    .from(t.mergedIds)
    .where(and(eq(t.mergedIds.entityType, entityType), eq(t.mergedIds.oldId, oldId)))
    .get()?.id;
}

// ---------------------------------------------------------------- events

function relatedEvents(db: Db, id: string): EntityKey[] {
  return db
    .select({ from: t.eventRelations.fromEventId, to: t.eventRelations.toEventId })
    .from(t.eventRelations)
    .where(or(eq(t.eventRelations.fromEventId, id), eq(t.eventRelations.toEventId, id)))
    .all()
    .map((r) => ['event', r.from === id ? r.to : r.from] as const);
}

function claimsAbout(db: Db, eventId: string): EntityKey[] {
  return db
    .select({ id: t.claimEvents.claimId })
    .from(t.claimEvents)
    .where(eq(t.claimEvents.eventId, eventId))
    .all()
    .map((r) => ['claim', r.id] as const);
}

type EventInput = EventCreate;

/** Validates the whole (merged) event and writes the given parts. */
function writeEvent(db: Db, id: string, input: EventInput, changed: Partial<Record<keyof EventInput, boolean>>) {
  const checks = new Checks(db);
  const places = placesOf(input);
  if (input.locations) input.locations.forEach((l, i) => checks.ref('location', l.id, ['locations', i, 'id']));
  else checks.ref('location', input.location ?? null, ['location']);
  input.participants.forEach((p, i) => checks.ref('actor', p.actor, ['participants', i, 'actor']));
  input.relations.forEach((r, i) => {
    checks.ref('event', r.event, ['relations', i, 'event']);
    if (r.event === id) checks.add(['relations', i, 'event'], 'an event cannot relate to itself');
  });
  const spans = changed.evidence ? checks.spans(input.evidence, ['evidence']) : undefined;
  const sourceIds = [...new Set(input.evidence.map((e) => e.sourceId))];
  if (changed.time || changed.evidence) checks.wordsInSources(input.time.text, sourceIds, ['time', 'text']);
  if (changed.quantities || changed.evidence)
    input.quantities.forEach((q, i) => checks.wordsInSources(q.text, sourceIds, ['quantities', i, 'text']));
  checks.throwIfAny();

  const row = {
    title: input.title,
    kind: input.kind,
    description: input.description,
    timeText: input.time.text,
    timeStart: input.time.start,
    timeEnd: input.time.end,
    timePrecision: input.time.precision,
    timeApproximate: input.time.approximate,
    status: input.status,
    sourceId: input.evidence[0]!.sourceId,
  };
  if (exists(db, 'event', id)) db.update(t.events).set(row).where(eq(t.events.id, id)).run();
  else
    db.insert(t.events)
      .values({ id, ...row })
      .run();

  if (changed.location || changed.locations) writeEventPlaces(db, id, places);
  if (changed.participants) {
    db.delete(t.eventParticipants).where(eq(t.eventParticipants.eventId, id)).run();
    const seen = new Set<string>();
    input.participants.forEach((p, position) => {
      if (seen.has(`${p.actor}|${p.role}`)) return;
      seen.add(`${p.actor}|${p.role}`);
      db.insert(t.eventParticipants).values({ eventId: id, actorId: p.actor, role: p.role, position }).run();
    });
  }
  if (changed.quantities) {
    db.delete(t.eventQuantities).where(eq(t.eventQuantities.eventId, id)).run();
    if (input.quantities.length)
      db.insert(t.eventQuantities)
        .values(input.quantities.map((q, position) => ({ eventId: id, ...q, position })))
        .run();
  }
  if (changed.relations) {
    // The list is every link as seen from this event, so it replaces links stored on either end.
    db.delete(t.eventRelations)
      .where(or(eq(t.eventRelations.fromEventId, id), eq(t.eventRelations.toEventId, id)))
      .run();
    const rows = [
      ...new Map(
        input.relations.map((r) => [`${r.type}|${r.event}`, { fromEventId: id, type: r.type, toEventId: r.event }]),
      ).values(),
    ];
    if (rows.length) db.insert(t.eventRelations).values(rows).run();
  }
  if (spans) insertEvidence(db, 'event', id, spans);
}

export function createEvent(db: Db, context: WriteContext, input: EventCreate): string {
  return recordWrite(
    db,
    context,
    () => [...input.relations.map((r) => ['event', r.event] as const), ...citedSources(input.evidence)],
    () => {
      const id = freshId(db, 'event', slugify(input.title));
      writeEvent(db, id, input, {
        locations: true,
        participants: true,
        quantities: true,
        relations: true,
        evidence: true,
        time: true,
      });
      return { result: id, touched: [['event', id]] };
    },
  );
}

/** The stored event in the shape of a write body (evidence as exact words with their occurrence). */
function eventInput(db: Db, id: string): EventInput {
  const row = db.select().from(t.events).where(eq(t.events.id, id)).get()!;
  const spans = db
    .select()
    .from(t.evidenceSpans)
    .where(and(eq(t.evidenceSpans.subjectType, 'event'), eq(t.evidenceSpans.subjectId, id)))
    .orderBy(t.evidenceSpans.position)
    .all();
  // Relations as GET shows them (both directions): a PATCH replaces that same set.
  const { relations } = representation(db, 'event', id) as {
    relations: Array<{ type: EventInput['relations'][number]['type']; event: { id: string } }>;
  };
  return {
    title: row.title,
    kind: row.kind,
    description: row.description,
    time: {
      text: row.timeText,
      start: row.timeStart,
      end: row.timeEnd,
      precision: row.timePrecision,
      approximate: row.timeApproximate,
    },
    status: row.status,
    locations: storedPlaces(db, id),
    participants: db
      .select({ actor: t.eventParticipants.actorId, role: t.eventParticipants.role })
      .from(t.eventParticipants)
      .where(eq(t.eventParticipants.eventId, id))
      .orderBy(t.eventParticipants.position)
      .all(),
    quantities: db
      .select({ value: t.eventQuantities.value, unit: t.eventQuantities.unit, text: t.eventQuantities.text })
      .from(t.eventQuantities)
      .where(eq(t.eventQuantities.eventId, id))
      .orderBy(t.eventQuantities.position)
      .all(),
    relations: relations.map((r) => ({ type: r.type, event: r.event.id })),
    evidence: spans.map((s) => ({ sourceId: s.sourceId, quote: s.text })),
  };
}

export function updateEvent(db: Db, context: WriteContext, id: string, patch: EventPatch, ifMatch?: string): void {
  const touched = (): EntityKey[] => [
    ['event', id],
    ...(exists(db, 'event', id) ? relatedEvents(db, id) : []),
    ...(patch.relations ?? []).map((r) => ['event', r.event] as const),
    ...(patch.title !== undefined ? claimsAbout(db, id) : []),
    ...citedSources(patch.evidence),
  ];
  recordWrite(db, context, touched, () => {
    requireCurrent(db, 'event', id, ifMatch);
    // `location` in a patch is the shorthand for the whole list: it replaces the stored places.
    const merged = { ...eventInput(db, id), ...patch, ...(patch.location !== undefined ? { locations: undefined } : {}) };
    const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, true]));
    writeEvent(db, id, merged, changed);
    return { result: undefined };
  });
}

export function deleteEvent(db: Db, context: WriteContext, id: string, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    () => [['event', id]],
    () => {
      requireCurrent(db, 'event', id, ifMatch);
      const referrers = [...claimsAbout(db, id), ...relatedEvents(db, id)];
      if (referrers.length) throw referrerConflict('event', id, referrers);
      db.delete(t.eventParticipants).where(eq(t.eventParticipants.eventId, id)).run();
      db.delete(t.eventQuantities).where(eq(t.eventQuantities.eventId, id)).run();
      deleteEventPlaces(db, id);
      db.delete(t.evidenceSpans)
        .where(and(eq(t.evidenceSpans.subjectType, 'event'), eq(t.evidenceSpans.subjectId, id)))
        .run();
      db.delete(t.events).where(eq(t.events.id, id)).run();
      return { result: undefined };
    },
  );
}

// ---------------------------------------------------------------- claims

function claimsRespondingTo(db: Db, id: string): EntityKey[] {
  return db
    .select({ id: t.claims.id })
    .from(t.claims)
    .where(eq(t.claims.respondsToId, id))
    .all()
    .map((r) => ['claim', r.id] as const);
}

function claimsLinkingTo(db: Db, id: string): EntityKey[] {
  return db
    .selectDistinct({ id: t.claimLinks.fromClaimId })
    .from(t.claimLinks)
    .where(eq(t.claimLinks.toClaimId, id))
    .all()
    .map((r) => ['claim', r.id] as const);
}

/** The claims this one answers or links to: each shows it among its incoming links. */
function claimsLinkedFrom(db: Db, id: string): EntityKey[] {
  const answered = db.select({ id: t.claims.respondsToId }).from(t.claims).where(eq(t.claims.id, id)).get()?.id;
  const linked = db
    .select({ id: t.claimLinks.toClaimId })
    .from(t.claimLinks)
    .where(eq(t.claimLinks.fromClaimId, id))
    .all();
  return [...(answered ? [answered] : []), ...linked.map((r) => r.id)].map((other) => ['claim', other] as const);
}

/** Claims a write to a claim can change: those it answers or links to, and those given in the body. */
function claimsTouchedBy(input: { respondsTo?: string | null; links?: Array<{ claim: string }> }): EntityKey[] {
  return [...(input.respondsTo ? [input.respondsTo] : []), ...(input.links ?? []).map((l) => l.claim)].map(
    (other) => ['claim', other] as const,
  );
}

type ClaimInput = ClaimCreate;

function writeClaim(db: Db, id: string, input: ClaimInput, changed: Partial<Record<keyof ClaimInput, boolean>>) {
  const checks = new Checks(db);
  checks.ref('actor', input.speaker, ['speaker']);
  checks.ref('actor', input.reportedBy, ['reportedBy']);
  input.about.events.forEach((e, i) => checks.ref('event', e, ['about', 'events', i]));
  input.about.actors.forEach((a, i) => checks.ref('actor', a, ['about', 'actors', i]));
  checks.ref('claim', input.respondsTo, ['respondsTo']);
  if (input.respondsTo === id) checks.add(['respondsTo'], 'a claim cannot respond to itself');
  input.links.forEach((l, i) => {
    checks.ref('claim', l.claim, ['links', i, 'claim']);
    if (l.claim === id) checks.add(['links', i, 'claim'], 'a claim cannot link to itself');
  });
  const span = checks.span(input.evidence, ['evidence']);
  if (span && input.mode === 'direct_quote' && checks.find(span.text, input.text).count === 0) {
    checks.add(
      [changed.text ? 'text' : changed.evidence ? 'evidence' : 'mode'],
      'a direct_quote must stand verbatim inside its evidence',
    );
  }
  if (changed.saidAt || changed.evidence)
    checks.wordsInSources(input.saidAt.text, [input.evidence.sourceId], ['saidAt', 'text']);
  checks.throwIfAny();

  const row = {
    speakerId: input.speaker,
    text: input.text,
    mode: input.mode,
    stance: input.stance,
    saidText: input.saidAt.text,
    saidStart: input.saidAt.start,
    saidEnd: input.saidAt.end,
    saidPrecision: input.saidAt.precision,
    saidApproximate: input.saidAt.approximate,
    channel: input.channel,
    reportedById: input.reportedBy,
    respondsToId: input.respondsTo,
    sourceId: span!.sourceId,
    evidenceStart: span!.start,
    evidenceEnd: span!.end,
    evidenceText: span!.text,
  };
  if (exists(db, 'claim', id)) db.update(t.claims).set(row).where(eq(t.claims.id, id)).run();
  else
    db.insert(t.claims)
      .values({ id, ...row })
      .run();
  if (changed.about) {
    db.delete(t.claimEvents).where(eq(t.claimEvents.claimId, id)).run();
    db.delete(t.claimActors).where(eq(t.claimActors.claimId, id)).run();
    const events = [...new Set(input.about.events)];
    const actors = [...new Set(input.about.actors)];
    if (events.length)
      db.insert(t.claimEvents)
        .values(events.map((eventId, position) => ({ claimId: id, eventId, position })))
        .run();
    if (actors.length)
      db.insert(t.claimActors)
        .values(actors.map((actorId, position) => ({ claimId: id, actorId, position })))
        .run();
  }
  if (changed.links) {
    db.delete(t.claimLinks).where(eq(t.claimLinks.fromClaimId, id)).run();
    const rows = [
      ...new Map(
        input.links.map((l) => [`${l.type}|${l.claim}`, { fromClaimId: id, type: l.type, toClaimId: l.claim }]),
      ).values(),
    ];
    if (rows.length) db.insert(t.claimLinks).values(rows).run();
  }
}

export function createClaim(db: Db, context: WriteContext, input: ClaimCreate): string {
  return recordWrite(
    db,
    context,
    () => [...citedSources([input.evidence]), ...claimsTouchedBy(input)],
    () => {
      const speaker = db.select({ name: t.actors.name }).from(t.actors).where(eq(t.actors.id, input.speaker)).get();
      const id = freshId(db, 'claim', slugify(`${speaker?.name ?? input.speaker} ${input.stance}`));
      writeClaim(db, id, input, { about: true, evidence: true, saidAt: true, text: true, links: true });
      return { result: id, touched: [['claim', id]] };
    },
  );
}

function claimInput(db: Db, id: string): ClaimInput {
  const row = db.select().from(t.claims).where(eq(t.claims.id, id)).get()!;
  // Which occurrence the stored span is: those starting before it, plus one (read up to its end only).
  const sourceText = db
    .select({ text: t.sources.text })
    .from(t.sources)
    .where(eq(t.sources.id, row.sourceId))
    .get()!.text;
  const occurrence = countOccurrences(sourceText.slice(0, row.evidenceEnd), row.evidenceText);
  return {
    speaker: row.speakerId,
    text: row.text,
    mode: row.mode,
    stance: row.stance,
    saidAt: {
      text: row.saidText,
      start: row.saidStart,
      end: row.saidEnd,
      precision: row.saidPrecision,
      approximate: row.saidApproximate,
    },
    channel: row.channel,
    reportedBy: row.reportedById,
    about: {
      events: db
        .select({ id: t.claimEvents.eventId })
        .from(t.claimEvents)
        .where(eq(t.claimEvents.claimId, id))
        .orderBy(t.claimEvents.position)
        .all()
        .map((r) => r.id),
      actors: db
        .select({ id: t.claimActors.actorId })
        .from(t.claimActors)
        .where(eq(t.claimActors.claimId, id))
        .orderBy(t.claimActors.position)
        .all()
        .map((r) => r.id),
    },
    respondsTo: row.respondsToId,
    links: db
      .select({ type: t.claimLinks.type, claim: t.claimLinks.toClaimId })
      .from(t.claimLinks)
      .where(eq(t.claimLinks.fromClaimId, id))
      .all(),
    evidence: { sourceId: row.sourceId, quote: row.evidenceText, occurrence },
  };
}

export function updateClaim(db: Db, context: WriteContext, id: string, patch: ClaimPatch, ifMatch?: string): void {
  // Linked claims embed this one's text; the ones it answers or links to show it among their incoming links.
  const touched = (): EntityKey[] => [
    ['claim', id],
    ...(patch.text !== undefined ? [...claimsRespondingTo(db, id), ...claimsLinkingTo(db, id)] : []),
    ...(patch.text !== undefined || patch.respondsTo !== undefined || patch.links !== undefined
      ? [...claimsLinkedFrom(db, id), ...claimsTouchedBy(patch)]
      : []),
    ...citedSources(patch.evidence ? [patch.evidence] : []),
  ];
  recordWrite(db, context, touched, () => {
    requireCurrent(db, 'claim', id, ifMatch);
    const merged = { ...claimInput(db, id), ...patch };
    writeClaim(db, id, merged, Object.fromEntries(Object.keys(patch).map((k) => [k, true])));
    return { result: undefined };
  });
}

export function deleteClaim(db: Db, context: WriteContext, id: string, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    () => [['claim', id], ...claimsLinkedFrom(db, id)],
    () => {
      requireCurrent(db, 'claim', id, ifMatch);
      const referrers = [...claimsRespondingTo(db, id), ...claimsLinkingTo(db, id)];
      if (referrers.length) throw referrerConflict('claim', id, referrers);
      db.delete(t.claimLinks).where(eq(t.claimLinks.fromClaimId, id)).run();
      db.delete(t.claimEvents).where(eq(t.claimEvents.claimId, id)).run();
      db.delete(t.claimActors).where(eq(t.claimActors.claimId, id)).run();
      db.delete(t.claims).where(eq(t.claims.id, id)).run();
      return { result: undefined };
    },
  );
}
