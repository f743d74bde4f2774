// ETags: a strong validator derived from the representation a client sees.
import { createHash } from 'node:crypto';
import { jsonOf } from '../json.ts';

/** Frozen representations (the claim cache's) cannot change: their tag is computed once. */
const frozenTags = new WeakMap<object, string>();

export function etagOf(representation: unknown): string {
  const frozen = typeof representation === 'object' && representation !== null && Object.isFrozen(representation);
  const known = frozen ? frozenTags.get(representation) : undefined;
  if (known) return known;
  const tag = `"${createHash('sha256').update(jsonOf(representation)).digest('base64url').slice(0, 27)}"`;
  if (frozen) frozenTags.set(representation, tag);
  return tag;
}
