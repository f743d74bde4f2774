// Perspectives on an event: the claims about it grouped by speaker, paged over speakers by id.
//
// Cost: everything walks the event's link rows by speaker (claim_events_speaker_asc_idx holds each
// claim's speaker and sort key, kept by triggers): the page of speakers reads the index entries of
// those speakers only, their stances join the claims of these speakers about the event, and each
// speaker's shown claims are a LIMITed walk in time order.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { CLAIMS_PER_PERSPECTIVE, type Perspectives, type PerspectivesQuery } from '../../schemas/perspectives.ts';
import { getClaimsByIds } from './claims.ts';
import { perspectivesByStance } from './perspectives-by-stance.ts';

/** Undefined when there is no such event. */
export function eventPerspectives(db: Db, eventId: string, query: PerspectivesQuery): Perspectives | undefined {
  const event = db
    .select({ id: t.events.id, title: t.events.title })
    .from(t.events)
    .where(eq(t.events.id, eventId))
    .get();
  if (!event) return undefined;
  if (query.groupBy === 'stance') return perspectivesByStance(db, event, query);
  const aboutEvent = eq(t.claimEvents.eventId, eventId);

  // The page of speakers (one more, to know whether another page follows), then per speaker and
  // stance how many claims and when first said.
  const after = query.cursor ? decodeCursor(query.cursor, 'speaker', 1)[0]! : undefined;
  const speakers = db
    .selectDistinct({ id: t.claimEvents.speakerId })
    .from(t.claimEvents)
    .where(and(aboutEvent, after === undefined ? undefined : gt(t.claimEvents.speakerId, after)))
    .orderBy(asc(t.claimEvents.speakerId))
    .limit(query.limit + 1)
    .all()
    .map((row) => row.id!);
  const hasMore = speakers.length > query.limit;
  const shownSpeakers = speakers.slice(0, query.limit);
  const stances = shownSpeakers.length
    ? db
        .select({
          speakerId: t.claimEvents.speakerId,
          stance: t.claims.stance,
          count: sql<number>`count(*)`,
          first: sql<string>`min(${t.claimEvents.saidSortAsc} || ' ' || ${t.claimEvents.claimId})`,
        })
        .from(t.claimEvents)
        .innerJoin(t.claims, eq(t.claims.id, t.claimEvents.claimId))
        .where(and(aboutEvent, inArray(t.claimEvents.speakerId, shownSpeakers)))
        .groupBy(t.claimEvents.speakerId, t.claims.stance)
        .all()
        .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
    : [];

  const shownIds = new Map(
    shownSpeakers.map((speakerId) => [
      speakerId,
      db
        .select({ id: t.claimEvents.claimId })
        .from(t.claimEvents)
        .where(and(aboutEvent, eq(t.claimEvents.speakerId, speakerId)))
        .orderBy(asc(t.claimEvents.saidSortAsc), asc(t.claimEvents.claimId))
        .limit(CLAIMS_PER_PERSPECTIVE)
        .all()
        .map((row) => row.id),
    ]),
  );
  const claims = getClaimsByIds(db, [...shownIds.values()].flat());

  return {
    event,
    groupBy: 'speaker',
    perspectives: shownSpeakers.map((speakerId) => {
      const own = stances.filter((s) => s.speakerId === speakerId);
      const shown = shownIds.get(speakerId)!.map((id) => claims.get(id)!);
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
