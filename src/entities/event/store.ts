// Data access of events behind EventStore (rows, participants, quantities, relations, evidence), and
// its SQLite implementation.
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { getEventsByIds } from '../../db/queries/events.ts';
import * as t from '../../db/schema.ts';
import type { Event } from '../../schemas/events.ts';
import { dedupe, insertAll } from '../batch.ts';
import { type EvidenceStore, SqliteEvidenceStore } from '../evidence.ts';
import type { EntityType } from '../kinds.ts';
import type { PlaceInput, PlaceRow } from './places.ts';

export type EventRow = typeof t.events.$inferSelect;
export type EventInsert = typeof t.events.$inferInsert;
type Participant = { actor: string; role: (typeof t.eventParticipants.$inferSelect)['role'] };
type Quantity = { value: number; unit: string; text: string };
type Relation = { type: (typeof t.eventRelations.$inferSelect)['type']; event: string };

export interface EventStore {
  readonly evidence: EvidenceStore;
  getByIds(ids: string[]): Map<string, Event>;
  row(id: string): EventRow | undefined;
  insert(rows: Array<typeof t.events.$inferInsert>): void;
  /** The places of new events (rows of event_locations). */
  writePlaces(rows: PlaceRow[]): void;
  /** Replaces the stored places of one event. */
  replacePlaces(eventId: string, rows: PlaceRow[]): void;
  /** The stored places of one event, in order, as a write body gives them. */
  places(eventId: string): PlaceInput[];
  update(id: string, fields: Partial<Omit<EventInsert, 'id'>>): void;
  /** Participants, quantities and relations of new events (or, with `replace`, instead of their stored ones). */
  writeChildren(
    lists: Array<{ eventId: string; participants?: Participant[]; quantities?: Quantity[]; relations?: Relation[] }>,
    replace?: boolean,
  ): void;
  /** The stored children, in the shape of a write body. */
  children(id: string): { participants: Participant[]; quantities: Quantity[] };
  embedders(ids: string[], kind: EntityType): string[];
  delete(id: string): void;
}

export class SqliteEventStore implements EventStore {
  readonly evidence: EvidenceStore;

  constructor(private readonly db: Db) {
    this.evidence = new SqliteEvidenceStore(db);
  }

  getByIds(ids: string[]) {
    return getEventsByIds(this.db, ids);
  }

  row(id: string) {
    return this.db.select().from(t.events).where(eq(t.events.id, id)).get();
  }

  insert(rows: Array<typeof t.events.$inferInsert>) {
    insertAll(this.db, t.events, rows);
  }

  writePlaces(rows: PlaceRow[]) {
    insertAll(this.db, t.eventLocations, rows);
  }

  replacePlaces(eventId: string, rows: PlaceRow[]) {
    this.db.delete(t.eventLocations).where(eq(t.eventLocations.eventId, eventId)).run();
    this.writePlaces(rows);
  }

  places(eventId: string): PlaceInput[] {
    return this.db
      .select({ id: t.eventLocations.locationId, role: t.eventLocations.role })
      .from(t.eventLocations)
      .where(eq(t.eventLocations.eventId, eventId))
      .orderBy(t.eventLocations.position)
      .all();
  }

  update(id: string, fields: Partial<Omit<EventInsert, 'id'>>) {
    if (Object.keys(fields).length) this.db.update(t.events).set(fields).where(eq(t.events.id, id)).run();
  }

  writeChildren(
    lists: Array<{ eventId: string; participants?: Participant[]; quantities?: Quantity[]; relations?: Relation[] }>,
    replace = false,
  ) {
    const db = this.db;
    if (replace) {
      for (const { eventId, participants, quantities, relations } of lists) {
        if (participants) db.delete(t.eventParticipants).where(eq(t.eventParticipants.eventId, eventId)).run();
        if (quantities) db.delete(t.eventQuantities).where(eq(t.eventQuantities.eventId, eventId)).run();
        // The list is every link as seen from this event, so it replaces links stored on either end.
        if (relations)
          db.delete(t.eventRelations)
            .where(or(eq(t.eventRelations.fromEventId, eventId), eq(t.eventRelations.toEventId, eventId)))
            .run();
      }
    }
    insertAll(
      db,
      t.eventParticipants,
      lists.flatMap(({ eventId, participants = [] }) =>
        // Positions count the list as given: a repeated pair keeps the place of its first mention.
        participants
          .map((p, position) => ({ eventId, actorId: p.actor, role: p.role, position }))
          .filter((p, i, all) => all.findIndex((q) => q.actorId === p.actorId && q.role === p.role) === i),
      ),
    );
    insertAll(
      db,
      t.eventQuantities,
      lists.flatMap(({ eventId, quantities = [] }) => quantities.map((q, position) => ({ eventId, ...q, position }))),
    );
    insertAll(
      db,
      t.eventRelations,
      lists.flatMap(({ eventId, relations = [] }) =>
        dedupe(relations, (r) => `${r.type}|${r.event}`).map((r) => ({
          fromEventId: eventId,
          type: r.type,
          toEventId: r.event,
        })),
      ),
      { onConflictDoNothing: true },
    );
  }

  children(id: string) {
    return {
      participants: this.db
        .select({ actor: t.eventParticipants.actorId, role: t.eventParticipants.role })
        .from(t.eventParticipants)
        .where(eq(t.eventParticipants.eventId, id))
        .orderBy(t.eventParticipants.position)
        .all(),
      quantities: this.db
        .select({ value: t.eventQuantities.value, unit: t.eventQuantities.unit, text: t.eventQuantities.text })
        .from(t.eventQuantities)
        .where(eq(t.eventQuantities.eventId, id))
        .orderBy(t.eventQuantities.position)
        .all(),
    };
  }

  embedders(ids: string[], kind: EntityType): string[] {
    if (ids.length === 0) return [];
    switch (kind) {
      case 'claim':
        return this.db
          .selectDistinct({ id: t.claimEvents.claimId })
          .from(t.claimEvents)
          .where(inArray(t.claimEvents.eventId, ids))
          .all()
          .map((r) => r.id);
      case 'event': {
        // Relations answer from both ends: each related event shows this one.
        const related = this.db
          .select({ from: t.eventRelations.fromEventId, to: t.eventRelations.toEventId })
          .from(t.eventRelations)
          .where(or(inArray(t.eventRelations.fromEventId, ids), inArray(t.eventRelations.toEventId, ids)))
          .all()
          .flatMap((r) => [r.from, r.to]);
        return [...new Set(related)].filter((id) => !ids.includes(id));
      }
      case 'source':
        return this.evidence.sourcesOf('event', ids);
      default:
        return [];
    }
  }

  delete(id: string) {
    this.db.delete(t.eventParticipants).where(eq(t.eventParticipants.eventId, id)).run();
    this.db.delete(t.eventQuantities).where(eq(t.eventQuantities.eventId, id)).run();
    this.db.delete(t.eventLocations).where(eq(t.eventLocations.eventId, id)).run();
    this.evidence.remove('event', id);
    this.db
      .delete(t.events)
      .where(and(eq(t.events.id, id)))
      .run();
  }
}
