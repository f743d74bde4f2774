// The location's home: its write shape, its rules (a parent that exists, no cycle, bounded depth; one
// wording whatever the write), its create, patch, delete and merge, and the kinds that embed it.
import { ConflictError, InvalidRequestError } from '../../errors.ts';
import { BUNDLE_LIMITS } from '../../schemas/bundle.ts';
import type { Span } from '../../schemas/common.ts';
import type { ExternalIds } from '../../schemas/external-ids.ts';
import { NAME_RULES } from '../../text/names.ts';
import type { LocationCreate, LocationPatch } from '../../schemas/writes.ts';
import { slugify } from '../../text/slug.ts';
import type { Checks, Path } from '../checks.ts';
import { referrerConflict, requireCurrent } from '../current.ts';
import { type ExternalIdRules, checkExternalIds, checkMergeExternalIds } from '../external-ids.ts';
import type { IdAllocator } from '../ids.ts';
import { type Dependent, type EntityKey, keysOf } from '../kinds.ts';
import type { AncestorRow, LocationStore } from './store.ts';

export { type LocationStore, SqliteLocationStore } from './store.ts';

/** Who shows a location: the locations inside it (parent), events naming it in any role (`locations`), sources (counts). */
export const LOCATION_DEPENDENTS: readonly Dependent[] = [
  { kind: 'location', shows: ['name'], blocksDelete: true },
  { kind: 'event', shows: ['name'], blocksDelete: true },
  { kind: 'source', shows: ['evidence'] },
];

/** The external-id rules, worded for locations. */
const LOCATION_EXTERNAL_ID_RULES: ExternalIdRules = {
  held: (scheme, value, holder) => `${scheme} id "${value}" is already held by location "${holder}"`,
  twice: (scheme, value, first) => `${scheme} id "${value}" is also given to ${first}; an id has one holder`,
  mergeConflict: (id, into, scheme, [a, b]) =>
    `Cannot merge location "${id}" into "${into}": their ${scheme} ids differ ("${a}" and "${b}"); remove the wrong one (PATCH externalIds) first.`,
};

export const LOCATION_RULES = {
  tooDeep: (what: 'this location' | 'a location inside this one', depth: number) =>
    `would put ${what} ${depth} levels deep; a location has at most ${BUNDLE_LIMITS.locationDepth} levels of parents`,
  cycle: (parent: string, id: string) => `makes a cycle of parents: "${parent}" lies inside "${id}"`,
  idTaken: (id: string) => `A location with id "${id}" already exists.`,
  mergeIntoItself: 'is the location being merged; name another location',
  mergeIntoInside: (id: string, into: string) => `Cannot merge "${id}" into "${into}": "${into}" lies inside "${id}".`,
  /** Names and aliases (checked by the write schemas, text/names.ts). */
  name: NAME_RULES,
  externalIds: LOCATION_EXTERNAL_ID_RULES,
} as const;

export type LocationWrite = {
  id: string;
  name: string;
  kind: LocationCreate['kind'];
  aliases: string[];
  parent: string | null;
  coordinates: { lat: number; lon: number } | null;
  areaKm2: number | null;
  description: string | null;
  externalIds: ExternalIds;
  evidence: Array<Span | null>;
};

/** Checked new locations, parents before children, with their closure rows. */
export type LocationPlan = { ordered: LocationWrite[]; ancestors: AncestorRow[] };

/** The stored entities a write body names that will show the location: the sources its evidence cites. A parent does not show its children. */
export function locationReferences(input: Partial<Pick<LocationCreate, 'evidence'>>): EntityKey[] {
  return keysOf(
    'source',
    (input.evidence ?? []).map((e) => e.sourceId),
  );
}

/**
 * The external ids of new or changed locations: held by another stored location is a 409 naming it;
 * two items of one write giving the same id is a 400.
 */
export function checkLocationExternalIds(
  store: LocationStore,
  checks: Checks,
  items: Array<{ id: string; externalIds: ExternalIds | undefined; path: Path }>,
) {
  checkExternalIds(store.externalIds, checks, 'location', LOCATION_RULES.externalIds, items);
}

/**
 * The rules of new locations: no cycle among them, none more than BUNDLE_LIMITS.locationDepth levels
 * deep (each level costs a closure row per location below it: a chain of 5,000 would write 12.5
 * million rows). A location's ancestors are its parent's plus the parent: the parent is either
 * earlier in the order or stored, and the stored parents' closure rows are read in one statement.
 */
export function checkLocations(
  store: LocationStore,
  checks: Checks,
  items: Array<{ write: LocationWrite; path: Path }>,
): LocationPlan {
  const ordered = orderByParent(items, checks);
  const inBatch = new Set(items.map((i) => i.write.id));
  const storedParents = [
    ...new Set(items.flatMap(({ write: { parent } }) => (parent && !inBatch.has(parent) ? [parent] : []))),
  ];
  const closure = store.ancestorsOf(storedParents);
  const tooDeep = new Set<string>();
  const ancestors = ordered.flatMap(({ write: { id, parent }, path }) => {
    const above = parent ? (closure.get(parent) ?? []) : [];
    if ((parent && tooDeep.has(parent)) || above.length > BUNDLE_LIMITS.locationDepth) {
      // Named once, at the first location too deep: those inside it are so because of it.
      if (!(parent && tooDeep.has(parent)))
        checks.add([...path, 'parent'], LOCATION_RULES.tooDeep('this location', above.length));
      tooDeep.add(id);
      return [];
    }
    const own = [
      { ancestorId: id, depth: 0 },
      ...above.map((row) => ({ ancestorId: row.ancestorId, depth: row.depth + 1 })),
    ];
    closure.set(id, own);
    return own.map((row) => ({ ancestorId: row.ancestorId, locationId: id, depth: row.depth }));
  });
  return { ordered: ordered.map((i) => i.write), ancestors };
}

/** Parents before children; a cycle among the new locations is an error. */
function orderByParent(
  items: Array<{ write: LocationWrite; path: Path }>,
  checks: Checks,
): Array<{ write: LocationWrite; path: Path }> {
  type Item = (typeof items)[number];
  const byId = new Map(items.map((item) => [item.write.id, item]));
  const ordered: Item[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Each item is visited once; a chain of parents is walked with a list, not recursion, so a
  // 5,000-deep chain neither overflows the stack nor costs more than its length.
  for (const start of items) {
    const chain: Item[] = [];
    for (
      let item: Item | undefined = start;
      item && !state.has(item.write.id);
      item = item.write.parent ? byId.get(item.write.parent) : undefined
    ) {
      state.set(item.write.id, 'visiting');
      chain.push(item);
    }
    const top = chain.at(-1);
    const above = top?.write.parent ? byId.get(top.write.parent) : undefined;
    if (above && state.get(above.write.id) === 'visiting')
      checks.add([...above.path, 'parent'], LOCATION_RULES.cycle(above.write.parent!, above.write.id));
    for (const item of chain.reverse()) {
      state.set(item.write.id, 'done');
      ordered.push(item);
    }
  }
  return ordered;
}

/** Writes checked locations; answers their ids, parents first. */
export function createLocations(store: LocationStore, plan: LocationPlan): string[] {
  store.insert(
    plan.ordered.map((l) => ({
      id: l.id,
      name: l.name,
      kind: l.kind,
      aliases: l.aliases,
      parentId: l.parent,
      lat: l.coordinates?.lat ?? null,
      lon: l.coordinates?.lon ?? null,
      areaKm2: l.areaKm2,
      description: l.description,
    })),
    plan.ancestors,
  );
  store.externalIds.insert('location', plan.ordered);
  store.evidence.insert(
    'location',
    plan.ordered.map((l) => ({ subjectId: l.id, spans: l.evidence })),
  );
  return plan.ordered.map((l) => l.id);
}

export function createLocationFromBody(
  store: LocationStore,
  checks: Checks,
  ids: IdAllocator,
  body: LocationCreate,
): string {
  // A parent merged away is its survivor.
  const input = { ...body, parent: body.parent === null ? null : checks.current('location', body.parent) };
  if (input.id && ids.isTaken('location', input.id)) {
    throw new ConflictError(LOCATION_RULES.idTaken(input.id), [{ path: 'body.id', message: 'is taken' }]);
  }
  checks.ref('location', input.parent, ['parent']);
  const evidence = checks.spans(input.evidence, ['evidence']);
  const id = ids.assign('location', undefined, input.id ?? slugify(input.name));
  checkLocationExternalIds(store, checks, [{ id, externalIds: input.externalIds, path: [] }]);
  const plan = checkLocations(store, checks, [{ write: { ...input, id, evidence }, path: [] }]);
  checks.throwIfAny();
  return createLocations(store, plan)[0]!;
}

export function patchLocation(
  store: LocationStore,
  checks: Checks,
  id: string,
  patch: LocationPatch,
  ifMatch?: string,
) {
  requireCurrent('location', id, (ids) => store.getByIds(ids), ifMatch);
  const { evidence, parent: given, coordinates, externalIds, ...fields } = patch;
  const parent = given ? checks.current('location', given) : given;
  checkLocationExternalIds(store, checks, [{ id, externalIds, path: [] }]);
  if (parent) {
    checks.ref('location', parent, ['parent']);
    if (store.row(parent)) {
      if (store.isInside(parent, id)) checks.add(['parent'], LOCATION_RULES.cycle(parent, id));
      else {
        const below = store.depthBelow(id);
        const depth = (store.ancestorsOf([parent]).get(parent)?.length ?? 1) + below;
        if (depth > BUNDLE_LIMITS.locationDepth)
          checks.add(['parent'], LOCATION_RULES.tooDeep(below ? 'a location inside this one' : 'this location', depth));
      }
    }
  }
  const spans = evidence && checks.spans(evidence, ['evidence']);
  checks.throwIfAny();
  store.update(id, {
    ...fields,
    ...(parent !== undefined ? { parentId: parent } : {}),
    ...(coordinates !== undefined ? { lat: coordinates?.lat ?? null, lon: coordinates?.lon ?? null } : {}),
  });
  if (parent !== undefined) store.reparent(id, parent);
  if (externalIds) store.externalIds.replace('location', id, externalIds);
  if (spans) store.evidence.replace('location', id, spans);
}

export function deleteLocation(store: LocationStore, id: string, ifMatch?: string) {
  requireCurrent('location', id, (ids) => store.getByIds(ids), ifMatch);
  const referrers = LOCATION_DEPENDENTS.filter((d) => d.blocksDelete).flatMap((d) =>
    keysOf(d.kind, store.embedders([id], d.kind)),
  );
  if (referrers.length) throw referrerConflict('location', id, referrers);
  store.delete(id);
}

/** Folds location `id` into `into`: children, events' places, evidence and names move; `id` then redirects. */
export function mergeLocation(store: LocationStore, id: string, into: string, ifMatch?: string) {
  requireCurrent('location', id, (ids) => store.getByIds(ids), ifMatch);
  if (id === into) throw new InvalidRequestError([{ path: 'body.into', message: LOCATION_RULES.mergeIntoItself }]);
  const survivor = store.row(into);
  if (!survivor) throw new InvalidRequestError([{ path: 'body.into', message: `no location with id "${into}"` }]);
  if (store.isInside(into, id)) throw new ConflictError(LOCATION_RULES.mergeIntoInside(id, into));
  checkMergeExternalIds(store.externalIds, 'location', LOCATION_RULES.externalIds, id, into);
  const folded = store.row(id)!;
  store.moveReferences(id, into);
  store.update(into, {
    aliases: [...new Set([...survivor.aliases, folded.name, ...folded.aliases])].filter((a) => a !== survivor.name),
    description: survivor.description ?? folded.description,
    areaKm2: survivor.areaKm2 ?? folded.areaKm2,
    ...(survivor.lat === null ? { lat: folded.lat, lon: folded.lon } : {}),
  });
}
