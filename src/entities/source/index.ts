// The source's home: a stored article and its text, written once (sources are not patched), never
// twice: the same article (its text equal after NFC, line endings, runs of spaces and trimming:
// sourceTextKey) is a 409 naming the stored source. Every span indexes into a source's stored text.
import { createHash } from 'node:crypto';
import { ConflictError, formatPath } from '../../errors.ts';
import type { Bundle } from '../../schemas/bundle.ts';
import { NAME_RULES, sourceTextKey } from '../../text/names.ts';
import { slugify } from '../../text/slug.ts';
import type { Path } from '../checks.ts';
import type { IdAllocator } from '../ids.ts';
import type { Dependent } from '../kinds.ts';
import type { SourceStore } from './store.ts';

export { type SourceStore, SqliteSourceStore } from './store.ts';

/** Who shows a source: its claims (the attribution names the source, its publisher and date). */
export const SOURCE_DEPENDENTS: readonly Dependent[] = [
  { kind: 'claim', shows: ['title', 'publisher', 'publishedAt'] },
];

export const SOURCE_RULES = {
  duplicate: (id: string) => `This source text is already stored as source "${id}"; nothing was written.`,
  duplicateField: (id: string) => `already stored as source "${id}"`,
  /** Titles (checked by the bundle schema, text/names.ts). */
  title: NAME_RULES,
} as const;

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The id a new source would get (wanted id, else a slug of its title), for the allocator to look up first. */
export const sourceIdCandidates = (source: Bundle['source']) => [
  ...(source.id ? [source.id] : []),
  slugify(source.title),
];

/**
 * Stores a new source (its text as the bundle schema left it: NFC, trimmed); the same article must not
 * be stored already (409 naming it, at `path`.text under `root`).
 */
export function createSource(
  store: SourceStore,
  ids: IdAllocator,
  source: Bundle['source'],
  at: { root: string; path: Path },
): string {
  const textKey = sourceTextKey(source.text);
  const existing = store.idWithKey(textKey);
  if (existing) {
    throw new ConflictError(SOURCE_RULES.duplicate(existing), [
      { path: formatPath(at.root, [...at.path, 'text']), message: SOURCE_RULES.duplicateField(existing) },
    ]);
  }
  const id = ids.assign('source', source.id, slugify(source.title));
  store.insert({
    id,
    title: source.title,
    publisher: source.publisher,
    url: source.url,
    publishedAt: source.publishedAt,
    language: source.language,
    text: source.text,
    textHash: hashText(source.text),
    textKey,
  });
  return id;
}
