// The stores of one database, one per entity kind, and what the change feed asks of them: the
// representations of a batch of ids, and which entities of the dependent kinds embed them. A second
// engine (PostgreSQL) provides its own `Stores`; the entity homes and the feed use only these interfaces.
import type { Db } from '../db/client.ts';
import { ACTOR_DEPENDENTS, type ActorStore, SqliteActorStore } from './actor/index.ts';
import { CLAIM_DEPENDENTS, type ClaimStore, SqliteClaimStore } from './claim/index.ts';
import { EVENT_DEPENDENTS, type EventStore, SqliteEventStore } from './event/index.ts';
import { type Dependent, type EntityKey, type EntityType, dependentKindsFor, keysOf } from './kinds.ts';
import { LOCATION_DEPENDENTS, type LocationStore, SqliteLocationStore } from './location/index.ts';
import { SOURCE_DEPENDENTS, type SourceStore, SqliteSourceStore } from './source/index.ts';

export type Stores = {
  source: SourceStore;
  actor: ActorStore;
  location: LocationStore;
  event: EventStore;
  claim: ClaimStore;
};
export type StoredKind = keyof Stores;

export function sqliteStores(db: Db): Stores {
  return {
    source: new SqliteSourceStore(db),
    actor: new SqliteActorStore(db),
    location: new SqliteLocationStore(db),
    event: new SqliteEventStore(db),
    claim: new SqliteClaimStore(db),
  };
}

/** Each kind's declared dependents: the kinds whose representation embeds it. */
export const DEPENDENTS: Record<StoredKind, readonly Dependent[]> = {
  source: SOURCE_DEPENDENTS,
  actor: ACTOR_DEPENDENTS,
  location: LOCATION_DEPENDENTS,
  event: EVENT_DEPENDENTS,
  claim: CLAIM_DEPENDENTS,
};

export const isStoredKind = (kind: EntityType): kind is StoredKind => kind in DEPENDENTS;

/**
 * The stored entities whose representation a write to `ids` (of `kind`) can change: those ids, and
 * the entities of each dependent kind that embed them and show one of `fields` ('all' for a merge,
 * 'delete' for a delete).
 */
export function embeddersOf(
  stores: Stores,
  kind: StoredKind,
  ids: string[],
  fields: readonly string[] | 'all' | 'delete',
): EntityKey[] {
  return dependentKindsFor(DEPENDENTS[kind], fields).flatMap((dependent) =>
    keysOf(dependent, stores[kind].embedders(ids, dependent)),
  );
}

/**
 * Of the stored entities a write body names (`references`), those whose representation will embed
 * the written entity: the ones of a dependent kind (a claim linked to shows the link from its end;
 * an actor named as speaker does not show the claim).
 */
export function referencedDependents(kind: StoredKind, references: EntityKey[]): EntityKey[] {
  const kinds = new Set(DEPENDENTS[kind].map((d) => d.kind));
  return references.filter(([k]) => kinds.has(k));
}
