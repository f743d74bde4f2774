// Ids: handing out new ones (a wanted id, else a slug, slug-2, ...) and following merged-away ones to
// their survivor. Shared by every kind; the bundle import and the single creates use the same allocator.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type EntityKind, idFamily, takenIds } from '../db/queries/references.ts';
import * as t from '../db/schema.ts';

/**
 * Id allocation for one write: an id is taken when stored, merged away (it keeps redirecting to its
 * survivor) or already given to an item of this write; the first free one of the wanted id, then
 * `fallback`, `fallback-2`, `fallback-3`, ... is handed out. The ids an item may get first (wanted
 * ids, fallbacks) are looked up together beforehand (`expect`), a fallback already taken has its
 * stored chain read once (one range read of the primary key), and the next item with that fallback
 * resumes where the last one stopped, since everything before is still taken. A name shared by many
 * items, here or in the database (a speaker with thousands of claims of one stance), so costs each
 * item the same instead of a walk along the whole chain.
 */
export class IdAllocator {
  private readonly given = {
    source: new Set<string>(),
    actor: new Set<string>(),
    location: new Set<string>(),
    event: new Set<string>(),
    claim: new Set<string>(),
  };
  /** Ids whose stored state is known: true when taken. */
  private readonly known = {
    source: new Map<string, boolean>(),
    actor: new Map<string, boolean>(),
    location: new Map<string, boolean>(),
    event: new Map<string, boolean>(),
    claim: new Map<string, boolean>(),
  };
  private readonly chains = new Map<string, { taken: Set<string>; next: number }>();

  constructor(private readonly db: Db) {}

  /** Looks up in one statement whether these ids, about to be asked for, are taken. */
  expect(kind: EntityKind, ids: Iterable<string>) {
    const known = this.known[kind];
    const asked = [...new Set(ids)].filter((id) => !known.has(id));
    const taken = takenIds(this.db, kind, asked);
    for (const id of asked) known.set(id, taken.has(id));
  }

  /** Whether `id` is stored, merged away, or given out by this allocator. */
  isTaken(kind: EntityKind, id: string): boolean {
    return !this.isFree(kind, id);
  }

  assign(kind: EntityKind, wanted: string | undefined, fallback: string): string {
    const id =
      wanted && this.isFree(kind, wanted)
        ? wanted
        : this.isFree(kind, fallback)
          ? fallback
          : this.nextInChain(kind, fallback);
    this.given[kind].add(id);
    return id;
  }

  private isFree(kind: EntityKind, id: string): boolean {
    if (this.given[kind].has(id)) return false;
    if (!this.known[kind].has(id)) this.expect(kind, [id]);
    return !this.known[kind].get(id);
  }

  private nextInChain(kind: EntityKind, base: string): string {
    const key = `${kind}:${base}`;
    let chain = this.chains.get(key);
    if (!chain) this.chains.set(key, (chain = { taken: idFamily(this.db, kind, base), next: 2 }));
    const candidate = () => `${base}-${chain.next}`;
    while (this.given[kind].has(candidate()) || chain.taken.has(candidate())) chain.next++;
    return candidate();
  }
}

/** Where a merged id now lives, if it was folded into another entity. */
export function survivorOf(db: Db, entityType: 'actor' | 'location', oldId: string): string | undefined {
  return db
    .select({ id: t.mergedIds.survivorId })
    .from(t.mergedIds)
    .where(and(eq(t.mergedIds.entityType, entityType), eq(t.mergedIds.oldId, oldId)))
    .get()?.id;
}
