// Collects every problem of a write (one entity from a PATCH or POST, or a whole bundle) before
// anything is written, each named by its JSON path under `root`, with the one wording each rule has
// wherever the write comes from. The rules of each kind live in its home; this holds what they share:
// references to stored entities, and words that must stand in a source text.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type EntityKind, exists } from '../db/queries/references.ts';
import * as t from '../db/schema.ts';
import { type FieldError, InvalidRequestError, formatPath } from '../errors.ts';
import type { Span } from '../schemas/common.ts';
import type { MentionInput } from '../schemas/bundle.ts';
import type { EvidenceRef } from '../schemas/writes.ts';
import {
  type Located,
  SPAN_WORK_LIMIT,
  SpanWorkExceeded,
  WorkMeter,
  locate,
  occurrencesOfAll,
  occurrencesWanted,
  resolveMention,
  spanWorkProblem,
} from '../text/spans.ts';
import { normalizeQuote } from '../text/names.ts';
import { survivorOf } from './ids.ts';

export type Path = PropertyKey[];

/** The wordings shared by every kind. */
export const MESSAGES = {
  noSuch: (kind: EntityKind, id: string) => `no ${kind} with id "${id}"`,
  wordsNotInSource: (words: string) => `"${words}" is not in the source text`,
} as const;

const mentionOf = (e: EvidenceRef) => (e.occurrence ? { quote: e.quote, occurrence: e.occurrence } : e.quote);

/**
 * Source texts are stored NFC (text/names.ts), so the words looked for in one are made NFC too; a text
 * stored before that rule (not NFC; its spans forbid rewriting it) is searched for the words as sent.
 */
const asIn = (textIsNfc: boolean, words: string) => (textIsNfc ? normalizeQuote(words) : words);
const isNfc = (text: string) => text === text.normalize('NFC');

export class Checks {
  readonly errors: FieldError[] = [];
  private readonly texts = new Map<string, string | undefined>();
  /** Whether each source text read is NFC (every text stored since the identity rules is). */
  private readonly nfcTexts = new Map<string, boolean>();
  /** Words already located in a source text (by `prepare`): a bundle's quotes, found in one pass. */
  private readonly located = new Map<string, Map<string, Located>>();
  /** Bounds the work of locating this write's quotes and words (see SPAN_WORK_LIMIT). */
  readonly meter = new WorkMeter(SPAN_WORK_LIMIT);

  constructor(
    private readonly db: Db,
    readonly root = 'body',
  ) {}

  add(path: Path, message: string) {
    this.errors.push({ path: formatPath(this.root, path), message });
  }

  /** A reference by id to a stored entity (a bundle resolves its keys itself, all at once). */
  ref(kind: EntityKind, id: string | null | undefined, path: Path) {
    if (id != null && !exists(this.db, kind, id)) this.add(path, MESSAGES.noSuch(kind, id));
  }

  /**
   * The id a write body names, or, for an actor or location merged away, its survivor: a merged id
   * works wherever an id is accepted (a bundle resolves its references the same way).
   */
  current(kind: EntityKind, id: string): string {
    if ((kind !== 'actor' && kind !== 'location') || exists(this.db, kind, id)) return id;
    return survivorOf(this.db, kind, id) ?? id;
  }

  /** Makes a source text known without reading it back (the source a bundle has just written). */
  knowSource(sourceId: string, text: string) {
    this.texts.set(sourceId, text);
    this.nfcTexts.set(sourceId, true);
  }

  sourceText(sourceId: string): string | undefined {
    if (!this.texts.has(sourceId)) {
      const row = this.db.select({ text: t.sources.text }).from(t.sources).where(eq(t.sources.id, sourceId)).get();
      this.texts.set(sourceId, row?.text);
    }
    return this.texts.get(sourceId);
  }

  /** `words` in the form they take in the stored text of `sourceId` (see asIn). */
  private asStored(sourceId: string, words: string): string {
    let nfc = this.nfcTexts.get(sourceId);
    if (nfc === undefined) {
      const text = this.sourceText(sourceId);
      nfc = text === undefined || isNfc(text);
      this.nfcTexts.set(sourceId, nfc);
    }
    return asIn(nfc, words);
  }

  /**
   * Locates, in one pass over the source text, every occurrence of the words a write will ask for
   * (`occurrencesOfAll`): a quote that stands once would otherwise cost a whole scan of the text to
   * learn there is no second.
   */
  prepare(sourceId: string, wanted: Map<string, Set<number>>) {
    const text = this.sourceText(sourceId);
    if (text === undefined) return;
    const stored = new Map<string, Set<number>>();
    for (const [words, occurrences] of wanted) {
      const key = this.asStored(sourceId, words);
      stored.set(key, new Set([...(stored.get(key) ?? []), ...occurrences]));
    }
    const found = this.metered(() => occurrencesOfAll(text, stored, this.meter));
    const known = this.located.get(sourceId) ?? new Map<string, Located>();
    for (const [words, where] of found) known.set(words, where);
    this.located.set(sourceId, known);
  }

  /** Locates a list of evidence given as stored source ids and exact words (a write body's EvidenceRef). */
  spans(evidence: EvidenceRef[], path: Path): Array<Span | null> {
    const bySource = new Map<string, Map<string, Set<number>>>();
    for (const e of evidence) {
      const wanted = bySource.get(e.sourceId) ?? new Map<string, Set<number>>();
      const quote = this.asStored(e.sourceId, e.quote);
      const occurrences = wanted.get(quote) ?? new Set<number>();
      for (const n of occurrencesWanted(mentionOf(e))) occurrences.add(n);
      bySource.set(e.sourceId, wanted.set(quote, occurrences));
    }
    for (const [sourceId, wanted] of bySource) this.prepare(sourceId, wanted);
    return evidence.map((e, i) => this.span(e, [...path, i]));
  }

  span(evidence: EvidenceRef, path: Path): Span | null {
    const text = this.sourceText(evidence.sourceId);
    if (text === undefined) {
      this.add([...path, 'sourceId'], MESSAGES.noSuch('source', evidence.sourceId));
      return null;
    }
    return this.mention(evidence.sourceId, mentionOf(evidence), [...path, 'quote']);
  }

  /** Locates a mention (the exact words, or `{ quote, occurrence }`) in a known source text. */
  mention(sourceId: string, mention: MentionInput, path: Path): Span | null {
    const text = this.sourceText(sourceId)!;
    const stored =
      typeof mention === 'string'
        ? this.asStored(sourceId, mention)
        : { ...mention, quote: this.asStored(sourceId, mention.quote) };
    const result = resolveMention(sourceId, text, stored, (quote, wanted) => this.find(text, quote, wanted, sourceId));
    if (!result.ok) this.add(path, result.message);
    return result.ok ? result.span : null;
  }

  /** Time words and quantities must be words of one of the sources the item is evidenced in. */
  wordsInSources(words: string | null | undefined, sourceIds: string[], path: Path) {
    if (!words) return;
    const found = sourceIds.some((id) => {
      const text = this.sourceText(id);
      return text !== undefined && this.find(text, words, [1], id).count > 0;
    });
    if (!found) this.add(path, MESSAGES.wordsNotInSource(words));
  }

  /** The wanted occurrences of `words` in `text`, metered: past the work limit the write is a 400. */
  find(text: string, given: string, wanted: number[] = [1], sourceId?: string): Located {
    const words = sourceId === undefined ? asIn(isNfc(text), given) : this.asStored(sourceId, given);
    const known = sourceId === undefined ? undefined : this.located.get(sourceId)?.get(words);
    return known ?? this.metered(() => locate(text, words, wanted, this.meter));
  }

  private metered<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw error instanceof SpanWorkExceeded ? spanWorkProblem(error, this.root) : error;
    }
  }

  throwIfAny(what = 'body') {
    if (this.errors.length)
      throw new InvalidRequestError(
        this.errors,
        `The ${what} has ${this.errors.length} problem(s); nothing was written.`,
      );
  }
}
