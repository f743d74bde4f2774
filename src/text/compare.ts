// Comparing reported words across articles: when two evidence texts are the same words (a syndicated
// copy), and how much two statements share (the extraction's hint that a claim is a repeat).

/** Typographic variants that differ between outlets copying the same wire text. */
const VARIANTS: Array<[RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032]/gu, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/gu, '"'],
  [/[\u2010-\u2015\u2212]/gu, '-'],
];

/**
 * The form two evidence texts are compared in to tell a syndicated copy: Unicode NFKC, case-folded,
 * curly quotes and dashes made plain, every run of whitespace one space, trimmed. Equal keys are the
 * same words, whichever outlet printed them.
 */
export function syndicationKey(text: string): string {
  let key = text.normalize('NFKC').toLowerCase();
  for (const [pattern, plain] of VARIANTS) key = key.replace(pattern, plain);
  return key.replace(/\s+/gu, ' ').trim();
}

/** How many different texts there are among `texts` once syndicated copies are counted once. */
export function independentCount(texts: Iterable<string>): number {
  return new Set([...texts].map(syndicationKey)).size;
}

/** Function words that two unrelated statements share anyway: left out of the overlap. */
const STOP_WORDS = new Set(
  (
    'a an the and or but if of to in on at by for from with about as into over after before than that this these those ' +
    'is are was were be been being has have had do does did will would shall should can could may might must not no ' +
    'it its he she they them his her their we our you your i me my said says say told tell according also which who ' +
    'what when where there here then so such very just more most'
  ).split(' '),
);

/** The content words of a text: NFKC, case-folded, letters and digits, function words left out. */
export function contentTokens(text: string): Set<string> {
  const words = syndicationKey(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/u.test(w))));
}

/**
 * Overlap of two texts' content words: shared words over the smaller set (0..1), so a short
 * statement repeated inside a longer sentence still scores high. 0 when either has no content word.
 */
export function tokenOverlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}
