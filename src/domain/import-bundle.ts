// Imports a bundle (one source and its annotations) all or nothing: every problem is collected and
// reported by JSON path before anything is written, and the write itself is one transaction.
// The seed loader and POST /v1/sources both come through here.
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { ConflictError, type FieldError, InvalidRequestError, formatPath } from '../errors.ts';
import { type Bundle, type MentionInput, bundleSchema } from '../schemas/bundle.ts';
import type { Ref, Span, TimeSpec, TitledRef } from '../schemas/common.ts';
import { occurrences, resolveMention } from './spans.ts';
import { slugify, uniqueId } from './slug.ts';
import { type EntityKind, exists } from '../db/queries/references.ts';
import { type EntityKey, recordWrite } from './changes.ts';

export type ImportSummary = {
  source: TitledRef;
  created: { actors: Ref[]; locations: Ref[]; events: TitledRef[]; claims: Array<{ id: string; text: string }> };
  linked: { actors: Ref[]; locations: Ref[]; events: TitledRef[]; claims: Array<{ id: string; text: string }> };
};

/** Parses untrusted input as a bundle; throws InvalidRequestError naming every bad field under `root`. */
export function parseBundle(input: unknown, root = 'body'): Bundle {
  const result = bundleSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidRequestError(zodIssuesToErrors(result.error.issues, root), 'The bundle is invalid; nothing was written.');
}

export function zodIssuesToErrors(issues: z.core.$ZodIssue[], root: string): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath(root, [...issue.path, key]), message: 'is not a known field' }))
      : [{ path: formatPath(root, issue.path), message: issue.message }],
  );
}

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type Kind = 'actor' | 'location' | 'event' | 'claim';

/** Resolved references: bundle key -> final id, plus the stored entities the bundle links to. */
class References {
  readonly keyToId = { actor: new Map<string, string>(), location: new Map<string, string>(), event: new Map<string, string>(), claim: new Map<string, string>() };
  readonly stored = { actor: new Map<string, string>(), location: new Map<string, string>(), event: new Map<string, string>(), claim: new Map<string, string>() };
  /** Ids folded into another entity by a merge: a reference to one links to its survivor. */
  readonly merged = { actor: new Map<string, string>(), location: new Map<string, string>() };

  resolve(kind: Kind, ref: string): string | undefined {
    const survivor = kind === 'actor' || kind === 'location' ? this.merged[kind].get(ref) : undefined;
    return this.keyToId[kind].get(ref) ?? (this.stored[kind].has(ref) ? ref : survivor);
  }
}

/**
 * Validates the bundle against itself, its source text and the stored graph, then writes it and its
 * change-feed entries in one transaction. Throws InvalidRequestError (every problem, nothing
 * written) or ConflictError.
 */
export function importBundle(db: Db, bundle: Bundle, options: { root?: string; keyName: string }): ImportSummary {
  const root = options.root ?? 'body';
  // Stored events this bundle links to gain an inverse relation, and stored claims it answers or links
  // to gain an incoming link: their change is recorded too.
  const linkedEvents = bundle.events.flatMap((e) => e.relations.map((r) => ['event', r.event] as const));
  const linkedClaims = bundle.claims.flatMap((c) => [...(c.respondsTo ? [c.respondsTo] : []), ...(c.links ?? []).map((l) => l.claim)].map((id) => ['claim', id] as const));
  return recordWrite(db, { keyName: options.keyName }, () => [...linkedEvents, ...linkedClaims], () => {
    const summary = writeBundle(db, bundle, root);
    const created: EntityKey[] = [
      ['source', summary.source.id],
      ...summary.created.actors.map((a) => ['actor', a.id] as const),
      ...summary.created.locations.map((l) => ['location', l.id] as const),
      ...summary.created.events.map((e) => ['event', e.id] as const),
      ...summary.created.claims.map((c) => ['claim', c.id] as const),
    ];
    return { result: summary, touched: created };
  });
}

function writeBundle(tx: Db, bundle: Bundle, root: string): ImportSummary {
  const errors: FieldError[] = [];
  const text = bundle.source.text;
  const textHash = hashText(text);

  const existing = tx.select({ id: t.sources.id }).from(t.sources).where(eq(t.sources.textHash, textHash)).get();
  if (existing) {
    throw new ConflictError(`This source text is already stored as source "${existing.id}"; nothing was written.`, [
      { path: formatPath(root, ['source', 'text']), message: `already stored as source "${existing.id}"` },
    ]);
  }

  const refs = new References();
  loadStoredReferences(tx, bundle, refs);
  checkUniqueKeys(bundle, root, errors);

  // Ids first, so references can resolve to them.
  const assignId = idAllocator(tx);
  const sourceId = assignId('source', bundle.source.id, slugify(bundle.source.title));
  for (const a of bundle.actors) refs.keyToId.actor.set(a.key, assignId('actor', a.id ?? a.key, slugify(a.name)));
  for (const l of bundle.locations) refs.keyToId.location.set(l.key, assignId('location', l.id ?? l.key, slugify(l.name)));
  for (const e of bundle.events) refs.keyToId.event.set(e.key, assignId('event', undefined, slugify(e.title)));

  const check = (kind: Kind, ref: string | null, path: PropertyKey[]) => {
    if (ref === null) return null;
    const id = refs.resolve(kind, ref);
    if (!id) errors.push({ path: formatPath(root, path), message: `"${ref}" is neither ${kind === 'actor' ? 'an' : 'a'} ${kind} key of this bundle nor a stored ${kind} id` });
    return id ?? null;
  };
  const span = (mention: MentionInput, path: PropertyKey[]): Span | null => {
    const result = resolveMention(sourceId, text, mention);
    if (result.ok) return result.span;
    errors.push({ path: formatPath(root, path), message: result.message });
    return null;
  };
  const timeText = (spec: TimeSpec | null, path: PropertyKey[]) => {
    if (spec?.text && occurrences(text, spec.text).length === 0) {
      errors.push({ path: formatPath(root, [...path, 'text']), message: `"${spec.text}" is not in the source text` });
    }
  };

  const actors = bundle.actors.map((a, i) => ({
    a,
    id: refs.keyToId.actor.get(a.key) as string,
    affiliations: a.affiliations.map((f, j) => {
      timeText(f.from, ['actors', i, 'affiliations', j, 'from']);
      timeText(f.to, ['actors', i, 'affiliations', j, 'to']);
      return { ...f, organizationId: check('actor', f.organization, ['actors', i, 'affiliations', j, 'organization']) };
    }),
    evidence: a.evidence.map((m, j) => span(m, ['actors', i, 'evidence', j])),
  }));

  const locations = bundle.locations.map((l, i) => ({
    l,
    id: refs.keyToId.location.get(l.key) as string,
    parentId: check('location', l.parent, ['locations', i, 'parent']),
    evidence: l.evidence.map((m, j) => span(m, ['locations', i, 'evidence', j])),
  }));
  const orderedLocations = orderByParent(locations, root, errors);

  const events = bundle.events.map((e, i) => {
    timeText(e.time, ['events', i, 'time']);
    e.quantities.forEach((q, j) => {
      if (occurrences(text, q.text).length === 0) {
        errors.push({ path: formatPath(root, ['events', i, 'quantities', j, 'text']), message: `"${q.text}" is not in the source text` });
      }
    });
    return {
      e,
      id: refs.keyToId.event.get(e.key) as string,
      locationId: check('location', e.location, ['events', i, 'location']),
      participants: e.participants.map((p, j) => ({ ...p, actorId: check('actor', p.actor, ['events', i, 'participants', j, 'actor']) })),
      relations: e.relations.map((r, j) => {
        if (r.event === e.key) errors.push({ path: formatPath(root, ['events', i, 'relations', j, 'event']), message: 'an event cannot relate to itself' });
        return { ...r, eventId: check('event', r.event, ['events', i, 'relations', j, 'event']) };
      }),
      evidence: e.evidence.map((m, j) => span(m, ['events', i, 'evidence', j])),
    };
  });

  // Claim ids are slugs of speaker and stance, so speakers resolve first.
  const nameOf = actorNames(tx, bundle, refs);
  const claims = bundle.claims.map((c, i) => {
    const speakerId = check('actor', c.speaker, ['claims', i, 'speaker']);
    const id = assignId('claim', undefined, slugify(`${speakerId ? nameOf(speakerId) : c.speaker} ${c.stance}`));
    refs.keyToId.claim.set(c.key, id);
    timeText(c.saidAt, ['claims', i, 'saidAt']);
    const evidence = span(c.evidence, ['claims', i, 'evidence']);
    if (c.mode === 'direct_quote' && evidence && !evidence.text.includes(c.text)) {
      errors.push({
        path: formatPath(root, ['claims', i, 'text']),
        message: 'is a direct_quote but is not verbatim inside its evidence',
      });
    }
    return {
      c,
      id,
      speakerId,
      reportedById: check('actor', c.reportedBy, ['claims', i, 'reportedBy']),
      eventIds: c.about.events.map((ref, j) => check('event', ref, ['claims', i, 'about', 'events', j])),
      actorIds: c.about.actors.map((ref, j) => check('actor', ref, ['claims', i, 'about', 'actors', j])),
      evidence,
    };
  });
  const respondsTo = bundle.claims.map((c, i) => {
    if (c.respondsTo === c.key) errors.push({ path: formatPath(root, ['claims', i, 'respondsTo']), message: 'a claim cannot respond to itself' });
    return check('claim', c.respondsTo, ['claims', i, 'respondsTo']);
  });
  const links = bundle.claims.map((c, i) =>
    (c.links ?? []).map((l, j) => {
      if (l.claim === c.key) errors.push({ path: formatPath(root, ['claims', i, 'links', j, 'claim']), message: 'a claim cannot link to itself' });
      return { type: l.type, claimId: check('claim', l.claim, ['claims', i, 'links', j, 'claim']) };
    }),
  );

  if (errors.length > 0) {
    throw new InvalidRequestError(errors, `The bundle has ${errors.length} problem(s); nothing was written.`);
  }

  // Everything resolved: write.
  const { source } = bundle;
  tx.insert(t.sources).values({ id: sourceId, title: source.title, publisher: source.publisher, url: source.url, publishedAt: source.publishedAt, language: source.language, text, textHash }).run();

  const spanRows = (subjectType: 'actor' | 'location' | 'event', subjectId: string, spans: Array<Span | null>) =>
    spans.map((s, position) => ({ subjectType, subjectId, sourceId, start: s!.start, end: s!.end, text: s!.text, position }));

  for (const { a, id } of actors) {
    tx.insert(t.actors).values({ id, name: a.name, kind: a.kind, aliases: a.aliases, description: a.description }).run();
  }
  for (const { id, affiliations, evidence } of actors) {
    affiliations.forEach((f, position) =>
      tx.insert(t.affiliations).values({ actorId: id, organizationId: f.organizationId!, role: f.role, from: f.from, to: f.to, position }).run(),
    );
    if (evidence.length) tx.insert(t.evidenceSpans).values(spanRows('actor', id, evidence)).run();
  }

  for (const { l, id, parentId, evidence } of orderedLocations) {
    tx.insert(t.locations).values({ id, name: l.name, kind: l.kind, aliases: l.aliases, parentId, lat: l.coordinates?.lat ?? null, lon: l.coordinates?.lon ?? null, areaKm2: l.areaKm2, description: l.description }).run();
    const ancestors = parentId
      ? tx.select().from(t.locationAncestors).where(eq(t.locationAncestors.locationId, parentId)).all()
      : [];
    tx.insert(t.locationAncestors)
      .values([{ ancestorId: id, locationId: id, depth: 0 }, ...ancestors.map((row) => ({ ancestorId: row.ancestorId, locationId: id, depth: row.depth + 1 }))])
      .run();
    if (evidence.length) tx.insert(t.evidenceSpans).values(spanRows('location', id, evidence)).run();
  }

  for (const { e, id, locationId } of events) {
    tx.insert(t.events).values({ id, title: e.title, kind: e.kind, description: e.description, timeText: e.time.text, timeStart: e.time.start, timeEnd: e.time.end, timePrecision: e.time.precision, timeApproximate: e.time.approximate, status: e.status, locationId, sourceId }).run();
  }
  for (const { e, id, participants, relations, evidence } of events) {
    const uniqueParticipants = dedupe(participants, (p) => `${p.actorId}|${p.role}`);
    if (uniqueParticipants.length) {
      tx.insert(t.eventParticipants).values(uniqueParticipants.map((p, position) => ({ eventId: id, actorId: p.actorId!, role: p.role, position }))).run();
    }
    if (e.quantities.length) {
      tx.insert(t.eventQuantities).values(e.quantities.map((q, position) => ({ eventId: id, value: q.value, unit: q.unit, text: q.text, position }))).run();
    }
    const uniqueRelations = dedupe(relations, (r) => `${r.type}|${r.eventId}`);
    if (uniqueRelations.length) {
      tx.insert(t.eventRelations).values(uniqueRelations.map((r) => ({ fromEventId: id, type: r.type, toEventId: r.eventId! }))).onConflictDoNothing().run();
    }
    tx.insert(t.evidenceSpans).values(spanRows('event', id, evidence)).run();
  }

  // Claims without respondsTo first is not enough (chains); insert all, then link answers.
  for (const { c, id, speakerId, reportedById, evidence } of claims) {
    tx.insert(t.claims).values({ id, speakerId: speakerId!, text: c.text, mode: c.mode, stance: c.stance, saidText: c.saidAt.text, saidStart: c.saidAt.start, saidEnd: c.saidAt.end, saidPrecision: c.saidAt.precision, saidApproximate: c.saidAt.approximate, channel: c.channel, reportedById, sourceId, evidenceStart: evidence!.start, evidenceEnd: evidence!.end, evidenceText: evidence!.text }).run();
  }
  claims.forEach(({ id, eventIds, actorIds }, i) => {
    const answered = respondsTo[i];
    if (answered) tx.update(t.claims).set({ respondsToId: answered }).where(eq(t.claims.id, id)).run();
    const linkRows = dedupe(links[i]!, (l) => `${l.type}|${l.claimId}`).map((l) => ({ fromClaimId: id, type: l.type, toClaimId: l.claimId! }));
    if (linkRows.length) tx.insert(t.claimLinks).values(linkRows).run();
    const events = [...new Set(eventIds as string[])];
    const actors = [...new Set(actorIds as string[])];
    if (events.length) tx.insert(t.claimEvents).values(events.map((eventId, position) => ({ claimId: id, eventId, position }))).run();
    if (actors.length) tx.insert(t.claimActors).values(actors.map((actorId, position) => ({ claimId: id, actorId, position }))).run();
  });

  return summarize(bundle, sourceId, refs, actors, orderedLocations, events, claims);
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function checkUniqueKeys(bundle: Bundle, root: string, errors: FieldError[]) {
  for (const kind of ['actors', 'locations', 'events', 'claims'] as const) {
    const first = new Map<string, number>();
    bundle[kind].forEach((item, i) => {
      const seen = first.get(item.key);
      if (seen === undefined) first.set(item.key, i);
      else errors.push({ path: formatPath(root, [kind, i, 'key']), message: `"${item.key}" is already the key of ${kind}[${seen}]` });
    });
  }
}

/** Ids merged away keep redirecting to their survivor, so they are never handed out again. */
function isMergedAway(db: Db, kind: EntityKind, id: string): boolean {
  if (kind !== 'actor' && kind !== 'location') return false;
  return !!db.select({ id: t.mergedIds.oldId }).from(t.mergedIds).where(and(eq(t.mergedIds.entityType, kind), eq(t.mergedIds.oldId, id))).get();
}

/**
 * Id allocation for one bundle: an id is taken when stored (one indexed lookup per candidate, so an
 * import costs the same on a database of millions) or already given to an item of this bundle.
 */
function idAllocator(db: Db) {
  const given = { source: new Set<string>(), actor: new Set<string>(), location: new Set<string>(), event: new Set<string>(), claim: new Set<string>() };
  return (kind: EntityKind, wanted: string | undefined, fallback: string): string => {
    const isTaken = (id: string) => given[kind].has(id) || exists(db, kind, id) || isMergedAway(db, kind, id);
    const id = wanted && !isTaken(wanted) ? wanted : uniqueId(fallback, isTaken);
    given[kind].add(id);
    return id;
  };
}

/** Looks up, once per kind, the stored entities that references not defined in the bundle could name. */
function loadStoredReferences(db: Db, bundle: Bundle, refs: References) {
  const actorRefs = new Set<string>();
  const locationRefs = new Set<string>();
  const eventRefs = new Set<string>();
  const claimRefs = new Set<string>();
  for (const a of bundle.actors) a.affiliations.forEach((f) => actorRefs.add(f.organization));
  for (const l of bundle.locations) if (l.parent) locationRefs.add(l.parent);
  for (const e of bundle.events) {
    if (e.location) locationRefs.add(e.location);
    e.participants.forEach((p) => actorRefs.add(p.actor));
    e.relations.forEach((r) => eventRefs.add(r.event));
  }
  for (const c of bundle.claims) {
    actorRefs.add(c.speaker);
    if (c.reportedBy) actorRefs.add(c.reportedBy);
    c.about.actors.forEach((a) => actorRefs.add(a));
    c.about.events.forEach((e) => eventRefs.add(e));
    if (c.respondsTo) claimRefs.add(c.respondsTo);
    c.links?.forEach((l) => claimRefs.add(l.claim));
  }
  // A key of the bundle wins over a stored id: such a stored entity is not linked.
  for (const a of bundle.actors) actorRefs.delete(a.key);
  for (const l of bundle.locations) locationRefs.delete(l.key);
  for (const e of bundle.events) eventRefs.delete(e.key);
  for (const c of bundle.claims) claimRefs.delete(c.key);
  const lookup = (ids: Set<string>, kind: 'actor' | 'location') => {
    if (ids.size === 0) return;
    const table = kind === 'actor' ? t.actors : t.locations;
    for (const row of db.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, [...ids])).all()) refs.stored[kind].set(row.id, row.name);
    const missing = [...ids].filter((id) => !refs.stored[kind].has(id));
    if (missing.length === 0) return;
    const redirects = db
      .select({ oldId: t.mergedIds.oldId, survivorId: t.mergedIds.survivorId, name: table.name })
      .from(t.mergedIds)
      .innerJoin(table, eq(table.id, t.mergedIds.survivorId))
      .where(and(eq(t.mergedIds.entityType, kind), inArray(t.mergedIds.oldId, missing)))
      .all();
    for (const row of redirects) {
      refs.merged[kind].set(row.oldId, row.survivorId);
      refs.stored[kind].set(row.survivorId, row.name);
    }
  };
  lookup(actorRefs, 'actor');
  lookup(locationRefs, 'location');
  if (eventRefs.size) {
    for (const row of db.select({ id: t.events.id, title: t.events.title }).from(t.events).where(inArray(t.events.id, [...eventRefs])).all()) refs.stored.event.set(row.id, row.title);
  }
  if (claimRefs.size) {
    for (const row of db.select({ id: t.claims.id, text: t.claims.text }).from(t.claims).where(inArray(t.claims.id, [...claimRefs])).all()) refs.stored.claim.set(row.id, row.text);
  }
}

function actorNames(db: Db, bundle: Bundle, refs: References) {
  const names = new Map<string, string>(refs.stored.actor);
  for (const a of bundle.actors) names.set(refs.keyToId.actor.get(a.key)!, a.name);
  return (id: string) => names.get(id) ?? id;
}

/** Parents before children; a cycle among the bundle's own locations is an error. */
function orderByParent<T extends { id: string; parentId: string | null }>(items: T[], root: string, errors: FieldError[]): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: T, index: number): void => {
    const s = state.get(item.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      errors.push({ path: formatPath(root, ['locations', index, 'parent']), message: 'makes a cycle of parents' });
      return;
    }
    state.set(item.id, 'visiting');
    const parent = item.parentId ? byId.get(item.parentId) : undefined;
    if (parent) visit(parent, items.indexOf(parent));
    state.set(item.id, 'done');
    ordered.push(item);
  };
  items.forEach(visit);
  return ordered;
}

function summarize(
  bundle: Bundle,
  sourceId: string,
  refs: References,
  actors: Array<{ id: string; a: { name: string } }>,
  locations: Array<{ id: string; l: { name: string } }>,
  events: Array<{ id: string; e: { title: string } }>,
  claims: Array<{ id: string; c: { text: string } }>,
): ImportSummary {
  const linkedRefs = (map: Map<string, string>) => [...map].map(([id, name]) => ({ id, name }));
  return {
    source: { id: sourceId, title: bundle.source.title },
    created: {
      actors: actors.map(({ id, a }) => ({ id, name: a.name })),
      locations: locations.map(({ id, l }) => ({ id, name: l.name })),
      events: events.map(({ id, e }) => ({ id, title: e.title })),
      claims: claims.map(({ id, c }) => ({ id, text: c.text })),
    },
    linked: {
      actors: linkedRefs(refs.stored.actor),
      locations: linkedRefs(refs.stored.location),
      events: [...refs.stored.event].map(([id, title]) => ({ id, title })),
      claims: [...refs.stored.claim].map(([id, text]) => ({ id, text })),
    },
  };
}
