// Curation: create, change, delete and merge actors, locations, events and claims. The rules and the
// writes are each entity's own (src/entities/<kind>/); here each write runs through the change feed
// (recordWrite), which learns what it touched from the kinds each entity declares as its dependents.
import type { Db } from '../db/client.ts';
import {
  createActorFromBody,
  actorReferences,
  deleteActor as removeActor,
  mergeActor as foldActor,
  patchActor,
} from '../entities/actor/index.ts';
import { Checks } from '../entities/checks.ts';
import {
  claimReferences,
  createClaimFromBody,
  deleteClaim as removeClaim,
  patchClaim,
} from '../entities/claim/index.ts';
import {
  createEventFromBody,
  deleteEvent as removeEvent,
  eventReferences,
  patchEvent,
} from '../entities/event/index.ts';
import { IdAllocator } from '../entities/ids.ts';
import type { EntityKey } from '../entities/kinds.ts';
import {
  createLocationFromBody,
  deleteLocation as removeLocation,
  locationReferences,
  mergeLocation as foldLocation,
  patchLocation,
} from '../entities/location/index.ts';
import { type StoredKind, type Stores, embeddersOf, referencedDependents, sqliteStores } from '../entities/stores.ts';
import type {
  ActorCreate,
  ActorPatch,
  ClaimCreate,
  ClaimPatch,
  EventCreate,
  EventPatch,
  LocationCreate,
  LocationPatch,
} from '../schemas/writes.ts';
import { type WriteContext, recordWrite } from './changes.ts';

export { survivorOf } from '../entities/ids.ts';

/** A create: the stored entities its body names that will show it. */
function create<K extends StoredKind>(
  db: Db,
  context: WriteContext,
  kind: K,
  references: EntityKey[],
  write: (stores: Stores, checks: Checks, ids: IdAllocator) => string,
): string {
  return recordWrite(
    db,
    context,
    () => referencedDependents(kind, references),
    () => {
      const id = write(sqliteStores(db), new Checks(db), new IdAllocator(db));
      return { result: id, touched: [[kind, id]] };
    },
  );
}

/** A patch: the entity, what embeds the fields it changes, and the stored entities its body names that will show it. */
function patch(
  db: Db,
  context: WriteContext,
  kind: StoredKind,
  id: string,
  body: object,
  references: EntityKey[],
  write: (stores: Stores, checks: Checks) => void,
) {
  recordWrite(
    db,
    context,
    () => [
      [kind, id],
      ...embeddersOf(sqliteStores(db), kind, [id], Object.keys(body)),
      ...referencedDependents(kind, references),
    ],
    () => {
      write(sqliteStores(db), new Checks(db));
      return { result: undefined };
    },
  );
}

function remove(db: Db, context: WriteContext, kind: StoredKind, id: string, write: (stores: Stores) => void) {
  recordWrite(
    db,
    context,
    () => [[kind, id], ...embeddersOf(sqliteStores(db), kind, [id], 'delete')],
    () => {
      write(sqliteStores(db));
      return { result: undefined };
    },
  );
}

function merge(
  db: Db,
  context: WriteContext,
  kind: 'actor' | 'location',
  id: string,
  into: string,
  write: (stores: Stores) => void,
) {
  recordWrite(
    db,
    context,
    () => [[kind, id], [kind, into], ...embeddersOf(sqliteStores(db), kind, [id], 'all')],
    () => {
      write(sqliteStores(db));
      return { result: undefined, merged: new Map([[id, into]]) };
    },
  );
}

export const createActor = (db: Db, context: WriteContext, input: ActorCreate): string =>
  create(db, context, 'actor', actorReferences(input), (s, checks, ids) =>
    createActorFromBody(s.actor, checks, ids, input),
  );

export const updateActor = (db: Db, context: WriteContext, id: string, body: ActorPatch, ifMatch?: string): void =>
  patch(db, context, 'actor', id, body, actorReferences(body), (s, checks) =>
    patchActor(s.actor, checks, id, body, ifMatch),
  );

export const deleteActor = (db: Db, context: WriteContext, id: string, ifMatch?: string): void =>
  remove(db, context, 'actor', id, (s) => removeActor(s.actor, id, ifMatch));

/** Folds actor `id` into `into`: every reference and alias moves; `id` then redirects to `into`. */
export const mergeActor = (db: Db, context: WriteContext, id: string, into: string, ifMatch?: string): void =>
  merge(db, context, 'actor', id, into, (s) => foldActor(s.actor, id, into, ifMatch));

export const createLocation = (db: Db, context: WriteContext, input: LocationCreate): string =>
  create(db, context, 'location', locationReferences(input), (s, checks, ids) =>
    createLocationFromBody(s.location, checks, ids, input),
  );

export const updateLocation = (
  db: Db,
  context: WriteContext,
  id: string,
  body: LocationPatch,
  ifMatch?: string,
): void =>
  patch(db, context, 'location', id, body, locationReferences(body), (s, checks) =>
    patchLocation(s.location, checks, id, body, ifMatch),
  );

export const deleteLocation = (db: Db, context: WriteContext, id: string, ifMatch?: string): void =>
  remove(db, context, 'location', id, (s) => removeLocation(s.location, id, ifMatch));

/** Folds location `id` into `into`: children, events' places, evidence and names move; `id` then redirects. */
export const mergeLocation = (db: Db, context: WriteContext, id: string, into: string, ifMatch?: string): void =>
  merge(db, context, 'location', id, into, (s) => foldLocation(s.location, id, into, ifMatch));

export const createEvent = (db: Db, context: WriteContext, input: EventCreate): string =>
  create(db, context, 'event', eventReferences(input), (s, checks, ids) =>
    createEventFromBody(s.event, checks, ids, input),
  );

export const updateEvent = (db: Db, context: WriteContext, id: string, body: EventPatch, ifMatch?: string): void =>
  patch(db, context, 'event', id, body, eventReferences(body), (s, checks) =>
    patchEvent(s.event, checks, id, body, ifMatch),
  );

export const deleteEvent = (db: Db, context: WriteContext, id: string, ifMatch?: string): void =>
  remove(db, context, 'event', id, (s) => removeEvent(s.event, id, ifMatch));

export const createClaim = (db: Db, context: WriteContext, input: ClaimCreate): string =>
  create(db, context, 'claim', claimReferences(input), (s, checks, ids) =>
    createClaimFromBody(s.claim, checks, ids, input),
  );

export const updateClaim = (db: Db, context: WriteContext, id: string, body: ClaimPatch, ifMatch?: string): void =>
  patch(db, context, 'claim', id, body, claimReferences(body), (s, checks) =>
    patchClaim(s.claim, checks, id, body, ifMatch),
  );

export const deleteClaim = (db: Db, context: WriteContext, id: string, ifMatch?: string): void =>
  remove(db, context, 'claim', id, (s) => removeClaim(s.claim, id, ifMatch));
