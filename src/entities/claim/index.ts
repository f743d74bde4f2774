// The claim's home: its write shape and its mapping to rows, its rules (one wording whatever the
// write), its create, patch and delete, and the kinds that embed it.
import type { Span } from '../../schemas/common.ts';
import type { ClaimCreate, ClaimPatch } from '../../schemas/writes.ts';
import { countOccurrences } from '../../text/spans.ts';
import { slugify } from '../../text/slug.ts';
import type { Checks, Path } from '../checks.ts';
import { referrerConflict, requireCurrent } from '../current.ts';
import type { IdAllocator } from '../ids.ts';
import { type Dependent, type EntityKey, keysOf } from '../kinds.ts';
import type { ClaimInsert, ClaimStore } from './store.ts';

export { type AppearanceInsert, type ClaimStore, SqliteClaimStore } from './store.ts';

/**
 * Who shows a claim: the claims it answers or links to and those answering or linking to it (both
 * ends), the sources carrying it (their counts: the first one through `evidence`, the others through
 * `appearances`).
 */
export const CLAIM_DEPENDENTS: readonly Dependent[] = [
  { kind: 'claim', shows: ['text', 'respondsTo', 'links'] },
  { kind: 'source', shows: ['evidence', 'appearances'] },
];

export const CLAIM_RULES = {
  selfResponse: 'a claim cannot respond to itself',
  selfLink: 'a claim cannot link to itself',
  notVerbatim: 'is a direct_quote but is not verbatim inside its evidence',
  appearsAlready: (sourceId: string) => `the claim already appears in source "${sourceId}"; one appearance per source`,
} as const;

/** A source carrying a stored claim again: the claim, its words in that source, the outlet credited. */
export type AppearanceWrite = {
  claimId: string;
  sourceId: string;
  /** Located in the source (null when it did not locate: already a problem of the write). */
  evidence: Span | null;
  reportedBy: string | null;
};

/**
 * The rules of appearances to add, every problem into `checks` at `path` + 'appears': one per claim
 * and source, whether the other is stored or earlier in the same write. The claim must exist and the
 * evidence stand in the source: the caller resolves and locates them (same wordings as elsewhere).
 */
export function checkAppearances(
  store: ClaimStore,
  checks: Checks,
  items: Array<{ write: AppearanceWrite; path: Path }>,
) {
  const seen = new Set<string>();
  for (const { write: a, path } of items) {
    const key = `${a.claimId}\u0000${a.sourceId}`;
    if (seen.has(key) || store.appearanceIn(a.claimId, a.sourceId) !== undefined)
      checks.add([...path, 'appears'], CLAIM_RULES.appearsAlready(a.sourceId));
    seen.add(key);
  }
}

/** Writes checked appearances after each claim's last, and recounts the claims' sources; answers the claims' ids. */
export function createAppearances(store: ClaimStore, items: AppearanceWrite[]): string[] {
  store.insertAppearances(
    items.map((a) => ({
      claimId: a.claimId,
      sourceId: a.sourceId,
      evidenceStart: a.evidence!.start,
      evidenceEnd: a.evidence!.end,
      evidenceText: a.evidence!.text,
      reportedById: a.reportedBy,
    })),
  );
  return [...new Set(items.map((a) => a.claimId))];
}

/** A claim to write: references resolved to ids, its evidence located (null when it did not locate). */
export type ClaimWrite = Omit<ClaimCreate, 'evidence'> & {
  id: string;
  evidence: Span | null;
  /** The source its evidence cites, where its time words must stand. */
  sourceId: string;
};
export type ClaimChanges = Partial<Record<keyof ClaimCreate, boolean>>;
const ALL: ClaimChanges = { about: true, evidence: true, saidAt: true, text: true, links: true };

/** A claim's id: a slug of its speaker's name and its stance (`dmitry-peskov-confirms`). */
export const claimIdBase = (speakerName: string, stance: string) => slugify(`${speakerName} ${stance}`);

/** The stored entities a write body names that will show the claim: those it answers or links to (both ends show a link), its source. */
export function claimReferences(input: Partial<Pick<ClaimCreate, 'respondsTo' | 'links' | 'evidence'>>): EntityKey[] {
  return [
    ...keysOf('claim', [input.respondsTo, ...(input.links ?? []).map((l) => l.claim)]),
    ...keysOf('source', [input.evidence?.sourceId]),
  ];
}

/** The rules of claims to write, every problem into `checks`. */
export function checkClaims(checks: Checks, items: Array<{ write: ClaimWrite; path: Path; changed?: ClaimChanges }>) {
  for (const { write: c, path, changed = ALL } of items) {
    if (c.respondsTo === c.id) checks.add([...path, 'respondsTo'], CLAIM_RULES.selfResponse);
    c.links.forEach((l, i) => {
      if (l.claim === c.id) checks.add([...path, 'links', i, 'claim'], CLAIM_RULES.selfLink);
    });
    const span = c.evidence;
    if (span && c.mode === 'direct_quote' && checks.find(span.text, c.text).count === 0) {
      const field = changed.text ? 'text' : changed.evidence ? 'evidence' : 'mode';
      checks.add([...path, field], CLAIM_RULES.notVerbatim);
    }
    if (changed.saidAt || changed.evidence)
      checks.wordsInSources(c.saidAt.text, [c.sourceId], [...path, 'saidAt', 'text']);
  }
}

function toRow(c: ClaimWrite): Omit<ClaimInsert, 'id'> {
  const span = c.evidence!;
  return {
    speakerId: c.speaker,
    text: c.text,
    mode: c.mode,
    stance: c.stance,
    saidText: c.saidAt.text,
    saidStart: c.saidAt.start,
    saidEnd: c.saidAt.end,
    saidPrecision: c.saidAt.precision,
    saidApproximate: c.saidAt.approximate,
    channel: c.channel,
    reportedById: c.reportedBy,
    respondsToId: c.respondsTo,
    sourceId: span.sourceId,
    evidenceStart: span.start,
    evidenceEnd: span.end,
    evidenceText: span.text,
  };
}

/** Writes checked new claims, many rows per statement; answers their ids. */
export function createClaims(store: ClaimStore, items: ClaimWrite[]): string[] {
  store.insert(items.map((c) => ({ id: c.id, ...toRow(c) })));
  store.writeChildren(items.map((c) => ({ claimId: c.id, links: c.links, about: c.about })));
  // Where each was first seen: its first appearance.
  store.insertAppearances(
    items.map((c) => ({
      claimId: c.id,
      sourceId: c.evidence!.sourceId,
      evidenceStart: c.evidence!.start,
      evidenceEnd: c.evidence!.end,
      evidenceText: c.evidence!.text,
      reportedById: c.reportedBy,
    })),
  );
  return items.map((c) => c.id);
}

function checkReferences(checks: Checks, input: ClaimCreate) {
  checks.ref('actor', input.speaker, ['speaker']);
  checks.ref('actor', input.reportedBy, ['reportedBy']);
  input.about.events.forEach((e, i) => checks.ref('event', e, ['about', 'events', i]));
  input.about.actors.forEach((a, i) => checks.ref('actor', a, ['about', 'actors', i]));
  checks.ref('claim', input.respondsTo, ['respondsTo']);
  input.links.forEach((l, i) => checks.ref('claim', l.claim, ['links', i, 'claim']));
}

/** The actors a body names, an id merged away followed to its survivor. */
function followMerges(checks: Checks, input: ClaimCreate): ClaimCreate {
  const actor = (id: string) => checks.current('actor', id);
  return {
    ...input,
    speaker: actor(input.speaker),
    reportedBy: input.reportedBy === null ? null : actor(input.reportedBy),
    about: { ...input.about, actors: input.about.actors.map(actor) },
  };
}

export function createClaimFromBody(store: ClaimStore, checks: Checks, ids: IdAllocator, body: ClaimCreate): string {
  const input = followMerges(checks, body);
  const id = ids.assign(
    'claim',
    undefined,
    claimIdBase(store.speakerName(input.speaker) ?? input.speaker, input.stance),
  );
  checkReferences(checks, input);
  const write: ClaimWrite = {
    ...input,
    id,
    sourceId: input.evidence.sourceId,
    evidence: checks.span(input.evidence, ['evidence']),
  };
  checkClaims(checks, [{ write, path: [] }]);
  checks.throwIfAny();
  return createClaims(store, [write])[0]!;
}

/** The stored claim in the shape of a write body: its evidence as exact words and which occurrence. */
function storedInput(store: ClaimStore, id: string): ClaimCreate {
  const row = store.row(id)!;
  // Which occurrence the stored span is: those starting before it, plus one (read up to its end only).
  const sourceText = store.sourceText(row.sourceId)!;
  const occurrence = countOccurrences(sourceText.slice(0, row.evidenceEnd), row.evidenceText);
  return {
    speaker: row.speakerId,
    text: row.text,
    mode: row.mode,
    stance: row.stance,
    saidAt: {
      text: row.saidText,
      start: row.saidStart,
      end: row.saidEnd,
      precision: row.saidPrecision,
      approximate: row.saidApproximate,
    },
    channel: row.channel,
    reportedBy: row.reportedById,
    respondsTo: row.respondsToId,
    ...store.children(id),
    evidence: { sourceId: row.sourceId, quote: row.evidenceText, occurrence },
  };
}

export function patchClaim(store: ClaimStore, checks: Checks, id: string, patch: ClaimPatch, ifMatch?: string) {
  requireCurrent('claim', id, (ids) => store.getByIds(ids), ifMatch);
  const merged = followMerges(checks, { ...storedInput(store, id), ...patch });
  const changed: ClaimChanges = Object.fromEntries(Object.keys(patch).map((k) => [k, true]));
  checkReferences(checks, merged);
  const write: ClaimWrite = {
    ...merged,
    id,
    sourceId: merged.evidence.sourceId,
    evidence: checks.span(merged.evidence, ['evidence']),
  };
  checkClaims(checks, [{ write, path: [], changed }]);
  // The first appearance moves with the evidence: not into a source that carries the claim already.
  const position = changed.evidence ? store.appearanceIn(id, write.sourceId) : undefined;
  if (position !== undefined && position > 0)
    checks.add(['evidence', 'sourceId'], CLAIM_RULES.appearsAlready(write.sourceId));
  checks.throwIfAny();
  store.update(id, toRow(write));
  if (changed.evidence || changed.reportedBy) store.syncFirstAppearance(id);
  store.writeChildren(
    [
      {
        claimId: id,
        ...(changed.about ? { about: merged.about } : {}),
        ...(changed.links ? { links: merged.links } : {}),
      },
    ],
    true,
  );
}

export function deleteClaim(store: ClaimStore, id: string, ifMatch?: string) {
  requireCurrent('claim', id, (ids) => store.getByIds(ids), ifMatch);
  const referrers = keysOf('claim', store.referrers(id));
  if (referrers.length) throw referrerConflict('claim', id, referrers);
  store.delete(id);
}
