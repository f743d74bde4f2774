// The kinds of stored things, and how one kind's representation depends on another's: what the
// change feed needs to know which entities a write touched, declared once per entity home.
export type EntityType = 'source' | 'actor' | 'location' | 'event' | 'claim' | 'extraction';
export type EntityKey = readonly [EntityType, string];

/** The order a client replaying the feed creates things in: what a kind embeds comes before it. */
export const CREATE_ORDER: readonly EntityType[] = ['source', 'actor', 'location', 'event', 'claim', 'extraction'];

/**
 * A kind whose representation embeds an entity of the declaring kind, and which of the declaring
 * entity's write fields it shows: a write that changes none of them leaves the dependents as they were.
 * A delete or merge changes them all (the id goes away).
 */
export type Dependent = {
  readonly kind: EntityType;
  readonly shows: readonly string[];
  /** While one of these embeds the entity, the entity cannot be deleted (409): a delete never changes them. */
  readonly blocksDelete?: boolean;
};

/**
 * The kinds among `dependents` that show a change of `fields`: 'all' for a merge (the id goes away,
 * every reference moves), 'delete' for a delete (those that do not block it).
 */
export function dependentKindsFor(
  dependents: readonly Dependent[],
  fields: readonly string[] | 'all' | 'delete',
): EntityType[] {
  return dependents
    .filter((d) =>
      fields === 'all' ? true : fields === 'delete' ? !d.blocksDelete : d.shows.some((f) => fields.includes(f)),
    )
    .map((d) => d.kind);
}

/** The keys of a list of ids of one kind, without repeats. */
export function keysOf(kind: EntityType, ids: Iterable<string | null | undefined>): EntityKey[] {
  const seen = new Set<string>();
  for (const id of ids) if (id != null) seen.add(id);
  return [...seen].map((id) => [kind, id] as const);
}
