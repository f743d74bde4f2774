// Article text -> draft bundle + notes. One interface (Extractor); the rule-based one is the default.
import { ruleBasedExtractor } from './rules.ts';
import type { ExtractionInput, ExtractionResult } from './types.ts';

export type {
  ClaimNote,
  EntityNote,
  ExtractionInput,
  ExtractionNotes,
  ExtractionResult,
  Extractor,
  Offsets,
} from './types.ts';
export { ruleBasedExtractor };

export function extract(input: ExtractionInput): ExtractionResult {
  return ruleBasedExtractor.extract(input);
}
