// The timeline: events and claims merged in one time order, paged by one keyset over both.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, toPage } from '../pagination.ts';
import type { TimelineItem, TimelineQuery } from '../../schemas/timeline.ts';
import { getClaimsByIds, claimConditions } from './claims.ts';
import { eventConditions, getEventsByIds } from './events.ts';
import { locationAndDescendants } from './locations.ts';

type Row = { type: 'event' | 'claim'; id: string; sortKey: string };

export function timeline(db: Db, query: TimelineQuery) {
  const descending = query.sort === '-time';
  const range = { from: query.from, to: query.to, timeMatch: query.timeMatch };
  const eventWhere = eventConditions(db, { actor: query.actor, location: query.location, ...range });
  const claimWhere = claimConditions(db, range);

  if (query.actor) {
    claimWhere.push(
      or(
        eq(t.claims.speakerId, query.actor),
        inArray(t.claims.id, db.select({ id: t.claimActors.claimId }).from(t.claimActors).where(eq(t.claimActors.actorId, query.actor))),
      )!,
    );
  }
  if (query.location) {
    claimWhere.push(
      inArray(
        t.claims.id,
        db
          .select({ id: t.claimEvents.claimId })
          .from(t.claimEvents)
          .innerJoin(t.events, eq(t.events.id, t.claimEvents.eventId))
          .where(inArray(t.events.locationId, locationAndDescendants(db, query.location))),
      ),
    );
  }
  if (query.event) {
    const linked = sql`SELECT ${t.eventRelations.toEventId} FROM ${t.eventRelations} WHERE ${t.eventRelations.fromEventId} = ${query.event}
      UNION SELECT ${t.eventRelations.fromEventId} FROM ${t.eventRelations} WHERE ${t.eventRelations.toEventId} = ${query.event}`;
    eventWhere.push(or(eq(t.events.id, query.event), sql`${t.events.id} IN (${linked})`)!);
    claimWhere.push(inArray(t.claims.id, db.select({ id: t.claimEvents.claimId }).from(t.claimEvents).where(eq(t.claimEvents.eventId, query.event))));
  }

  const eventSort = descending ? t.events.timeSortDesc : t.events.timeSortAsc;
  const claimSort = descending ? t.claims.saidSortDesc : t.claims.saidSortAsc;
  let keyset: SQL = sql`1`;
  if (query.cursor) {
    const [sortKey, type, id] = decodeCursor(query.cursor, query.sort, 3);
    keyset = descending ? sql`(sort_key, type, id) < (${sortKey}, ${type}, ${id})` : sql`(sort_key, type, id) > (${sortKey}, ${type}, ${id})`;
  }
  const direction = descending ? sql`DESC` : sql`ASC`;
  const rows = db.all<Row>(sql`
    SELECT type, id, sort_key AS sortKey FROM (
      SELECT 'event' AS type, ${t.events.id} AS id, ${eventSort} AS sort_key FROM ${t.events} WHERE ${and(...eventWhere) ?? sql`1`}
      UNION ALL
      SELECT 'claim' AS type, ${t.claims.id} AS id, ${claimSort} AS sort_key FROM ${t.claims} WHERE ${and(...claimWhere) ?? sql`1`}
    )
    WHERE ${keyset}
    ORDER BY sort_key ${direction}, type ${direction}, id ${direction}
    LIMIT ${query.limit + 1}`);

  return toPage(rows, query.limit, query.sort, (row) => [row.sortKey, row.type, row.id], (page) => hydrate(db, page));
}

function hydrate(db: Db, rows: Row[]): TimelineItem[] {
  const events = getEventsByIds(db, rows.filter((r) => r.type === 'event').map((r) => r.id));
  const claims = getClaimsByIds(db, rows.filter((r) => r.type === 'claim').map((r) => r.id));
  return rows.map((row): TimelineItem => {
    if (row.type === 'event') {
      const event = events.get(row.id)!;
      return { type: 'event', time: event.time, event };
    }
    const claim = claims.get(row.id)!;
    return { type: 'claim', time: claim.saidAt, claim };
  });
}
