// The timeline: events and claims merged in one time order, paged by one keyset over both.
import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, toPage } from '../pagination.ts';
import type { TimelineItem, TimelineQuery } from '../../schemas/timeline.ts';
import { getClaimsByIds, claimConditions, linksAbout } from './claims.ts';
import { eventConditions, eventsNaming, getEventsByIds } from './events.ts';
import { locationAndDescendants } from './locations.ts';
import { spanClassOf } from '../span-class.ts';
import { rangeArms } from './time.ts';

type Row = { type: 'event' | 'claim'; id: string; sortKey: string };

export function timeline(db: Db, query: TimelineQuery) {
  const descending = query.sort === '-time';
  const range = { from: query.from, to: query.to, timeMatch: query.timeMatch };
  const eventWhere = eventConditions(db, { actor: query.actor, location: query.location, ...range });
  // The claims about the event are walked from its link rows (below), unless the actor's parts lead.
  const claimWhere = claimConditions(db, { ...range, ...(query.actor ? { event: query.event } : {}) });

  if (query.location) {
    claimWhere.push(
      inArray(
        t.claims.id,
        // Events by the place index (any role), then their claims (a join here let SQLite scan all events).
        db
          .select({ id: t.claimEvents.claimId })
          .from(t.claimEvents)
          .where(inArray(t.claimEvents.eventId, eventsNaming(db, locationAndDescendants(db, query.location)))),
      ),
    );
  }
  if (query.event) {
    const linked = sql`SELECT ${t.eventRelations.toEventId} FROM ${t.eventRelations} WHERE ${t.eventRelations.fromEventId} = ${query.event}
      UNION SELECT ${t.eventRelations.fromEventId} FROM ${t.eventRelations} WHERE ${t.eventRelations.toEventId} = ${query.event}`;
    eventWhere.push(or(eq(t.events.id, query.event), sql`${t.events.id} IN (${linked})`)!);
  }

  const eventSort = descending ? t.events.timeSortDesc : t.events.timeSortAsc;
  const claimSort = descending ? t.claims.saidSortDesc : t.claims.saidSortAsc;
  let keyset: SQL = sql`1`;
  if (query.cursor) {
    const [sortKey, type, id] = decodeCursor(query.cursor, query.sort, 3);
    keyset = descending
      ? sql`(sort_key, type, id) < (${sortKey}, ${type}, ${id})`
      : sql`(sort_key, type, id) > (${sortKey}, ${type}, ${id})`;
  }
  // Parts merged in time order, each walking an index in that order where it can: a time range walks
  // the sort keys near the range (rangeArms); an actor's claims are the ones they made (in time order
  // from the speaker index) and, apart, the ones about them (not one OR, which sorts all of them); the
  // claims about an actor or an event walk the sort index of their link rows (linksAbout).
  const eventParts =
    query.actor || query.location || query.event
      ? [[]]
      : rangeArms(spanClassOf(t.events.timeStart, t.events.timeEnd), eventSort, range);
  const claimRanges =
    query.location || query.event
      ? [[]]
      : rangeArms(spanClassOf(t.claims.saidStart, t.claims.saidEnd), claimSort, range);
  const fromClaims = (extra: SQL[]) =>
    sql`SELECT 'claim' AS type, ${t.claims.id} AS id, ${claimSort} AS sort_key FROM ${t.claims} WHERE ${and(...claimWhere, ...extra) ?? sql`1`}`;
  const fromLinks = (about: Parameters<typeof linksAbout>[0], extra: SQL[]) => {
    const link = linksAbout(about);
    const where = [...claimWhere, ...extra];
    const join = where.length ? sql` JOIN ${t.claims} ON ${t.claims.id} = ${link.claimId}` : sql``;
    return sql`SELECT 'claim' AS type, ${link.claimId} AS id, ${descending ? link.sortDesc : link.sortAsc} AS sort_key FROM ${link.table}${join} WHERE ${and(link.matches, ...where)}`;
  };
  const claimParts = query.actor
    ? [
        ...claimRanges.map((arm) => fromClaims([eq(t.claims.speakerId, query.actor!), ...arm])),
        fromLinks({ actor: query.actor }, [ne(t.claims.speakerId, query.actor)]),
      ]
    : query.event
      ? [fromLinks({ event: query.event }, [])]
      : claimRanges.map(fromClaims);
  const parts = [
    ...eventParts.map(
      (extra) =>
        sql`SELECT 'event' AS type, ${t.events.id} AS id, ${eventSort} AS sort_key FROM ${t.events} WHERE ${and(...eventWhere, ...extra) ?? sql`1`}`,
    ),
    ...claimParts,
  ];
  const direction = descending ? sql`DESC` : sql`ASC`;
  const rows = db.all<Row>(sql`
    SELECT type, id, sort_key AS sortKey FROM (${sql.join(parts, sql` UNION ALL `)})
    WHERE ${keyset}
    ORDER BY sort_key ${direction}, type ${direction}, id ${direction}
    LIMIT ${query.limit + 1}`);

  return toPage(
    rows,
    query.limit,
    query.sort,
    (row) => [row.sortKey, row.type, row.id],
    (page) => hydrate(db, page),
  );
}

function hydrate(db: Db, rows: Row[]): TimelineItem[] {
  const events = getEventsByIds(
    db,
    rows.filter((r) => r.type === 'event').map((r) => r.id),
  );
  const claims = getClaimsByIds(
    db,
    rows.filter((r) => r.type === 'claim').map((r) => r.id),
  );
  return rows.map((row): TimelineItem => {
    if (row.type === 'event') {
      const event = events.get(row.id)!;
      return { type: 'event', time: event.time, event };
    }
    const claim = claims.get(row.id)!;
    return { type: 'claim', time: claim.saidAt, claim };
  });
}
