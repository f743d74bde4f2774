// Actor queries: list with filters, one by id, and the page hydration shared by both.
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { after, containsPattern, decodeCursor, toPage } from '../pagination.ts';
import type { Actor, ActorListQuery } from '../../schemas/actors.ts';
import { evidenceFor } from './evidence.ts';
import { groupBy } from '../group-by.ts';
import { keptOrHydrated, keptTextsOrHydrated } from '../kept-representations.ts';
import type { JsonText } from '../../json.ts';
import { externalIdFilter, externalIdsFor } from './external-ids.ts';

type ActorRow = typeof t.actors.$inferSelect;

export function listActors(db: Db, query: ActorListQuery) {
  const conditions: SQL[] = [];
  if (query.kind) conditions.push(eq(t.actors.kind, query.kind));
  if (query.externalId) conditions.push(externalIdFilter(db, 'actor', t.actors.id, query.externalId));
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(
      or(
        sql`${t.actors.name} LIKE ${pattern} ESCAPE '\\'`,
        sql`EXISTS (SELECT 1 FROM json_each(${t.actors.aliases}) WHERE value LIKE ${pattern} ESCAPE '\\')`,
      )!,
    );
  }
  if (query.cursor) conditions.push(after([t.actors.id], decodeCursor(query.cursor, 'id', 1), false));
  const rows = db
    .select()
    .from(t.actors)
    .where(and(...conditions))
    .orderBy(asc(t.actors.id))
    .limit(query.limit + 1)
    .all();
  return toPage(
    rows,
    query.limit,
    'id',
    (row) => [row.id],
    (page) =>
      keptOrHydrated(
        db,
        'actor',
        page.map((row) => row.id),
        (missing) =>
          hydrateActors(
            db,
            page.filter((row) => missing.includes(row.id)),
          ),
      ),
  );
}

export function getActor(db: Db, id: string): Actor | undefined {
  return keptOrHydrated(db, 'actor', [id], () => hydrateActor(db, id))[0];
}

/** The actor as JSON text, for an answer (its kept row never parsed). */
export function getActorText(db: Db, id: string): JsonText<Actor> | undefined {
  return keptTextsOrHydrated(db, 'actor', [id], () => hydrateActor(db, id))[0];
}

function hydrateActor(db: Db, id: string): Actor[] {
  const row = db.select().from(t.actors).where(eq(t.actors.id, id)).get();
  return row ? hydrateActors(db, [row]) : [];
}

/** Actors by id, hydrated together (unknown ids are left out). */
export function getActorsByIds(db: Db, ids: string[]): Map<string, Actor> {
  if (ids.length === 0) return new Map();
  const rows = db.select().from(t.actors).where(inArray(t.actors.id, ids)).all();
  return new Map(hydrateActors(db, rows).map((a) => [a.id, a]));
}

export function hydrateActors(db: Db, rows: ActorRow[]): Actor[] {
  const ids = rows.map((r) => r.id);
  const affiliations = ids.length
    ? db
        .select({
          actorId: t.affiliations.actorId,
          role: t.affiliations.role,
          from: t.affiliations.from,
          to: t.affiliations.to,
          orgId: t.actors.id,
          orgName: t.actors.name,
        })
        .from(t.affiliations)
        .innerJoin(t.actors, eq(t.actors.id, t.affiliations.organizationId))
        .where(inArray(t.affiliations.actorId, ids))
        .orderBy(asc(t.affiliations.actorId), asc(t.affiliations.position))
        .all()
    : [];
  const evidence = evidenceFor(db, 'actor', ids);
  const externalIds = externalIdsFor(db, 'actor', ids);
  const affiliationsOf = groupBy(
    affiliations,
    (a) => a.actorId,
    (a) => ({ organization: { id: a.orgId, name: a.orgName }, role: a.role, from: a.from ?? null, to: a.to ?? null }),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    aliases: row.aliases,
    description: row.description,
    affiliations: affiliationsOf.get(row.id) ?? [],
    evidence: evidence.get(row.id) ?? [],
    // Last: the kept representations of databases from before it had the field in this place (migration `*_identity_backfill.sql`).
    externalIds: externalIds.get(row.id) ?? {},
  }));
}

/** Names for a set of actor ids, for embedding as Refs. */
export function actorRefs(db: Db, ids: Iterable<string>): Map<string, { id: string; name: string }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .select({ id: t.actors.id, name: t.actors.name })
    .from(t.actors)
    .where(inArray(t.actors.id, unique))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}
