// Kept representations: the JSON of each claim, event and actor as the API shows it, stored in
// `kept_representations` and rewritten in the same transaction as every write that changes it.
//
// Why: a claim embeds its speaker, events, actors, source, attribution and links; hydrating a page of
// 20 claims that are not in the claim cache takes six statements and their joins, more than the walk
// that found the page. Reads outnumber writes by far, and every write already goes through recordWrite
// (domain/changes.ts), which hydrates the after-representation of everything the write can touch for
// the change feed: storing that same value here costs the write one upsert per entity and makes a
// cold read one indexed lookup. The stored JSON is always what the hydration functions return (it is
// their output, stringified), never a second shape written by hand.
//
// Rules that keep it right:
// - Inside a transaction nothing is read from here: recordWrite's snapshots hydrate afresh, so what
//   it stores is never a copy of an older copy.
// - A missing row is hydrated as before (a database migrated from before this table reads as it did,
//   only slower, until `npm run db:keep` fills it).
// - At start (checkKeptRepresentations) a sample of each type is compared with a fresh hydration; when
//   the code's representation has changed (a new field), that type is not read from here by this
//   process until `npm run db:keep` rewrites it and the service restarts.
import type { Db } from './client.ts';
import { JsonText } from '../json.ts';

export type KeptType = 'claim' | 'event' | 'actor';
export const KEPT_TYPES: readonly KeptType[] = ['claim', 'event', 'actor'];
const TABLE: Record<KeptType, string> = { claim: 'claims', event: 'events', actor: 'actors' };
const KEPT: ReadonlySet<string> = new Set(KEPT_TYPES);

const GET =
  'SELECT entity_id, json FROM kept_representations WHERE entity_type = ? AND entity_id IN (SELECT value FROM json_each(?))';
const GET_ONE = 'SELECT json FROM kept_representations WHERE entity_type = ? AND entity_id = ?';
const PUT =
  'INSERT OR REPLACE INTO kept_representations (entity_type, entity_id, json) SELECT ?, value ->> 0, value ->> 1 FROM json_each(?)';
const DELETE =
  'DELETE FROM kept_representations WHERE entity_type = ? AND entity_id IN (SELECT value FROM json_each(?))';
/** Entities per upsert or delete statement. */
const WRITE_BATCH = 500;

function readable(db: Db, type: KeptType): boolean {
  // The types whose stored JSON differed from this code's at start live in the connection's context.
  return !db.$client.inTransaction && !db.$context.keptUntrusted.has(type);
}

/** The kept JSON of `ids` that exist, by id, unparsed (JsonText.value() when fields are read); none inside a transaction. */
export function keptTexts(db: Db, type: KeptType, ids: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (ids.length === 0 || !readable(db, type)) return found;
  if (ids.length === 1) {
    const json = db.$client.prepare(GET_ONE).pluck().get(type, ids[0]) as string | undefined;
    if (json !== undefined) found.set(ids[0]!, json);
    return found;
  }
  for (const [id, json] of db.$client.prepare(GET).raw().all(type, JSON.stringify(ids)) as Array<[string, string]>)
    found.set(id, json);
  return found;
}

/**
 * The representations of `ids` in their order (unknown ids left out): kept ones as stored, the
 * others from `hydrate` (called once, with the ids not kept, only when there are any).
 */
export function keptOrHydrated<T extends { id: string }>(
  db: Db,
  type: KeptType,
  ids: readonly string[],
  hydrate: (missing: string[]) => readonly T[],
): T[] {
  // A hydrated value is handed on as it is: inside a write's transaction every value is hydrated,
  // and the write path may still build on it.
  const found = keptOr(
    db,
    type,
    ids,
    hydrate,
    (json) => new JsonText<T>(json).value(),
    (value) => value,
  );
  return ids.flatMap((id) => found.get(id) ?? []);
}

/**
 * As keptOrHydrated, as JSON texts: a kept row's text is never parsed on its way to an answer (an
 * event or actor by id is one lookup and a hash); a hydrated value is stringified once.
 */
export function keptTextsOrHydrated<T extends { id: string }>(
  db: Db,
  type: KeptType,
  ids: readonly string[],
  hydrate: (missing: string[]) => readonly T[],
): JsonText<T>[] {
  const found = keptTextsById(db, type, ids, hydrate);
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** keptTextsOrHydrated by id (unknown ids absent): for callers that keep each text under its id (the claim cache). */
export function keptTextsById<T extends { id: string }>(
  db: Db,
  type: KeptType,
  ids: readonly string[],
  hydrate: (missing: string[]) => readonly T[],
): Map<string, JsonText<T>> {
  return keptOr(
    db,
    type,
    ids,
    hydrate,
    (json) => new JsonText<T>(json),
    (value) => new JsonText<T>(JSON.stringify(value)),
  );
}

/** Kept rows of `ids` first, the rest hydrated in one call, each made into what the caller keeps. */
function keptOr<T extends { id: string }, R>(
  db: Db,
  type: KeptType,
  ids: readonly string[],
  hydrate: (missing: string[]) => readonly T[],
  fromKept: (json: string) => R,
  fromHydrated: (value: T) => R,
): Map<string, R> {
  const found = new Map<string, R>();
  for (const [id, json] of keptTexts(db, type, ids)) found.set(id, fromKept(json));
  if (found.size < ids.length) {
    const missing = ids.filter((id) => !found.has(id));
    for (const value of hydrate(missing)) found.set(value.id, fromHydrated(value));
  }
  return found;
}

/**
 * Called by recordWrite inside its transaction with the after-snapshot of everything the write
 * touched: each claim, event and actor is stored as it now is (`json`, when given, is
 * JSON.stringify(value), already made for the feed), or removed when it no longer exists.
 */
export function keepAfterWrite(
  db: Db,
  after: Iterable<{ type: string; id: string; value: object | undefined; json?: string | undefined }>,
): void {
  // A few statements per write, whatever it touched (an import of thousands of claims included): each
  // type's upserts and deletions go in batches through json_each.
  const puts = new Map<string, Array<[string, string]>>();
  const removals = new Map<string, string[]>();
  for (const { type, id, value, json } of after) {
    if (!KEPT.has(type)) continue;
    if (value === undefined) removals.set(type, [...(removals.get(type) ?? []), id]);
    else {
      let list = puts.get(type);
      if (!list) puts.set(type, (list = []));
      list.push([id, json ?? JSON.stringify(value)]);
    }
  }
  const put = db.$client.prepare(PUT);
  for (const [type, list] of puts)
    for (let i = 0; i < list.length; i += WRITE_BATCH) put.run(type, JSON.stringify(list.slice(i, i + WRITE_BATCH)));
  const remove = db.$client.prepare(DELETE);
  for (const [type, ids] of removals)
    for (let i = 0; i < ids.length; i += WRITE_BATCH) remove.run(type, JSON.stringify(ids.slice(i, i + WRITE_BATCH)));
}

export type KeptCheck = Record<KeptType, { sampled: number; differing: number }>;

/**
 * Compares up to `sample` stored representations of each type, spread over the table, with a fresh
 * hydration (`hydrate`, the getters recordWrite uses). A type with any difference is not read from
 * the table by this connection (the code's representation changed since it was filled): it is
 * hydrated as without the table until `npm run db:keep` refills it and the service restarts.
 */
export function checkKeptRepresentations(
  db: Db,
  hydrate: Record<KeptType, (db: Db, ids: string[]) => Map<string, object>>,
  sample = 24,
): KeptCheck {
  const result = {} as KeptCheck;
  const sqlite = db.$client;
  const bad = new Set<KeptType>();
  for (const type of KEPT_TYPES) {
    // Entities spread over their table by rowid (max(rowid) and a rowid seek are O(log n)), then their
    // kept rows by primary key: nothing here scans either table, whatever its size.
    const max = (sqlite.prepare(`SELECT max(rowid) FROM ${TABLE[type]}`).pluck().get() as number | null) ?? 0;
    const entityAt = sqlite.prepare(`SELECT id FROM ${TABLE[type]} WHERE rowid >= ? ORDER BY rowid LIMIT 1`).pluck();
    const keptOf = sqlite.prepare(GET_ONE).pluck();
    const rows: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (let i = 0; i < sample && max > 0; i++) {
      const id = entityAt.get(1 + Math.floor((max * i) / sample)) as string | undefined;
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const json = keptOf.get(type, id) as string | undefined;
      if (json !== undefined) rows.push([id, json]);
    }
    // Hydrated as a write would: inside a (read) transaction, so that nothing comes from the table itself.
    const fresh = db.transaction(() =>
      hydrate[type](
        db,
        rows.map(([id]) => id),
      ),
    );
    const differing = rows.filter(([id, json]) => {
      const value = fresh.get(id);
      return value === undefined || JSON.stringify(value) !== json;
    }).length;
    if (differing > 0) bad.add(type);
    result[type] = { sampled: rows.length, differing };
  }
  db.$context.keptUntrusted = bad;
  return result;
}

/**
 * Rewrites every kept representation of `types` from a fresh hydration, `batch` entities per write
 * transaction (so the service keeps answering and writing meanwhile), and removes rows of entities
 * that no longer exist. For a database made before the table, or after a change of representation.
 */
export function fillKeptRepresentations(
  db: Db,
  hydrate: Record<KeptType, (db: Db, ids: string[]) => Map<string, object>>,
  options: {
    types?: readonly KeptType[];
    batch?: number;
    onProgress?: (type: KeptType, done: number, total: number) => void;
  } = {},
): Record<KeptType, number> {
  const sqlite = db.$client;
  const batch = options.batch ?? 2000;
  const done = { claim: 0, event: 0, actor: 0 };
  for (const type of options.types ?? KEPT_TYPES) {
    const table = TABLE[type];
    const total = sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const next = sqlite.prepare(`SELECT rowid, id FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw();
    let after = 0;
    for (;;) {
      const wrote = db.transaction(
        () => {
          const rows = next.all(after, batch) as Array<[number, string]>;
          if (rows.length === 0) return 0;
          after = rows[rows.length - 1]![0];
          const values = hydrate[type](
            db,
            rows.map(([, id]) => id),
          );
          keepAfterWrite(
            db,
            rows.map(([, id]) => ({ type, id, value: values.get(id) })),
          );
          return rows.length;
        },
        { behavior: 'immediate' },
      );
      if (wrote === 0) break;
      done[type] += wrote;
      options.onProgress?.(type, done[type], total);
    }
    sqlite
      .prepare(`DELETE FROM kept_representations WHERE entity_type = ? AND entity_id NOT IN (SELECT id FROM ${table})`)
      .run(type);
  }
  return done;
}
