// The event's home: its write shape and its mapping to rows, its rules (one wording whatever the
// write), its create, patch and delete, and the kinds that embed it.
import type { Span } from '../../schemas/common.ts';
import type { EventCreate, EventPatch } from '../../schemas/writes.ts';
import { NAME_RULES } from '../../text/names.ts';
import { slugify } from '../../text/slug.ts';
import type { Checks, Path } from '../checks.ts';
import { referrerConflict, requireCurrent } from '../current.ts';
import type { IdAllocator } from '../ids.ts';
import { type Dependent, type EntityKey, keysOf } from '../kinds.ts';
import { type PlaceInput, placeRows, placesOf, primaryPlace } from './places.ts';
import type { EventInsert, EventStore } from './store.ts';

export { type EventStore, SqliteEventStore } from './store.ts';
export { type PlaceInput, type PlaceRole, placesOf } from './places.ts';

/** Who shows an event: claims (about), related events (relations answer from both ends), sources (counts). */
export const EVENT_DEPENDENTS: readonly Dependent[] = [
  { kind: 'claim', shows: ['title'], blocksDelete: true },
  { kind: 'event', shows: ['title', 'relations'], blocksDelete: true },
  { kind: 'source', shows: ['evidence'] },
];

export const EVENT_RULES = {
  selfRelation: 'an event cannot relate to itself',
  /** Titles (checked by the write schemas, text/names.ts). */
  title: NAME_RULES,
} as const;

/**
 * An event to write: references resolved to ids, its places as one list (`location` is the shorthand
 * for one `at` place: see `placesOf`); `evidence` located (absent: the stored spans stay).
 */
export type EventWrite = Omit<EventCreate, 'evidence' | 'location' | 'locations'> & {
  id: string;
  places: PlaceInput[];
  /** The sources its time words and quantities must stand in: those its evidence cites. */
  sources: string[];
  evidence?: Array<Span | null>;
};

/** Which parts a patch changes; a create changes every part. */
export type EventChanges = Partial<Record<keyof EventCreate, boolean>>;
const ALL: EventChanges = {
  locations: true,
  participants: true,
  quantities: true,
  relations: true,
  evidence: true,
  time: true,
};

/** The stored entities a write body names that will show the event: related events (relations answer from both ends), cited sources. */
export function eventReferences(input: Partial<Pick<EventCreate, 'relations' | 'evidence'>>): EntityKey[] {
  return [
    ...keysOf(
      'event',
      (input.relations ?? []).map((r) => r.event),
    ),
    ...keysOf(
      'source',
      (input.evidence ?? []).map((e) => e.sourceId),
    ),
  ];
}

/** The rules of events to write, every problem into `checks`. */
export function checkEvents(checks: Checks, items: Array<{ write: EventWrite; path: Path; changed?: EventChanges }>) {
  for (const { write: e, path, changed = ALL } of items) {
    e.relations.forEach((r, i) => {
      if (r.event === e.id) checks.add([...path, 'relations', i, 'event'], EVENT_RULES.selfRelation);
    });
    if (changed.time || changed.evidence) checks.wordsInSources(e.time.text, e.sources, [...path, 'time', 'text']);
    if (changed.quantities || changed.evidence)
      e.quantities.forEach((q, i) => checks.wordsInSources(q.text, e.sources, [...path, 'quantities', i, 'text']));
  }
}

function toRow(e: EventWrite): Omit<EventInsert, 'id'> {
  return {
    title: e.title,
    kind: e.kind,
    description: e.description,
    timeText: e.time.text,
    timeStart: e.time.start,
    timeEnd: e.time.end,
    timePrecision: e.time.precision,
    timeApproximate: e.time.approximate,
    status: e.status,
    locationId: primaryPlace(e.places),
    sourceId: e.sources[0]!,
  };
}

/** Writes checked new events, many rows per statement; answers their ids. */
export function createEvents(store: EventStore, items: EventWrite[]): string[] {
  store.insert(items.map((e) => ({ id: e.id, ...toRow(e) })));
  store.writePlaces(items.flatMap((e) => placeRows(e.id, e.places)));
  store.writeChildren(
    items.map((e) => ({
      eventId: e.id,
      participants: e.participants,
      quantities: e.quantities,
      relations: e.relations,
    })),
  );
  store.evidence.insert(
    'event',
    items.map((e) => ({ subjectId: e.id, spans: e.evidence ?? [] })),
  );
  return items.map((e) => e.id);
}

function checkReferences(
  checks: Checks,
  input: Pick<EventCreate, 'location' | 'locations' | 'participants' | 'relations'>,
) {
  if (input.locations) input.locations.forEach((l, i) => checks.ref('location', l.id, ['locations', i, 'id']));
  else checks.ref('location', input.location, ['location']);
  input.participants.forEach((p, i) => checks.ref('actor', p.actor, ['participants', i, 'actor']));
  input.relations.forEach((r, i) => checks.ref('event', r.event, ['relations', i, 'event']));
}

/** The places and participants a body names, an id merged away followed to its survivor. */
function followMerges<T extends Pick<EventCreate, 'location' | 'locations' | 'participants'>>(
  checks: Checks,
  input: T,
): T {
  return {
    ...input,
    ...(input.location ? { location: checks.current('location', input.location) } : {}),
    ...(input.locations
      ? { locations: input.locations.map((l) => ({ ...l, id: checks.current('location', l.id) })) }
      : {}),
    participants: input.participants.map((p) => ({ ...p, actor: checks.current('actor', p.actor) })),
  };
}

const sourcesOf = (evidence: Array<{ sourceId: string }>) => [...new Set(evidence.map((e) => e.sourceId))];

export function createEventFromBody(store: EventStore, checks: Checks, ids: IdAllocator, body: EventCreate): string {
  const input = followMerges(checks, body);
  const id = ids.assign('event', undefined, slugify(input.title));
  checkReferences(checks, input);
  const { location, locations, ...fields } = input;
  const write: EventWrite = {
    ...fields,
    id,
    places: placesOf({ location, locations }),
    sources: sourcesOf(input.evidence),
    evidence: checks.spans(input.evidence, ['evidence']),
  };
  checkEvents(checks, [{ write, path: [] }]);
  checks.throwIfAny();
  return createEvents(store, [write])[0]!;
}

/** The stored event in the shape of a write body (evidence as exact words), relations as GET shows them. */
function storedInput(store: EventStore, id: string): EventCreate {
  const row = store.row(id)!;
  const shown = store.getByIds([id]).get(id)!;
  return {
    title: row.title,
    kind: row.kind,
    description: row.description,
    time: {
      text: row.timeText,
      start: row.timeStart,
      end: row.timeEnd,
      precision: row.timePrecision,
      approximate: row.timeApproximate,
    },
    status: row.status,
    locations: store.places(id),
    ...store.children(id),
    // Both directions: a PATCH replaces that same set.
    relations: shown.relations.map((r) => ({ type: r.type, event: r.event.id })),
    evidence: shown.evidence.map((s) => ({ sourceId: s.sourceId, quote: s.text })),
  };
}

export function patchEvent(store: EventStore, checks: Checks, id: string, patch: EventPatch, ifMatch?: string) {
  requireCurrent('event', id, (ids) => store.getByIds(ids), ifMatch);
  // `location` in a patch is the shorthand for the whole list: it replaces the stored places.
  const merged = followMerges(checks, {
    ...storedInput(store, id),
    ...patch,
    ...(patch.location !== undefined ? { locations: undefined } : {}),
  });
  const changed: EventChanges = Object.fromEntries(Object.keys(patch).map((k) => [k, true]));
  checkReferences(checks, merged);
  const { location, locations, ...fields } = merged;
  const write: EventWrite = {
    ...fields,
    id,
    places: placesOf({ location, locations }),
    sources: sourcesOf(merged.evidence),
    evidence: changed.evidence ? checks.spans(merged.evidence, ['evidence']) : undefined,
  };
  checkEvents(checks, [{ write, path: [], changed }]);
  checks.throwIfAny();
  store.update(id, toRow(write));
  if (changed.location || changed.locations) store.replacePlaces(id, placeRows(id, write.places));
  store.writeChildren(
    [
      {
        eventId: id,
        ...(changed.participants ? { participants: merged.participants } : {}),
        ...(changed.quantities ? { quantities: merged.quantities } : {}),
        ...(changed.relations ? { relations: merged.relations } : {}),
      },
    ],
    true,
  );
  if (write.evidence) store.evidence.replace('event', id, write.evidence);
}

export function deleteEvent(store: EventStore, id: string, ifMatch?: string) {
  requireCurrent('event', id, (ids) => store.getByIds(ids), ifMatch);
  const referrers = EVENT_DEPENDENTS.filter((d) => d.blocksDelete).flatMap((d) =>
    keysOf(d.kind, store.embedders([id], d.kind)),
  );
  if (referrers.length) throw referrerConflict('event', id, referrers);
  store.delete(id);
}
