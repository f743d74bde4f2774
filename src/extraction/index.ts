// A minimal rule-based extractor: direct quotes of the forms `“…,” said Name.` and `Name said: “…”`.
// It stands in for the full extractor of issue 9 part 1, which replaces this file; it is honest about
// what it finds (exact offsets, low confidence) and always returns a valid bundle.
import type { Bundle } from '../schemas/bundle.ts';
import { slugify } from '../domain/slug.ts';
import { occurrences } from '../domain/spans.ts';
import type { ClaimNote, EntityNote, ExtractionInput, ExtractionResult, Extractor, Offsets } from './types.ts';

const NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,3}`;
/** `“We will leave,” said Anna Petrova.` (the cue after the quote). */
const QUOTE_THEN_SPEAKER = new RegExp(String.raw`“([^”]{2,}?)[,.]?”\s*(said|says)\s+(${NAME})`, 'gu');
/** `Anna Petrova said: “We will leave.”` (the speaker first). */
const SPEAKER_THEN_QUOTE = new RegExp(String.raw`(${NAME})\s+(said|says):?\s+“([^”]{2,}?)[,.]?”`, 'gu');

const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false } as const;

function offsets(text: string, start: number, end: number): Offsets {
  return { start, end, text: text.slice(start, end) };
}

/** Evidence as the bundle takes it: plain words when they stand once, else which occurrence. */
function mention(text: string, at: Offsets): Bundle['claims'][number]['evidence'] {
  const all = occurrences(text, at.text);
  return all.length === 1 ? at.text : { quote: at.text, occurrence: all.indexOf(at.start) + 1 };
}

function titleOf(input: ExtractionInput): string {
  if (input.title?.trim()) return input.title.trim().slice(0, 300);
  const firstLine = input.text.trim().split('\n')[0]!.trim();
  if (firstLine.length <= 120) return firstLine || 'Untitled article';
  const cut = firstLine.slice(0, 120);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 120)}…`;
}

function extract(input: ExtractionInput): ExtractionResult {
  const { text } = input;
  type Found = { quote: Offsets; speaker: Offsets; cue: Offsets; whole: Offsets; pattern: string };
  const found: Found[] = [];
  for (const m of text.matchAll(QUOTE_THEN_SPEAKER)) {
    const start = m.index;
    const quoteStart = start + 1;
    const cueStart = text.indexOf(m[2]!, quoteStart + m[1]!.length);
    const speakerStart = text.indexOf(m[3]!, cueStart + m[2]!.length);
    found.push({
      quote: offsets(text, quoteStart, quoteStart + m[1]!.length),
      cue: offsets(text, cueStart, cueStart + m[2]!.length),
      speaker: offsets(text, speakerStart, speakerStart + m[3]!.length),
      whole: offsets(text, start, start + m[0].length),
      pattern: 'quote-said-name',
    });
  }
  for (const m of text.matchAll(SPEAKER_THEN_QUOTE)) {
    const start = m.index;
    const cueStart = text.indexOf(m[2]!, start + m[1]!.length);
    const quoteStart = text.indexOf('“', cueStart) + 1;
    if (found.some((f) => f.whole.start < start + m[0].length && start < f.whole.end)) continue;
    found.push({
      quote: offsets(text, quoteStart, quoteStart + m[3]!.length),
      cue: offsets(text, cueStart, cueStart + m[2]!.length),
      speaker: offsets(text, start, start + m[1]!.length),
      whole: offsets(text, start, start + m[0].length),
      pattern: 'name-said-quote',
    });
  }
  found.sort((a, b) => a.whole.start - b.whole.start);

  const actors: Bundle['actors'] = [];
  const actorNotes: Record<string, EntityNote> = {};
  const keyOfName = new Map<string, string>();
  const claims: Bundle['claims'] = [];
  const claimNotes: Record<string, ClaimNote> = {};
  const usedClaimKeys = new Set<string>();
  for (const f of found) {
    const name = f.speaker.text;
    let key = keyOfName.get(name);
    if (!key) {
      const base = slugify(name);
      key = actorNotes[base] ? `${base}-${actors.length + 1}` : base;
      keyOfName.set(name, key);
      actors.push({ key, name, kind: 'person', aliases: [], description: null, evidence: [mention(text, f.speaker)], affiliations: [] });
      actorNotes[key] = { linkedTo: null, candidates: [], mentions: [] };
    }
    actorNotes[key]!.mentions.push(f.speaker);
    let claimKey = `${key}-states`;
    for (let n = 2; usedClaimKeys.has(claimKey); n++) claimKey = `${key}-states-${n}`;
    usedClaimKeys.add(claimKey);
    claims.push({
      key: claimKey,
      speaker: key,
      text: f.quote.text,
      mode: 'direct_quote',
      stance: 'states',
      saidAt: { ...UNKNOWN_TIME },
      channel: null,
      reportedBy: null,
      about: { events: [], actors: [] },
      respondsTo: null,
      evidence: mention(text, f.whole),
    });
    claimNotes[claimKey] = { confidence: 0.6, pattern: f.pattern, cue: f.cue, speakerMention: f.speaker, evidence: f.whole };
  }

  const draft: Bundle = {
    source: {
      title: titleOf(input),
      publisher: input.publisher ?? null,
      url: input.url ?? null,
      publishedAt: input.publishedAt,
      language: input.language ?? 'en',
      text,
    },
    actors,
    locations: [],
    events: [],
    claims,
  };
  return { draft, notes: { claims: claimNotes, actors: actorNotes, locations: {} } };
}

export const ruleBasedExtractor: Extractor = { name: 'rule-based', extract };

export { extract };
