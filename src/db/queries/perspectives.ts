// Perspectives on an event: the claims about it grouped by speaker, paged over speakers by id.
//
// Cost: the page of speakers and their stances come from one pass over the claims about the event
// (no index holds the speaker by event, so a hub event with 45k claims takes a few hundred ms at a
// million claims); each speaker's shown claims are then a LIMITed walk of their own claims in time order.
import { and, asc, eq, exists, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { CLAIMS_PER_PERSPECTIVE, type Perspectives, type PerspectivesQuery } from '../../schemas/perspectives.ts';
import { hydrateClaims } from './claims.ts';

/** Undefined when there is no such event. */
export function eventPerspectives(db: Db, eventId: string, query: PerspectivesQuery): Perspectives | undefined {
  const event = db.select({ id: t.events.id, title: t.events.title }).from(t.events).where(eq(t.events.id, eventId)).get();
  if (!event) return undefined;
  const isAboutEvent = exists(
    db
      .select({ one: sql`1` })
      .from(t.claimEvents)
      .where(and(eq(t.claimEvents.claimId, t.claims.id), eq(t.claimEvents.eventId, eventId))),
  );

  // The page of speakers (one more, to know whether another page follows), then per speaker and
  // stance how many claims and when first said.
  const after = query.cursor ? decodeCursor(query.cursor, 'speaker', 1)[0]! : undefined;
  const page = db.$with('page').as(
    db
      .selectDistinct({ id: t.claims.speakerId })
      .from(t.claimEvents)
      .innerJoin(t.claims, eq(t.claims.id, t.claimEvents.claimId))
      .where(and(eq(t.claimEvents.eventId, eventId), after === undefined ? undefined : gt(t.claims.speakerId, after)))
      .orderBy(asc(t.claims.speakerId))
      .limit(query.limit + 1),
  );
  const stances = db
    .with(page)
    .select({
      speakerId: t.claims.speakerId,
      stance: t.claims.stance,
      count: sql<number>`count(*)`,
      first: sql<string>`min(${t.claims.saidSortAsc} || ' ' || ${t.claims.id})`,
    })
    .from(t.claims)
    .where(and(inArray(t.claims.speakerId, db.select({ id: page.id }).from(page)), isAboutEvent))
    .groupBy(t.claims.speakerId, t.claims.stance)
    .all()
    .sort((a, b) => (a.speakerId < b.speakerId ? -1 : a.speakerId > b.speakerId ? 1 : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const speakers = [...new Set(stances.map((s) => s.speakerId))];
  const hasMore = speakers.length > query.limit;
  const shownSpeakers = speakers.slice(0, query.limit);

  const rows = shownSpeakers.flatMap((speakerId) =>
    db
      .select()
      .from(t.claims)
      .where(and(eq(t.claims.speakerId, speakerId), isAboutEvent))
      .orderBy(asc(t.claims.speakerId), asc(t.claims.saidSortAsc), asc(t.claims.id))
      .limit(CLAIMS_PER_PERSPECTIVE)
      .all(),
  );
  const claims = hydrateClaims(db, rows);

  return {
    event,
    perspectives: shownSpeakers.map((speakerId) => {
      const own = stances.filter((s) => s.speakerId === speakerId);
      const shown = claims.filter((c) => c.speaker.id === speakerId);
      return {
        speaker: shown[0]!.speaker,
        stances: own.map((s) => s.stance),
        claimCount: own.reduce((n, s) => n + s.count, 0),
        claims: shown,
      };
    }),
    page: { limit: query.limit, nextCursor: hasMore ? encodeCursor('speaker', [shownSpeakers.at(-1)!]) : null },
  };
}
