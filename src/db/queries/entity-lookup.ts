// The stored actors and locations a set of names may mean, found through the name index
// (entity_names + entity_names_fts, migrations/0012): never a read of every actor. Exact matches are
// names that start with the same words (verified in code after normalization); partial matches share
// a word. Each word and each name costs one indexed lookup, bounded in rows.
import type { Db } from '../client.ts';
import { type EntityType, type StoredEntity, type StoredMatches, STOP_WORDS, nameKey, nameTokens, withoutTitles } from '../../extraction/linking.ts';
import { slugify } from '../../domain/slug.ts';

/** Rows read per name (names starting with its words) and per word (names containing it). */
const PER_NAME = 50;
const PER_WORD = 25;

// One statement each; the FTS match is a phrase of the name's words, anchored at the start of a name.
const NAMES_STARTING = `SELECT n.entity_id AS id FROM entity_names_fts f JOIN entity_names n ON n.id = f.rowid
  WHERE entity_names_fts MATCH ? AND n.entity_type = ? ORDER BY f.rank LIMIT ${PER_NAME}`;
const NAMES_WITH_WORD = `SELECT n.entity_id AS id FROM entity_names_fts f JOIN entity_names n ON n.id = f.rowid
  WHERE entity_names_fts MATCH ? AND n.entity_type = ? ORDER BY f.rank LIMIT ${PER_WORD}`;
const ENTITIES = {
  actor: 'SELECT id, name, aliases, kind FROM actors WHERE id IN (SELECT value FROM json_each(?))',
  location: 'SELECT id, name, aliases, kind FROM locations WHERE id IN (SELECT value FROM json_each(?))',
};
const MERGED = "SELECT old_id AS oldId, survivor_id AS survivorId FROM merged_ids WHERE entity_type = ? AND old_id IN (SELECT value FROM json_each(?))";

/** An FTS5 phrase of `words`; the tokens are letters and digits only, so they need no escaping. */
const phrase = (words: string[]) => `"${words.join(' ')}"`;

type Named = { name: string; aliases: string[] };

/** Stored ids whose name or an alias starts with the words of one of `names` (exact matches are among them). */
function startingWith(db: Db, type: EntityType, names: Iterable<string>): Set<string> {
  const ids = new Set<string>();
  const statement = db.$client.prepare(NAMES_STARTING);
  for (const words of new Map([...names].map((n) => [nameTokens(n).join(' '), nameTokens(n)])).values()) {
    if (words.length === 0) continue;
    for (const row of statement.all(`^${phrase(words)}`, type) as Array<{ id: string }>) ids.add(row.id);
  }
  return ids;
}

function load(db: Db, type: EntityType, ids: Set<string>): StoredEntity[] {
  if (ids.size === 0) return [];
  const rows = db.$client.prepare(ENTITIES[type]).all(JSON.stringify([...ids])) as Array<{ id: string; name: string; aliases: string; kind: string }>;
  return rows.map((r) => ({ id: r.id, name: r.name, aliases: JSON.parse(r.aliases) as string[], kind: r.kind }));
}

/** Stored entities exactly named (name or alias, normalized) like each of `items`, by index of the item. */
export function sameNamed(db: Db, type: EntityType, items: Named[]): Map<number, StoredEntity[]> {
  const result = new Map<number, StoredEntity[]>();
  if (items.length === 0) return result;
  const stored = load(db, type, startingWith(db, type, items.flatMap((i) => [i.name, ...i.aliases])));
  if (stored.length === 0) return result;
  items.forEach((item, index) => {
    const keys = new Set([item.name, ...item.aliases].map(nameKey));
    const same = stored.filter((s) => [s.name, ...s.aliases].some((n) => keys.has(nameKey(n))));
    if (same.length) result.set(index, same);
  });
  return result;
}

/** Everything stored that the draft's actors and locations could be linked to or suggested as. */
export function findStoredMatches(db: Db, draft: { actors: Named[]; locations: Named[] }): StoredMatches {
  const matches: StoredMatches = { actors: [], locations: [], merged: { actor: new Map(), location: new Map() } };
  const words = db.$client.prepare(NAMES_WITH_WORD);
  for (const type of ['actor', 'location'] as const) {
    const items = type === 'actor' ? draft.actors : draft.locations;
    if (items.length === 0) continue;
    const names = items.flatMap((i) => [i.name, ...i.aliases]);
    // Exact names, the names without their titles, and any word that is not a title or a stop word.
    const ids = startingWith(db, type, [...names, ...names.map((n) => withoutTitles(n).join(' '))]);
    const significant = new Set(names.flatMap((n) => withoutTitles(n)).filter((w) => !STOP_WORDS.has(w) && w.length > 1));
    for (const word of significant) {
      for (const row of words.all(phrase([word]), type) as Array<{ id: string }>) ids.add(row.id);
    }
    const merged = db.$client.prepare(MERGED).all(type, JSON.stringify(items.map((i) => slugify(i.name)))) as Array<{ oldId: string; survivorId: string }>;
    for (const { oldId, survivorId } of merged) {
      matches.merged[type].set(oldId, survivorId);
      ids.add(survivorId);
    }
    matches[type === 'actor' ? 'actors' : 'locations'] = load(db, type, ids);
  }
  return matches;
}
