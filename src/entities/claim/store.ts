// Data access of claims behind ClaimStore (rows with their one evidence span, what they are about,
// their links), and its SQLite implementation.
import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { getClaimsByIds } from '../../db/queries/claims.ts';
import * as t from '../../db/schema.ts';
import type { Claim } from '../../schemas/claims.ts';
import { dedupe, insertAll } from '../batch.ts';
import type { EntityType } from '../kinds.ts';

export type ClaimRow = typeof t.claims.$inferSelect;
export type ClaimInsert = typeof t.claims.$inferInsert;
type Link = { type: (typeof t.claimLinks.$inferSelect)['type']; claim: string };

export interface ClaimStore {
  getByIds(ids: string[]): Map<string, Claim>;
  row(id: string): ClaimRow | undefined;
  /** New claims; a `respondsToId` may name another claim of the same batch. */
  insert(rows: ClaimInsert[]): void;
  update(id: string, fields: Partial<Omit<ClaimInsert, 'id'>>): void;
  /** What claims are about (events, actors) and their links; with `replace`, instead of the stored ones. */
  writeChildren(
    lists: Array<{ claimId: string; about?: { events: string[]; actors: string[] }; links?: Link[] }>,
    replace?: boolean,
  ): void;
  children(id: string): { about: { events: string[]; actors: string[] }; links: Link[] };
  /** The name of a stored actor (a claim's id is a slug of its speaker's name). */
  speakerName(actorId: string): string | undefined;
  sourceText(sourceId: string): string | undefined;
  embedders(ids: string[], kind: EntityType): string[];
  /** Claims that answer or link to one of these (they cannot be deleted while those stand). */
  referrers(id: string): string[];
  delete(id: string): void;
}

export class SqliteClaimStore implements ClaimStore {
  constructor(private readonly db: Db) {}

  getByIds(ids: string[]) {
    return getClaimsByIds(this.db, ids);
  }

  row(id: string) {
    return this.db.select().from(t.claims).where(eq(t.claims.id, id)).get();
  }

  insert(rows: ClaimInsert[]) {
    // A claim may answer one inserted later in the batch: answers are set once every row is in.
    const inBatch = new Set(rows.map((r) => r.id));
    const later = rows.filter((r) => r.respondsToId != null && inBatch.has(r.respondsToId));
    const deferred = new Set(later.map((r) => r.id));
    insertAll(
      this.db,
      t.claims,
      rows.map((r) => (deferred.has(r.id) ? { ...r, respondsToId: null } : r)),
    );
    if (later.length) {
      const answers = later.map((r) => [r.id, r.respondsToId]);
      this.db.run(
        sql`UPDATE ${t.claims} SET ${sql.identifier(t.claims.respondsToId.name)} = answer.value ->> 1 FROM json_each(${JSON.stringify(answers)}) AS answer WHERE ${t.claims.id} = answer.value ->> 0`,
      );
    }
  }

  update(id: string, fields: Partial<Omit<ClaimInsert, 'id'>>) {
    if (Object.keys(fields).length) this.db.update(t.claims).set(fields).where(eq(t.claims.id, id)).run();
  }

  writeChildren(
    lists: Array<{ claimId: string; about?: { events: string[]; actors: string[] }; links?: Link[] }>,
    replace = false,
  ) {
    const db = this.db;
    if (replace) {
      for (const { claimId, about, links } of lists) {
        if (about) {
          db.delete(t.claimEvents).where(eq(t.claimEvents.claimId, claimId)).run();
          db.delete(t.claimActors).where(eq(t.claimActors.claimId, claimId)).run();
        }
        if (links) db.delete(t.claimLinks).where(eq(t.claimLinks.fromClaimId, claimId)).run();
      }
    }
    insertAll(
      db,
      t.claimLinks,
      lists.flatMap(({ claimId, links = [] }) =>
        dedupe(links, (l) => `${l.type}|${l.claim}`).map((l) => ({
          fromClaimId: claimId,
          type: l.type,
          toClaimId: l.claim,
        })),
      ),
    );
    insertAll(
      db,
      t.claimEvents,
      lists.flatMap(({ claimId, about }) =>
        [...new Set(about?.events ?? [])].map((eventId, position) => ({ claimId, eventId, position })),
      ),
    );
    insertAll(
      db,
      t.claimActors,
      lists.flatMap(({ claimId, about }) =>
        [...new Set(about?.actors ?? [])].map((actorId, position) => ({ claimId, actorId, position })),
      ),
    );
  }

  children(id: string) {
    const db = this.db;
    return {
      about: {
        events: db
          .select({ id: t.claimEvents.eventId })
          .from(t.claimEvents)
          .where(eq(t.claimEvents.claimId, id))
          .orderBy(t.claimEvents.position)
          .all()
          .map((r) => r.id),
        actors: db
          .select({ id: t.claimActors.actorId })
          .from(t.claimActors)
          .where(eq(t.claimActors.claimId, id))
          .orderBy(t.claimActors.position)
          .all()
          .map((r) => r.id),
      },
      links: db
        .select({ type: t.claimLinks.type, claim: t.claimLinks.toClaimId })
        .from(t.claimLinks)
        .where(eq(t.claimLinks.fromClaimId, id))
        .all(),
    };
  }

  speakerName(actorId: string) {
    return this.db.select({ name: t.actors.name }).from(t.actors).where(eq(t.actors.id, actorId)).get()?.name;
  }

  sourceText(sourceId: string) {
    return this.db.select({ text: t.sources.text }).from(t.sources).where(eq(t.sources.id, sourceId)).get()?.text;
  }

  embedders(ids: string[], kind: EntityType): string[] {
    if (ids.length === 0) return [];
    const db = this.db;
    switch (kind) {
      case 'claim': {
        // Answers and links show from both ends: the claims these answer or link to, and those answering or linking to them.
        const answering = db
          .select({ a: t.claims.id, b: t.claims.respondsToId })
          .from(t.claims)
          .where(or(inArray(t.claims.id, ids), inArray(t.claims.respondsToId, ids)))
          .all()
          .flatMap((r) => [r.a, r.b]);
        const linked = db
          .select({ a: t.claimLinks.fromClaimId, b: t.claimLinks.toClaimId })
          .from(t.claimLinks)
          .where(or(inArray(t.claimLinks.fromClaimId, ids), inArray(t.claimLinks.toClaimId, ids)))
          .all()
          .flatMap((r) => [r.a, r.b]);
        return [...new Set([...answering, ...linked])].filter((id): id is string => id !== null && !ids.includes(id));
      }
      case 'source':
        return [
          ...new Set(
            db
              .select({ id: t.claims.sourceId })
              .from(t.claims)
              .where(inArray(t.claims.id, ids))
              .all()
              .map((r) => r.id),
          ),
        ];
      default:
        return [];
    }
  }

  referrers(id: string) {
    const answering = this.db.select({ id: t.claims.id }).from(t.claims).where(eq(t.claims.respondsToId, id)).all();
    const linking = this.db
      .selectDistinct({ id: t.claimLinks.fromClaimId })
      .from(t.claimLinks)
      .where(eq(t.claimLinks.toClaimId, id))
      .all();
    return [...answering, ...linking].map((r) => r.id);
  }

  delete(id: string) {
    this.db.delete(t.claimLinks).where(eq(t.claimLinks.fromClaimId, id)).run();
    this.db.delete(t.claimEvents).where(eq(t.claimEvents.claimId, id)).run();
    this.db.delete(t.claimActors).where(eq(t.claimActors.claimId, id)).run();
    this.db.delete(t.claims).where(eq(t.claims.id, id)).run();
  }
}
