// Entity linking for a draft: every draft actor and location is compared with the stored entities
// the database lookup found for it (db/queries/entity-lookup.ts). An exact match of a name or alias,
// after normalization, makes the draft reference the stored id and drops the draft entity; a partial
// match (a surname, a name without its title, shared words) only becomes a scored candidate in the
// notes, for a person to confirm. Pure: no database access, so it is tested on its own.
import type { Draft } from './types.ts';
import { slugify } from '../text/slug.ts';
import type { EntityNote, ExtractionResult } from './types.ts';

export type StoredEntity = { id: string; name: string; aliases: string[]; kind: string };
export type EntityType = 'actor' | 'location';

/** What the database knows that could match the draft's entities. */
export type StoredMatches = {
  actors: StoredEntity[];
  locations: StoredEntity[];
  /** Ids merged away -> the survivor's id (the survivor is among the entities above). */
  merged: { actor: Map<string, string>; location: Map<string, string> };
};

/** Candidates kept per draft entity, best first. */
const MAX_CANDIDATES = 5;

/** The form names are compared in: NFC, case-folded, one space between words, trimmed. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The words of a name, case-folded: letters, digits and combining marks, as the name index splits them. */
export function nameTokens(name: string): string[] {
  return nameKey(name).match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

/** Words that say little about who is meant: never a partial match by themselves. */
export const STOP_WORDS = new Set([
  'the',
  'of',
  'and',
  'for',
  'in',
  'on',
  'at',
  'a',
  'an',
  's',
  'de',
  'al',
  'el',
  'la',
  'von',
  'van',
]);

/** Titles and roles that may stand before a name: "President Ilham Aliyev", "Kremlin spokesman Dmitry Peskov". */
export const TITLE_WORDS = new Set([
  'president',
  'vice',
  'prime',
  'minister',
  'foreign',
  'defence',
  'defense',
  'deputy',
  'chancellor',
  'king',
  'queen',
  'prince',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'general',
  'col',
  'colonel',
  'lt',
  'maj',
  'major',
  'adm',
  'admiral',
  'sen',
  'senator',
  'rep',
  'gov',
  'governor',
  'mayor',
  'judge',
  'justice',
  'sheikh',
  'sir',
  'lady',
  'lord',
  'pope',
  'cardinal',
  'bishop',
  'rev',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'secretary',
  'ambassador',
  'envoy',
  'chief',
  'commander',
  'kremlin',
  'former',
  'acting',
  'presidential',
  'aide',
  'adviser',
  'advisor',
  'head',
  'leader',
  'opposition',
  'chairman',
  'chairwoman',
  'speaker',
]);

/** The name without the titles and roles before it ("Kremlin spokesman Dmitry Peskov" -> "dmitry peskov"). */
export function withoutTitles(name: string): string[] {
  const tokens = nameTokens(name);
  let i = 0;
  while (i < tokens.length - 1 && TITLE_WORDS.has(tokens[i]!)) i++;
  return tokens.slice(i);
}

function namesOf(entity: { name: string; aliases: string[] }): string[] {
  return [entity.name, ...entity.aliases];
}

/** How well a draft name matches a stored entity short of an exact match: 0 for not at all. */
function partialScore(draft: { name: string; aliases: string[] }, stored: StoredEntity): number {
  let best = 0;
  for (const d of namesOf(draft)) {
    const draftBare = withoutTitles(d);
    const draftWords = new Set(draftBare.filter((w) => !STOP_WORDS.has(w)));
    for (const s of namesOf(stored)) {
      const storedBare = withoutTitles(s);
      // A name without its title: "President Ilham Aliyev" and "Ilham Aliyev".
      if (draftBare.length > 0 && draftBare.join(' ') === storedBare.join(' ')) best = Math.max(best, 0.9);
      // A surname alone: "Peskov" for the person "Dmitry Peskov".
      if (
        stored.kind === 'person' &&
        draftBare.length === 1 &&
        storedBare.length > 1 &&
        draftBare[0] === storedBare[storedBare.length - 1]
      ) {
        best = Math.max(best, 0.8);
      }
      // Shared words: Jaccard overlap of the word sets, scaled below the two rules above.
      const storedWords = new Set(storedBare.filter((w) => !STOP_WORDS.has(w)));
      const shared = [...draftWords].filter((w) => storedWords.has(w)).length;
      if (shared > 0) {
        const jaccard = shared / (draftWords.size + storedWords.size - shared);
        if (jaccard >= 0.5) best = Math.max(best, Math.round(jaccard * 70) / 100);
      }
    }
  }
  return best;
}

type Decision = { linkedTo: string | null; candidates: EntityNote['candidates'] };

/** Links one draft entity: an exact name or alias match, else scored candidates. */
export function decide(
  draft: { key: string; name: string; aliases: string[]; kind: string },
  stored: StoredEntity[],
  merged: Map<string, string>,
): Decision {
  const draftKeys = new Set(namesOf(draft).map(nameKey));
  const exact = stored.filter((s) => namesOf(s).some((n) => draftKeys.has(nameKey(n))));
  // Several stored entities of one name: the one of the same kind, if that settles it.
  const sameKind = exact.filter((s) => s.kind === draft.kind);
  const chosen = exact.length === 1 ? exact[0] : sameKind.length === 1 ? sameKind[0] : undefined;
  if (chosen) return { linkedTo: chosen.id, candidates: [] };
  // The id this name would get was merged into another entity: the same entity under its survivor.
  const survivor = merged.get(slugify(draft.name));
  if (survivor && stored.some((s) => s.id === survivor) && exact.length === 0)
    return { linkedTo: survivor, candidates: [] };

  const scored = new Map<string, { id: string; name: string; score: number }>();
  for (const s of exact) scored.set(s.id, { id: s.id, name: s.name, score: 0.95 });
  for (const s of stored) {
    if (scored.has(s.id)) continue;
    const score = partialScore(draft, s);
    if (score > 0) scored.set(s.id, { id: s.id, name: s.name, score });
  }
  const candidates = [...scored.values()]
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, MAX_CANDIDATES);
  return { linkedTo: null, candidates };
}

/** Every place a bundle names an actor or a location, rewritten by `map` (returning the new reference). */
function rewriteReferences(draft: Draft, type: EntityType, map: (ref: string) => string): Draft {
  if (type === 'actor') {
    return {
      ...draft,
      actors: draft.actors.map((a) => ({
        ...a,
        affiliations: a.affiliations.map((f) => ({ ...f, organization: map(f.organization) })),
      })),
      events: draft.events.map((e) => ({
        ...e,
        participants: e.participants.map((p) => ({ ...p, actor: map(p.actor) })),
      })),
      claims: draft.claims.map((c) => ({
        ...c,
        speaker: map(c.speaker),
        reportedBy: c.reportedBy === null ? null : map(c.reportedBy),
        about: { ...c.about, actors: [...new Set(c.about.actors.map(map))] },
      })),
    };
  }
  return {
    ...draft,
    locations: draft.locations.map((l) => ({ ...l, parent: l.parent === null ? null : map(l.parent) })),
    events: draft.events.map((e) => ({
      ...e,
      ...(e.location != null ? { location: map(e.location) } : {}),
      ...(e.locations ? { locations: e.locations.map((l) => ({ ...l, id: map(l.id) })) } : {}),
    })),
  };
}

/**
 * Links the draft's actors and locations to `stored`: a linked entity leaves the draft and every
 * reference to its key names the stored id instead; `notes` records the decision and the candidates.
 * The result is still a valid bundle.
 */
export function linkEntities(result: ExtractionResult, stored: StoredMatches): ExtractionResult {
  let draft = result.draft;
  const notes = { ...result.notes, actors: { ...result.notes.actors }, locations: { ...result.notes.locations } };
  for (const type of ['actor', 'location'] as const) {
    const list = type === 'actor' ? 'actors' : 'locations';
    const candidatesOf = type === 'actor' ? stored.actors : stored.locations;
    const linked = new Map<string, string>();
    for (const entity of draft[list]) {
      const decision = decide(entity, candidatesOf, stored.merged[type]);
      const note = notes[list][entity.key] ?? { linkedTo: null, candidates: [], mentions: [] };
      notes[list][entity.key] = { ...note, linkedTo: decision.linkedTo, candidates: decision.candidates };
      if (decision.linkedTo) linked.set(entity.key, decision.linkedTo);
    }
    if (linked.size === 0) continue;
    // A draft key wins over a stored id of the same spelling on import: a remaining draft entity
    // whose key is a linked id is renamed, so the link cannot resolve to it.
    const linkedIds = new Set(linked.values());
    const remaining = draft[list].filter((e) => !linked.has(e.key));
    const taken = new Set([...remaining.map((e) => e.key), ...linkedIds]);
    const renamed = new Map<string, string>();
    for (const e of remaining) {
      if (!linkedIds.has(e.key)) continue;
      let key = `${e.key}-new`;
      for (let n = 2; taken.has(key); n++) key = `${e.key}-new-${n}`;
      taken.add(key);
      renamed.set(e.key, key);
      notes[list][key] = notes[list][e.key]!;
      delete notes[list][e.key];
    }
    const map = (ref: string) => linked.get(ref) ?? renamed.get(ref) ?? ref;
    draft = rewriteReferences(draft, type, map);
    draft = {
      ...draft,
      [list]: draft[list]
        .filter((e) => !linked.has(e.key))
        .map((e) => (renamed.has(e.key) ? { ...e, key: renamed.get(e.key)! } : e)),
    };
  }
  return { draft, notes };
}
