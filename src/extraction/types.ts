import type { Bundle } from '../schemas/bundle.ts';
export type Offsets = { start: number; end: number; text: string };
export type ClaimNote = { confidence: number; pattern: string; cue: Offsets; speakerMention: Offsets | null; evidence: Offsets };
export type EntityNote = { linkedTo: string | null; candidates: Array<{ id: string; name: string; score: number }>; mentions: Offsets[] };
export type ExtractionNotes = { claims: Record<string, ClaimNote>; actors: Record<string, EntityNote>; locations: Record<string, EntityNote> };
export type ExtractionInput = { text: string; publishedAt: string; title?: string | null; publisher?: string | null; url?: string | null; language?: string };
export type ExtractionResult = { draft: Bundle; notes: ExtractionNotes };
export interface Extractor { readonly name: string; extract(input: ExtractionInput): ExtractionResult }
