// The change log: every write runs through recordWrite, which snapshots the API representation of
// every entity the write can touch, runs it in one transaction, and records what actually changed.
// What a write can touch comes from the entity homes (src/entities/): the entity itself and the
// entities of the kinds it declares as dependents. Snapshots are the homes' batch reads, a batch of
// each type at a time, so a write touching thousands of entities (an import) costs a few statements
// per batch, not a few per entity.
import type { Db } from '../db/client.ts';
import { withBusyRetry } from '../db/busy.ts';
import * as t from '../db/schema.ts';
import { getExtractionsByIds } from '../db/queries/extractions.ts';
import { extractionForFeed, sourceForFeed } from '../db/queries/changes.ts';
import { CREATE_ORDER, type EntityKey, type EntityType } from '../entities/kinds.ts';
import { sqliteStores } from '../entities/stores.ts';
import { type KeptType, keepAfterWrite } from '../db/kept-representations.ts';

export type { EntityKey, EntityType } from '../entities/kinds.ts';

const BATCH_GETTERS: Record<EntityType, (db: Db, ids: string[]) => Map<string, object>> = {
  source: (db, ids) => sqliteStores(db).source.getByIds(ids),
  actor: (db, ids) => sqliteStores(db).actor.getByIds(ids),
  location: (db, ids) => sqliteStores(db).location.getByIds(ids),
  event: (db, ids) => sqliteStores(db).event.getByIds(ids),
  claim: (db, ids) => sqliteStores(db).claim.getByIds(ids),
  extraction: getExtractionsByIds,
};

/** What the feed records of each type: a source and an extraction without their article text. */
const SNAPSHOT_GETTERS: Record<EntityType, (db: Db, ids: string[]) => Map<string, object>> = {
  ...BATCH_GETTERS,
  source: (db, ids) => new Map([...BATCH_GETTERS.source(db, ids)].map(([id, source]) => [id, sourceForFeed(source)])),
  extraction: (db, ids) =>
    new Map([...getExtractionsByIds(db, ids)].map(([id, extraction]) => [id, extractionForFeed(extraction)])),
};

/** Entities per hydration batch: a large page, so that each batch's IN lists stay short. */
const BATCH = 200;
/** Change rows per INSERT (9 values each, well under SQLite's limit on bound parameters). */
const INSERT_BATCH = 100;

/** What is kept for each kept type (db/kept-representations.ts): the representation a GET answers. */
export const KEPT_GETTERS: Record<KeptType, (db: Db, ids: string[]) => Map<string, object>> = {
  claim: BATCH_GETTERS.claim,
  event: BATCH_GETTERS.event,
  actor: BATCH_GETTERS.actor,
};

export function representation(db: Db, type: EntityType, id: string): object | undefined {
  return BATCH_GETTERS[type](db, [id]).get(id);
}

export type WriteContext = {
  /** Name of the API key (or 'seed', 'cli') the change is recorded under. */
  keyName: string;
};

type Snapshot = Map<string, { type: EntityType; id: string; value: object | undefined }>;

/** The representations of `keys` (absent entities as undefined), in the order the keys first come. */
function snapshot(db: Db, keys: Iterable<EntityKey>, snap: Snapshot = new Map()): Snapshot {
  const wanted: Record<EntityType, string[]> = {
    source: [],
    actor: [],
    location: [],
    event: [],
    claim: [],
    extraction: [],
  };
  for (const [type, id] of keys) {
    const k = `${type}:${id}`;
    if (snap.has(k)) continue;
    snap.set(k, { type, id, value: undefined });
    wanted[type].push(id);
  }
  for (const type of Object.keys(wanted) as EntityType[]) {
    const ids = wanted[type];
    for (let i = 0; i < ids.length; i += BATCH) {
      for (const [id, value] of SNAPSHOT_GETTERS[type](db, ids.slice(i, i + BATCH)))
        snap.get(`${type}:${id}`)!.value = value;
    }
  }
  return snap;
}

type Action = 'create' | 'update' | 'delete' | 'merge';
/**
 * The order a client replaying the feed can apply: creates first, what is embedded before what
 * embeds it (sources, actors, locations, events, claims; within a kind as the write made them), then
 * the updates (stored entities that now show what was created), then deletes and merges (whose
 * referrers the updates have already moved away).
 */
const ACTION_ORDER: Record<Action, number> = { create: 0, update: 1, delete: 2, merge: 2 };
const replayOrder = (a: { action: Action; entityType: EntityType }, b: { action: Action; entityType: EntityType }) =>
  ACTION_ORDER[a.action] - ACTION_ORDER[b.action] ||
  (a.action === 'create' ? CREATE_ORDER.indexOf(a.entityType) - CREATE_ORDER.indexOf(b.entityType) : 0);

/**
 * Runs `write` in one IMMEDIATE transaction and appends to the change feed a create, update or
 * delete for each entity among `touched(before)` + `write`'s own result whose representation changed.
 * `touched` is called before the write; the write returns further keys it created or affected.
 * `merged` maps ids folded away by a merge to their survivor, recorded as `merge` instead of `delete`.
 */
export function recordWrite<T>(
  db: Db,
  context: WriteContext,
  touched: () => Iterable<EntityKey>,
  write: () => { result: T; touched?: Iterable<EntityKey>; merged?: Map<string, string> },
): T {
  // Retried as a whole when another process holds the write lock; a lock that persists is a 503.
  return withBusyRetry(db.$client, () =>
    db.transaction(
      () => {
        const before = snapshot(db, touched());
        const { result, touched: more = [], merged } = write();
        const after = snapshot(db, [...[...before.values()].map((s) => [s.type, s.id] as const), ...more]);
        const rows: Array<typeof t.changes.$inferInsert & { action: Action; entityType: EntityType }> = [];
        for (const [key, now] of after) {
          const was = before.get(key)?.value;
          const is = now.value;
          if (!was && !is) continue;
          if (was && is && JSON.stringify(was) === JSON.stringify(is)) continue;
          const mergedInto = !is ? merged?.get(now.id) : undefined;
          rows.push({
            keyName: context.keyName,
            action: !was ? 'create' : !is ? (mergedInto ? 'merge' : 'delete') : 'update',
            entityType: now.type,
            entityId: now.id,
            mergedInto: mergedInto ?? null,
            before: was ?? null,
            after: is ?? null,
          });
        }
        rows.sort(replayOrder); // stable: ties keep the order the write gave
        // The kept JSON of each claim, event and actor that changed, in this same transaction.
        keepAfterWrite(
          db,
          rows.map((row) => ({
            type: row.entityType,
            id: row.entityId,
            value: (row.after ?? undefined) as object | undefined,
          })),
        );
        // In order, so seq follows the same order as one INSERT per change would give.
        for (let i = 0; i < rows.length; i += INSERT_BATCH)
          db.insert(t.changes)
            .values(rows.slice(i, i + INSERT_BATCH))
            .run();
        return result;
      },
      { behavior: 'immediate' },
    ),
  );
}
