// What every update, delete and merge asks first: the entity as stored (404 when it is not), unchanged
// since the client read it (If-Match), and, to delete it, nothing left that refers to it.
import { ConflictError, NotFoundError, PreconditionFailedError } from '../errors.ts';
import { etagOf, ifMatchSatisfied } from './etag.ts';
import type { EntityKey, EntityType } from './kinds.ts';

/** The stored representation of `id`, after checking If-Match against its ETag. */
export function requireCurrent<T extends object>(
  type: EntityType,
  id: string,
  read: (ids: string[]) => Map<string, T>,
  ifMatch: string | undefined,
): T {
  const current = read([id]).get(id);
  if (!current) throw new NotFoundError(type, id);
  if (ifMatch !== undefined && !ifMatchSatisfied(ifMatch, etagOf(current))) {
    throw new PreconditionFailedError(
      `The ${type} "${id}" has changed since you read it (ETag ${etagOf(current)}); GET it again and retry.`,
    );
  }
  return current;
}

export function referrerConflict(
  type: EntityType,
  id: string,
  referrers: EntityKey[],
  action = 'delete',
): ConflictError {
  const shown = referrers.slice(0, 10).map(([kind, ref]) => `${kind} ${ref}`);
  const more = referrers.length > 10 ? ` and ${referrers.length - 10} more` : '';
  return new ConflictError(
    `Cannot ${action} ${type} "${id}": still referenced by ${shown.join(', ')}${more}. Change or delete those first (or merge it into another ${type}).`,
  );
}
