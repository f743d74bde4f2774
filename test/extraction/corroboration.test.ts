// The extraction's hint that a drafted claim repeats a stored one (extraction/corroboration.ts), and
// the comparison of evidence texts behind independentSources (text/compare.ts). Pure: no database.
import { describe, expect, it } from 'vitest';
import { REPEAT_THRESHOLD, suggestAppearances } from '../../src/extraction/corroboration.ts';
import { newClaimsBundleSchema } from '../../src/schemas/bundle.ts';
import { independentCount, syndicationKey } from '../../src/text/compare.ts';

const TEXT =
  'Spokeswoman Maria Lind confirmed the ceasefire talks had collapsed. Lind also said the harbour would reopen in May.';
const claim = (key: string, speaker: string, text: string, evidence: string) => ({
  key,
  speaker,
  text,
  mode: 'reported_speech',
  stance: 'confirms',
  saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
  evidence,
});
const draft = (speaker = 'maria-lind') =>
  newClaimsBundleSchema.parse({
    source: { title: 'T', publishedAt: '2024-05-02', language: 'en', text: TEXT },
    claims: [
      claim(
        'lind-confirms',
        speaker,
        'Confirmed the ceasefire talks had collapsed',
        'Spokeswoman Maria Lind confirmed the ceasefire talks had collapsed.',
      ),
      claim('lind-says', speaker, 'The harbour would reopen in May', 'Lind also said the harbour would reopen in May.'),
    ],
  });
const notes = {
  claims: {
    'lind-confirms': {
      confidence: 0.9,
      pattern: 'source-cue-content',
      cue: { start: 0, end: 1, text: 'S' },
      speakerMention: null,
      evidence: { start: 0, end: 1, text: 'S' },
    },
  },
  actors: {},
  locations: {},
};
// Stored: the same statement in other words, and another statement by the same spokeswoman on the same story.
const STORED = [
  {
    id: 'maria-lind-confirms',
    speakerId: 'maria-lind',
    text: 'Confirmed that the ceasefire talks collapsed.',
    evidence: 'Government spokeswoman Maria Lind on Monday confirmed that the ceasefire talks collapsed.',
  },
  {
    id: 'maria-lind-denies',
    speakerId: 'maria-lind',
    text: 'Denied that the ceasefire talks would resume in May.',
    evidence: 'Maria Lind denied the ceasefire talks would resume.',
  },
];
const NAMES = new Map([['maria-lind', 'Maria Lind']]);

describe('suggestAppearances', () => {
  it('drafts a repeat of a stored claim by the same linked speaker as { appears }, with a note saying why', () => {
    const { draft: out, notes: outNotes } = suggestAppearances({ draft: draft(), notes }, STORED, NAMES);
    expect(out.claims[0]).toEqual({
      key: 'lind-confirms',
      appears: 'maria-lind-confirms',
      evidence: 'Spokeswoman Maria Lind confirmed the ceasefire talks had collapsed.',
      reportedBy: null,
    });
    expect(outNotes.claims['lind-confirms']!.appearsIn).toEqual({
      id: 'maria-lind-confirms',
      text: 'Confirmed that the ceasefire talks collapsed.',
      score: expect.any(Number),
    });
    expect(outNotes.claims['lind-confirms']!.appearsIn!.score).toBeGreaterThanOrEqual(REPEAT_THRESHOLD);
    // Another statement on the same story shares its nouns but is no repeat: it stays a new claim.
    expect(out.claims[1]).toMatchObject({ key: 'lind-says', speaker: 'maria-lind' });
  });

  it('leaves claims whose speaker is a new actor of the draft, or another stored actor, as new claims', () => {
    const bundle = newClaimsBundleSchema.parse({
      ...draft('lind'),
      actors: [{ key: 'lind', name: 'Maria Lind', kind: 'person' }],
    });
    expect(suggestAppearances({ draft: bundle, notes }, STORED, NAMES).draft.claims).toEqual(bundle.claims);
    const other = draft('someone-else');
    expect(
      suggestAppearances({ draft: other, notes }, STORED, new Map([['someone-else', 'Someone Else']])).draft.claims,
    ).toEqual(other.claims);
  });

  it('suggests a stored claim once: a second drafted repeat of it stays a new claim (one appearance per source)', () => {
    const twice = newClaimsBundleSchema.parse({
      ...draft(),
      claims: [draft().claims[0], { ...draft().claims[0], key: 'lind-confirms-2' }],
    });
    const out = suggestAppearances({ draft: twice, notes }, STORED, NAMES).draft.claims;
    expect(out.map((c) => ('appears' in c ? c.appears : c.key))).toEqual(['maria-lind-confirms', 'lind-confirms-2']);
  });
});

describe('syndicated copies', () => {
  it('are the same words after case, spacing, quotes and dashes are normalized', () => {
    expect(syndicationKey('  “Talks   ended,” he said — late.\n')).toBe(
      syndicationKey('"talks ended," HE SAID - late.'),
    );
    expect(independentCount(['A said B.', 'a  said b.', 'A said C.'])).toBe(2);
  });
});
