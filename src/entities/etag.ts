// ETags: a strong validator derived from the representation a client sees.
import { hash } from 'node:crypto';
import { jsonOf } from '../json.ts';

/** Frozen representations (the claim cache's) cannot change: their tag is computed once. */
const frozenTags = new WeakMap<object, string>();

export function etagOf(representation: unknown): string {
  const frozen = typeof representation === 'object' && representation !== null && Object.isFrozen(representation);
  const known = frozen ? frozenTags.get(representation) : undefined;
  if (known) return known;
  // crypto.hash, one call: createHash's object cost as much again for a small representation.
  const tag = `"${hash('sha256', jsonOf(representation), 'base64url').slice(0, 27)}"`;
  if (frozen) frozenTags.set(representation, tag);
  return tag;
}

/**
 * RFC 9110 13.1.1: If-Match uses the strong comparison, so a weak tag (W/"...") never matches, even
 * one naming the current ETag; `*` matches any current representation.
 */
export function ifMatchSatisfied(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag === etag);
}
