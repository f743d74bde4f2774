// Data access of sources behind SourceStore, and its SQLite implementation.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { getSourcesByIds, sourceIdWithKey } from '../../db/queries/sources.ts';
import * as t from '../../db/schema.ts';
import type { Source } from '../../schemas/sources.ts';
import type { EntityType } from '../kinds.ts';

export type SourceRow = typeof t.sources.$inferSelect;

export interface SourceStore {
  getByIds(ids: string[]): Map<string, Source>;
  /** The id of the source whose text has this sourceTextKey, if one does. */
  idWithKey(textKey: string): string | undefined;
  insert(row: typeof t.sources.$inferInsert): void;
  embedders(ids: string[], kind: EntityType): string[];
}

export class SqliteSourceStore implements SourceStore {
  constructor(private readonly db: Db) {}

  getByIds(ids: string[]) {
    return getSourcesByIds(this.db, ids);
  }

  idWithKey(textKey: string) {
    return sourceIdWithKey(this.db, textKey);
  }

  insert(row: typeof t.sources.$inferInsert) {
    this.db.insert(t.sources).values(row).run();
  }

  embedders(ids: string[], kind: EntityType): string[] {
    if (ids.length === 0 || kind !== 'claim') return [];
    // Every claim it carries, first seen there or repeated (each appearance shows the source).
    return [
      ...new Set(
        this.db
          .select({ id: t.claimAppearances.claimId })
          .from(t.claimAppearances)
          .where(inArray(t.claimAppearances.sourceId, ids))
          .all()
          .map((r) => r.id),
      ),
    ];
  }
}
