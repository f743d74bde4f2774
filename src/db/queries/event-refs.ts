// What a page of events embeds (places, participants, quantities, stored relations with the other
// event's title, evidence spans), read in one prepared statement whatever the page size: building
// six queries with drizzle cost more than running them (see claim-refs.ts).
import { fillPlaceholders, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';
import type { Span } from '../../schemas/common.ts';

type Participant = typeof t.eventParticipants.$inferSelect;
type Relation = typeof t.eventRelations.$inferSelect;
type Row = {
  kind: 'place' | 'participant' | 'quantity' | 'from' | 'to' | 'evidence';
  eventId: string | null;
  id: string | null;
  label: string | null;
  role: string | null;
  position: number | null;
  n1: number | null;
  n2: number | null;
};

export type EventPlace = { eventId: string; id: string; name: string; role: 'at' | 'from' | 'to' | 'through' };

export type EventRefs = {
  /** Every place each event names, in position order. */
  places: EventPlace[];
  participants: Array<{ eventId: string; role: Participant['role']; id: string; name: string }>;
  quantities: Array<{ eventId: string; value: number; unit: string; text: string }>;
  /** Links stored from or to these events (once or twice when both ends are here). */
  stored: Relation[];
  titles: Map<string, { id: string; title: string }>;
  evidence: Map<string, Span[]>;
};

const page = (name: string) => sql`(SELECT value FROM json_each(${sql.placeholder(name)}))`;
const REFS = new SQLiteSyncDialect().sqlToQuery(sql`
    SELECT 'place' AS kind, ${t.eventLocations.eventId} AS eventId, ${t.locations.id} AS id, ${t.locations.name} AS label, ${t.eventLocations.role} AS role, ${t.eventLocations.position} AS position, NULL AS n1, NULL AS n2, NULL AS seq
      FROM ${t.eventLocations} JOIN ${t.locations} ON ${t.locations.id} = ${t.eventLocations.locationId}
      WHERE ${t.eventLocations.eventId} IN ${page('events')}
    UNION ALL
    SELECT 'participant', ${t.eventParticipants.eventId}, ${t.actors.id}, ${t.actors.name}, ${t.eventParticipants.role}, ${t.eventParticipants.position}, NULL, NULL, NULL
      FROM ${t.eventParticipants} JOIN ${t.actors} ON ${t.actors.id} = ${t.eventParticipants.actorId}
      WHERE ${t.eventParticipants.eventId} IN ${page('events')}
    UNION ALL
    SELECT 'quantity', ${t.eventQuantities.eventId}, NULL, ${t.eventQuantities.text}, ${t.eventQuantities.unit}, ${t.eventQuantities.position}, ${t.eventQuantities.value}, NULL, NULL
      FROM ${t.eventQuantities} WHERE ${t.eventQuantities.eventId} IN ${page('events')}
    UNION ALL
    SELECT 'from', ${t.eventRelations.fromEventId}, ${t.eventRelations.toEventId}, ${t.events.title}, ${t.eventRelations.type}, NULL, NULL, NULL, NULL
      FROM ${t.eventRelations} JOIN ${t.events} ON ${t.events.id} = ${t.eventRelations.toEventId}
      WHERE ${t.eventRelations.fromEventId} IN ${page('events')}
    UNION ALL
    SELECT 'to', ${t.eventRelations.toEventId}, ${t.eventRelations.fromEventId}, ${t.events.title}, ${t.eventRelations.type}, NULL, NULL, NULL, NULL
      FROM ${t.eventRelations} JOIN ${t.events} ON ${t.events.id} = ${t.eventRelations.fromEventId}
      WHERE ${t.eventRelations.toEventId} IN ${page('events')}
    UNION ALL
    SELECT 'evidence', ${t.evidenceSpans.subjectId}, ${t.evidenceSpans.sourceId}, ${t.evidenceSpans.text}, NULL, ${t.evidenceSpans.position}, ${t.evidenceSpans.start}, ${t.evidenceSpans.end}, ${t.evidenceSpans.id}
      FROM ${t.evidenceSpans} WHERE ${t.evidenceSpans.subjectType} = 'event' AND ${t.evidenceSpans.subjectId} IN ${page('events')}
    ORDER BY eventId, position, seq`);

export function eventPageRefs(db: Db, events: Array<{ id: string }>): EventRefs {
  const params = fillPlaceholders(REFS.params, { events: JSON.stringify(events.map((e) => e.id)) });
  const refs: EventRefs = {
    places: [],
    participants: [],
    quantities: [],
    stored: [],
    titles: new Map(),
    evidence: new Map(),
  };
  for (const r of db.$client.prepare(REFS.sql).all(...params) as Row[]) {
    if (r.kind === 'place')
      refs.places.push({ eventId: r.eventId!, id: r.id!, name: r.label!, role: r.role as EventPlace['role'] });
    else if (r.kind === 'participant')
      refs.participants.push({ eventId: r.eventId!, role: r.role as Participant['role'], id: r.id!, name: r.label! });
    else if (r.kind === 'quantity')
      refs.quantities.push({ eventId: r.eventId!, value: r.n1!, unit: r.role!, text: r.label! });
    else if (r.kind === 'from' || r.kind === 'to') {
      const type = r.role as Relation['type'];
      refs.stored.push(
        r.kind === 'from'
          ? { fromEventId: r.eventId!, type, toEventId: r.id! }
          : { fromEventId: r.id!, type, toEventId: r.eventId! },
      );
      refs.titles.set(r.id!, { id: r.id!, title: r.label! });
    } else {
      const spans = refs.evidence.get(r.eventId!) ?? [];
      spans.push({ sourceId: r.id!, start: r.n1!, end: r.n2!, text: r.label! });
      refs.evidence.set(r.eventId!, spans);
    }
  }
  return refs;
}
