// ETags: a strong validator derived from the representation a client sees.
import { createHash } from 'node:crypto';

export function etagOf(representation: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 27)}"`;
}
