// The change log: every write runs through recordWrite, which snapshots the API representation of
// every entity the write can touch, runs it in one transaction, and records what actually changed.
import type { Db } from '../db/client.ts';
import { withBusyRetry } from '../db/busy.ts';
import * as t from '../db/schema.ts';
import { getActor } from '../db/queries/actors.ts';
import { getClaim } from '../db/queries/claims.ts';
import { getEvent } from '../db/queries/events.ts';
import { getLocation } from '../db/queries/locations.ts';
import { getSource } from '../db/queries/sources.ts';

export type EntityType = 'source' | 'actor' | 'location' | 'event' | 'claim';
export type EntityKey = readonly [EntityType, string];

const GETTERS: Record<EntityType, (db: Db, id: string) => object | undefined> = {
  source: getSource,
  actor: getActor,
  location: getLocation,
  event: getEvent,
  claim: getClaim,
};

export function representation(db: Db, type: EntityType, id: string): object | undefined {
  return GETTERS[type](db, id);
}

export type WriteContext = {
  /** Name of the API key (or 'seed', 'cli') the change is recorded under. */
  keyName: string;
};

type Snapshot = Map<string, { type: EntityType; id: string; value: object | undefined }>;

function snapshot(db: Db, keys: Iterable<EntityKey>): Snapshot {
  const snap: Snapshot = new Map();
  for (const [type, id] of keys) {
    const k = `${type}:${id}`;
    if (!snap.has(k)) snap.set(k, { type, id, value: representation(db, type, id) });
  }
  return snap;
}

/** A source's counts change with the evidence and claims that cite it: snapshot the sources cited before the write too. */
function withEvidenceSources(db: Db, snap: Snapshot): Snapshot {
  for (const { value } of [...snap.values()]) {
    const evidence = (value as { evidence?: unknown } | undefined)?.evidence;
    const spans = (Array.isArray(evidence) ? evidence : evidence ? [evidence] : []) as Array<{ sourceId: string }>;
    for (const { sourceId } of spans) {
      if (!snap.has(`source:${sourceId}`)) snap.set(`source:${sourceId}`, { type: 'source', id: sourceId, value: representation(db, 'source', sourceId) });
    }
  }
  return snap;
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
  return withBusyRetry(db.$client, () => db.transaction(
    () => {
      const before = withEvidenceSources(db, snapshot(db, touched()));
      const { result, touched: more = [], merged } = write();
      const after = snapshot(db, [...[...before.values()].map((s) => [s.type, s.id] as const), ...more]);
      for (const [key, now] of after) {
        const was = before.get(key)?.value;
        const is = now.value;
        if (!was && !is) continue;
        if (was && is && JSON.stringify(was) === JSON.stringify(is)) continue;
        const mergedInto = !is ? merged?.get(now.id) : undefined;
        db.insert(t.changes)
          .values({
            keyName: context.keyName,
            action: !was ? 'create' : !is ? (mergedInto ? 'merge' : 'delete') : 'update',
            entityType: now.type,
            entityId: now.id,
            mergedInto: mergedInto ?? null,
            before: was ?? null,
            after: is ?? null,
          })
          .run();
      }
      return result;
    },
    { behavior: 'immediate' },
  ));
}
