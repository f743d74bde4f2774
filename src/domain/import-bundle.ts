// Imports a bundle (one source and its annotations) all or nothing: every problem is collected and
// reported by JSON path before anything is written, and the write itself is one transaction.
// The seed loader and POST /v1/sources both come through here.
import { placeRows, placesOf, primaryPlace } from './event-places.ts';
import { createHash } from 'node:crypto';
import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { ConflictError, type FieldError, InvalidRequestError, formatPath } from '../errors.ts';
import { BUNDLE_LIMITS, type Bundle, type MentionInput, bundleSchema } from '../schemas/bundle.ts';
import type { Ref, Span, TimeSpec, TitledRef } from '../schemas/common.ts';
import {
  type Located,
  SPAN_WORK_LIMIT,
  SpanWorkExceeded,
  WorkMeter,
  findOccurrences,
  locate,
  occurrencesOfAll,
  occurrencesWanted,
  resolveMention,
  spanWorkProblem,
} from './spans.ts';
import { slugify } from './slug.ts';
import { type EntityKind, idFamily, takenIds } from '../db/queries/references.ts';
import { type EntityKey, recordWrite } from './changes.ts';
import { sameNamed } from '../db/queries/entity-lookup.ts';
import { sourceIdWithText } from '../db/queries/sources.ts';

/** Not an error: something the importer noticed that the curator may want to change (a likely duplicate). */
export type ImportWarning = { path: string; message: string; id: string };

export type ImportSummary = {
  source: TitledRef;
  created: { actors: Ref[]; locations: Ref[]; events: TitledRef[]; claims: Array<{ id: string; text: string }> };
  linked: { actors: Ref[]; locations: Ref[]; events: TitledRef[]; claims: Array<{ id: string; text: string }> };
  /** New actors and locations named like stored ones: probably the same, and better linked by id. */
  warnings: ImportWarning[];
};

/** Parses untrusted input as a bundle; throws InvalidRequestError naming every bad field under `root`. */
export function parseBundle(input: unknown, root = 'body'): Bundle {
  const result = bundleSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidRequestError(
    zodIssuesToErrors(result.error.issues, root),
    'The bundle is invalid; nothing was written.',
  );
}

export function zodIssuesToErrors(issues: z.core.$ZodIssue[], root: string): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath(root, [...issue.path, key]), message: 'is not a known field' }))
      : [{ path: formatPath(root, issue.path), message: issue.message }],
  );
}

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type Kind = 'actor' | 'location' | 'event' | 'claim';

/** Resolved references: bundle key -> final id, plus the stored entities the bundle links to. */
class References {
  readonly keyToId = {
    actor: new Map<string, string>(),
    location: new Map<string, string>(),
    event: new Map<string, string>(),
    claim: new Map<string, string>(),
  };
  readonly stored = {
    actor: new Map<string, string>(),
    location: new Map<string, string>(),
    event: new Map<string, string>(),
    claim: new Map<string, string>(),
  };
  /** Ids folded into another entity by a merge: a reference to one links to its survivor. */
  readonly merged = { actor: new Map<string, string>(), location: new Map<string, string>() };

  resolve(kind: Kind, ref: string): string | undefined {
    const survivor = kind === 'actor' || kind === 'location' ? this.merged[kind].get(ref) : undefined;
    return this.keyToId[kind].get(ref) ?? (this.stored[kind].has(ref) ? ref : survivor);
  }
}

/**
 * Validates the bundle against itself, its source text and the stored graph, then writes it and its
 * change-feed entries in one transaction. Throws InvalidRequestError (every problem, nothing
 * written) or ConflictError.
 */
export function importBundle(db: Db, bundle: Bundle, options: { root?: string; keyName: string }): ImportSummary {
  const root = options.root ?? 'body';
  // Stored events this bundle links to gain an inverse relation, and stored claims it answers or links
  // to gain an incoming link: their change is recorded too.
  const linkedEvents = bundle.events.flatMap((e) => e.relations.map((r) => ['event', r.event] as const));
  const linkedClaims = bundle.claims.flatMap((c) =>
    [...(c.respondsTo ? [c.respondsTo] : []), ...(c.links ?? []).map((l) => l.claim)].map(
      (id) => ['claim', id] as const,
    ),
  );
  return recordWrite(
    db,
    { keyName: options.keyName },
    () => [...linkedEvents, ...linkedClaims],
    () => {
      let summary: ImportSummary;
      try {
        summary = writeBundle(db, bundle, root);
      } catch (error) {
        // Past the work limit the whole bundle is refused: a 400 rather than a write that holds every other request.
        throw error instanceof SpanWorkExceeded ? spanWorkProblem(error, root) : error;
      }
      const created: EntityKey[] = [
        ['source', summary.source.id],
        ...summary.created.actors.map((a) => ['actor', a.id] as const),
        ...summary.created.locations.map((l) => ['location', l.id] as const),
        ...summary.created.events.map((e) => ['event', e.id] as const),
        ...summary.created.claims.map((c) => ['claim', c.id] as const),
      ];
      return { result: summary, touched: created };
    },
  );
}

/** Thrown to roll a dry run back; never leaves checkBundle. */
class DryRunDone extends Error {
  constructor(readonly warnings: ImportWarning[]) {
    super('dry run');
  }
}

/**
 * Every check importBundle makes (the same 400s and 409s), with nothing written: the import runs in a
 * transaction (a savepoint inside an enclosing one) that is rolled back. Answers the warnings.
 */
export function checkBundle(db: Db, bundle: Bundle, root = 'body'): ImportWarning[] {
  try {
    db.transaction(() => {
      throw new DryRunDone(writeBundle(db, bundle, root).warnings);
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.warnings;
    throw error;
  }
  throw new Error('unreachable: the dry run always throws');
}

function writeBundle(tx: Db, bundle: Bundle, root: string): ImportSummary {
  const errors: FieldError[] = [];
  const text = bundle.source.text;
  const textHash = hashText(text);

  const existing = sourceIdWithText(tx, textHash);
  if (existing) {
    throw new ConflictError(`This source text is already stored as source "${existing}"; nothing was written.`, [
      { path: formatPath(root, ['source', 'text']), message: `already stored as source "${existing}"` },
    ]);
  }

  const refs = new References();
  loadStoredReferences(tx, bundle, refs);
  // Before anything is written, so the bundle's own new entities are not found.
  const warnings = sameNameWarnings(tx, bundle, root);
  checkUniqueKeys(bundle, root, errors);

  // Ids first, so references can resolve to them.
  const ids = new IdAllocator(tx);
  ids.expect('source', [...(bundle.source.id ? [bundle.source.id] : []), slugify(bundle.source.title)]);
  ids.expect(
    'actor',
    bundle.actors.flatMap((a) => [a.id ?? a.key, slugify(a.name)]),
  );
  ids.expect(
    'location',
    bundle.locations.flatMap((l) => [l.id ?? l.key, slugify(l.name)]),
  );
  ids.expect(
    'event',
    bundle.events.map((e) => slugify(e.title)),
  );
  const assignId = ids.assign.bind(ids);
  const sourceId = assignId('source', bundle.source.id, slugify(bundle.source.title));
  for (const a of bundle.actors) refs.keyToId.actor.set(a.key, assignId('actor', a.id ?? a.key, slugify(a.name)));
  for (const l of bundle.locations)
    refs.keyToId.location.set(l.key, assignId('location', l.id ?? l.key, slugify(l.name)));
  for (const e of bundle.events) refs.keyToId.event.set(e.key, assignId('event', undefined, slugify(e.title)));

  const check = (kind: Kind, ref: string | null, path: PropertyKey[]) => {
    if (ref === null) return null;
    const id = refs.resolve(kind, ref);
    if (!id)
      errors.push({
        path: formatPath(root, path),
        message: `"${ref}" is neither ${kind === 'actor' ? 'an' : 'a'} ${kind} key of this bundle nor a stored ${kind} id`,
      });
    return id ?? null;
  };
  // Every quote the bundle cites, found in one pass over the text, each only as often as needed.
  const meter = new WorkMeter(SPAN_WORK_LIMIT);
  const found = locateQuotes(text, bundle, meter);
  const find = (quote: string, wanted: number[] = [1]) => found.get(quote) ?? locate(text, quote, wanted, meter);
  const span = (mention: MentionInput, path: PropertyKey[]): Span | null => {
    const result = resolveMention(sourceId, text, mention, find);
    if (result.ok) return result.span;
    errors.push({ path: formatPath(root, path), message: result.message });
    return null;
  };
  const timeText = (spec: TimeSpec | null, path: PropertyKey[]) => {
    if (spec?.text && find(spec.text).count === 0) {
      errors.push({ path: formatPath(root, [...path, 'text']), message: `"${spec.text}" is not in the source text` });
    }
  };

  const actors = bundle.actors.map((a, i) => ({
    a,
    id: refs.keyToId.actor.get(a.key) as string,
    affiliations: a.affiliations.map((f, j) => {
      timeText(f.from, ['actors', i, 'affiliations', j, 'from']);
      timeText(f.to, ['actors', i, 'affiliations', j, 'to']);
      return { ...f, organizationId: check('actor', f.organization, ['actors', i, 'affiliations', j, 'organization']) };
    }),
    evidence: a.evidence.map((m, j) => span(m, ['actors', i, 'evidence', j])),
  }));

  const locations = bundle.locations.map((l, i) => ({
    l,
    id: refs.keyToId.location.get(l.key) as string,
    parentId: check('location', l.parent, ['locations', i, 'parent']),
    evidence: l.evidence.map((m, j) => span(m, ['locations', i, 'evidence', j])),
  }));
  const orderedLocations = orderByParent(locations, root, errors);

  // A location's ancestors are its parent's plus the parent: the parent is either earlier in
  // orderedLocations or stored, and the stored parents' closure rows are read in one statement.
  // Every level costs a closure row per location below it: the depth is bounded, or a chain of 5,000
  // locations would write 12.5 million rows.
  const closure = new Map<string, Array<{ ancestorId: string; depth: number }>>();
  const locationIndex = new Map(locations.map((l, i) => [l.id, i]));
  const bundleLocations = new Set(locations.map((l) => l.id));
  const storedParents = [
    ...new Set(
      orderedLocations.flatMap(({ parentId }) => (parentId && !bundleLocations.has(parentId) ? [parentId] : [])),
    ),
  ];
  if (storedParents.length) {
    for (const row of tx
      .select()
      .from(t.locationAncestors)
      .where(inArray(t.locationAncestors.locationId, storedParents))
      .all()) {
      const rows = closure.get(row.locationId) ?? [];
      rows.push({ ancestorId: row.ancestorId, depth: row.depth });
      closure.set(row.locationId, rows);
    }
  }
  const tooDeep = new Set<string>();
  const ancestorRows = orderedLocations.flatMap(({ id, parentId }) => {
    const above = parentId ? (closure.get(parentId) ?? []) : [];
    if ((parentId && tooDeep.has(parentId)) || above.length > BUNDLE_LIMITS.locationDepth) {
      // Named once, at the first location too deep: those inside it are so because of it.
      if (!(parentId && tooDeep.has(parentId))) {
        errors.push({
          path: formatPath(root, ['locations', locationIndex.get(id)!, 'parent']),
          message: `would lie ${above.length} levels deep; a location has at most ${BUNDLE_LIMITS.locationDepth} levels of parents`,
        });
      }
      tooDeep.add(id);
      return [];
    }
    const own = [
      { ancestorId: id, depth: 0 },
      ...above.map((row) => ({ ancestorId: row.ancestorId, depth: row.depth + 1 })),
    ];
    closure.set(id, own);
    return own.map((row) => ({ ancestorId: row.ancestorId, locationId: id, depth: row.depth }));
  });

  const events = bundle.events.map((e, i) => {
    timeText(e.time, ['events', i, 'time']);
    e.quantities.forEach((q, j) => {
      if (find(q.text).count === 0) {
        errors.push({
          path: formatPath(root, ['events', i, 'quantities', j, 'text']),
          message: `"${q.text}" is not in the source text`,
        });
      }
    });
    return {
      e,
      id: refs.keyToId.event.get(e.key) as string,
      places: e.locations
        ? e.locations.map((l, j) => ({
            id: check('location', l.id, ['events', i, 'locations', j, 'id']) ?? '',
            role: l.role,
          }))
        : placesOf({ location: check('location', e.location ?? null, ['events', i, 'location']) }),
      participants: e.participants.map((p, j) => ({
        ...p,
        actorId: check('actor', p.actor, ['events', i, 'participants', j, 'actor']),
      })),
      relations: e.relations.map((r, j) => {
        if (r.event === e.key)
          errors.push({
            path: formatPath(root, ['events', i, 'relations', j, 'event']),
            message: 'an event cannot relate to itself',
          });
        return { ...r, eventId: check('event', r.event, ['events', i, 'relations', j, 'event']) };
      }),
      evidence: e.evidence.map((m, j) => span(m, ['events', i, 'evidence', j])),
    };
  });

  // Claim ids are slugs of speaker and stance, so speakers resolve first.
  const nameOf = actorNames(bundle, refs);
  const claimSlug = (c: Bundle['claims'][number], speakerId: string | null | undefined) =>
    slugify(`${speakerId ? nameOf(speakerId) : c.speaker} ${c.stance}`);
  ids.expect(
    'claim',
    bundle.claims.map((c) => claimSlug(c, refs.resolve('actor', c.speaker))),
  );
  const claims = bundle.claims.map((c, i) => {
    const speakerId = check('actor', c.speaker, ['claims', i, 'speaker']);
    const id = assignId('claim', undefined, claimSlug(c, speakerId));
    refs.keyToId.claim.set(c.key, id);
    timeText(c.saidAt, ['claims', i, 'saidAt']);
    const evidence = span(c.evidence, ['claims', i, 'evidence']);
    if (c.mode === 'direct_quote' && evidence && findOccurrences(evidence.text, c.text, 1, meter).length === 0) {
      errors.push({
        path: formatPath(root, ['claims', i, 'text']),
        message: 'is a direct_quote but is not verbatim inside its evidence',
      });
    }
    return {
      c,
      id,
      speakerId,
      reportedById: check('actor', c.reportedBy, ['claims', i, 'reportedBy']),
      eventIds: c.about.events.map((ref, j) => check('event', ref, ['claims', i, 'about', 'events', j])),
      actorIds: c.about.actors.map((ref, j) => check('actor', ref, ['claims', i, 'about', 'actors', j])),
      evidence,
    };
  });
  const respondsTo = bundle.claims.map((c, i) => {
    if (c.respondsTo === c.key)
      errors.push({ path: formatPath(root, ['claims', i, 'respondsTo']), message: 'a claim cannot respond to itself' });
    return check('claim', c.respondsTo, ['claims', i, 'respondsTo']);
  });
  const links = bundle.claims.map((c, i) =>
    (c.links ?? []).map((l, j) => {
      if (l.claim === c.key)
        errors.push({
          path: formatPath(root, ['claims', i, 'links', j, 'claim']),
          message: 'a claim cannot link to itself',
        });
      return { type: l.type, claimId: check('claim', l.claim, ['claims', i, 'links', j, 'claim']) };
    }),
  );

  if (errors.length > 0) {
    throw new InvalidRequestError(errors, `The bundle has ${errors.length} problem(s); nothing was written.`);
  }

  // Everything resolved: write.
  const { source } = bundle;
  tx.insert(t.sources)
    .values({
      id: sourceId,
      title: source.title,
      publisher: source.publisher,
      url: source.url,
      publishedAt: source.publishedAt,
      language: source.language,
      text,
      textHash,
    })
    .run();

  const spanRows = (subjectType: 'actor' | 'location' | 'event', subjectId: string, spans: Array<Span | null>) =>
    spans.map((s, position) => ({
      subjectType,
      subjectId,
      sourceId,
      start: s!.start,
      end: s!.end,
      text: s!.text,
      position,
    }));

  // Rows go in table by table, in the bundle's order (so autoincrement ids come out as one INSERT
  // per row would give them), many rows per statement.
  insertAll(
    tx,
    t.actors,
    actors.map(({ a, id }) => ({ id, name: a.name, kind: a.kind, aliases: a.aliases, description: a.description })),
  );
  insertAll(
    tx,
    t.affiliations,
    actors.flatMap(({ id, affiliations }) =>
      affiliations.map((f, position) => ({
        actorId: id,
        organizationId: f.organizationId!,
        role: f.role,
        from: f.from,
        to: f.to,
        position,
      })),
    ),
  );

  insertAll(
    tx,
    t.locations,
    orderedLocations.map(({ l, id, parentId }) => ({
      id,
      name: l.name,
      kind: l.kind,
      aliases: l.aliases,
      parentId,
      lat: l.coordinates?.lat ?? null,
      lon: l.coordinates?.lon ?? null,
      areaKm2: l.areaKm2,
      description: l.description,
    })),
  );
  insertAll(tx, t.locationAncestors, ancestorRows);

  insertAll(
    tx,
    t.events,
    events.map(({ e, id, places }) => ({
      id,
      title: e.title,
      kind: e.kind,
      description: e.description,
      timeText: e.time.text,
      timeStart: e.time.start,
      timeEnd: e.time.end,
      timePrecision: e.time.precision,
      timeApproximate: e.time.approximate,
      status: e.status,
      locationId: primaryPlace(places),
      sourceId,
    })),
  );
  insertAll(
    tx,
    t.eventLocations,
    events.flatMap(({ id, places }) => placeRows(id, places)),
  );
  insertAll(
    tx,
    t.eventParticipants,
    events.flatMap(({ id, participants }) =>
      dedupe(participants, (p) => `${p.actorId}|${p.role}`).map((p, position) => ({
        eventId: id,
        actorId: p.actorId!,
        role: p.role,
        position,
      })),
    ),
  );
  insertAll(
    tx,
    t.eventQuantities,
    events.flatMap(({ e, id }) =>
      e.quantities.map((q, position) => ({ eventId: id, value: q.value, unit: q.unit, text: q.text, position })),
    ),
  );
  insertAll(
    tx,
    t.eventRelations,
    events.flatMap(({ id, relations }) =>
      dedupe(relations, (r) => `${r.type}|${r.eventId}`).map((r) => ({
        fromEventId: id,
        type: r.type,
        toEventId: r.eventId!,
      })),
    ),
    { onConflictDoNothing: true },
  );

  insertAll(tx, t.evidenceSpans, [
    ...actors.flatMap(({ id, evidence }) => spanRows('actor', id, evidence)),
    ...orderedLocations.flatMap(({ id, evidence }) => spanRows('location', id, evidence)),
    ...events.flatMap(({ id, evidence }) => spanRows('event', id, evidence)),
  ]);

  // Claims without respondsTo first is not enough (chains); insert all, then link answers.
  insertAll(
    tx,
    t.claims,
    claims.map(({ c, id, speakerId, reportedById, evidence }) => ({
      id,
      speakerId: speakerId!,
      text: c.text,
      mode: c.mode,
      stance: c.stance,
      saidText: c.saidAt.text,
      saidStart: c.saidAt.start,
      saidEnd: c.saidAt.end,
      saidPrecision: c.saidAt.precision,
      saidApproximate: c.saidAt.approximate,
      channel: c.channel,
      reportedById,
      sourceId,
      evidenceStart: evidence!.start,
      evidenceEnd: evidence!.end,
      evidenceText: evidence!.text,
    })),
  );
  const answers = claims.flatMap(({ id }, i) => (respondsTo[i] ? [[id, respondsTo[i]]] : []));
  if (answers.length) {
    tx.run(
      sql`UPDATE ${t.claims} SET ${sql.identifier(t.claims.respondsToId.name)} = answer.value ->> 1 FROM json_each(${JSON.stringify(answers)}) AS answer WHERE ${t.claims.id} = answer.value ->> 0`,
    );
  }
  insertAll(
    tx,
    t.claimLinks,
    claims.flatMap(({ id }, i) =>
      dedupe(links[i]!, (l) => `${l.type}|${l.claimId}`).map((l) => ({
        fromClaimId: id,
        type: l.type,
        toClaimId: l.claimId!,
      })),
    ),
  );
  insertAll(
    tx,
    t.claimEvents,
    claims.flatMap(({ id, eventIds }) =>
      [...new Set(eventIds as string[])].map((eventId, position) => ({ claimId: id, eventId, position })),
    ),
  );
  insertAll(
    tx,
    t.claimActors,
    claims.flatMap(({ id, actorIds }) =>
      [...new Set(actorIds as string[])].map((actorId, position) => ({ claimId: id, actorId, position })),
    ),
  );

  return { ...summarize(bundle, sourceId, refs, actors, orderedLocations, events, claims), warnings };
}

/** A new actor or location whose name or an alias is the name or an alias of a stored one (normalized). */
function sameNameWarnings(db: Db, bundle: Bundle, root: string): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  for (const [type, list] of [
    ['actor', 'actors'],
    ['location', 'locations'],
  ] as const) {
    for (const [index, stored] of sameNamed(db, type, bundle[list])) {
      for (const s of stored) {
        warnings.push({
          path: formatPath(root, [list, index]),
          message: `same name as stored ${type} ${s.id} ("${s.name}"); use its id to link to it instead of creating another`,
          id: s.id,
        });
      }
    }
  }
  return warnings;
}

/** At most this many bound parameters per INSERT: SQLite's limit in builds before 3.32. */
const MAX_PARAMETERS = 999;

/** Inserts `rows` in order, as many per statement as the parameter limit allows. */
function insertAll<T extends SQLiteTable>(
  tx: Db,
  table: T,
  rows: Array<T['$inferInsert']>,
  options: { onConflictDoNothing?: boolean } = {},
) {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(getTableColumns(table)).length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const insert = tx.insert(table).values(rows.slice(i, i + perStatement));
    (options.onConflictDoNothing ? insert.onConflictDoNothing() : insert).run();
  }
}

/** The words of the source text the bundle cites: evidence mentions, time words, quantity words. */
/**
 * Finds every quote, time text and quantity the bundle cites, each as often as its mentions need
 * (occurrencesWanted; the first for words that must merely stand in the text).
 */
function locateQuotes(text: string, bundle: Bundle, meter: WorkMeter): Map<string, Located> {
  const wanted = new Map<string, Set<number>>();
  const want = (words: string, occurrences: number[]) => {
    const set = wanted.get(words) ?? new Set<number>();
    for (const occurrence of occurrences) set.add(occurrence);
    wanted.set(words, set);
  };
  const mention = (m: MentionInput) => want(typeof m === 'string' ? m : m.quote, occurrencesWanted(m));
  const time = (spec: TimeSpec | null) => spec?.text && want(spec.text, [1]);
  for (const a of bundle.actors) {
    a.evidence.forEach(mention);
    for (const f of a.affiliations) [f.from, f.to].forEach(time);
  }
  for (const l of bundle.locations) l.evidence.forEach(mention);
  for (const e of bundle.events) {
    e.evidence.forEach(mention);
    time(e.time);
    for (const q of e.quantities) want(q.text, [1]);
  }
  for (const c of bundle.claims) {
    mention(c.evidence);
    time(c.saidAt);
  }
  return occurrencesOfAll(text, wanted, meter);
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function checkUniqueKeys(bundle: Bundle, root: string, errors: FieldError[]) {
  for (const kind of ['actors', 'locations', 'events', 'claims'] as const) {
    const first = new Map<string, number>();
    bundle[kind].forEach((item, i) => {
      const seen = first.get(item.key);
      if (seen === undefined) first.set(item.key, i);
      else
        errors.push({
          path: formatPath(root, [kind, i, 'key']),
          message: `"${item.key}" is already the key of ${kind}[${seen}]`,
        });
    });
  }
}

/**
 * Id allocation for one bundle: an id is taken when stored, merged away (it keeps redirecting to its
 * survivor) or already given to an item of this bundle; the first free one of the wanted id, then
 * `fallback`, `fallback-2`, `fallback-3`, ... is handed out. The ids an item may get first (wanted
 * ids, fallbacks) are looked up together beforehand (`expect`), a fallback already taken has its
 * stored chain read once (one range read of the primary key), and the next item with that fallback
 * resumes where the last one stopped, since everything before is still taken. A name shared by many
 * items, here or in the database (a speaker with thousands of claims of one stance), so costs each
 * item the same instead of a walk along the whole chain.
 */
class IdAllocator {
  private readonly given = {
    source: new Set<string>(),
    actor: new Set<string>(),
    location: new Set<string>(),
    event: new Set<string>(),
    claim: new Set<string>(),
  };
  /** Ids whose stored state is known: true when taken. */
  private readonly known = {
    source: new Map<string, boolean>(),
    actor: new Map<string, boolean>(),
    location: new Map<string, boolean>(),
    event: new Map<string, boolean>(),
    claim: new Map<string, boolean>(),
  };
  private readonly chains = new Map<string, { taken: Set<string>; next: number }>();

  constructor(private readonly db: Db) {}

  /** Looks up in one statement whether these ids, about to be asked for, are taken. */
  expect(kind: EntityKind, ids: Iterable<string>) {
    const known = this.known[kind];
    const asked = [...new Set(ids)].filter((id) => !known.has(id));
    const taken = takenIds(this.db, kind, asked);
    for (const id of asked) known.set(id, taken.has(id));
  }

  assign(kind: EntityKind, wanted: string | undefined, fallback: string): string {
    const id =
      wanted && this.isFree(kind, wanted)
        ? wanted
        : this.isFree(kind, fallback)
          ? fallback
          : this.nextInChain(kind, fallback);
    this.given[kind].add(id);
    return id;
  }

  private isFree(kind: EntityKind, id: string): boolean {
    if (this.given[kind].has(id)) return false;
    if (!this.known[kind].has(id)) this.expect(kind, [id]);
    return !this.known[kind].get(id);
  }

  private nextInChain(kind: EntityKind, base: string): string {
    const key = `${kind}:${base}`;
    let chain = this.chains.get(key);
    if (!chain) this.chains.set(key, (chain = { taken: idFamily(this.db, kind, base), next: 2 }));
    const candidate = () => `${base}-${chain.next}`;
    while (this.given[kind].has(candidate()) || chain.taken.has(candidate())) chain.next++;
    return candidate();
  }
}

/** Looks up, once per kind, the stored entities that references not defined in the bundle could name. */
function loadStoredReferences(db: Db, bundle: Bundle, refs: References) {
  const actorRefs = new Set<string>();
  const locationRefs = new Set<string>();
  const eventRefs = new Set<string>();
  const claimRefs = new Set<string>();
  for (const a of bundle.actors) a.affiliations.forEach((f) => actorRefs.add(f.organization));
  for (const l of bundle.locations) if (l.parent) locationRefs.add(l.parent);
  for (const e of bundle.events) {
    if (e.location) locationRefs.add(e.location);
    e.locations?.forEach((l) => locationRefs.add(l.id));
    e.participants.forEach((p) => actorRefs.add(p.actor));
    e.relations.forEach((r) => eventRefs.add(r.event));
  }
  for (const c of bundle.claims) {
    actorRefs.add(c.speaker);
    if (c.reportedBy) actorRefs.add(c.reportedBy);
    c.about.actors.forEach((a) => actorRefs.add(a));
    c.about.events.forEach((e) => eventRefs.add(e));
    if (c.respondsTo) claimRefs.add(c.respondsTo);
    c.links?.forEach((l) => claimRefs.add(l.claim));
  }
  // A key of the bundle wins over a stored id: such a stored entity is not linked.
  for (const a of bundle.actors) actorRefs.delete(a.key);
  for (const l of bundle.locations) locationRefs.delete(l.key);
  for (const e of bundle.events) eventRefs.delete(e.key);
  for (const c of bundle.claims) claimRefs.delete(c.key);
  const lookup = (ids: Set<string>, kind: 'actor' | 'location') => {
    if (ids.size === 0) return;
    const table = kind === 'actor' ? t.actors : t.locations;
    for (const row of db
      .select({ id: table.id, name: table.name })
      .from(table)
      .where(inArray(table.id, [...ids]))
      .all())
      refs.stored[kind].set(row.id, row.name);
    const missing = [...ids].filter((id) => !refs.stored[kind].has(id));
    if (missing.length === 0) return;
    const redirects = db
      .select({ oldId: t.mergedIds.oldId, survivorId: t.mergedIds.survivorId, name: table.name })
      .from(t.mergedIds)
      .innerJoin(table, eq(table.id, t.mergedIds.survivorId))
      .where(and(eq(t.mergedIds.entityType, kind), inArray(t.mergedIds.oldId, missing)))
      .all();
    for (const row of redirects) {
      refs.merged[kind].set(row.oldId, row.survivorId);
      refs.stored[kind].set(row.survivorId, row.name);
    }
  };
  lookup(actorRefs, 'actor');
  lookup(locationRefs, 'location');
  if (eventRefs.size) {
    for (const row of db
      .select({ id: t.events.id, title: t.events.title })
      .from(t.events)
      .where(inArray(t.events.id, [...eventRefs]))
      .all())
      refs.stored.event.set(row.id, row.title);
  }
  if (claimRefs.size) {
    for (const row of db
      .select({ id: t.claims.id, text: t.claims.text })
      .from(t.claims)
      .where(inArray(t.claims.id, [...claimRefs]))
      .all())
      refs.stored.claim.set(row.id, row.text);
  }
}

function actorNames(bundle: Bundle, refs: References) {
  const names = new Map<string, string>(refs.stored.actor);
  for (const a of bundle.actors) names.set(refs.keyToId.actor.get(a.key)!, a.name);
  return (id: string) => names.get(id) ?? id;
}

/** Parents before children; a cycle among the bundle's own locations is an error. */
function orderByParent<T extends { id: string; parentId: string | null }>(
  items: T[],
  root: string,
  errors: FieldError[],
): T[] {
  const byId = new Map(items.map((item, index) => [item.id, { item, index }]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Each item is visited once; a chain of parents is walked with a list, not recursion, so a
  // 5,000-deep chain neither overflows the stack nor costs more than its length.
  items.forEach((start) => {
    const chain: T[] = [];
    for (
      let item: T | undefined = start;
      item && !state.has(item.id);
      item = item.parentId ? byId.get(item.parentId)?.item : undefined
    ) {
      state.set(item.id, 'visiting');
      chain.push(item);
    }
    const top = chain.at(-1);
    const above = top?.parentId ? byId.get(top.parentId) : undefined;
    if (above && state.get(above.item.id) === 'visiting') {
      errors.push({
        path: formatPath(root, ['locations', above.index, 'parent']),
        message: 'makes a cycle of parents',
      });
    }
    for (const item of chain.reverse()) {
      state.set(item.id, 'done');
      ordered.push(item);
    }
  });
  return ordered;
}

function summarize(
  bundle: Bundle,
  sourceId: string,
  refs: References,
  actors: Array<{ id: string; a: { name: string } }>,
  locations: Array<{ id: string; l: { name: string } }>,
  events: Array<{ id: string; e: { title: string } }>,
  claims: Array<{ id: string; c: { text: string } }>,
): Omit<ImportSummary, 'warnings'> {
  const linkedRefs = (map: Map<string, string>) => [...map].map(([id, name]) => ({ id, name }));
  return {
    source: { id: sourceId, title: bundle.source.title },
    created: {
      actors: actors.map(({ id, a }) => ({ id, name: a.name })),
      locations: locations.map(({ id, l }) => ({ id, name: l.name })),
      events: events.map(({ id, e }) => ({ id, title: e.title })),
      claims: claims.map(({ id, c }) => ({ id, text: c.text })),
    },
    linked: {
      actors: linkedRefs(refs.stored.actor),
      locations: linkedRefs(refs.stored.location),
      events: [...refs.stored.event].map(([id, title]) => ({ id, title })),
      claims: [...refs.stored.claim].map(([id, text]) => ({ id, text })),
    },
  };
}
