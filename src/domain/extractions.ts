// The review queue: an article is drafted into a bundle by the extractor and linked to the stored
// graph; a person corrects the draft, then accepts it (imported through the bundle path, in the same
// transaction as the status change) or rejects it. Every step is recorded in the change feed.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { findStoredMatches } from '../db/queries/entity-lookup.ts';
import { getExtractionRow, pendingWithText, toExtraction } from '../db/queries/extractions.ts';
import { sourceIdWithKey } from '../db/queries/sources.ts';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../errors.ts';
import { linkEntities } from '../extraction/linking.ts';
import { suggestAppearances } from '../extraction/corroboration.ts';
import { cleanDraftNames } from '../extraction/names.ts';
import type { ExtractionResult, Extractor } from '../extraction/types.ts';
import { SOURCE_RULES } from '../entities/source/index.ts';
import { sqliteStores } from '../entities/stores.ts';
import { type Bundle, bundleSchema, newClaimsBundleSchema } from '../schemas/bundle.ts';
import { sourceTextKey } from '../text/names.ts';
import type { ExtractionCreate, ExtractionPatch } from '../schemas/extractions.ts';
import { type WriteContext, recordWrite } from './changes.ts';
import { etagOf, ifMatchSatisfied } from '../entities/etag.ts';
import { type ImportSummary, checkBundle, hashText, importBundle, parseBundle } from './import-bundle.ts';

const now = () => new Date().toISOString();

/**
 * A text already stored as a source, or waiting for review, is not drafted again (409 naming it). The
 * same article is recognized by sourceTextKey (the source rule's wording); a pending extraction by
 * that key, or, queued before the key, by the hash of its exact text.
 */
function refuseKnownText(db: Db, text: string, textKey: string) {
  const source = sourceIdWithKey(db, textKey);
  if (source) {
    throw new ConflictError(SOURCE_RULES.duplicate(source), [
      { path: 'body.text', message: SOURCE_RULES.duplicateField(source) },
    ]);
  }
  const pending = pendingWithText(db, textKey) ?? pendingWithText(db, hashText(text));
  if (pending) {
    throw new ConflictError(
      `This text is already waiting for review as extraction "${pending}"; correct or reject that one.`,
      [{ path: 'body.text', message: `already pending as extraction "${pending}"` }],
    );
  }
}

/** Stored claims compared per linked speaker: the most recent ones (one index walk each). */
const REPEAT_CANDIDATES = 500;

/**
 * Drafted claims whose linked speaker is stored saying the same thing become appearances of the
 * stored claim (extraction/corroboration.ts decides; this reads the candidates).
 */
export function suggestRepeats(db: Db, linked: ExtractionResult): { draft: Bundle; notes: ExtractionResult['notes'] } {
  const store = sqliteStores(db).claim;
  const draftActors = new Set(linked.draft.actors.map((a) => a.key));
  const speakers = [...new Set(linked.draft.claims.map((c) => c.speaker))].filter((id) => !draftActors.has(id));
  const names = new Map<string, string>();
  const stored = speakers.flatMap((id) => {
    const name = store.speakerName(id);
    if (name === undefined) return [];
    names.set(id, name);
    return store.recentBySpeaker(id, REPEAT_CANDIDATES);
  });
  return suggestAppearances(linked, stored, names);
}

/** Drafts a bundle from the article, links it to what is stored and queues it; answers its id. */
export function createExtraction(db: Db, context: WriteContext, input: ExtractionCreate, extractor: Extractor): string {
  const textKey = sourceTextKey(input.text);
  refuseKnownText(db, input.text, textKey); // early, so a duplicate costs no extraction
  const extracted = extractor.extract(input);
  // The extractor promises a valid bundle; one that is not is our fault (500), never the caller's.
  const draft = newClaimsBundleSchema.parse(cleanDraftNames(extracted.draft));
  const { draft: linked, notes } = suggestRepeats(
    db,
    linkEntities({ draft, notes: extracted.notes }, findStoredMatches(db, draft)),
  );
  const id = `ext-${randomBytes(6).toString('hex')}`;
  return recordWrite(
    db,
    context,
    () => [],
    () => {
      refuseKnownText(db, input.text, textKey); // again inside the transaction: another request may have come first
      const at = now();
      db.insert(t.extractions)
        .values({
          id,
          status: 'pending',
          createdAt: at,
          updatedAt: at,
          keyName: context.keyName,
          sourceId: null,
          text: input.text,
          textHash: textKey,
          publishedAt: input.publishedAt,
          title: input.title,
          publisher: input.publisher,
          url: input.url,
          language: input.language,
          extractor: extractor.name,
          draft: bundleSchema.parse(linked),
          notes,
        })
        .run();
      return { result: id, touched: [['extraction', id]] };
    },
  );
}

/** The stored extraction, checked: it exists, If-Match (when sent) names its current ETag, it is pending. */
function requirePending(db: Db, id: string, ifMatch: string | undefined, action: string) {
  const row = getExtractionRow(db, id);
  if (!row) throw new NotFoundError('extraction', id);
  const etag = etagOf(toExtraction(row));
  if (ifMatch !== undefined && !ifMatchSatisfied(ifMatch, etag)) {
    throw new PreconditionFailedError(
      `The extraction "${id}" has changed since you read it (ETag ${etag}); GET it again and retry.`,
    );
  }
  if (row.status !== 'pending') {
    const outcome = row.status === 'accepted' ? `accepted as source "${row.sourceId}"` : 'rejected';
    throw new ConflictError(
      `Cannot ${action} extraction "${id}": it was already ${outcome}; only a pending extraction can change.`,
    );
  }
  return row;
}

/** Replaces the draft after checking it as an import would (every problem by path); nothing is imported. */
export function updateExtraction(
  db: Db,
  context: WriteContext,
  id: string,
  patch: ExtractionPatch,
  ifMatch?: string,
): void {
  recordWrite(
    db,
    context,
    () => [['extraction', id]],
    () => {
      requirePending(db, id, ifMatch, 'change');
      checkBundle(db, patch.draft, 'body.draft');
      db.update(t.extractions).set({ draft: patch.draft, updatedAt: now() }).where(eq(t.extractions.id, id)).run();
      return { result: undefined };
    },
  );
}

/**
 * Imports the draft through the bundle path and marks the extraction accepted, in one transaction:
 * any problem (the same 400s and 409s as POST /v1/sources, paths under `draft`) leaves both as they were.
 */
export function acceptExtraction(db: Db, context: WriteContext, id: string, ifMatch?: string): ImportSummary {
  return recordWrite(
    db,
    context,
    () => [['extraction', id]],
    () => {
      const row = requirePending(db, id, ifMatch, 'accept');
      const summary = importBundle(db, parseBundle(row.draft, 'draft'), { root: 'draft', keyName: context.keyName });
      db.update(t.extractions)
        .set({ status: 'accepted', sourceId: summary.source.id, updatedAt: now() })
        .where(eq(t.extractions.id, id))
        .run();
      return { result: summary };
    },
  );
}

export function rejectExtraction(db: Db, context: WriteContext, id: string, ifMatch?: string): void {
  recordWrite(
    db,
    context,
    () => [['extraction', id]],
    () => {
      requirePending(db, id, ifMatch, 'reject');
      db.update(t.extractions).set({ status: 'rejected', updatedAt: now() }).where(eq(t.extractions.id, id)).run();
      return { result: undefined };
    },
  );
}
