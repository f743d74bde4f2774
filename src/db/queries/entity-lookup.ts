// The stored actors and locations a set of names may mean, through the name index (entity_names and
// entity_names_fts, migrations/0012), never a read of every actor: exact matches by normalized key
// (a B-tree lookup), partial ones by shared words (a full-text lookup bounded in rows).
import type { Db } from '../client.ts';
import { withBusyRetry } from '../busy.ts';
import {
  type EntityType,
  type StoredEntity,
  type StoredMatches,
  STOP_WORDS,
  nameKey,
  withoutTitles,
} from '../../extraction/linking.ts';
import { slugify } from '../../text/slug.ts';

/** Rows read per word: a common word ("Anna") only suggests, so any few of its names will do. */
const PER_WORD = 25;
/** Names keyed per statement when filling keys. */
const FILL_BATCH = 5000;

const UNKEYED = `SELECT id, entity_type AS type, entity_id AS entityId, name FROM entity_names WHERE key IS NULL LIMIT ${FILL_BATCH}`;
const SET_KEY = 'UPDATE entity_names SET key = ? WHERE id = ?';
// No DISTINCT: with it the planner walks entity_names_entity_idx for its order instead of looking keys up.
const BY_KEY =
  'SELECT entity_id AS id FROM entity_names WHERE entity_type = ? AND key IN (SELECT value FROM json_each(?))';
// Unranked: ranking costs time in proportion to the hits, and a first name has thousands.
const WITH_WORDS = `SELECT n.entity_id AS id FROM entity_names_fts f JOIN entity_names n ON n.id = f.rowid
  WHERE entity_names_fts MATCH ? AND n.entity_type = ? LIMIT ${PER_WORD}`;
const ENTITIES = {
  actor: 'SELECT id, name, aliases, kind FROM actors WHERE id IN (SELECT value FROM json_each(?))',
  location: 'SELECT id, name, aliases, kind FROM locations WHERE id IN (SELECT value FROM json_each(?))',
};
/** The lookups, for the query-plan test. */
export const LOOKUP_SQL = { byKey: BY_KEY, withWords: WITH_WORDS, unkeyed: UNKEYED };

const MERGED =
  'SELECT old_id AS oldId, survivor_id AS survivorId FROM merged_ids WHERE entity_type = ? AND old_id IN (SELECT value FROM json_each(?))';

type Unkeyed = { id: number; type: EntityType; entityId: string; name: string };

/**
 * Gives the names written since the last lookup their key (triggers cannot compute it). On a
 * read-only connection (the CLI) nothing is written: the unkeyed names are answered for in memory.
 */
function fillKeys(db: Db): Unkeyed[] {
  if (db.$client.readonly) return db.$client.prepare(UNKEYED.replace(/ LIMIT \d+$/, '')).all() as Unkeyed[];
  const unkeyed = db.$client.prepare(UNKEYED);
  const setKey = db.$client.prepare(SET_KEY);
  for (let rows = unkeyed.all() as Unkeyed[]; rows.length > 0; rows = unkeyed.all() as Unkeyed[]) {
    // Its own short write when no transaction is open (a savepoint inside one), retried if another process holds the lock.
    withBusyRetry(db.$client, () =>
      db.transaction(
        () => {
          for (const row of rows) setKey.run(nameKey(row.name), row.id);
        },
        { behavior: 'immediate' },
      ),
    );
  }
  return [];
}

/** Stored ids of `type` with a name or alias whose key is one of `keys`. */
function idsByKey(db: Db, type: EntityType, keys: Iterable<string>, unkeyed: Unkeyed[]): Set<string> {
  const wanted = [...new Set(keys)].filter(Boolean);
  const ids = new Set<string>();
  if (wanted.length === 0) return ids;
  for (const row of db.$client.prepare(BY_KEY).all(type, JSON.stringify(wanted)) as Array<{ id: string }>)
    ids.add(row.id);
  const set = new Set(wanted);
  for (const row of unkeyed) if (row.type === type && set.has(nameKey(row.name))) ids.add(row.entityId);
  return ids;
}

function load(db: Db, type: EntityType, ids: Set<string>): StoredEntity[] {
  if (ids.size === 0) return [];
  const rows = db.$client.prepare(ENTITIES[type]).all(JSON.stringify([...ids])) as Array<{
    id: string;
    name: string;
    aliases: string;
    kind: string;
  }>;
  return rows.map((r) => ({ id: r.id, name: r.name, aliases: JSON.parse(r.aliases) as string[], kind: r.kind }));
}

type Named = { name: string; aliases: string[] };

/** Stored entities exactly named (name or alias, normalized) like each of `items`, by index of the item. */
export function sameNamed(db: Db, type: EntityType, items: Named[]): Map<number, StoredEntity[]> {
  const result = new Map<number, StoredEntity[]>();
  if (items.length === 0) return result;
  const unkeyed = fillKeys(db);
  const stored = load(
    db,
    type,
    idsByKey(
      db,
      type,
      items.flatMap((i) => [i.name, ...i.aliases].map(nameKey)),
      unkeyed,
    ),
  );
  if (stored.length === 0) return result;
  items.forEach((item, index) => {
    const keys = new Set([item.name, ...item.aliases].map(nameKey));
    const same = stored.filter((s) => [s.name, ...s.aliases].some((n) => keys.has(nameKey(n))));
    if (same.length) result.set(index, same);
  });
  return result;
}

/** An FTS5 query for names holding all `words` (letters and digits only: nothing to escape). */
const allOf = (words: string[]) => words.map((w) => `"${w}"`).join(' AND ');

/**
 * Everything stored that the draft's actors and locations could be linked to or suggested as: the
 * same name or alias, the same name without its titles, a single word equal to a word of a stored
 * name (a surname), two words in common; and the survivors of ids the names would have had.
 */
export function findStoredMatches(db: Db, draft: { actors: Named[]; locations: Named[] }): StoredMatches {
  const matches: StoredMatches = { actors: [], locations: [], merged: { actor: new Map(), location: new Map() } };
  if (draft.actors.length === 0 && draft.locations.length === 0) return matches;
  const unkeyed = fillKeys(db);
  const withWords = db.$client.prepare(WITH_WORDS);
  for (const type of ['actor', 'location'] as const) {
    const items = type === 'actor' ? draft.actors : draft.locations;
    if (items.length === 0) continue;
    const names = items.flatMap((i) => [i.name, ...i.aliases]);
    const ids = idsByKey(
      db,
      type,
      names.flatMap((n) => [nameKey(n), withoutTitles(n).join(' ')]),
      unkeyed,
    );
    const queries = new Set<string>();
    for (const name of names) {
      const words = [...new Set(withoutTitles(name).filter((w) => !STOP_WORDS.has(w) && w.length > 1))];
      if (words.length === 1) queries.add(allOf(words));
      for (let i = 0; i < words.length && i < 6; i++)
        for (let j = i + 1; j < words.length && j < 6; j++) queries.add(allOf([words[i]!, words[j]!]));
    }
    for (const query of queries) for (const row of withWords.all(query, type) as Array<{ id: string }>) ids.add(row.id);
    const merged = db.$client.prepare(MERGED).all(type, JSON.stringify(items.map((i) => slugify(i.name)))) as Array<{
      oldId: string;
      survivorId: string;
    }>;
    for (const { oldId, survivorId } of merged) {
      matches.merged[type].set(oldId, survivorId);
      ids.add(survivorId);
    }
    matches[type === 'actor' ? 'actors' : 'locations'] = load(db, type, ids);
  }
  return matches;
}
