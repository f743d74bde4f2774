// Data access of actors behind ActorStore, and its SQLite implementation. Another engine implements
// the same interface; the rules (actor/index.ts) never see SQL.
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { getActorsByIds } from '../../db/queries/actors.ts';
import * as t from '../../db/schema.ts';
import type { Actor } from '../../schemas/actors.ts';
import type { TimeSpec } from '../../schemas/common.ts';
import { insertAll } from '../batch.ts';
import { type EvidenceStore, SqliteEvidenceStore } from '../evidence.ts';
import { type ExternalIdStore, SqliteExternalIdStore } from '../external-ids.ts';
import type { EntityType } from '../kinds.ts';

export type ActorRow = typeof t.actors.$inferSelect;
export type AffiliationRow = { organization: string; role: string; from: TimeSpec | null; to: TimeSpec | null };

export interface ActorStore {
  readonly evidence: EvidenceStore;
  readonly externalIds: ExternalIdStore;
  /** Batch read: the API representation of each stored id (unknown ids left out). */
  getByIds(ids: string[]): Map<string, Actor>;
  row(id: string): ActorRow | undefined;
  insert(rows: Array<typeof t.actors.$inferInsert>): void;
  update(id: string, fields: Partial<Omit<ActorRow, 'id'>>): void;
  /** Adds the affiliations of actors that have none yet, each list in its order. */
  insertAffiliations(lists: Array<{ actorId: string; affiliations: AffiliationRow[] }>): void;
  replaceAffiliations(actorId: string, affiliations: AffiliationRow[]): void;
  /** Ids of `kind` whose representation embeds one of these actors. */
  embedders(ids: string[], kind: EntityType): string[];
  delete(id: string): void;
  /** Moves every reference from `id` to `into` and records the redirect; the caller updates `into`. */
  moveReferences(id: string, into: string): void;
}

export class SqliteActorStore implements ActorStore {
  readonly evidence: EvidenceStore;
  readonly externalIds: ExternalIdStore;

  constructor(private readonly db: Db) {
    this.evidence = new SqliteEvidenceStore(db);
    this.externalIds = new SqliteExternalIdStore(db);
  }

  getByIds(ids: string[]) {
    return getActorsByIds(this.db, ids);
  }

  row(id: string) {
    return this.db.select().from(t.actors).where(eq(t.actors.id, id)).get();
  }

  insert(rows: Array<typeof t.actors.$inferInsert>) {
    insertAll(this.db, t.actors, rows);
  }

  update(id: string, fields: Partial<Omit<ActorRow, 'id'>>) {
    if (Object.keys(fields).length) this.db.update(t.actors).set(fields).where(eq(t.actors.id, id)).run();
  }

  insertAffiliations(lists: Array<{ actorId: string; affiliations: AffiliationRow[] }>) {
    insertAll(
      this.db,
      t.affiliations,
      lists.flatMap(({ actorId, affiliations }) =>
        affiliations.map((a, position) => ({
          actorId,
          organizationId: a.organization,
          role: a.role,
          from: a.from ?? null,
          to: a.to ?? null,
          position,
        })),
      ),
    );
  }

  replaceAffiliations(actorId: string, affiliations: AffiliationRow[]) {
    this.db.delete(t.affiliations).where(eq(t.affiliations.actorId, actorId)).run();
    this.insertAffiliations([{ actorId, affiliations }]);
  }

  embedders(ids: string[], kind: EntityType): string[] {
    if (ids.length === 0) return [];
    const column = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    switch (kind) {
      case 'claim':
        return column(
          this.db
            .select({ id: t.claims.id })
            .from(t.claims)
            .where(
              or(
                inArray(t.claims.speakerId, ids),
                inArray(t.claims.reportedById, ids),
                // The outlet a later appearance credits (the first one's is the claim's reportedBy).
                inArray(
                  t.claims.id,
                  this.db
                    .select({ id: t.claimAppearances.claimId })
                    .from(t.claimAppearances)
                    .where(
                      and(
                        sql`${t.claimAppearances.position} > 0 AND ${t.claimAppearances.reportedById} IS NOT NULL`,
                        inArray(t.claimAppearances.reportedById, ids),
                      ),
                    ),
                ),
                inArray(
                  t.claims.id,
                  this.db
                    .select({ id: t.claimActors.claimId })
                    .from(t.claimActors)
                    .where(inArray(t.claimActors.actorId, ids)),
                ),
              ),
            )
            .all(),
        );
      case 'event':
        return column(
          this.db
            .selectDistinct({ id: t.eventParticipants.eventId })
            .from(t.eventParticipants)
            .where(inArray(t.eventParticipants.actorId, ids))
            .all(),
        );
      case 'actor':
        return column(
          this.db
            .selectDistinct({ id: t.affiliations.actorId })
            .from(t.affiliations)
            .where(
              and(
                inArray(t.affiliations.organizationId, ids),
                ne(t.affiliations.actorId, t.affiliations.organizationId),
              ),
            )
            .all(),
        ).filter((id) => !ids.includes(id));
      case 'source':
        return this.evidence.sourcesOf('actor', ids);
      default:
        return [];
    }
  }

  delete(id: string) {
    this.db.delete(t.affiliations).where(eq(t.affiliations.actorId, id)).run();
    this.evidence.remove('actor', id);
    this.externalIds.remove('actor', id);
    this.db
      .delete(t.mergedIds)
      .where(and(eq(t.mergedIds.entityType, 'actor'), eq(t.mergedIds.survivorId, id)))
      .run();
    this.db.delete(t.actors).where(eq(t.actors.id, id)).run();
  }

  moveReferences(id: string, into: string) {
    const db = this.db;
    db.update(t.claims).set({ speakerId: into }).where(eq(t.claims.speakerId, id)).run();
    db.update(t.claims).set({ reportedById: into }).where(eq(t.claims.reportedById, id)).run();
    db.update(t.claimAppearances)
      .set({ reportedById: into })
      .where(
        and(
          sql`${t.claimAppearances.position} > 0 AND ${t.claimAppearances.reportedById} IS NOT NULL`,
          eq(t.claimAppearances.reportedById, id),
        ),
      )
      .run();
    // A first appearance credits its claim's outlet: moved with it.
    db.update(t.claimAppearances)
      .set({ reportedById: into })
      .where(
        and(
          eq(t.claimAppearances.position, 0),
          eq(t.claimAppearances.reportedById, id),
          inArray(
            t.claimAppearances.claimId,
            db.select({ id: t.claims.id }).from(t.claims).where(eq(t.claims.reportedById, into)),
          ),
        ),
      )
      .run();
    db.run(
      sql`INSERT OR IGNORE INTO claim_actors (claim_id, actor_id, position) SELECT claim_id, ${into}, position FROM claim_actors WHERE actor_id = ${id}`,
    );
    db.delete(t.claimActors).where(eq(t.claimActors.actorId, id)).run();
    db.run(
      sql`INSERT OR IGNORE INTO event_participants (event_id, actor_id, role, position) SELECT event_id, ${into}, role, position FROM event_participants WHERE actor_id = ${id}`,
    );
    db.delete(t.eventParticipants).where(eq(t.eventParticipants.actorId, id)).run();
    db.update(t.affiliations).set({ actorId: into }).where(eq(t.affiliations.actorId, id)).run();
    db.update(t.affiliations).set({ organizationId: into }).where(eq(t.affiliations.organizationId, id)).run();
    db.delete(t.affiliations)
      .where(and(eq(t.affiliations.actorId, into), eq(t.affiliations.organizationId, into)))
      .run();
    // An affiliation both actors had (same organization, role and dates) is kept once, the survivor's.
    db.run(
      sql`DELETE FROM affiliations WHERE (actor_id = ${into} OR organization_id = ${into}) AND id NOT IN (SELECT MIN(id) FROM affiliations WHERE actor_id = ${into} OR organization_id = ${into} GROUP BY actor_id, organization_id, role, from_time, to_time)`,
    );
    this.evidence.move('actor', id, into);
    this.externalIds.move('actor', id, into);
    db.update(t.mergedIds)
      .set({ survivorId: into })
      .where(and(eq(t.mergedIds.entityType, 'actor'), eq(t.mergedIds.survivorId, id)))
      .run();
    db.insert(t.mergedIds).values({ entityType: 'actor', oldId: id, survivorId: into }).run();
    db.delete(t.actors).where(eq(t.actors.id, id)).run();
  }
}
