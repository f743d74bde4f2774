// External ids (Wikidata, GeoNames) of actors and locations: the rows, in one table for both kinds,
// and the rules both homes share (each home words them for its kind in ACTOR_RULES / LOCATION_RULES).
// Part of the actor and location stores.
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { ConflictError, formatPath } from '../errors.ts';
import { EXTERNAL_ID_SCHEMES, type ExternalIdScheme, type ExternalIds } from '../schemas/external-ids.ts';
import { insertAll } from './batch.ts';
import type { Checks, Path } from './checks.ts';

export type ExternalIdHolderType = 'actor' | 'location';

export interface ExternalIdStore {
  /** The stored holder of each `scheme:value` asked for (those held), keyed `scheme:value`. */
  holders(type: ExternalIdHolderType, pairs: Array<{ scheme: ExternalIdScheme; value: string }>): Map<string, string>;
  of(type: ExternalIdHolderType, id: string): ExternalIds;
  insert(type: ExternalIdHolderType, items: Array<{ id: string; externalIds: ExternalIds }>): void;
  replace(type: ExternalIdHolderType, id: string, externalIds: ExternalIds): void;
  remove(type: ExternalIdHolderType, id: string): void;
  /** Gives `from`'s ids to `to` (the merge checked that no scheme has two values). */
  move(type: ExternalIdHolderType, from: string, to: string): void;
}

const pairsOf = (ids: ExternalIds) =>
  EXTERNAL_ID_SCHEMES.flatMap((scheme) => (ids[scheme] ? [{ scheme, value: ids[scheme] }] : []));

export class SqliteExternalIdStore implements ExternalIdStore {
  constructor(private readonly db: Db) {}

  holders(type: ExternalIdHolderType, pairs: Array<{ scheme: ExternalIdScheme; value: string }>) {
    const found = new Map<string, string>();
    if (pairs.length === 0) return found;
    const rows = this.db
      .select({ id: t.externalIds.entityId, scheme: t.externalIds.scheme, value: t.externalIds.value })
      .from(t.externalIds)
      .where(
        and(
          eq(t.externalIds.entityType, type),
          or(...pairs.map((p) => and(eq(t.externalIds.scheme, p.scheme), eq(t.externalIds.value, p.value)))),
        ),
      )
      .all();
    for (const row of rows) found.set(`${row.scheme}:${row.value}`, row.id);
    return found;
  }

  of(type: ExternalIdHolderType, id: string): ExternalIds {
    const ids: ExternalIds = {};
    for (const row of this.db
      .select({ scheme: t.externalIds.scheme, value: t.externalIds.value })
      .from(t.externalIds)
      .where(and(eq(t.externalIds.entityType, type), eq(t.externalIds.entityId, id)))
      .all())
      ids[row.scheme] = row.value;
    return ids;
  }

  insert(type: ExternalIdHolderType, items: Array<{ id: string; externalIds: ExternalIds }>) {
    insertAll(
      this.db,
      t.externalIds,
      items.flatMap(({ id, externalIds }) =>
        pairsOf(externalIds).map(({ scheme, value }) => ({ entityType: type, entityId: id, scheme, value })),
      ),
    );
  }

  replace(type: ExternalIdHolderType, id: string, externalIds: ExternalIds) {
    this.remove(type, id);
    this.insert(type, [{ id, externalIds }]);
  }

  remove(type: ExternalIdHolderType, id: string) {
    this.db
      .delete(t.externalIds)
      .where(and(eq(t.externalIds.entityType, type), eq(t.externalIds.entityId, id)))
      .run();
  }

  move(type: ExternalIdHolderType, from: string, to: string) {
    this.db
      .update(t.externalIds)
      .set({ entityId: to })
      .where(
        and(
          eq(t.externalIds.entityType, type),
          eq(t.externalIds.entityId, from),
          // A scheme the survivor has already (with the same value: none, the index is unique) stays its own.
          sql`${t.externalIds.scheme} NOT IN (SELECT scheme FROM external_ids WHERE entity_type = ${type} AND entity_id = ${to})`,
        ),
      )
      .run();
    this.db
      .delete(t.externalIds)
      .where(and(eq(t.externalIds.entityType, type), eq(t.externalIds.entityId, from)))
      .run();
  }
}

/** How a home words the external-id rules for its kind. */
export type ExternalIdRules = {
  /** 409: another stored entity of the kind holds the value. */
  held: (scheme: string, value: string, holder: string) => string;
  /** 400: two new entities of one bundle give the same value. */
  twice: (scheme: string, value: string, first: string) => string;
  /** 409 of a merge: both have an id of the scheme, different ones. */
  mergeConflict: (id: string, into: string, scheme: string, values: [string, string]) => string;
};

/**
 * Writes giving external ids, checked against the stored holders (a 409 naming the first holder that
 * is not the entity itself; every such field listed) and against each other (a 400 by path).
 * `root` is the JSON path root of the fields (`body`, `draft`).
 */
export function checkExternalIds(
  store: ExternalIdStore,
  checks: Checks,
  type: ExternalIdHolderType,
  rules: ExternalIdRules,
  items: Array<{ id: string; externalIds: ExternalIds | undefined; path: Path }>,
) {
  const pairs = items.flatMap((item) => pairsOf(item.externalIds ?? {}).map((p) => ({ ...p, item })));
  if (pairs.length === 0) return;
  const holders = store.holders(type, pairs);
  const conflicts = pairs.flatMap(({ scheme, value, item }) => {
    const holder = holders.get(`${scheme}:${value}`);
    return holder !== undefined && holder !== item.id
      ? [
          {
            path: formatPath(checks.root, [...item.path, 'externalIds', scheme]),
            message: rules.held(scheme, value, holder),
            holder,
          },
        ]
      : [];
  });
  if (conflicts.length) {
    throw new ConflictError(
      conflicts[0]!.message,
      conflicts.map(({ path, message }) => ({ path, message })),
    );
  }
  const first = new Map<string, Path>();
  for (const { scheme, value, item } of pairs) {
    const key = `${scheme}:${value}`;
    const seen = first.get(key);
    if (seen)
      checks.add(
        [...item.path, 'externalIds', scheme],
        rules.twice(scheme, value, formatPath('', seen).replace(/^\./, '')),
      );
    else first.set(key, item.path);
  }
}

/** The merge of `id` into `into` keeps one id per scheme: different ones of the same scheme are a 409. */
export function checkMergeExternalIds(
  store: ExternalIdStore,
  type: ExternalIdHolderType,
  rules: ExternalIdRules,
  id: string,
  into: string,
) {
  const folded = store.of(type, id);
  const survivor = store.of(type, into);
  for (const scheme of EXTERNAL_ID_SCHEMES) {
    const [a, b] = [folded[scheme], survivor[scheme]];
    if (a && b && a !== b) {
      throw new ConflictError(rules.mergeConflict(id, into, scheme, [a, b]), [
        { path: 'body.into', message: rules.mergeConflict(id, into, scheme, [a, b]) },
      ]);
    }
  }
}
