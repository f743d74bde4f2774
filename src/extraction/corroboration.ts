// A drafted claim that repeats a stored one: when its speaker is linked to a stored actor and a stored
// claim by that actor says the same thing, the draft carries `{ appears: storedId, evidence,
// reportedBy }` (an appearance of the stored claim, no duplicate) and the notes say why. Pure: the
// stored claims come in as data (domain/extractions.ts reads them).
import type { Bundle } from '../schemas/bundle.ts';
import { contentTokens, tokenOverlap } from '../text/compare.ts';
import { TITLE_WORDS, nameTokens } from './linking.ts';
import type { Draft, ExtractionNotes } from './types.ts';

/** A stored claim that a drafted claim may repeat. */
export type StoredClaim = { id: string; speakerId: string; text: string; evidence: string };

/**
 * Overlap (shared content words over the smaller set, after the speaker's name and titles are left
 * out; the best of text against text and evidence against evidence) at or above which a drafted
 * claim is taken as a repeat of a stored claim by the same speaker. 0.6 means most of the shorter
 * statement's content words stand in the other: a wire repeat reworded around the same verb and
 * object scores 0.6-1.0 (the Peskov repeat of test/routes/v1/second-article.test.ts: evidence 0.6,
 * text 0.8), while another statement by the same speaker on the same story shares a noun or two and
 * scores far lower (0 for the examples of test/extraction/corroboration.test.ts). Lower, the draft
 * would fold different statements into one claim, which a reviewer notices less easily than a
 * missed repeat; the note carries the score either way.
 */
export const REPEAT_THRESHOLD = 0.6;
/** And at least this many shared content words: two three-word statements sharing two words are not a repeat. */
export const REPEAT_MIN_SHARED = 3;

export type AppearsNote = {
  /** The stored claim the drafted claim repeats. */
  id: string;
  text: string;
  /** The overlap that decided it, 0..1. */
  score: number;
};

/** The content words of a statement, without the words naming its speaker. */
function statementTokens(text: string, speakerWords: Set<string>): Set<string> {
  const tokens = contentTokens(text);
  for (const w of speakerWords) tokens.delete(w);
  return tokens;
}

function score(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared >= REPEAT_MIN_SHARED ? tokenOverlap(a, b) : 0;
}

/**
 * Turns each drafted claim whose (linked) speaker has a stored claim saying the same thing into an
 * appearance of that claim. `speakerNames` gives the stored speakers' names (their words and the
 * titles before names are not evidence of the same statement). Each stored claim is suggested once.
 */
export function suggestAppearances(
  result: { draft: Draft; notes: ExtractionNotes },
  stored: StoredClaim[],
  speakerNames: Map<string, string>,
): { draft: Bundle; notes: ExtractionNotes } {
  const draftActors = new Set(result.draft.actors.map((a) => a.key));
  const used = new Set<string>();
  const notes: ExtractionNotes = { ...result.notes, claims: { ...result.notes.claims } };
  const claims: Bundle['claims'] = result.draft.claims.map((claim) => {
    // Only a speaker linked to a stored actor can have stored claims.
    if (draftActors.has(claim.speaker) || !speakerNames.has(claim.speaker)) return claim;
    const speakerWords = new Set([...nameTokens(speakerNames.get(claim.speaker)!), ...TITLE_WORDS]);
    const evidence = typeof claim.evidence === 'string' ? claim.evidence : claim.evidence.quote;
    const mine = [statementTokens(claim.text, speakerWords), statementTokens(evidence, speakerWords)];
    let best: { claim: StoredClaim; score: number } | undefined;
    for (const s of stored) {
      if (s.speakerId !== claim.speaker || used.has(s.id)) continue;
      const theirs = [statementTokens(s.text, speakerWords), statementTokens(s.evidence, speakerWords)];
      const value = Math.max(...mine.flatMap((m) => theirs.map((t) => score(m, t))));
      if (value >= REPEAT_THRESHOLD && (!best || value > best.score)) best = { claim: s, score: value };
    }
    if (!best) return claim;
    used.add(best.claim.id);
    const note = notes.claims[claim.key];
    if (note) {
      const appearsIn: AppearsNote = {
        id: best.claim.id,
        text: best.claim.text,
        score: Math.round(best.score * 100) / 100,
      };
      notes.claims[claim.key] = { ...note, appearsIn };
    }
    return { key: claim.key, appears: best.claim.id, evidence: claim.evidence, reportedBy: claim.reportedBy };
  });
  return { draft: { ...result.draft, claims }, notes };
}
