// Imports a bundle (one source and its annotations) all or nothing: every problem is collected and
// reported by JSON path before anything is written, and the write itself is one transaction.
// The seed loader and POST /v1/sources both come through here. What is the bundle's own is here: its
// keys, resolved to new or stored ids, and its mentions, located in its one text; the rules and the
// writes are each entity's (src/entities/<kind>/), the same a POST or PATCH runs, on whole batches.
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import { sameNamed } from '../db/queries/entity-lookup.ts';
import * as t from '../db/schema.ts';
import { checkActorExternalIds, checkActors, createActors } from '../entities/actor/index.ts';
import { Checks, MESSAGES, type Path } from '../entities/checks.ts';
import {
  type AppearanceWrite,
  checkAppearances,
  checkClaims,
  claimIdBase,
  claimReferences,
  createAppearances,
  createClaims,
} from '../entities/claim/index.ts';
import { checkEvents, createEvents, eventReferences, placesOf } from '../entities/event/index.ts';
import { IdAllocator } from '../entities/ids.ts';
import type { EntityKey } from '../entities/kinds.ts';
import { checkLocationExternalIds, checkLocations, createLocations } from '../entities/location/index.ts';
import { createSource, sourceIdCandidates } from '../entities/source/index.ts';
import { referencedDependents, sqliteStores } from '../entities/stores.ts';
import { type FieldError, InvalidRequestError, formatPath, unionIssues } from '../errors.ts';
import { type Bundle, type BundleClaim, type MentionInput, bundleSchema, isAppearance } from '../schemas/bundle.ts';
import type { Ref, TimeSpec, TitledRef } from '../schemas/common.ts';
import { SpanWorkExceeded, occurrencesWanted, spanWorkProblem } from '../text/spans.ts';
import { slugify } from '../text/slug.ts';
import { recordWrite } from './changes.ts';

/** Not an error: something the importer noticed that the curator may want to change (a likely duplicate). */
export type ImportWarning = { path: string; message: string; id: string };

export type ImportSummary = {
  source: TitledRef;
  created: { actors: Ref[]; locations: Ref[]; events: TitledRef[]; claims: Array<{ id: string; text: string }> };
  linked: { actors: Ref[]; locations: Ref[]; events: TitledRef[]; claims: Array<{ id: string; text: string }> };
  /** Stored claims the source repeats (`{ "appears": id }`): each gained an appearance. */
  appeared: Array<{ id: string; text: string }>;
  /** New actors and locations named like stored ones: probably the same, and better linked by id. */
  warnings: ImportWarning[];
};

/** Parses untrusted input as a bundle; throws InvalidRequestError naming every bad field under `root`. */
export function parseBundle(input: unknown, root = 'body'): Bundle {
  const result = bundleSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidRequestError(
    zodIssuesToErrors(result.error.issues, root),
    'The bundle is invalid; nothing was written.',
  );
}

export function zodIssuesToErrors(issues: z.core.$ZodIssue[], root: string): FieldError[] {
  return issues
    .flatMap((issue) => unionIssues(issue as Parameters<typeof unionIssues>[0]))
    .flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.keys
        ? issue.keys.map((key) => ({ path: formatPath(root, [...issue.path, key]), message: 'is not a known field' }))
        : [{ path: formatPath(root, issue.path), message: issue.message }],
    );
}

export { hashText } from '../entities/source/index.ts';

type Kind = 'actor' | 'location' | 'event' | 'claim';

/** Resolved references: bundle key -> final id, plus the stored entities the bundle links to. */
class References {
  readonly keyToId = {
    actor: new Map<string, string>(),
    location: new Map<string, string>(),
    event: new Map<string, string>(),
    claim: new Map<string, string>(),
  };
  readonly stored = {
    actor: new Map<string, string>(),
    location: new Map<string, string>(),
    event: new Map<string, string>(),
    claim: new Map<string, string>(),
  };
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
  return recordWrite(
    db,
    { keyName: options.keyName },
    // The stored entities the bundle names that will show what it creates, as each kind declares them
    // (stored events it relates to, stored claims it answers or links to): their change is recorded too.
    () => [
      ...bundle.events.flatMap((e) => referencedDependents('event', eventReferences({ relations: e.relations }))),
      ...newClaims(bundle).flatMap(({ claim: c }) =>
        referencedDependents('claim', claimReferences({ respondsTo: c.respondsTo, links: c.links ?? [] })),
      ),
      // The stored claims it repeats gain an appearance: an update of each, after the source's create.
      ...appearances(bundle).map(({ claim: a }) => ['claim', a.appears] as const),
    ],
    () => {
      let written: ReturnType<typeof writeBundle>;
      try {
        written = writeBundle(db, bundle, root);
      } catch (error) {
        // Past the work limit the whole bundle is refused: a 400 rather than a write that holds every other request.
        throw error instanceof SpanWorkExceeded ? spanWorkProblem(error, root) : error;
      }
      return { result: written.summary, touched: written.written };
    },
  );
}

/** The new claims of a bundle's `claims`, with their index there. */
const newClaims = (bundle: Bundle) =>
  bundle.claims.flatMap((c, index) => (isAppearance(c) ? [] : [{ claim: c as BundleClaim, index }]));
/** The appearances of stored claims in a bundle's `claims`, with their index there. */
const appearances = (bundle: Bundle) =>
  bundle.claims.flatMap((c, index) => (isAppearance(c) ? [{ claim: c, index }] : []));

/** Thrown to roll a dry run back; never leaves checkBundle. */
class DryRunDone extends Error {
  constructor(readonly warnings: ImportWarning[]) {
    super('dry run');
  }
}

/**
 * Every check importBundle makes (the same 400s and 409s), with nothing written: the import runs in a
 * transaction (a savepoint inside an enclosing one) that is rolled back. Answers the warnings.
 */
export function checkBundle(db: Db, bundle: Bundle, root = 'body'): ImportWarning[] {
  try {
    db.transaction(() => {
      throw new DryRunDone(writeBundle(db, bundle, root).summary.warnings);
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.warnings;
    throw error;
  }
  throw new Error('unreachable: the dry run always throws');
}

function writeBundle(tx: Db, bundle: Bundle, root: string): { summary: ImportSummary; written: EntityKey[] } {
  const stores = sqliteStores(tx);
  const checks = new Checks(tx, root);
  const ids = new IdAllocator(tx);

  // The same text stored already is a 409 before anything else; an invalid bundle rolls the source back.
  ids.expect('source', sourceIdCandidates(bundle.source));
  const sourceId = createSource(stores.source, ids, bundle.source, { root, path: ['source'] });
  checks.knowSource(sourceId, bundle.source.text);

  const refs = new References();
  loadStoredReferences(tx, bundle, refs);
  // Before anything but the source is written, so the bundle's own new entities are not found.
  const warnings = sameNameWarnings(tx, bundle, root);
  checkUniqueKeys(bundle, checks);

  // Keys to ids first, so references can resolve to them.
  ids.expect(
    'actor',
    bundle.actors.flatMap((a) => [a.id ?? a.key, slugify(a.name)]),
  );
  ids.expect(
    'location',
    bundle.locations.flatMap((l) => [l.id ?? l.key, slugify(l.name)]),
  );
  ids.expect(
    'event',
    bundle.events.map((e) => slugify(e.title)),
  );
  for (const a of bundle.actors) refs.keyToId.actor.set(a.key, ids.assign('actor', a.id ?? a.key, slugify(a.name)));
  for (const l of bundle.locations)
    refs.keyToId.location.set(l.key, ids.assign('location', l.id ?? l.key, slugify(l.name)));
  for (const e of bundle.events) refs.keyToId.event.set(e.key, ids.assign('event', undefined, slugify(e.title)));

  /** A key of the bundle or a stored id, as an id; unresolved, the reference itself (named as a problem). */
  const resolve = (kind: Kind, ref: string, path: Path): string => {
    const id = refs.resolve(kind, ref);
    if (!id)
      checks.add(
        path,
        `"${ref}" is neither ${kind === 'actor' ? 'an' : 'a'} ${kind} key of this bundle nor a stored ${kind} id`,
      );
    return id ?? ref;
  };
  const resolveNullable = (kind: Kind, ref: string | null, path: Path) =>
    ref === null ? null : resolve(kind, ref, path);
  // Every quote and word the bundle cites, found in one pass over the text, each only as often as needed.
  checks.prepare(sourceId, wantedWords(bundle));
  const mention = (m: MentionInput, path: Path) => checks.mention(sourceId, m, path);
  const sources = [sourceId];

  const actors = bundle.actors.map((a, i) => ({
    path: ['actors', i],
    sources,
    write: {
      id: refs.keyToId.actor.get(a.key)!,
      name: a.name,
      kind: a.kind,
      aliases: a.aliases,
      description: a.description,
      externalIds: a.externalIds,
      affiliations: a.affiliations.map((f, j) => ({
        ...f,
        organization: resolve('actor', f.organization, ['actors', i, 'affiliations', j, 'organization']),
      })),
      evidence: a.evidence.map((m, j) => mention(m, ['actors', i, 'evidence', j])),
    },
  }));
  checkActorExternalIds(
    stores.actor,
    checks,
    actors.map(({ write, path }) => ({ id: write.id, externalIds: write.externalIds, path })),
  );
  checkActors(checks, actors);

  checkLocationExternalIds(
    stores.location,
    checks,
    bundle.locations.map((l, i) => ({
      id: refs.keyToId.location.get(l.key)!,
      externalIds: l.externalIds,
      path: ['locations', i],
    })),
  );
  const locationPlan = checkLocations(
    stores.location,
    checks,
    bundle.locations.map((l, i) => ({
      path: ['locations', i],
      write: {
        id: refs.keyToId.location.get(l.key)!,
        name: l.name,
        kind: l.kind,
        aliases: l.aliases,
        parent: resolveNullable('location', l.parent, ['locations', i, 'parent']),
        coordinates: l.coordinates,
        areaKm2: l.areaKm2,
        description: l.description,
        externalIds: l.externalIds,
        evidence: l.evidence.map((m, j) => mention(m, ['locations', i, 'evidence', j])),
      },
    })),
  );

  const events = bundle.events.map((e, i) => ({
    path: ['events', i],
    write: {
      id: refs.keyToId.event.get(e.key)!,
      title: e.title,
      kind: e.kind,
      description: e.description,
      time: e.time,
      status: e.status,
      places: e.locations
        ? e.locations.map((l, j) => ({ ...l, id: resolve('location', l.id, ['events', i, 'locations', j, 'id']) }))
        : placesOf({ location: resolveNullable('location', e.location ?? null, ['events', i, 'location']) }),
      participants: e.participants.map((p, j) => ({
        ...p,
        actor: resolve('actor', p.actor, ['events', i, 'participants', j, 'actor']),
      })),
      quantities: e.quantities,
      relations: e.relations.map((r, j) => ({
        ...r,
        event: resolve('event', r.event, ['events', i, 'relations', j, 'event']),
      })),
      sources,
      evidence: e.evidence.map((m, j) => mention(m, ['events', i, 'evidence', j])),
    },
  }));
  checkEvents(checks, events);

  // Claim ids are slugs of speaker and stance, so speakers resolve first.
  const nameOf = actorNames(bundle, refs);
  const claimSlug = (c: BundleClaim, speakerId: string | undefined) =>
    claimIdBase(speakerId ? nameOf(speakerId) : c.speaker, c.stance);
  const fresh = newClaims(bundle);
  ids.expect(
    'claim',
    fresh.map(({ claim: c }) => claimSlug(c, refs.resolve('actor', c.speaker))),
  );
  for (const { claim: c } of fresh)
    refs.keyToId.claim.set(c.key, ids.assign('claim', undefined, claimSlug(c, refs.resolve('actor', c.speaker))));
  // A stored claim this source repeats: its key (if any) names the stored claim.
  const repeated = appearances(bundle);
  for (const { claim: a } of repeated)
    if (a.key && refs.stored.claim.has(a.appears)) refs.keyToId.claim.set(a.key, a.appears);
  const claims = fresh.map(({ claim: c, index: i }) => ({
    path: ['claims', i],
    write: {
      id: refs.keyToId.claim.get(c.key)!,
      speaker: resolve('actor', c.speaker, ['claims', i, 'speaker']),
      text: c.text,
      mode: c.mode,
      stance: c.stance,
      saidAt: c.saidAt,
      channel: c.channel,
      reportedBy: resolveNullable('actor', c.reportedBy, ['claims', i, 'reportedBy']),
      about: {
        events: c.about.events.map((ref, j) => resolve('event', ref, ['claims', i, 'about', 'events', j])),
        actors: c.about.actors.map((ref, j) => resolve('actor', ref, ['claims', i, 'about', 'actors', j])),
      },
      respondsTo: resolveNullable('claim', c.respondsTo, ['claims', i, 'respondsTo']),
      links: (c.links ?? []).map((l, j) => ({
        type: l.type,
        claim: resolve('claim', l.claim, ['claims', i, 'links', j, 'claim']),
      })),
      sourceId,
      evidence: mention(c.evidence, ['claims', i, 'evidence']),
    },
  }));
  checkClaims(checks, claims);

  const repeats = repeated.map(({ claim: a, index: i }) => {
    if (!refs.stored.claim.has(a.appears)) checks.add(['claims', i, 'appears'], MESSAGES.noSuch('claim', a.appears));
    const write: AppearanceWrite = {
      claimId: a.appears,
      sourceId,
      evidence: mention(a.evidence, ['claims', i, 'evidence']),
      reportedBy: resolveNullable('actor', a.reportedBy ?? null, ['claims', i, 'reportedBy']),
    };
    return { path: ['claims', i], write };
  });
  checkAppearances(
    stores.claim,
    checks,
    repeats.filter(({ write }) => refs.stored.claim.has(write.claimId)),
  );

  checks.throwIfAny('bundle');

  // Everything resolved and checked: each kind's writer, many rows per statement.
  const created = {
    actors: createActors(
      stores.actor,
      actors.map((a) => a.write),
    ),
    locations: createLocations(stores.location, locationPlan),
    events: createEvents(
      stores.event,
      events.map((e) => e.write),
    ),
    claims: createClaims(
      stores.claim,
      claims.map((c) => c.write),
    ),
    appeared: createAppearances(
      stores.claim,
      repeats.map((a) => a.write),
    ),
  };
  const summary = summarize(
    bundle,
    sourceId,
    refs,
    actors.map(({ write }) => write),
    locationPlan.ordered,
    events.map(({ write }) => write),
    claims.map(({ write }) => write),
  );
  return {
    summary: {
      ...summary,
      appeared: created.appeared.map((id) => ({ id, text: refs.stored.claim.get(id)! })),
      warnings,
    },
    // What the change feed logs, in the order the writers answered (what is embedded first).
    written: [
      ['source', sourceId],
      ...created.actors.map((id) => ['actor', id] as const),
      ...created.locations.map((id) => ['location', id] as const),
      ...created.events.map((id) => ['event', id] as const),
      ...created.claims.map((id) => ['claim', id] as const),
      ...created.appeared.map((id) => ['claim', id] as const),
    ],
  };
}

/** A new actor or location whose name or an alias is the name or an alias of a stored one (normalized). */
function sameNameWarnings(db: Db, bundle: Bundle, root: string): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  for (const [type, list] of [
    ['actor', 'actors'],
    ['location', 'locations'],
  ] as const) {
    for (const [index, stored] of sameNamed(db, type, bundle[list])) {
      for (const s of stored) {
        warnings.push({
          path: formatPath(root, [list, index]),
          message: `same name as stored ${type} ${s.id} ("${s.name}"); use its id to link to it instead of creating another`,
          id: s.id,
        });
      }
    }
  }
  return warnings;
}

/**
 * Every quote, time text and quantity the bundle cites, each with the occurrences its mentions need
 * (occurrencesWanted; the first for words that must merely stand in the text).
 */
function wantedWords(bundle: Bundle): Map<string, Set<number>> {
  const wanted = new Map<string, Set<number>>();
  const want = (words: string, occurrences: number[]) => {
    const set = wanted.get(words) ?? new Set<number>();
    for (const occurrence of occurrences) set.add(occurrence);
    wanted.set(words, set);
  };
  const mention = (m: MentionInput) => want(typeof m === 'string' ? m : m.quote, occurrencesWanted(m));
  const time = (spec: TimeSpec | null) => spec?.text && want(spec.text, [1]);
  for (const a of bundle.actors) {
    a.evidence.forEach(mention);
    for (const f of a.affiliations) [f.from, f.to].forEach(time);
  }
  for (const l of bundle.locations) l.evidence.forEach(mention);
  for (const e of bundle.events) {
    e.evidence.forEach(mention);
    time(e.time);
    for (const q of e.quantities) want(q.text, [1]);
  }
  for (const c of bundle.claims) {
    mention(c.evidence);
    if (!isAppearance(c)) time(c.saidAt);
  }
  return wanted;
}

function checkUniqueKeys(bundle: Bundle, checks: Checks) {
  for (const kind of ['actors', 'locations', 'events', 'claims'] as const) {
    const first = new Map<string, number>();
    bundle[kind].forEach((item, i) => {
      if (item.key === undefined) return; // an appearance needs no key
      const seen = first.get(item.key);
      if (seen === undefined) first.set(item.key, i);
      else checks.add([kind, i, 'key'], `"${item.key}" is already the key of ${kind}[${seen}]`);
    });
  }
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
    e.locations?.forEach((l) => locationRefs.add(l.id));
    e.participants.forEach((p) => actorRefs.add(p.actor));
    e.relations.forEach((r) => eventRefs.add(r.event));
  }
  for (const { claim: a } of appearances(bundle)) {
    claimRefs.add(a.appears);
    if (a.reportedBy) actorRefs.add(a.reportedBy);
  }
  for (const { claim: c } of newClaims(bundle)) {
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
  for (const { claim: c } of newClaims(bundle)) claimRefs.delete(c.key);
  // An appearance names a stored claim by id, whatever the bundle's keys.
  for (const { claim: a } of appearances(bundle)) claimRefs.add(a.appears);
  const lookup = (ids: Set<string>, kind: 'actor' | 'location') => {
    if (ids.size === 0) return;
    const table = kind === 'actor' ? t.actors : t.locations;
    for (const row of db
      .select({ id: table.id, name: table.name })
      .from(table)
      .where(inArray(table.id, [...ids]))
      .all())
      refs.stored[kind].set(row.id, row.name);
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
    for (const row of db
      .select({ id: t.events.id, title: t.events.title })
      .from(t.events)
      .where(inArray(t.events.id, [...eventRefs]))
      .all())
      refs.stored.event.set(row.id, row.title);
  }
  if (claimRefs.size) {
    for (const row of db
      .select({ id: t.claims.id, text: t.claims.text })
      .from(t.claims)
      .where(inArray(t.claims.id, [...claimRefs]))
      .all())
      refs.stored.claim.set(row.id, row.text);
  }
}

function actorNames(bundle: Bundle, refs: References) {
  const names = new Map<string, string>(refs.stored.actor);
  for (const a of bundle.actors) names.set(refs.keyToId.actor.get(a.key)!, a.name);
  return (id: string) => names.get(id) ?? id;
}

function summarize(
  bundle: Bundle,
  sourceId: string,
  refs: References,
  actors: Array<{ id: string; name: string }>,
  locations: Array<{ id: string; name: string }>,
  events: Array<{ id: string; title: string }>,
  claims: Array<{ id: string; text: string }>,
): Omit<ImportSummary, 'warnings'> {
  const linkedRefs = (map: Map<string, string>) => [...map].map(([id, name]) => ({ id, name }));
  return {
    source: { id: sourceId, title: bundle.source.title },
    created: {
      actors: actors.map(({ id, name }) => ({ id, name })),
      locations: locations.map(({ id, name }) => ({ id, name })),
      events: events.map(({ id, title }) => ({ id, title })),
      claims: claims.map(({ id, text }) => ({ id, text })),
    },
    appeared: [],
    linked: {
      actors: linkedRefs(refs.stored.actor),
      locations: linkedRefs(refs.stored.location),
      events: [...refs.stored.event].map(([id, title]) => ({ id, title })),
      claims: [...refs.stored.claim].map(([id, text]) => ({ id, text })),
    },
  };
}
