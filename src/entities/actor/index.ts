// The actor's home: its write shape and the mapping to rows, its rules (one wording, whether the write
// is a PATCH, a POST or a bundle), its create, patch, delete and merge, and the kinds that embed it.
// Writers run inside the caller's transaction; the change feed (domain/changes.ts) wraps them.
import { ConflictError, InvalidRequestError } from '../../errors.ts';
import type { Span } from '../../schemas/common.ts';
import type { ExternalIds } from '../../schemas/external-ids.ts';
import { NAME_RULES } from '../../text/names.ts';
import type { ActorCreate, ActorPatch } from '../../schemas/writes.ts';
import { slugify } from '../../text/slug.ts';
import type { Checks, Path } from '../checks.ts';
import { referrerConflict, requireCurrent } from '../current.ts';
import { type ExternalIdRules, checkExternalIds, checkMergeExternalIds } from '../external-ids.ts';
import type { IdAllocator } from '../ids.ts';
import { type Dependent, type EntityKey, keysOf } from '../kinds.ts';
import type { AffiliationRow, ActorStore } from './store.ts';

export { type ActorStore, SqliteActorStore } from './store.ts';

/** Who shows an actor: claims (speaker, outlet, about), events (participants), members (affiliations), sources (counts). */
export const ACTOR_DEPENDENTS: readonly Dependent[] = [
  { kind: 'claim', shows: ['name'], blocksDelete: true },
  { kind: 'event', shows: ['name'], blocksDelete: true },
  { kind: 'actor', shows: ['name'], blocksDelete: true },
  { kind: 'source', shows: ['evidence'] },
];

/** The external-id rules, worded for actors. */
const ACTOR_EXTERNAL_ID_RULES: ExternalIdRules = {
  held: (scheme, value, holder) => `${scheme} id "${value}" is already held by actor "${holder}"`,
  twice: (scheme, value, first) => `${scheme} id "${value}" is also given to ${first}; an id has one holder`,
  mergeConflict: (id, into, scheme, [a, b]) =>
    `Cannot merge actor "${id}" into "${into}": their ${scheme} ids differ ("${a}" and "${b}"); remove the wrong one (PATCH externalIds) first.`,
};

export const ACTOR_RULES = {
  selfAffiliation: 'an actor cannot be affiliated with itself',
  idTaken: (id: string) => `An actor with id "${id}" already exists.`,
  mergeIntoItself: 'is the actor being merged; name another actor',
  /** Names and aliases (checked by the write schemas, text/names.ts). */
  name: NAME_RULES,
  externalIds: ACTOR_EXTERNAL_ID_RULES,
} as const;

/** An actor to create, references resolved to ids and evidence located. */
export type ActorWrite = {
  id: string;
  name: string;
  kind: ActorCreate['kind'];
  aliases: string[];
  description: string | null;
  affiliations: AffiliationRow[];
  externalIds: ExternalIds;
  evidence: Array<Span | null>;
};

/**
 * The stored entities a write body names that will show the actor: the sources its evidence cites
 * (their counts). An organization does not show its members, so affiliations are not among them.
 */
export function actorReferences(input: Partial<Pick<ActorCreate, 'evidence'>>): EntityKey[] {
  return keysOf(
    'source',
    (input.evidence ?? []).map((e) => e.sourceId),
  );
}

function checkAffiliations(checks: Checks, id: string, affiliations: AffiliationRow[], path: Path) {
  affiliations.forEach((a, i) => {
    if (a.organization === id) checks.add([...path, 'affiliations', i, 'organization'], ACTOR_RULES.selfAffiliation);
  });
}

/**
 * The rules of new actors (a bundle's, or one POST's), every problem collected into `checks`. With
 * `sources` (a bundle's article), the time words of affiliations must stand in them; a curator's
 * actor cites no source for its affiliations.
 */
export function checkActors(checks: Checks, items: Array<{ write: ActorWrite; path: Path; sources?: string[] }>) {
  for (const { write, path, sources } of items) {
    checkAffiliations(checks, write.id, write.affiliations, path);
    if (sources)
      write.affiliations.forEach((f, j) => {
        checks.wordsInSources(f.from?.text, sources, [...path, 'affiliations', j, 'from', 'text']);
        checks.wordsInSources(f.to?.text, sources, [...path, 'affiliations', j, 'to', 'text']);
      });
  }
}

/**
 * The external ids of new or changed actors: held by another stored actor is a 409 naming it; two
 * items of one write giving the same id is a 400.
 */
export function checkActorExternalIds(
  store: ActorStore,
  checks: Checks,
  items: Array<{ id: string; externalIds: ExternalIds | undefined; path: Path }>,
) {
  checkExternalIds(store.externalIds, checks, 'actor', ACTOR_RULES.externalIds, items);
}

/**
 * Writes checked actors, many rows per statement. Answers their ids, organizations before their
 * members where both are new, the order a client replaying the feed needs.
 */
export function createActors(store: ActorStore, items: ActorWrite[]): string[] {
  store.insert(
    items.map((a) => ({ id: a.id, name: a.name, kind: a.kind, aliases: a.aliases, description: a.description })),
  );
  store.insertAffiliations(items.map((a) => ({ actorId: a.id, affiliations: a.affiliations })));
  store.externalIds.insert('actor', items);
  store.evidence.insert(
    'actor',
    items.map((a) => ({ subjectId: a.id, spans: a.evidence })),
  );
  const byId = new Map(items.map((a) => [a.id, a]));
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (id: string, seen: Set<string>) => {
    if (placed.has(id) || seen.has(id)) return;
    seen.add(id);
    for (const a of byId.get(id)!.affiliations) if (byId.has(a.organization)) place(a.organization, seen);
    placed.add(id);
    ordered.push(id);
  };
  for (const a of items) place(a.id, new Set());
  return ordered;
}

/**
 * Affiliations with an organization merged away name its survivor; one that then repeats another
 * (same organization, role and dates: a body naming both the old id and the survivor) is kept once,
 * as a merge keeps it.
 */
const followMerges = (checks: Checks, affiliations: AffiliationRow[]) => {
  const seen = new Set<string>();
  return affiliations
    .map((a) => ({ ...a, organization: checks.current('actor', a.organization) }))
    .filter((a) => {
      const key = JSON.stringify([a.organization, a.role, a.from, a.to]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
};

/** POST /v1/actors: references checked, evidence located, the id given or a fresh slug of the name. */
export function createActorFromBody(store: ActorStore, checks: Checks, ids: IdAllocator, body: ActorCreate): string {
  const input = { ...body, affiliations: followMerges(checks, body.affiliations) };
  if (input.id && ids.isTaken('actor', input.id)) {
    throw new ConflictError(ACTOR_RULES.idTaken(input.id), [{ path: 'body.id', message: 'is taken' }]);
  }
  const id = ids.assign('actor', undefined, input.id ?? slugify(input.name));
  input.affiliations.forEach((a, i) => checks.ref('actor', a.organization, ['affiliations', i, 'organization']));
  const write: ActorWrite = { ...input, id, evidence: checks.spans(input.evidence, ['evidence']) };
  checkActorExternalIds(store, checks, [{ id, externalIds: input.externalIds, path: [] }]);
  checkActors(checks, [{ write, path: [] }]);
  checks.throwIfAny();
  createActors(store, [write]);
  return id;
}

export function patchActor(store: ActorStore, checks: Checks, id: string, patch: ActorPatch, ifMatch?: string) {
  requireCurrent('actor', id, (ids) => store.getByIds(ids), ifMatch);
  const { affiliations: given, evidence, externalIds, ...fields } = patch;
  const affiliations = given && followMerges(checks, given);
  checkActorExternalIds(store, checks, [{ id, externalIds, path: [] }]);
  affiliations?.forEach((a, i) => checks.ref('actor', a.organization, ['affiliations', i, 'organization']));
  if (affiliations) checkAffiliations(checks, id, affiliations, []);
  const spans = evidence && checks.spans(evidence, ['evidence']);
  checks.throwIfAny();
  store.update(id, fields);
  if (affiliations) store.replaceAffiliations(id, affiliations);
  if (externalIds) store.externalIds.replace('actor', id, externalIds);
  if (spans) store.evidence.replace('actor', id, spans);
}

export function deleteActor(store: ActorStore, id: string, ifMatch?: string) {
  requireCurrent('actor', id, (ids) => store.getByIds(ids), ifMatch);
  const referrers = ACTOR_DEPENDENTS.filter((d) => d.blocksDelete).flatMap((d) =>
    keysOf(d.kind, store.embedders([id], d.kind)),
  );
  if (referrers.length) throw referrerConflict('actor', id, referrers);
  store.delete(id);
}

/** Folds actor `id` into `into`: every reference, alias and external id moves; `id` then redirects to `into`. */
export function mergeActor(store: ActorStore, id: string, into: string, ifMatch?: string) {
  requireCurrent('actor', id, (ids) => store.getByIds(ids), ifMatch);
  if (id === into) throw new InvalidRequestError([{ path: 'body.into', message: ACTOR_RULES.mergeIntoItself }]);
  const survivor = store.row(into);
  if (!survivor) throw new InvalidRequestError([{ path: 'body.into', message: `no actor with id "${into}"` }]);
  checkMergeExternalIds(store.externalIds, 'actor', ACTOR_RULES.externalIds, id, into);
  const folded = store.row(id)!;
  store.moveReferences(id, into);
  const aliases = [...new Set([...survivor.aliases, folded.name, ...folded.aliases])].filter(
    (a) => a !== survivor.name,
  );
  store.update(into, { aliases, description: survivor.description ?? folded.description });
}
