// The change log: every write runs through recordWrite, which snapshots the API representation of
// every entity the write can touch, runs it in one transaction, and records what actually changed.
// Snapshots go through the page hydrators, a batch of each type at a time, so a write touching
// thousands of entities (an import) costs a few statements per batch, not a few per entity.
import type { Db } from '../db/client.ts';
import { withBusyRetry } from '../db/busy.ts';
import * as t from '../db/schema.ts';
import { getActorsByIds } from '../db/queries/actors.ts';
import { getClaimsByIds } from '../db/queries/claims.ts';
import { getEventsByIds } from '../db/queries/events.ts';
import { getExtractionsByIds } from '../db/queries/extractions.ts';
import { getLocationsByIds } from '../db/queries/locations.ts';
import { getSourcesByIds } from '../db/queries/sources.ts';
import { extractionForFeed, sourceForFeed } from '../db/queries/changes.ts';
import { type KeptType, keepAfterWrite } from '../db/kept-representations.ts';

export type EntityType = 'source' | 'actor' | 'location' | 'event' | 'claim' | 'extraction';
export type EntityKey = readonly [EntityType, string];

const BATCH_GETTERS: Record<EntityType, (db: Db, ids: string[]) => Map<string, object>> = {
  source: getSourcesByIds,
  actor: getActorsByIds,
  location: getLocationsByIds,
  event: getEventsByIds,
  claim: getClaimsByIds,
  extraction: getExtractionsByIds,
};

/** What the feed records of each type: a source and an extraction without their article text. */
const SNAPSHOT_GETTERS: Record<EntityType, (db: Db, ids: string[]) => Map<string, object>> = {
  ...BATCH_GETTERS,
  source: (db, ids) => new Map([...getSourcesByIds(db, ids)].map(([id, source]) => [id, sourceForFeed(source)])),
  extraction: (db, ids) =>
    new Map([...getExtractionsByIds(db, ids)].map(([id, extraction]) => [id, extractionForFeed(extraction)])),
};

/** Entities per hydration batch: a large page, so that each batch's IN lists stay short. */
const BATCH = 200;
/** Change rows per INSERT (9 values each, well under SQLite's limit on bound parameters). */
const INSERT_BATCH = 100;

/** What is kept for each kept type (db/kept-representations.ts): the representation a GET answers. */
export const KEPT_GETTERS: Record<KeptType, (db: Db, ids: string[]) => Map<string, object>> = {
  claim: getClaimsByIds,
  event: getEventsByIds,
  actor: getActorsByIds,
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

/** A source's counts change with the evidence and claims that cite it: snapshot the sources cited before the write too. */
function withEvidenceSources(db: Db, snap: Snapshot): Snapshot {
  const cited: EntityKey[] = [];
  for (const { value } of snap.values()) {
    const evidence = (value as { evidence?: unknown } | undefined)?.evidence;
    const spans = (Array.isArray(evidence) ? evidence : evidence ? [evidence] : []) as Array<{ sourceId: string }>;
    for (const { sourceId } of spans) cited.push(['source', sourceId]);
  }
  return snapshot(db, cited, snap);
}

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
        const before = withEvidenceSources(db, snapshot(db, touched()));
        const { result, touched: more = [], merged } = write();
        const after = snapshot(db, [...[...before.values()].map((s) => [s.type, s.id] as const), ...more]);
        const rows: Array<typeof t.changes.$inferInsert> = [];
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
