// Perspectives on an event grouped by stance: per stance taken, who took it and the claims, paged
// over stances by name. Every read walks the event's link rows (claim_events by event), joined to the
// claims for their stance; each stance's speakers and claims are LIMITed.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import {
  CLAIMS_PER_PERSPECTIVE,
  SPEAKERS_PER_STANCE,
  type Perspectives,
  type PerspectivesQuery,
} from '../../schemas/perspectives.ts';
import { getClaimsByIds } from './claims.ts';

export function perspectivesByStance(
  db: Db,
  event: { id: string; title: string },
  query: PerspectivesQuery,
): Perspectives {
  const aboutEvent = eq(t.claimEvents.eventId, event.id);
  const after = query.cursor ? decodeCursor(query.cursor, 'stance', 1)[0]! : undefined;
  const stances = db
    .select({
      stance: t.claims.stance,
      claimCount: sql<number>`count(*)`,
      speakerCount: sql<number>`count(DISTINCT ${t.claimEvents.speakerId})`,
    })
    .from(t.claimEvents)
    .innerJoin(t.claims, eq(t.claims.id, t.claimEvents.claimId))
    .where(and(aboutEvent, after === undefined ? undefined : sql`${t.claims.stance} > ${after}`))
    .groupBy(t.claims.stance)
    .orderBy(asc(t.claims.stance))
    .limit(query.limit + 1)
    .all();
  const hasMore = stances.length > query.limit;
  const shown = stances.slice(0, query.limit);
  const ofStance = (stance: (typeof shown)[number]['stance']) => and(aboutEvent, eq(t.claims.stance, stance));

  const groups = shown.map((s) => ({
    ...s,
    speakers: db
      .select({ id: t.actors.id, name: t.actors.name })
      .from(t.claimEvents)
      .innerJoin(t.claims, eq(t.claims.id, t.claimEvents.claimId))
      .innerJoin(t.actors, eq(t.actors.id, t.claimEvents.speakerId))
      .where(ofStance(s.stance))
      .groupBy(t.actors.id)
      .orderBy(sql`min(${t.claimEvents.saidSortAsc} || ' ' || ${t.claimEvents.claimId})`)
      .limit(SPEAKERS_PER_STANCE)
      .all(),
    claimIds: db
      .select({ id: t.claimEvents.claimId })
      .from(t.claimEvents)
      .innerJoin(t.claims, eq(t.claims.id, t.claimEvents.claimId))
      .where(ofStance(s.stance))
      .orderBy(asc(t.claimEvents.saidSortAsc), asc(t.claimEvents.claimId))
      .limit(CLAIMS_PER_PERSPECTIVE)
      .all()
      .map((row) => row.id),
  }));
  const claims = getClaimsByIds(
    db,
    groups.flatMap((g) => g.claimIds),
  );
  return {
    event,
    groupBy: 'stance',
    perspectives: groups.map((g) => ({
      stance: g.stance,
      speakers: g.speakers,
      speakerCount: g.speakerCount,
      claimCount: g.claimCount,
      claims: g.claimIds.map((id) => claims.get(id)!),
    })),
    page: { limit: query.limit, nextCursor: hasMore ? encodeCursor('stance', [shown.at(-1)!.stance]) : null },
  };
}
