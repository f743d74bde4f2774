// The extractor's contract: an article and its publication date in, a draft bundle and the reasons
// for each suggestion out. Rule-based today; a model-backed extractor can implement the same shape.
import type { NewClaimsBundle } from '../schemas/bundle.ts';

/** What the extractor drafts: a bundle whose claims are all new (linking may turn some into appearances). */
export type Draft = NewClaimsBundle;

/** JavaScript string indices into `input.text`; `text === input.text.slice(start, end)`. */
export type Offsets = { start: number; end: number; text: string };

export type ClaimNote = {
  /** 0..1: how sure the rule is; unresolved speakers ("a source") score low. */
  confidence: number;
  /** Which rule found the claim, e.g. "source-cue-content", "quote-cue-source", "according-to". */
  pattern: string;
  cue: Offsets;
  /** Where the speaker stands as written (a name, "he", "the ministry"); null when implicit. */
  speakerMention: Offsets | null;
  evidence: Offsets;
  /**
   * Set when the claim was drafted as an appearance of a stored claim (`{ appears: id }`): its
   * speaker is a stored actor who is stored saying the same thing (see extraction/corroboration.ts).
   */
  appearsIn?: { id: string; text: string; score: number };
};

export type EntityNote = {
  /** A stored id the entity was linked to; the extractor leaves it null (linking is a later step). */
  linkedTo: string | null;
  candidates: Array<{ id: string; name: string; score: number }>;
  mentions: Offsets[];
};

export type ExtractionNotes = {
  claims: Record<string, ClaimNote>;
  actors: Record<string, EntityNote>;
  locations: Record<string, EntityNote>;
};

export type ExtractionInput = {
  text: string;
  /** YYYY-MM-DD or a UTC datetime; relative times ("on Wednesday") resolve against it. */
  publishedAt: string;
  title?: string | null;
  publisher?: string | null;
  url?: string | null;
  language?: string;
};

export type ExtractionResult = { draft: Draft; notes: ExtractionNotes };

export interface Extractor {
  readonly name: string;
  extract(input: ExtractionInput): ExtractionResult;
}
