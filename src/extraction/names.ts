// The names a draft proposes pass the name rules of a write (text/names.ts): an article may carry
// characters a reader cannot see inside a name (a zero-width space, a bidi override, a control),
// which the draft drops rather than propose a name its own import would refuse.
import type { Bundle } from '../schemas/bundle.ts';
import { cleanName } from '../text/names.ts';

function cleanNames<T extends { key: string; name: string; aliases: string[] }>(item: T): T {
  const name = cleanName(item.name) || item.key;
  const aliases = [...new Set(item.aliases.map(cleanName))].filter((alias) => alias && alias !== name);
  return { ...item, name, aliases };
}

/** The draft with every name, alias and title cleaned (cleanName); nothing else changes. */
export function cleanDraftNames<B extends Pick<Bundle, 'source' | 'actors' | 'locations' | 'events'>>(draft: B): B {
  return {
    ...draft,
    source: { ...draft.source, title: cleanName(draft.source.title) || 'Untitled' },
    actors: draft.actors.map(cleanNames),
    locations: draft.locations.map(cleanNames),
    events: draft.events.map((e) => ({ ...e, title: cleanName(e.title) || e.key })),
  };
}
