// Data access of claims behind ClaimStore (rows with their one evidence span, what they are about,
// their links), and its SQLite implementation.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { getClaimsByIds } from '../../db/queries/claims.ts';
import * as t from '../../db/schema.ts';
import type { Claim } from '../../schemas/claims.ts';
import { independentCount } from '../../text/compare.ts';
import { dedupe, insertAll } from '../batch.ts';
import type { EntityType } from '../kinds.ts';

export type ClaimRow = typeof t.claims.$inferSelect;
export type ClaimInsert = typeof t.claims.$inferInsert;
type Link = { type: (typeof t.claimLinks.$inferSelect)['type']; claim: string };
/** An appearance to add: a source carrying the claim, the words it reports it in, the outlet it credits. */
export type AppearanceInsert = {
  claimId: string;
  sourceId: string;
  evidenceStart: number;
  evidenceEnd: number;
  evidenceText: string;
  reportedById: string | null;
};

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
  /**
   * Adds appearances, each after the claim's last one (position 0 for a new claim), and recounts the
   * sources of every claim named (sourceCount, independentSources).
   */
  insertAppearances(rows: AppearanceInsert[]): void;
  /** Rewrites a claim's first appearance from its row (after a patch of its evidence or outlet), and recounts. */
  syncFirstAppearance(id: string): void;
  /** A speaker's most recent claims (at most `limit`), for telling a repeat (extraction drafts). */
  recentBySpeaker(
    speakerId: string,
    limit: number,
  ): Array<{ id: string; speakerId: string; text: string; evidence: string }>;
  /** The position of the claim's appearance in this source, if it has one. */
  appearanceIn(claimId: string, sourceId: string): number | undefined;
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

  insertAppearances(rows: AppearanceInsert[]) {
    if (rows.length === 0) return;
    const sqlite = this.db.$client;
    const claimIds = [...new Set(rows.map((r) => r.claimId))];
    const next = new Map(
      (
        sqlite
          .prepare(
            'SELECT claim_id, max(position) + 1 FROM claim_appearances WHERE claim_id IN (SELECT value FROM json_each(?)) GROUP BY claim_id',
          )
          .raw()
          .all(JSON.stringify(claimIds)) as Array<[string, number]>
      ).map(([id, n]) => [id, n]),
    );
    const values = rows.map((r) => {
      const position = next.get(r.claimId) ?? 0;
      next.set(r.claimId, position + 1);
      return [r.claimId, position, r.sourceId, r.evidenceStart, r.evidenceEnd, r.evidenceText, r.reportedById];
    });
    // The source's publishedAt comes with it: one statement per batch, however many claims.
    const insert = sqlite.prepare(
      `INSERT INTO claim_appearances (claim_id, position, source_id, evidence_start, evidence_end, evidence_text, reported_by_id, published_at)
       SELECT v.value ->> 0, v.value ->> 1, v.value ->> 2, v.value ->> 3, v.value ->> 4, v.value ->> 5, v.value ->> 6, s.published_at
       FROM json_each(?) AS v JOIN sources AS s ON s.id = v.value ->> 2 ORDER BY v.key`,
    );
    for (let i = 0; i < values.length; i += 500) insert.run(JSON.stringify(values.slice(i, i + 500)));
    // A new claim has one appearance: the defaults (1, 1) already say so.
    const recount = rows.filter((r) => (next.get(r.claimId) ?? 0) > 1).map((r) => r.claimId);
    this.recount([...new Set(recount)]);
  }

  /** sourceCount and independentSources of these claims, from their appearances. */
  private recount(claimIds: string[]) {
    if (claimIds.length === 0) return;
    const sqlite = this.db.$client;
    const texts = new Map<string, string[]>();
    for (const [id, text] of sqlite
      .prepare(
        'SELECT claim_id, evidence_text FROM claim_appearances WHERE claim_id IN (SELECT value FROM json_each(?))',
      )
      .raw()
      .iterate(JSON.stringify(claimIds)) as IterableIterator<[string, string]>) {
      const list = texts.get(id);
      if (list) list.push(text);
      else texts.set(id, [text]);
    }
    const counts = [...texts].map(([id, list]) => [id, list.length, independentCount(list)]);
    sqlite
      .prepare(
        `UPDATE claims SET source_count = v.value ->> 1, independent_source_count = v.value ->> 2
         FROM json_each(?) AS v WHERE claims.id = v.value ->> 0`,
      )
      .run(JSON.stringify(counts));
  }

  syncFirstAppearance(id: string) {
    this.db.$client
      .prepare(
        `UPDATE claim_appearances SET source_id = c.source_id, evidence_start = c.evidence_start, evidence_end = c.evidence_end,
           evidence_text = c.evidence_text, reported_by_id = c.reported_by_id, published_at = s.published_at
         FROM claims AS c JOIN sources AS s ON s.id = c.source_id
         WHERE claim_appearances.claim_id = ? AND claim_appearances.position = 0 AND c.id = claim_appearances.claim_id`,
      )
      .run(id);
    this.recount([id]);
  }

  recentBySpeaker(speakerId: string, limit: number) {
    // One walk of claims_speaker_desc_idx from the latest.
    return this.db
      .select({ id: t.claims.id, speakerId: t.claims.speakerId, text: t.claims.text, evidence: t.claims.evidenceText })
      .from(t.claims)
      .where(eq(t.claims.speakerId, speakerId))
      .orderBy(sql`${t.claims.saidSortDesc} DESC`, sql`${t.claims.id} DESC`)
      .limit(limit)
      .all();
  }

  appearanceIn(claimId: string, sourceId: string) {
    return this.db
      .select({ position: t.claimAppearances.position })
      .from(t.claimAppearances)
      .where(and(eq(t.claimAppearances.sourceId, sourceId), eq(t.claimAppearances.claimId, claimId)))
      .get()?.position;
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
        // Every source carrying the claims (their counts), the first one included.
        return [
          ...new Set(
            db
              .select({ id: t.claimAppearances.sourceId })
              .from(t.claimAppearances)
              .where(inArray(t.claimAppearances.claimId, ids))
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
    this.db.delete(t.claimAppearances).where(eq(t.claimAppearances.claimId, id)).run();
    this.db.delete(t.claims).where(eq(t.claims.id, id)).run();
  }
}
