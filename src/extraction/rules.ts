// The rule-based extractor, in Citron's five steps: cue, source, content, content resolution
// (quotes split around their cue, quotes over several paragraphs), coreference (pronouns, role
// nouns and surnames to the most recent compatible named speaker). Pure: text in, draft out.
import type { BundleActor, BundleClaim, BundleLocation, MentionInput } from '../schemas/bundle.ts';
import type { TimeSpec } from '../schemas/common.ts';
import { occurrences } from '../text/spans.ts';
import {
  AUX,
  CUE_FORMS,
  type CueVerb,
  DETERMINERS,
  MEDIA_WORDS,
  NEEDS_SPEECH_COMPLEMENT,
  NEGATORS,
  NOUNLIKE,
  ORG_WORDS,
  PRONOUNS,
  ROLE_KIND,
  type Stance,
  TITLES,
  singular,
} from './lexicon.ts';
import { cleanDraftNames } from './names.ts';
import { US_STATES, US_STATES_MULTI, countryOf, countryOfDemonym, findPlaces } from './places.ts';
import { type Quote, type Range, type Token, type Unit, findQuotes, paragraphs, splitUnits, tokenize } from './text.ts';
import { UNKNOWN_TIME, findTimes } from './time.ts';
import type { ClaimNote, Draft, EntityNote, ExtractionInput, ExtractionResult, Extractor, Offsets } from './types.ts';

type ActorKind = BundleActor['kind'];
type Actor = {
  key: string;
  name: string;
  kind: ActorKind;
  aliases: Set<string>;
  roles: Set<string>; // role nouns for "the spokesman", "the adviser"
  affiliations: Array<{ organization: string; role: string }>;
  description: string | null;
  mentions: Offsets[];
  lastUsed: number;
  /** Where the actor was last mentioned as a source (character offset), for pronouns. */
  lastPos: number;
  named: boolean;
};
type SourceRef = { actor: Actor; mention: Offsets; confidence: number };
type Candidate = {
  unit: Unit;
  cue: Range;
  cueTok: number;
  verb: CueVerb;
  cueWord: string;
  source: SourceRef;
  relay: Actor | null;
  relayRange: Range | null;
  content: Range[];
  contentKind: 'clause' | 'object' | 'quote';
  extraText?: string; // antecedent of a relative clause, prepended to the text
  pattern: string;
  negated: boolean;
  evidence: Range;
  respondsTo?: Candidate;
  key?: string;
};

const PUNCT_ONLY = /^[\s.,;:!?”"’')\]—–-]*$/;
const CLAUSE_STARTERS = new Set([
  'that',
  'and',
  'but',
  'as',
  'when',
  'while',
  'because',
  'although',
  'though',
  'after',
  'before',
  'since',
  'if',
  'whom',
  'who',
  'which',
  'where',
  'so',
  'yet',
  'or',
]);
const RESPONSE_NOUNS = new Set([
  'charge',
  'charges',
  'claim',
  'claims',
  'accusation',
  'accusations',
  'allegation',
  'allegations',
  'assertion',
  'suggestion',
  'report',
  'reports',
  'criticism',
  'view',
  'notion',
  'idea',
  'characterization',
]);
const NP_PREPS = new Set(['of', 'for', 'from', 'at', 'to']);
const CHANNEL_BEFORE_CUE =
  /\s(?:in|on|during|at|with|via)\s+(?:a|an|the|his|her|their|its)\s+(?:[\p{L}'’.-]+\s+){0,3}(?:statement|interview|post|tweet|call|conference|speech|briefing|letter|email|e-mail|op-ed|video|rally|event|debate|hearing|appearance|message|release|memo|filing|column|book|blog|meeting|remarks|press conference|news conference|town hall|radio interview|phone interview)s?$/u;
/** Things that "show" something: "polls show that ...". */
const DOCUMENT_HEADS = new Set([
  'poll',
  'polls',
  'survey',
  'surveys',
  'data',
  'study',
  'studies',
  'report',
  'reports',
  'figures',
  'numbers',
  'results',
  'records',
  'documents',
  'research',
  'analysis',
  'polling',
  'emails',
  'statistics',
  'estimates',
  'filings',
]);
const POSTMODIFIER_STARTS = new Set([
  'of',
  'at',
  'in',
  'from',
  'with',
  'for',
  'who',
  'whom',
  'which',
  'that',
  'close',
  'familiar',
  'like',
  'on',
  'here',
  'there',
  'involved',
  'briefed',
  'speaking',
  'working',
  'based',
  'including',
  'such',
  'among',
  'within',
  'inside',
  'outside',
  'representing',
  'to',
]);
const FUNCTION_WORDS = new Set(
  `if in on at as after when while although though because since before during for from with without
  by about against despite unlike like until unless whether where what why how this that these those there here then now
  yet so but and or nor not no yes also still even just only once twice meanwhile however instead indeed moreover
  asked pressed speaking meanwhile later had has have was were is are did does do will would should could can may might earlier today yesterday tonight again perhaps maybe`.split(
    /\s+/,
  ),
);
const ADJUNCT_STARTERS = new Set([
  'of',
  'in',
  'at',
  'on',
  'during',
  'after',
  'before',
  'while',
  'when',
  'as',
  'from',
  'outside',
  'inside',
  'near',
  'through',
  'via',
  'by',
  'following',
  'ahead',
  'afterward',
  'afterwards',
  'later',
  'earlier',
  'recently',
  'then',
  'again',
  'too',
  'repeatedly',
  'privately',
  'publicly',
  'today',
  'yesterday',
  'tonight',
]);
const MODIFIERS = new Set(
  `senior top former federal state local news foreign policy campaign administration press chief deputy
  political military government election defense defence intelligence security law enforcement white house republican
  democratic conservative liberal progressive independent presidential vice executive national international regional
  anonymous unnamed other two three several many some longtime veteran retired current acting interim prominent leading
  fellow young old public private legal financial economic health medical legislative congressional senate house party
  u.s. american european russian chinese british french german high-ranking high-level trump clinton obama`.split(
    /\s+/,
  ),
);

// The text being extracted, for offsets; set at the start of each (synchronous) call.
let currentText = '';
const off = (start: number, end: number): Offsets => ({ start, end, text: currentText.slice(start, end) });

export function slugify(s: string): string {
  const slug = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']s\b/g, 's')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'item';
}

class Registry {
  readonly actors: Actor[] = [];
  private readonly byName = new Map<string, Actor>();
  private readonly keys = new Set<string>();
  private clock = 0;

  find(name: string): Actor | undefined {
    return this.byName.get(name.toLowerCase());
  }

  touch(actor: Actor, pos = -1): Actor {
    actor.lastUsed = ++this.clock;
    actor.lastPos = Math.max(actor.lastPos, pos);
    return actor;
  }

  create(name: string, kind: ActorKind, named: boolean): Actor {
    const existing = this.find(name);
    if (existing) return existing;
    let key = slugify(name);
    for (let n = 2; this.keys.has(key); n++) key = `${slugify(name)}-${n}`;
    this.keys.add(key);
    const actor: Actor = {
      key,
      name,
      kind,
      aliases: new Set(),
      roles: new Set(),
      affiliations: [],
      description: null,
      mentions: [],
      lastUsed: 0,
      lastPos: -1,
      named,
    };
    this.actors.push(actor);
    this.byName.set(name.toLowerCase(), actor);
    return actor;
  }

  alias(actor: Actor, alias: string) {
    if (alias.toLowerCase() === actor.name.toLowerCase() || this.byName.has(alias.toLowerCase())) return;
    actor.aliases.add(alias);
    this.byName.set(alias.toLowerCase(), actor);
  }

  /** The most recently used actor that fits, named ones only. */
  recent(fits: (a: Actor) => boolean, unnamedToo = false): Actor | undefined {
    let best: Actor | undefined;
    for (const a of this.actors)
      if ((a.named || unnamedToo) && a.lastUsed > 0 && fits(a) && (!best || a.lastUsed > best.lastUsed)) best = a;
    return best;
  }
}

export const ruleBasedExtractor: Extractor = {
  name: 'rule-based',
  extract: extractRuleBased,
};

function extractRuleBased(input: ExtractionInput): ExtractionResult {
  const text = input.text;
  currentText = text;
  const paras = paragraphs(text);
  const quotes = findQuotes(text, paras);
  const units = splitUnits(text, paras, quotes);
  const tokens = tokenize(text, units, quotes);
  const registry = new Registry();
  const firstTok = new Int32Array(units.length + 1).fill(-1);
  for (let i = tokens.length - 1; i >= 0; i--) firstTok[tokens[i]!.unit] = i;
  const unitTokens = (u: Unit): [number, number] => {
    const from = firstTok[u.index]!;
    if (from < 0) return [0, 0];
    let to = from;
    while (to < tokens.length && tokens[to]!.unit === u.index) to++;
    return [from, to];
  };
  const ctx: Ctx = { text, tokens, quotes, registry, input };

  const candidates: Candidate[] = [];
  let previousUnitClaims: Candidate[] = [];
  for (const unit of units) {
    const [from, to] = unitTokens(unit);
    const found: Candidate[] = [];
    for (let i = from; i < to; i++) {
      const cand = cueAt(ctx, unit, from, to, i, found);
      if (cand) found.push(cand);
    }
    if (found.length === 0) {
      const cont = quoteContinuation(ctx, unit, previousUnitClaims);
      if (cont) found.push(cont);
    }
    trimContents(ctx, found);
    for (const c of found) candidates.push(c);
    // A quotation-only unit continues the last quoting speaker only right after them.
    previousUnitClaims = found.length ? found : quoteOnly(ctx, unit) ? previousUnitClaims : [];
  }
  return buildDraft(ctx, candidates, units);
}

type Ctx = {
  text: string;
  tokens: Token[];
  quotes: Quote[];
  registry: Registry;
  input: ExtractionInput;
  subjects?: Array<{ pos: number; name: string }>;
};

const isNeg = (t: Token | undefined) => !!t && (NEGATORS.has(t.lower) || t.lower.endsWith("n't"));
const isWord = (t: Token | undefined) => !!t && /^[\p{L}\p{N}]/u.test(t.text);

/** A cue at token i, with its source and content, or null. */
function cueAt(ctx: Ctx, unit: Unit, from: number, to: number, i: number, before: Candidate[]): Candidate | null {
  const { tokens } = ctx;
  const tok = tokens[i]!;
  if (tok.quoted) return null;
  if (tok.lower === 'according' && tokens[i + 1]?.lower === 'to') return accordingTo(ctx, unit, from, to, i);
  if (tok.text === ':') return colonQuote(ctx, unit, from, i);
  const verb = CUE_FORMS.get(tok.lower);
  if (!verb) return null;
  // "the United States", "Islamic State": a capitalized cue word inside a sentence is a name.
  if (
    tok.cap &&
    i > from &&
    !/^[“"'‘(—]$/.test(tokens[i - 1]!.text) &&
    !(tok.lower.endsWith('s') && isHeadline(ctx, from, to))
  )
    return null;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const nextIn = next && next.unit === unit.index ? next : undefined;
  // "went on to say", "continued to say": the saying is reported; other "to say" (wanted, declined) is not.
  const goesOnTo = prev?.lower === 'to' && /^(on|continued|proceeded)$/.test(tokens[i - 2]?.lower ?? '');
  if (
    prev &&
    prev.unit === unit.index &&
    ((prev.lower === 'to' && !goesOnTo) ||
      (DETERMINERS.has(prev.lower) && NOUNLIKE.has(tok.lower)) ||
      prev.lower === 'so-called')
  )
    return null;
  if (
    /ed$/.test(tok.lower) &&
    prev &&
    ['been', 'be', 'being'].includes(prev.lower) &&
    prev.unit === unit.index &&
    !(tokens[i + 1]?.lower === 'as')
  )
    return null;
  if (
    verb.frame === 'call' &&
    (!nextIn || ['up', 'off', 'in', 'back', 'out', 'to', 'into', 'upon', 'it', 'a', 'an'].includes(nextIn.lower))
  )
    return null;
  if (NEEDS_SPEECH_COMPLEMENT.has(verb.lemma)) {
    const afterQuote = !!prev && /^[,”"'—:]$/.test(prev.text);
    const ok =
      !nextIn || [',', ':', '“', '"', 'that', '.', 'in', 'on'].includes(nextIn.lower) || nextIn.quoted || afterQuote;
    if (!ok && !(verb.lemma === 'describe' && hasAhead(tokens, i, to, 'as', 8))) return null;
  }
  if (verb.lemma === 'describe' && !hasAhead(tokens, i, to, 'as', 8)) return null;
  if (
    nextIn?.lower === 'to' &&
    [
      'continue',
      'agree',
      'vow',
      'pledge',
      'promise',
      'call',
      'respond',
      'reply',
      'refer',
      'add',
      'point',
      'tell',
      'report',
    ].includes(verb.lemma) &&
    verb.lemma !== 'tell'
  ) {
    if (verb.lemma !== 'respond' && verb.lemma !== 'reply') return null;
  }
  if (verb.lemma === 'report' && nextIn?.lower === 'to') return null;
  if ((verb.lemma === 'talk' || verb.lemma === 'speak') && nextIn?.lower !== 'about') return null;
  // "Rubio's proposed credit", "the proposed ban", "the cited study": a participle before a noun, not a cue.
  if (
    (verb.lemma === 'propose' || verb.lemma === 'cite') &&
    prev &&
    prev.unit === unit.index &&
    (/[’']s$/.test(prev.lower) || DETERMINERS.has(prev.lower))
  )
    return null;
  if (/ing$/.test(tok.lower) && prev?.lower === 'as') return asSaying(ctx, unit, from, to, i, verb);

  // Source on the left: skip auxiliaries, adverbs and negation, then an appositive or an adjunct between commas.
  let p = goesOnTo ? (tokens[i - 2]!.lower === 'on' ? i - 4 : i - 3) : i - 1;
  let negated = false;
  while (p >= from && (AUX.has(tokens[p]!.lower) || isNeg(tokens[p]) || /^\p{Ll}+ly$/u.test(tokens[p]!.text))) {
    if (isNeg(tokens[p])) negated = true;
    p--;
  }
  if (p >= from && /^(declined|refused|failed)$/.test(tokens[p]!.lower)) return null;
  if (NOUNLIKE.has(tok.lower) && !/ing$/.test(tok.lower)) {
    const left = tokens[p];
    if (
      !left ||
      left.unit !== unit.index ||
      !(left.cap || PRONOUNS[left.lower] || ROLE_KIND.has(singular(left.lower)) || p < i - 1)
    )
      return null;
  }

  if (p >= from) {
    const lead = ctx.text.slice(Math.max(unit.start, tokens[p]!.end - 80), tokens[p]!.end);
    const adj = CHANNEL_BEFORE_CUE.exec(lead);
    if (adj) {
      const at = tokens[p]!.end - adj[0].length + adj[0].search(/\S/);
      let q = p;
      while (q > from && tokens[q]!.start > at) q--;
      if (tokens[q]!.start === at && q > from) p = q - 1;
    }
  }
  if (p >= from && tokens[p]!.text === ')') {
    let q = p - 1;
    while (q >= from && tokens[q]!.text !== '(' && p - q < 8) q--;
    if (q >= from && tokens[q]!.text === '(') p = q - 1;
  }
  let appositive: Range | null = null;
  let npEnd = p + 1;
  if (p >= from && tokens[p]!.text === ',' && !/ing$/.test(tok.lower)) {
    // "Anne Richards, assistant secretary of state for population, refugees, and migration, said": try
    // each earlier comma until a name stands before it.
    let q = p - 1;
    for (let tries = 0; tries < 6 && q >= from && p - q < 60; tries++) {
      while (q >= from && tokens[q]!.text !== ',' && !tokens[q]!.quoted && !['—', '–', ';'].includes(tokens[q]!.text))
        q--;
      if (q < from || tokens[q]!.text !== ',' || q >= p - 1) break;
      const first = tokens[q + 1]!;
      const nested = npLeft(ctx, q, from);
      if (nested && (nested.pronounOnly || tokens[nested.last]!.cap || tries === 0)) {
        if (
          !NP_PREPS.has(first.lower) &&
          !['in', 'on', 'during', 'at', 'with', 'speaking', 'after', 'before', 'while', 'who', 'which'].includes(
            first.lower,
          )
        )
          appositive = { start: first.start, end: tokens[p - 1]!.end };
        npEnd = q;
        break;
      }
      q--;
    }
  }
  // "endorsed Clark and told ...", "endorsed Clark, but said ...": a second verb of the same subject.
  const participle =
    (/ing$/.test(tok.lower) &&
      p >= from &&
      (tokens[p]!.text === ',' || tokens[p]!.text === '—' || tokens[p]!.lower === 'and')) ||
    (p >= from &&
      (tokens[p]!.lower === 'and' || tokens[p]!.lower === 'but') &&
      !/ing$/.test(tok.lower) &&
      !npLeft(ctx, p + 1, from));
  let source: SourceRef | null = null;
  let sourceRange: Range | null = null;
  let relative: Range | null = null;
  let pattern = 'source-cue-content';
  if (participle) {
    const subject = before.at(-1)?.source ?? subjectOf(ctx, from, p);
    if (!subject) return null;
    source = subject;
    sourceRange = before.at(-1) ? null : { start: subject.mention.start, end: subject.mention.end };
    pattern = 'participle';
    if (tok.lower === 'saying' && before.at(-1)) {
      // "confirmed the withdrawal, saying ...": one claim, the saying part extends it.
      const prevCand = before.at(-1)!;
      const contentEnd = clauseEnd(ctx, unit, i + 1, to, true);
      prevCand.content = [{ start: prevCand.content[0]?.start ?? tokens[i + 1]!.start, end: contentEnd }];
      prevCand.evidence = { start: prevCand.evidence.start, end: Math.max(prevCand.evidence.end, contentEnd) };
      return null;
    }
  } else {
    let np = npLeft(ctx, npEnd, from);
    const wide = subjectSpan(ctx, unit, from, npEnd);
    if (
      wide &&
      (!np || (wide.first < np.first && !['whom', 'which', 'that'].includes(tokens[np.first - 1]?.lower ?? '')))
    )
      np = { ...wide, pronounOnly: false };
    if (np) {
      const beforeNp = tokens[np.first - 1];
      if (
        beforeNp &&
        beforeNp.unit === unit.index &&
        ['whom', 'which', 'that'].includes(beforeNp.lower) &&
        tokens[np.first - 2]?.text === ','
      ) {
        relative = { start: beforeNp.start, end: beforeNp.end };
        pattern = 'relative-clause';
      } else if (
        beforeNp &&
        beforeNp.unit === unit.index &&
        (NP_PREPS.has(beforeNp.lower) ||
          ['by', 'in', 'on', 'with', 'about', 'against', 'than', 'like'].includes(beforeNp.lower))
      ) {
        return null; // the name is an object of a preposition, not the subject of the cue
      }
      // "Polls show", "Records compiled by the commission show": a document heads the subject, near its start.
      if (verb.lemma === 'show') {
        let doc = np.first;
        while (doc <= Math.min(np.last, np.first + 5) && !DOCUMENT_HEADS.has(tokens[doc]!.lower)) doc++;
        if (doc > Math.min(np.last, np.first + 5)) return null;
        np = { ...np, last: doc }; // the document is the source, not what modifies it ("polls released Sunday")
      }
      source = resolveSource(ctx, np.first, np.last, appositive);
      sourceRange = {
        start: tokens[np.last]!.start <= tokens[np.first]!.start ? tokens[np.first]!.start : tokens[np.first]!.start,
        end: tokens[np.last]!.end,
      };
    }
  }
  if (verb.lemma === 'show' && (!source || pattern !== 'source-cue-content')) return null;

  // Right of the cue: addressee ("told Reuters"), inverted source ("said Peskov"), then the content.
  let k = i + 1;
  let relay: Actor | null = null;
  let relayRange: Range | null = null;
  if (verb.frame === 'addressee' && k < to && !tokens[k]!.quoted) {
    const obj = npRight(ctx, k, to);
    if (obj) {
      const objKind = describedKind(ctx, obj.first, obj.last);
      if (objKind === 'media') {
        relay = resolveSource(ctx, obj.first, obj.last, null).actor;
        relayRange = { start: tokens[obj.first]!.start, end: tokens[obj.last]!.end };
      }
      k = obj.last + 1;
    }
  }
  if (!source) {
    const np = k < to && !tokens[k]!.quoted ? npRight(ctx, k, to) : null;
    if (!np) return null;
    const afterNp = tokens[np.last + 1];
    // "..., said Peskov." / "“...,” said the spokesman, adding ..."
    if (
      afterNp &&
      afterNp.unit === unit.index &&
      ![',', '.', '—', ';', ':', '(', 'who', 'according', 'adding', 'referring'].includes(afterNp.lower) &&
      !ADJUNCT_STARTERS.has(afterNp.lower) &&
      !CLAUSE_STARTERS.has(afterNp.lower) &&
      !afterNp.quoted
    )
      return null;
    source = resolveSource(ctx, np.first, np.last, null);
    sourceRange = { start: tokens[np.first]!.start, end: tokens[np.last]!.end };
    pattern = 'content-cue-source';
    k = np.last + 1;
  }

  // Responses in apposition: "..., a charge Russia rejected." The answered claim's content is this one's.
  let respondsTo: Candidate | undefined;
  if (sourceRange && !relative && before.length) {
    const firstTok = tokenIndexAt(ctx, sourceRange.start);
    const noun = tokens[firstTok - 1];
    const det = tokens[firstTok - 2];
    if (noun && RESPONSE_NOUNS.has(noun.lower) && det && (DETERMINERS.has(det.lower) || det.text === ',')) {
      respondsTo = before.at(-1);
      pattern = 'response-apposition';
    }
  }

  // Content after the cue or before the source.
  let content: Range[] = [];
  let contentKind: Candidate['contentKind'] = 'clause';
  let extraText: string | undefined;
  // "called for a ban", "called on Congress to act": what follows the particle is the content ("called on Monday" is a time).
  const callParticle =
    k + 1 < to &&
    ((verb.frame === 'call' &&
      ['for', 'on'].includes(tokens[k]?.lower ?? '') &&
      !/^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.test(tokens[k + 1]!.lower)) ||
      ((verb.lemma === 'talk' || verb.lemma === 'speak') && tokens[k]?.lower === 'about'));
  let restStart = callParticle ? k + 1 : skipAdjuncts(ctx, unit, k, to);
  const restText = restStart < to ? ctx.text.slice(tokens[restStart]!.start, unit.end) : '';
  const frontEnd = sourceRange && pattern !== 'content-cue-source' ? sourceRange.start : ctx.tokens[i]!.start;
  const front = ctx.text.slice(unit.start, frontEnd);
  const frontIsContent =
    pattern !== 'relative-clause' &&
    /[,—:]\s*(?:[”"]|'')?\s*$|(?:[”"]|'')\s*$/.test(front) &&
    front.replace(/[\s,—:”"“']/g, '').length > 0;
  // Is what follows the cue its content? Not when it is an adjunct (", adding ...", "of her talk", "at a rally").
  let restIsClause = restStart < to && !PUNCT_ONLY.test(restText);
  if (restIsClause) {
    const r0 = tokens[restStart]!;
    const r1 = tokens[restStart + 1];
    if (r0.text === ',' && !(r1 && (r1.quoted || /^[“"']$/.test(r1.text)))) restIsClause = false;
    else if (
      ADJUNCT_STARTERS.has(r0.lower) &&
      !r0.quoted &&
      !((verb.frame === 'object' || verb.frame === 'call') && ['for', 'of', 'as'].includes(r0.lower))
    ) {
      // "said at a rally in Ohio that ...": the clause starts at "that".
      let t = restStart + 1;
      while (
        t < Math.min(to, restStart + 16) &&
        !(tokens[t]!.lower === 'that' && !tokens[t]!.quoted) &&
        tokens[t]!.text !== ','
      )
        t++;
      if (t < to && tokens[t]!.lower === 'that') restStart = t;
      else {
        // "said in the spring, when the story broke, “I did not ...”": the quotation after the adjunct.
        let q = restStart + 1;
        while (q < Math.min(to, restStart + 30) && !(tokens[q]!.quoted && /^[,:]$/.test(tokens[q - 2]?.text ?? '')))
          q++;
        if (q < to && q < restStart + 30 && tokens[q]!.quoted) restStart = q - 1;
        else restIsClause = false;
      }
    }
  }
  const quoteBefore = !respondsTo && pattern !== 'relative-clause' ? closingQuoteBefore(ctx, unit, frontEnd) : null;
  if (respondsTo) {
    content = respondsTo.content.map((r) => ({ ...r }));
    contentKind = respondsTo.contentKind;
  } else if (quoteBefore && !(restIsClause && /^(that|:)$/.test(tokens[restStart]!.lower))) {
    content = [{ start: unit.start, end: quoteBefore.end }];
    const q = ctx.quotes.find(
      (qq) =>
        qq.start >= tokens[i]!.end &&
        qq.start < unit.end &&
        ctx.text.slice(tokens[k - 1]?.end ?? tokens[i]!.end, qq.start).replace(/[\s,:—]/g, '').length === 0,
    );
    if (q) content.push({ start: q.start, end: q.end });
    if (pattern !== 'content-cue-source') pattern = 'content-source-cue';
  } else if (pattern === 'content-cue-source' || (frontIsContent && !restIsClause)) {
    const end = frontEnd - (front.length - front.replace(/[\s,—:]+$/, '').length);
    content = [{ start: unit.start, end }];
    const r0 = tokens[restStart];
    const r1 = tokens[restStart + 1];
    if (
      r0 &&
      r0.text === ',' &&
      r1 &&
      restStart + 1 < to &&
      !r1.quoted &&
      !/ing$/.test(r1.lower) &&
      !['according', 'who', 'which', 'citing', 'adding'].includes(r1.lower) &&
      !CUE_FORMS.has(r1.lower) &&
      /[,—]\s*$/.test(front) &&
      !/[”"]\s*[,—]?\s*$/.test(front)
    ) {
      // "In the end, Mr. Rosenthal said, union voters ...": the content stands on both sides.
      content.push({ start: r1.start, end: clauseEnd(ctx, unit, restStart + 1, to, false) });
    }
    // "“A,” he said, “B.”": the second half of the quotation belongs too.
    const q = ctx.quotes.find(
      (qq) =>
        qq.start >= tokens[i]!.end &&
        qq.start < unit.end &&
        ctx.text.slice(tokens[k - 1]?.end ?? tokens[i]!.end, qq.start).replace(/[\s,:—]/g, '').length === 0,
    );
    if (q) content.push({ start: q.start, end: q.end });
    if (pattern !== 'content-cue-source') pattern = 'content-source-cue';
  } else if (restIsClause) {
    let s = restStart;
    if (tokens[s]!.lower === 'that' || tokens[s]!.text === ':' || tokens[s]!.text === ',') s++;
    if (s >= to) return null;
    const end = clauseEnd(ctx, unit, s, to, participle || pattern === 'relative-clause');
    if (end <= tokens[s]!.start) return null;
    content = [{ start: tokens[s]!.start, end }];
    if (
      verb.frame === 'object' ||
      verb.frame === 'call' ||
      (tokens[restStart]!.lower !== 'that' &&
        !tokens[s]!.quoted &&
        ['confirms', 'denies', 'rejects'].includes(verb.stance))
    )
      contentKind = 'object';
    if (pattern === 'relative-clause') {
      const comma = tokenIndexAt(ctx, relative!.start) - 1;
      let a = comma - 1;
      while (
        a > unitTokensStart(ctx, unit) &&
        isWord(tokens[a - 1]) &&
        !CLAUSE_STARTERS.has(tokens[a - 1]!.lower) &&
        a > comma - 6
      )
        a--;
      if (a < comma) extraText = ctx.text.slice(tokens[a]!.start, tokens[comma - 1]!.end).replace(/^The\b/, 'the');
      contentKind = 'object';
    }
  } else {
    return null;
  }
  content = content.filter((r) => r.end > r.start);
  if (content.length === 0) return null;
  if (negated && (verb.stance === 'states' || verb.stance === 'confirms' || verb.stance === 'reports')) return null;

  const cueRange = { start: tok.start, end: tok.end };
  const spanStarts = [
    cueRange.start,
    ...content.map((r) => r.start),
    sourceRange?.start ?? Infinity,
    relative?.start ?? Infinity,
    relayRange?.start ?? Infinity,
  ];
  const spanEnds = [cueRange.end, ...content.map((r) => r.end), sourceRange?.end ?? 0, relayRange?.end ?? 0];
  let evidence = { start: Math.min(...spanStarts), end: Math.max(...spanEnds) };
  if (respondsTo) evidence = { start: Math.min(evidence.start, respondsTo.evidence.start), end: evidence.end };
  const cand: Candidate = {
    unit,
    cue: cueRange,
    cueTok: i,
    verb,
    cueWord: tok.text,
    source: source!,
    relay,
    relayRange,
    content,
    contentKind,
    extraText,
    pattern,
    negated,
    evidence,
    respondsTo,
  };
  const inAccording = accordingRelay(ctx, from, to, i);
  if (inAccording && !cand.relay) {
    cand.relay = inAccording.actor;
    cand.relayRange = inAccording.range;
    cand.evidence = {
      start: Math.min(cand.evidence.start, inAccording.range.start),
      end: Math.max(cand.evidence.end, inAccording.range.end),
    };
  }
  return cand;
}

/** A quotation closing with , ? ! or — shortly before the source: "“…,” his childhood friend told The Daily Beast." */
function closingQuoteBefore(ctx: Ctx, unit: Unit, at: number): Quote | null {
  let found: Quote | null = null;
  for (const q of ctx.quotes) {
    if (q.start < unit.start) continue;
    if (q.end > at || q.start >= unit.end) break;
    found = q;
  }
  if (!found) return null;
  const gap = ctx.text.slice(found.end, at);
  const words = gap.split(/\s+/).filter(Boolean);
  if (words.length > 8 || /[.;:“"]/.test(gap) || words.some((w) => CUE_FORMS.has(w.toLowerCase()))) return null;
  const inner = ctx.text
    .slice(found.start, found.end)
    .replace(/(?:[”"]|'')$/, '')
    .trimEnd();
  return /[,?!—-]\s*['’]?$/.test(inner) ? found : null;
}

/** A title-case line ("Mayor Says Bridge Is Safe"): its cue words are capitalized too. */
function isHeadline(ctx: Ctx, from: number, to: number): boolean {
  const words = ctx.tokens.slice(from, to).filter((t) => isWord(t) && t.text.length > 3);
  return words.length >= 3 && words.filter((t) => t.cap).length >= words.length * 0.8;
}

function hasAhead(tokens: Token[], i: number, to: number, word: string, within: number): boolean {
  for (let k = i + 1; k < Math.min(to, i + within + 1); k++) if (tokens[k]!.lower === word) return true;
  return false;
}

function tokenIndexAt(ctx: Ctx, start: number): number {
  let lo = 0;
  let hi = ctx.tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.tokens[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function unitTokensStart(ctx: Ctx, unit: Unit): number {
  return tokenIndexAt(ctx, unit.start);
}

/** Time words and channels right after a cue ("reported late Tuesday that"): skipped before the content. */
function skipAdjuncts(ctx: Ctx, unit: Unit, k: number, to: number): number {
  const { tokens } = ctx;
  let guard = 0;
  while (k < to && guard++ < 4) {
    const rest = ctx.text.slice(tokens[k]!.start, unit.end);
    const time =
      /^(?:(?:on|late|early|last|this|earlier)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|last (?:week|month|year|night)|this (?:week|month|morning|afternoon|evening))(?:\s+(?:morning|afternoon|evening|night))?\b/i.exec(
        rest,
      ) ??
      /^(?:in|during|at|on)\s+(?:a|an|the|his|her|their|its)\s+(?:[\p{L}-]+\s+){0,3}?(?:statement|interview|call|conference|speech|briefing|post|tweet|email|e-mail|letter|op-ed|address|appearance|remarks|video|message|testimony|hearing|debate|rally|release|filing|memo)s?(?:\s+(?:with|to|on|at)\s+(?:[\p{L}.’'-]+\s*?){1,4}?)?(?=[,.;:]|\s+(?:that|on|late|early|last)\b|$)/iu.exec(
        rest,
      ) ??
      /^(?:on\s+(?:Twitter|Facebook|Telegram|Instagram|X|CNN|Fox News|MSNBC|television|TV|radio))\b/.exec(rest);
    if (!time) break;
    const endAt = tokens[k]!.start + time[0].length;
    while (k < to && tokens[k]!.end <= endAt) k++;
    // A comma after the adjunct stays: ", ending ..." is no content, ", “...”" is.
    if (tokens[k]?.text === ',' && k + 1 < to && (tokens[k + 1]!.quoted || /^[“"']$/.test(tokens[k + 1]!.text))) k++;
  }
  return k;
}

/** Where a content clause starting at token s ends: the unit end, or earlier at a boundary. */
function clauseEnd(ctx: Ctx, unit: Unit, s: number, to: number, short: boolean): number {
  const { tokens } = ctx;
  let end = unit.end;
  for (let k = s; k < to; k++) {
    const t = tokens[k]!;
    if (t.quoted) continue;
    const n1 = tokens[k + 1];
    const n2 = tokens[k + 2];
    if (t.text === ',' && n1 && n2 && n1.unit === unit.index) {
      // ", a charge Russia rejected" — an appositive that answers the claim.
      if (DETERMINERS.has(n1.lower) && RESPONSE_NOUNS.has(n2.lower)) {
        end = t.start;
        break;
      }
      if (DETERMINERS.has(n1.lower) && RESPONSE_NOUNS.has(tokens[k + 3]?.lower ?? '')) {
        end = t.start;
        break;
      }
      if (short && ['and', 'but'].includes(n1.lower) && (DETERMINERS.has(n2.lower) || n2.cap || PRONOUNS[n2.lower])) {
        end = t.start;
        break;
      }
      if (short && unit && isRelativeEnd(ctx, s, k)) {
        end = t.start;
        break;
      }
      if (n1.lower === 'according' && n2.lower === 'to') {
        end = t.start;
        break;
      }
      // ", he said" / ", said X" inside a reported clause: the next attribution starts here.
      if (CUE_FORMS.has(n1.lower) || (n2 && CUE_FORMS.has(n2.lower) && (PRONOUNS[n1.lower] || n1.cap))) {
        end = t.start;
        break;
      }
    }
  }
  let e = end;
  while (e > tokens[s]!.start && /[\s.,;:]/.test(ctx.text[e - 1]!)) e--;
  return e;
}

/** In a relative clause ("whom X had criticised for ..., had ..."), the clause ends at the first comma. */
function isRelativeEnd(ctx: Ctx, s: number, k: number): boolean {
  for (let j = s - 1; j >= Math.max(0, s - 12); j--) {
    const w = ctx.tokens[j]!.lower;
    if (w === 'whom' || w === 'which') return true;
    if (w === ',' || w === '.') break;
  }
  return k > s;
}

/**
 * The whole subject of a cue, from the clause start: "Several people I've spoken with said",
 * "Jeffrey Lewis of the James Martin Center wrote", "Some delegates at the convention said". Only
 * a short span with no verb of saying, no quotation and a head (a name or a role noun) near its start.
 */
function subjectSpan(ctx: Ctx, unit: Unit, from: number, end: number): { first: number; last: number } | null {
  const { tokens } = ctx;
  if (end <= from) return null;
  let start = end - 1;
  while (start > from && end - start < 14) {
    const w = tokens[start - 1]!;
    if (w.quoted || /^[,;:—–()“”"]$/.test(w.text) || CLAUSE_STARTERS.has(w.lower) || (CUE_FORMS.has(w.lower) && !w.cap))
      break;
    start--;
  }
  if (end - start >= 14 || start >= end) return null;
  const before = tokens[start - 1];
  if (before && before.unit === unit.index && !/^[,;:—–(“”"]$/.test(before.text) && !CLAUSE_STARTERS.has(before.lower))
    return null;
  if (before && before.text === ',' && start - 1 > from) {
    // After a comma only when the comma closes an introductory phrase or a quotation.
    const prevQuote = tokens[start - 2];
    if (!(prevQuote && (prevQuote.quoted || /^[”"]$/.test(prevQuote.text)))) {
      const intro = tokens.slice(from, start - 1);
      if (
        intro.length > 6 ||
        !intro.length ||
        !(
          ADJUNCT_STARTERS.has(intro[0]!.lower) ||
          /^(but|and|so|yet|however|still|instead|meanwhile)$/i.test(intro[0]!.text)
        )
      )
        return null;
    }
  }
  while (
    start < end - 1 &&
    (isSentenceWord(ctx, start) || /^(but|and|so|yet|however|still|instead|meanwhile|also)$/i.test(tokens[start]!.text))
  )
    start++;
  const words = tokens.slice(start, end);
  if (
    words.some(
      (w) =>
        w.quoted ||
        (AUX.has(w.lower) && !['first', 'former', 'then', 'now', 'long', 'still'].includes(w.lower)) ||
        /^(is|was|were|are|has|had|have|will|would|did|does|do|can|could)$/.test(w.lower),
    )
  )
    return null;
  const headAt = words.findIndex(
    (w, n) => (w.cap && !isSentenceWord(ctx, start + n)) || ROLE_KIND.has(singular(w.lower)) || PRONOUNS[w.lower],
  );
  if (headAt < 0 || headAt > 4) return null;
  return { first: start, last: end - 1 };
}

/** A capitalized word that is only capitalized because it opens a sentence: "If", "Facing", "Asked". */
function isSentenceWord(ctx: Ctx, k: number): boolean {
  const t = ctx.tokens[k]!;
  if (!t.cap) return false;
  const prev = ctx.tokens[k - 1];
  const opens = !prev || prev.unit !== t.unit || /^[“"'‘(—:]$/.test(prev.text);
  if (!opens) return false;
  return FUNCTION_WORDS.has(t.lower) || CUE_FORMS.has(t.lower);
}

/** "Speaking at a rally, ...", "The Florida senator ...": a capitalized opener that is no name. */
function isOpenerWord(ctx: Ctx, k: number): boolean {
  const t = ctx.tokens[k]!;
  if (isSentenceWord(ctx, k) || DETERMINERS.has(t.lower)) return true;
  const next = ctx.tokens[k + 1];
  return (
    /^\p{Lu}\p{Ll}+(?:ing|ed)$/u.test(t.text) &&
    !!next &&
    (FUNCTION_WORDS.has(next.lower) || ADJUNCT_STARTERS.has(next.lower) || DETERMINERS.has(next.lower))
  );
}

/** Noun phrase ending just before token index `end` (exclusive), not before `from`. */
function npLeft(ctx: Ctx, end: number, from: number): { first: number; last: number; pronounOnly: boolean } | null {
  const { tokens } = ctx;
  let last = end - 1;
  if (last >= from && tokens[last]!.text === ')') {
    let q = last - 1;
    while (q >= from && tokens[q]!.text !== '(' && last - q < 8) q--;
    if (q >= from && tokens[q]!.text === '(') last = q - 1;
  }
  if (last < from) return null;
  const t = tokens[last]!;
  if (t.quoted || (!isWord(t) && t.text !== '%')) return null;
  if (PRONOUNS[t.lower] && !(t.lower === 'it' && tokens[last - 1] && /^(that|what)$/.test(tokens[last - 1]!.lower))) {
    if (t.lower === 'i' || t.lower === 'you') return null;
    return { first: last, last, pronounOnly: true };
  }
  const headRole =
    ROLE_KIND.has(singular(t.lower)) ||
    (DETERMINERS.has(t.lower) &&
      ['some', 'many', 'several', 'most', 'others', 'both', 'few', 'all'].includes(t.lower)) ||
    t.lower === 'leadership' ||
    t.lower === '%' ||
    /^\d[\d,.]*%$/.test(t.text);
  if (t.cap && !headRole && isSentenceWord(ctx, last)) return null;
  if (!t.cap && !headRole) return null;
  let first = last;
  let inName = t.cap;
  for (let k = last - 1; k >= from; k--) {
    const w = tokens[k]!;
    if (w.quoted || (!isWord(w) && w.text !== '-')) break;
    if (
      w.cap &&
      !CLAUSE_STARTERS.has(w.lower) &&
      ![
        'But',
        'And',
        'In',
        'On',
        'At',
        'As',
        'After',
        'When',
        'If',
        'So',
        'Yet',
        'Still',
        'Now',
        'Then',
        'Meanwhile',
        'However',
        'Also',
        'Later',
        'Earlier',
        'Today',
        'Yesterday',
        'Last',
        'This',
      ].includes(w.text)
    ) {
      first = k;
      continue;
    }
    if (DETERMINERS.has(w.lower) && !['that', 'no', 'all', 'other'].includes(w.lower)) {
      first = k;
      const before = tokens[k - 1];
      if (
        before &&
        k - 1 >= from &&
        (before.lower === 'of' || before.lower === 'for') &&
        tokens[k - 2] &&
        (ROLE_KIND.has(singular(tokens[k - 2]!.lower)) || tokens[k - 2]!.cap)
      ) {
        first = k - 2;
        k -= 2;
        continue;
      }
      break;
    }
    if (w.lower === 'of' && inName && tokens[k - 1]?.cap && k - 1 >= from) {
      first = k - 1;
      k--;
      continue;
    }
    if (
      w.lower === 'and' &&
      k - 1 >= from &&
      tokens[k - 1] &&
      (tokens[k - 1]!.cap || ROLE_KIND.has(singular(tokens[k - 1]!.lower))) &&
      !tokens[k - 1]!.quoted
    ) {
      first = k - 1;
      k--;
      continue;
    }
    if (inName && !ROLE_KIND.has(singular(w.lower)) && !MODIFIERS.has(w.lower)) break;
    if (w.lower.endsWith("'s") || w.lower.endsWith("s'")) {
      first = k;
      continue;
    }
    if (ROLE_KIND.has(singular(w.lower)) || MODIFIERS.has(w.lower) || w.text === '-') {
      first = k;
      inName = false;
      continue;
    }
    if (
      (w.lower === 'of' || w.lower === 'for') &&
      tokens[k - 1] &&
      (ROLE_KIND.has(singular(tokens[k - 1]!.lower)) || tokens[k - 1]!.cap)
    ) {
      first = k - 1;
      k--;
      continue;
    }
    break;
  }
  while (first < last && (NP_PREPS.has(tokens[first]!.lower) || tokens[first]!.text === '-')) first++;
  // A leading capitalized sentence adverb or conjunction is not part of the name.
  while (
    first < last &&
    (['But', 'And', 'So', 'Yet', 'Still', 'Now', 'Then', 'Meanwhile', 'However', 'Also'].includes(
      tokens[first]!.text,
    ) ||
      isSentenceWord(ctx, first))
  )
    first++;
  return { first, last, pronounOnly: false };
}

/** Noun phrase starting at token `start`: an inverted source ("said Peskov") or an addressee ("told Reuters"). */
function npRight(ctx: Ctx, start: number, to: number): { first: number; last: number } | null {
  const { tokens } = ctx;
  let k = start;
  const first = k;
  if (k >= to) return null;
  const t0 = tokens[k]!;
  if (t0.quoted) return null;
  if (PRONOUNS[t0.lower] && t0.lower !== 'i' && t0.lower !== 'you') return { first: k, last: k };
  let last = -1;
  let sawDet = false;
  while (k < to && k - start < 12) {
    const w = tokens[k]!;
    if (w.quoted || (!isWord(w) && w.text !== '-' && w.text !== '%')) break;
    if (DETERMINERS.has(w.lower) && last === -1 && w.lower !== 'that') {
      sawDet = true;
      k++;
      continue;
    }
    const head = w.cap || ROLE_KIND.has(singular(w.lower)) || /^\d/.test(w.text) || w.text === '%';
    if (head) {
      last = k;
      k++;
      continue;
    }
    if (MODIFIERS.has(w.lower) || w.lower.endsWith("'s") || w.text === '-') {
      sawDet = true;
      k++;
      continue;
    }
    if (
      (w.lower === 'of' || w.lower === 'for' || w.lower === 'at') &&
      last !== -1 &&
      tokens[k + 1] &&
      (tokens[k + 1]!.cap || DETERMINERS.has(tokens[k + 1]!.lower))
    ) {
      k++;
      continue;
    }
    // Plain lowercase premodifiers ("a longtime GOP data expert"), only before a head still to come.
    // Not a past-tense verb after a name: "Ortiz endorsed Clinton" is a clause, not a noun phrase.
    if (
      (sawDet || last !== -1) &&
      !(last !== -1 && tokens[last]!.cap && /ed$/.test(w.lower)) &&
      /^\p{Ll}[\p{Ll}-]*$/u.test(w.text) &&
      !CUE_FORMS.has(w.lower) &&
      !CLAUSE_STARTERS.has(w.lower) &&
      !AUX.has(w.lower) &&
      !ADJUNCT_STARTERS.has(w.lower) &&
      !PRONOUNS[w.lower]
    ) {
      let ahead = k + 1;
      while (
        ahead < to &&
        ahead - k < 4 &&
        /^\p{Ll}/u.test(tokens[ahead]!.text) &&
        !ROLE_KIND.has(singular(tokens[ahead]!.lower))
      )
        ahead++;
      if (
        ahead < to &&
        (ROLE_KIND.has(singular(tokens[ahead]!.lower)) || tokens[ahead]!.cap) &&
        !tokens[ahead]!.quoted
      ) {
        k++;
        continue;
      }
    }
    break;
  }
  if (last === -1) return null;
  return { first, last };
}

/** The subject of the unit's main clause (for "..., saying ..." / "..., alleging ..."). */
function subjectOf(ctx: Ctx, from: number, upTo: number): SourceRef | null {
  const { tokens } = ctx;
  let k = from;
  while (
    k < upTo &&
    (['But', 'And', 'So', 'Yet', 'However', 'Meanwhile', 'Still', 'Also', 'Instead'].includes(tokens[k]!.text) ||
      tokens[k]!.text === ',')
  )
    k++;
  const commaAt = tokens.slice(k, Math.min(upTo, k + 7)).findIndex((t) => t.text === ',');
  if (
    k < upTo &&
    (ADJUNCT_STARTERS.has(tokens[k]!.lower) ||
      (commaAt > 0 &&
        !tokens.slice(k, k + commaAt).some((t) => t.cap && k > 0 && t !== tokens[k]) &&
        tokens[k + commaAt + 1] &&
        (PRONOUNS[tokens[k + commaAt + 1]!.lower] || tokens[k + commaAt + 1]!.cap)))
  ) {
    let c = k;
    while (c < upTo && tokens[c]!.text !== ',' && c - k < 10) c++;
    if (c < upTo && tokens[c]!.text === ',') k = c + 1;
  }
  const np = npRight(ctx, k, upTo);
  if (!np) return null;
  const after = tokens[np.last + 1];
  if (!after || after.quoted) return null;
  return resolveSource(ctx, np.first, np.last, null);
}

/** "Bush: “The mission is to destroy ISIS.”", "From the report: “...”": a source, a colon, a quotation. */
function colonQuote(ctx: Ctx, unit: Unit, from: number, i: number): Candidate | null {
  const { tokens } = ctx;
  const next = tokens[i + 1];
  if (!next || next.unit !== unit.index || !(next.quoted || /^[“"]$/.test(next.text))) return null;
  const q = ctx.quotes.find((qq) => qq.start >= tokens[i]!.end && qq.start <= next.start);
  if (!q) return null;
  const np = npLeft(ctx, i, from);
  if (!np || np.pronounOnly) return null;
  // Only a short lead: the speaker and at most a few words ("More from the report:").
  if (
    tokens[np.first]!.start - unit.start > 40 &&
    !/[-–—]\s*$/.test(ctx.text.slice(unit.start, tokens[np.first]!.start))
  )
    return null;
  if (!tokens[np.last]!.cap && !ROLE_KIND.has(singular(tokens[np.last]!.lower))) return null;
  const source = resolveSource(ctx, np.first, np.last, null);
  const sourceRange = { start: tokens[np.first]!.start, end: tokens[np.last]!.end };
  const content = { start: q.start, end: q.end };
  return {
    unit,
    cue: { start: tokens[i]!.start, end: tokens[i]!.end },
    cueTok: i,
    verb: { lemma: ':', stance: 'states', frame: 'clause' },
    cueWord: ':',
    source,
    relay: null,
    relayRange: null,
    content: [content],
    contentKind: 'quote',
    pattern: 'colon-quote',
    negated: false,
    evidence: { start: sourceRange.start, end: content.end },
  };
}

/** "according to X, ..." and "..., according to X." */
function accordingTo(ctx: Ctx, unit: Unit, from: number, to: number, i: number): Candidate | null {
  const { tokens } = ctx;
  let np = npRight(ctx, i + 2, to);
  if (!np) {
    // "according to early returns", "according to the foundation's tally": the phrase up to the comma.
    // At the head of a sentence the comma closes the phrase, so a longer one is safe there
    // ("According to early results of exit polls conducted for ... by ..., C").
    const limit = i === from ? 30 : 12;
    let e = i + 2;
    while (
      e < to &&
      e - i < limit &&
      isWord(tokens[e]) &&
      !tokens[e]!.quoted &&
      (!CLAUSE_STARTERS.has(tokens[e]!.lower) || (i === from && ['and', 'or'].includes(tokens[e]!.lower)))
    )
      e++;
    if (e === i + 2 || (e < to && !/^[,.;:)—]$/.test(tokens[e]!.text))) return null;
    np = { first: i + 2, last: e - 1 };
  }
  // "according to state media, X said ...": the cue of the sentence is X's; this is its relay.
  for (let k = from; k < to; k++)
    if (
      k !== i &&
      !tokens[k]!.cap &&
      CUE_FORMS.has(tokens[k]!.lower) &&
      !NOUNLIKE.has(tokens[k]!.lower) &&
      CUE_FORMS.get(tokens[k]!.lower)!.frame !== 'call' &&
      !tokens[k]!.quoted
    ) {
      const kind = describedKind(ctx, np.first, np.last);
      if (kind === 'media' || kind === 'organization') return null;
    }
  const source = resolveSource(ctx, np.first, np.last, null);
  const sourceRange = { start: tokens[np.first]!.start, end: tokens[np.last]!.end };
  let content: Range;
  const afterNp = tokens[np.last + 1];
  if (
    i === from ||
    (i > from && tokens[i - 1]!.text === ',' && ctx.text.slice(unit.start, tokens[i]!.start).trim().length < 3)
  ) {
    // "According to X, C."
    let s = np.last + 1;
    while (s < to && tokens[s]!.text === ',') s++;
    if (s >= to) return null;
    content = { start: tokens[s]!.start, end: clauseEnd(ctx, unit, s, to, false) };
  } else {
    let e = tokens[i]!.start;
    const front = ctx.text.slice(unit.start, e).replace(/[\s,—(]+$/, '');
    e = unit.start + front.length;
    // "C, according to X, D" — when the phrase sits in the middle, the content is the whole clause.
    const endAll =
      afterNp && afterNp.text === ',' && np.last + 2 < to ? clauseEnd(ctx, unit, np.last + 2, to, false) : e;
    content = { start: unit.start, end: e };
    if (endAll > e)
      return mk(ctx, unit, i, source, sourceRange, [content, { start: tokens[np.last + 2]!.start, end: endAll }]);
  }
  if (content.end <= content.start) return null;
  return mk(ctx, unit, i, source, sourceRange, [content]);
}

function mk(ctx: Ctx, unit: Unit, i: number, source: SourceRef, sourceRange: Range, content: Range[]): Candidate {
  const { tokens } = ctx;
  const cue = { start: tokens[i]!.start, end: tokens[i + 1]!.end };
  const starts = [cue.start, sourceRange.start, ...content.map((c) => c.start)];
  const ends = [cue.end, sourceRange.end, ...content.map((c) => c.end)];
  const media = source.actor.kind === 'media';
  return {
    unit,
    cue,
    cueTok: i,
    verb: { lemma: 'according to', stance: media ? 'reports' : 'states', frame: 'clause' },
    cueWord: 'according to',
    source,
    relay: null,
    relayRange: null,
    content,
    contentKind: 'clause',
    pattern: 'according-to',
    negated: false,
    evidence: { start: Math.min(...starts), end: Math.max(...ends) },
  };
}

/** "according to X" elsewhere in the unit, naming an outlet: the relay of the unit's other cue. */
function accordingRelay(ctx: Ctx, from: number, to: number, cueTok: number): { actor: Actor; range: Range } | null {
  const { tokens } = ctx;
  for (let k = from; k < to - 2; k++) {
    if (k === cueTok || tokens[k]!.lower !== 'according' || tokens[k + 1]!.lower !== 'to') continue;
    const np = npRight(ctx, k + 2, to);
    if (!np || describedKind(ctx, np.first, np.last) !== 'media') continue;
    return {
      actor: resolveSource(ctx, np.first, np.last, null).actor,
      range: { start: tokens[k]!.start, end: tokens[np.last]!.end },
    };
  }
  return null;
}

/** "X was cited by Y as confirming ...", "it quoted X as saying", "X was quoted as saying". */
function asSaying(ctx: Ctx, unit: Unit, from: number, to: number, i: number, verb: CueVerb): Candidate | null {
  const { tokens } = ctx;
  const asTok = i - 1;
  let speaker: SourceRef | null = null;
  let speakerRange: Range | null = null;
  let relay: Actor | null = null;
  let relayRange: Range | null = null;
  // Active: "[subject] quoted|cited [speaker] as saying"
  const np1 = npLeft(ctx, asTok, from);
  if (!np1) return null;
  const beforeNp = tokens[np1.first - 1];
  if (beforeNp && /^(quoted|cited|described|reported|paraphrased)$/.test(beforeNp.lower)) {
    speaker = resolveSource(ctx, np1.first, np1.last, null);
    speakerRange = { start: tokens[np1.first]!.start, end: tokens[np1.last]!.end };
    const subj = npLeft(ctx, np1.first - 1, from);
    if (subj) {
      relay = resolveSource(ctx, subj.first, subj.last, null, 'media').actor;
      relayRange = { start: tokens[subj.first]!.start, end: tokens[subj.last]!.end };
    }
  } else if (beforeNp && beforeNp.lower === 'by' && /^(quoted|cited)$/.test(tokens[np1.first - 2]?.lower ?? '')) {
    // Passive with the outlet: "X was cited by Y as ..."
    relay = resolveSource(ctx, np1.first, np1.last, null, 'media').actor;
    relayRange = { start: tokens[np1.first]!.start, end: tokens[np1.last]!.end };
    let k = np1.first - 3;
    while (k >= from && AUX.has(tokens[k]!.lower)) k--;
    const subj = npLeft(ctx, k + 1, from);
    if (!subj) return null;
    speaker = resolveSource(ctx, subj.first, subj.last, null);
    speakerRange = { start: tokens[subj.first]!.start, end: tokens[subj.last]!.end };
  } else if (/^(quoted|cited)$/.test(tokens[asTok - 1]?.lower ?? '')) {
    let k = asTok - 2;
    while (k >= from && AUX.has(tokens[k]!.lower)) k--;
    const subj = npLeft(ctx, k + 1, from);
    if (!subj) return null;
    speaker = resolveSource(ctx, subj.first, subj.last, null);
    speakerRange = { start: tokens[subj.first]!.start, end: tokens[subj.last]!.end };
  } else return null;
  if (!speaker || !speakerRange) return null;
  let content: Range[];
  const rest = skipAdjuncts(ctx, unit, i + 1, to);
  if (rest < to && !PUNCT_ONLY.test(ctx.text.slice(tokens[rest]!.start, unit.end))) {
    let s = rest;
    if (tokens[s]!.lower === 'that' || tokens[s]!.text === ':' || tokens[s]!.text === ',') s++;
    if (s >= to) return null;
    content = [{ start: tokens[s]!.start, end: clauseEnd(ctx, unit, s, to, false) }];
  } else {
    const frontEnd = Math.min(speakerRange.start, relayRange?.start ?? Infinity);
    const front = ctx.text.slice(unit.start, frontEnd).replace(/[\s,—:]+$/, '');
    if (!front) return null;
    content = [{ start: unit.start, end: unit.start + front.length }];
  }
  const cue = { start: tokens[i]!.start, end: tokens[i]!.end };
  const starts = [cue.start, speakerRange.start, relayRange?.start ?? Infinity, ...content.map((c) => c.start)];
  const ends = [cue.end, speakerRange.end, relayRange?.end ?? 0, ...content.map((c) => c.end)];
  return {
    unit,
    cue,
    cueTok: i,
    verb,
    cueWord: tokens[i]!.text,
    source: speaker,
    relay,
    relayRange,
    content,
    contentKind: 'clause',
    pattern: 'relay-as-saying',
    negated: false,
    evidence: { start: Math.min(...starts), end: Math.max(...ends) },
  };
}

function quoteOnly(ctx: Ctx, unit: Unit): boolean {
  const q = ctx.quotes.find((qq) => qq.start >= unit.start && qq.start < unit.end);
  return (
    !!q &&
    ctx.text.slice(unit.start, q.start).trim() === '' &&
    PUNCT_ONLY.test(ctx.text.slice(Math.min(q.end, unit.end), unit.end))
  );
}

/** A paragraph that is only a quotation, right after a quoted speaker, continues that speaker. */
function quoteContinuation(ctx: Ctx, unit: Unit, previous: Candidate[]): Candidate | null {
  if (!quoteOnly(ctx, unit)) return null;
  const last = previous.at(-1);
  if (!last || !isDirect(ctx, last.content)) return null;
  const q = ctx.quotes.find((qq) => qq.start >= unit.start && qq.start < unit.end)!;
  const content = [{ start: q.start, end: Math.min(q.end, unit.end) }];
  return {
    ...last,
    unit,
    content,
    contentKind: 'quote',
    pattern: 'quote-continuation',
    source: { ...last.source, confidence: Math.min(last.source.confidence, 0.6) },
    evidence: { start: unit.start, end: unit.end },
    respondsTo: undefined,
    extraText: undefined,
    cue: last.cue,
    relayRange: null,
  };
}

function isDirect(ctx: Ctx, content: Range[]): boolean {
  return content.every((r) => {
    const inner = ctx.text.slice(r.start, r.end).trim();
    const q = ctx.quotes.find(
      (qq) =>
        qq.start <= r.start + (inner.length ? ctx.text.slice(r.start, r.end).indexOf(inner) : 0) && qq.end >= r.end - 1,
    );
    return !!q && /^(?:[“"]|'')/.test(inner);
  });
}

/** Contents never run into the next attribution of the same unit. */
function trimContents(ctx: Ctx, found: Candidate[]) {
  found.sort((a, b) => a.cue.start - b.cue.start);
  for (let n = 0; n < found.length - 1; n++) {
    const a = found[n]!;
    const b = found[n + 1]!;
    const bStart = Math.min(b.evidence.start, b.cue.start);
    if (b.pattern === 'response-apposition' || b.pattern === 'participle') continue;
    for (const r of a.content) {
      if (r.start < b.cue.start && r.end > bStart && bStart > r.start) {
        r.end = bStart;
        while (r.end > r.start && /[\s,;:—]/.test(ctx.text[r.end - 1]!)) r.end--;
      }
    }
    a.content = a.content.filter((r) => r.end > r.start);
    if (a.evidence.end > bStart && a.evidence.start < bStart && a.cue.end <= bStart) {
      a.evidence.end = Math.max(
        a.cue.end,
        ...a.content.map((r) => r.end),
        a.source.mention.end <= bStart ? a.source.mention.end : a.cue.end,
      );
    }
  }
  // Two cues with the same content and source (e.g. "said ... according to") keep the first.
  for (let n = found.length - 1; n > 0; n--) {
    const a = found[n - 1]!;
    const b = found[n]!;
    if (a.source.actor === b.source.actor && a.content[0] && b.content[0] && a.content[0].start === b.content[0].start)
      found.splice(n, 1);
  }
}

/** What a noun phrase names: a media outlet, an organization, a person, a state... */
function describedKind(ctx: Ctx, first: number, last: number): ActorKind {
  const { tokens } = ctx;
  const words = tokens.slice(first, last + 1);
  const name = words.map((w) => w.text).join(' ');
  const existing =
    ctx.registry.find(name) ??
    ctx.registry.find(
      words
        .filter((w) => w.cap)
        .map((w) => w.text)
        .join(' '),
    );
  if (existing) return existing.kind;
  const lowers = words.map((w) => w.lower.replace(/'s$/, ''));
  if (
    lowers.some(
      (w) =>
        w === 'agency' ||
        w === 'newspaper' ||
        w === 'broadcaster' ||
        w === 'outlet' ||
        w === 'tabloid' ||
        w === 'magazine' ||
        w === 'paper',
    ) &&
    (lowers.includes('news') ||
      lowers.includes('newspaper') ||
      lowers.includes('broadcaster') ||
      lowers.includes('outlet') ||
      lowers.includes('magazine') ||
      lowers.includes('tabloid') ||
      lowers.includes('paper') ||
      (lowers.includes('agency') && lowers.includes('news')))
  )
    return 'media';
  const caps = words.filter((w) => w.cap);
  if (
    caps.length &&
    caps.some((w) => MEDIA_WORDS.has(w.lower)) &&
    !caps.some((w) => TITLES.has(w.lower) && !['post', 'times'].includes(w.lower))
  ) {
    // "The New York Times", "Reuters", "Fox News": a media word among capitalized words.
    if (caps.every((w) => !ORG_WORDS.has(w.lower) || MEDIA_WORDS.has(w.lower))) return 'media';
  }
  if (
    caps.length &&
    countryOf(caps.map((w) => w.text).join(' ')) &&
    caps.length === words.filter((w) => !DETERMINERS.has(w.lower)).length
  )
    return 'state';
  if (caps.some((w) => ORG_WORDS.has(w.lower))) return 'organization';
  const head = words.at(-1)!;
  if (!head.cap) {
    const kind = ROLE_KIND.get(singular(head.lower));
    if (kind === 'media') return 'media';
    if (kind === 'organization') return 'organization';
    return 'group';
  }
  if (caps.length === 1 && words.length >= 2 && words[0]!.lower === 'the') return 'organization';
  return 'person';
}

/** From a source noun phrase to an actor: names, roles, pronouns, surnames, descriptions. */
function resolveSource(
  ctx: Ctx,
  first: number,
  fullLast: number,
  appositive: Range | null,
  prefer?: ActorKind,
): SourceRef {
  const { tokens, registry } = ctx;
  const mention = off(tokens[first]!.start, tokens[fullLast]!.end);
  // The head part only: "Jeffrey Lewis [of the James Martin Center]", "Several people [I've spoken with]".
  let last = fullLast;
  for (let j = first + 1; j <= fullLast; j++) {
    const w = tokens[j]!;
    const prevW = tokens[j - 1]!;
    const hasHead = tokens.slice(first, j).some((x) => x.cap || ROLE_KIND.has(singular(x.lower)));
    if (!hasHead) continue;
    if (w.lower === 'of' && tokens[j + 1]?.cap && (ORG_WORDS.has(prevW.lower) || TITLES.has(prevW.lower))) {
      j++;
      continue;
    }
    if (
      POSTMODIFIER_STARTS.has(w.lower) ||
      (w.cap === false && PRONOUNS[w.lower]) ||
      /^(i|we|you|they)(?:'|$)/.test(w.lower)
    ) {
      last = j - 1;
      break;
    }
  }
  // "Gowdy earlier Thursday", "a statement Tuesday": a trailing day or month is a time, not the speaker's name.
  while (last > first && CALENDAR_WORDS.has(tokens[last]!.lower) && tokens[last]!.cap) last--;
  while (last > first && /^(?:earlier|late|on|this|last)$/.test(tokens[last]!.lower)) last--;
  // A sentence opener taken for a name ("Here", "Having", "Thursday") names nobody: the last person who spoke.
  if (first === last && tokens[first]!.cap && (isOpenerWord(ctx, first) || CALENDAR_WORDS.has(tokens[first]!.lower))) {
    const person = registry.recent((a) => a.kind === 'person');
    if (person) return { actor: registry.touch(person, mention.start), mention, confidence: 0.3 };
  }
  const words = tokens.slice(first, last + 1);
  const head = words.at(-1)!;
  // "Ms. Ortiz and Mr. Diaz both argued ...": the named people just before speak, not "both".
  if (first === last && head.lower === 'both' && !head.cap && first > 0) {
    let unitStart = first;
    while (unitStart > 0 && tokens[unitStart - 1]!.unit === head.unit) unitStart--;
    let end = first;
    while (end > unitStart && AUX.has(tokens[end - 1]!.lower)) end--;
    const np = npLeft(ctx, end, unitStart);
    if (np && !np.pronounOnly && tokens[np.last]!.cap) {
      const source = resolveSource(ctx, np.first, np.last, null, prefer);
      return { ...source, mention: off(tokens[np.first]!.start, tokens[np.last]!.end) };
    }
  }
  if (first === last && PRONOUNS[head.lower]) {
    const want = PRONOUNS[head.lower]!;
    const fits = (a: Actor) =>
      prefer
        ? a.kind === prefer
        : want === 'person'
          ? a.kind === 'person'
          : want === 'thing'
            ? ['organization', 'media', 'state'].includes(a.kind)
            : a.kind !== 'person';
    const found =
      registry.recent(fits) ??
      (prefer ? registry.recent((a) => ['organization', 'media', 'state'].includes(a.kind)) : undefined);
    // A person named as the subject of a sentence after the last speaker is the likelier referent.
    const subject = want === 'person' && !prefer ? lastSubjectName(ctx, tokens[first]!.start) : null;
    if (subject && (!found || subject.pos > found.lastPos)) {
      const actor = personNamed(ctx, subject.name);
      return { actor: registry.touch(actor, subject.pos), mention, confidence: 0.6 };
    }
    if (found) return { actor: registry.touch(found, mention.start), mention, confidence: 0.75 };
    const fallback = want === 'person' ? lastNamedPerson(ctx, tokens[first]!.start) : null;
    if (fallback) return { actor: registry.touch(fallback), mention, confidence: 0.55 };
    const actor = registry.create(head.text.toLowerCase(), want === 'person' ? 'person' : 'group', false);
    actor.mentions.push(mention);
    return { actor: registry.touch(actor, mention.start), mention, confidence: 0.2 };
  }
  // Split a name off its premodifiers: "Kremlin spokesman Dmitry Peskov", "Armenian Prime Minister Nikol Pashinyan".
  let n = words.length - 1;
  const capitalizedCommonWord =
    head.cap && first === last && (DETERMINERS.has(head.lower) || ROLE_KIND.has(singular(head.lower)));
  if (head.cap && !capitalizedCommonWord) {
    while (
      n > 0 &&
      words[n - 1]!.cap &&
      !TITLES.has(words[n - 1]!.lower) &&
      !countryOfDemonym(words[n - 1]!.text) &&
      !words[n - 1]!.lower.endsWith("'s")
    )
      n--;
    // "of" inside an organization's name: "Ministry of Defence", "Department of State".
    while (n > 1 && words[n - 1]!.lower === 'of' && words[n - 2]!.cap) {
      n -= 2;
      while (n > 0 && words[n - 1]!.cap && !TITLES.has(words[n - 1]!.lower) && !countryOfDemonym(words[n - 1]!.text))
        n--;
    }
  } else n = words.length;
  const nameWords = words.slice(n);
  const pre = words.slice(0, n);
  const fullKind = describedKind(ctx, first, last);
  const kind = fullKind === 'media' || n >= words.length ? fullKind : describedKind(ctx, first + n, last);
  const definite = pre[0]?.lower === 'the' || pre[0]?.lower === 'this';

  if (nameWords.length === 0) {
    // A description: "the minister", "the newspaper", "a source", "Armenia's political leadership".
    const roleWord = singular(head.lower);
    // "The finance minister, Lou Jiwei, said": the appositive names the speaker; the description is the role.
    const named = appositive ? ctx.text.slice(appositive.start, appositive.end).trim() : '';
    if (
      ROLE_KIND.get(roleWord) === 'person' &&
      /^\p{Lu}[\p{L}’'.-]*(?:\s+\p{Lu}[\p{L}’'.-]*){1,3}$/u.test(named) &&
      !cannotNamePerson(named.split(/\s+/))
    ) {
      const actor = personNamed(ctx, named);
      actor.mentions.push(mention);
      for (const w of pre) if (!DETERMINERS.has(w.lower)) actor.roles.add(singular(w.lower));
      actor.roles.add(roleWord);
      return { actor: registry.touch(actor, mention.start), mention, confidence: 0.85 };
    }
    if (definite && pre.length <= 3) {
      const roleKind = ROLE_KIND.get(roleWord);
      const found = registry.recent(
        (a) =>
          a.roles.has(roleWord) ||
          (roleKind === 'media' && a.kind === 'media') ||
          (roleKind === 'organization' && a.name.toLowerCase().includes(roleWord)) ||
          (roleWord === 'agency' && a.kind === 'media'),
        roleKind !== 'person',
      );
      if (found) return { actor: registry.touch(found, mention.start), mention, confidence: 0.6 };
      // "the minister" with no minister named yet: the last person who spoke, less surely.
      if (roleKind === 'person' && !/s$/.test(head.lower)) {
        const person = registry.recent((a) => a.kind === 'person');
        if (person) return { actor: registry.touch(person, mention.start), mention, confidence: 0.45 };
      }
    }
    const name =
      mention.text.replace(/^(the|a|an)\s+/i, (d) => (d.toLowerCase().startsWith('the') ? '' : d)).trim() ||
      mention.text;
    const actor = registry.create(capitalize(name), kind === 'person' ? 'group' : kind, false);
    actor.mentions.push(mention);
    const owner = pre.find((w) => w.lower.endsWith("'s"));
    if (owner) {
      const ownerName = owner.text.replace(/[’']s$/, '');
      const country = countryOf(ownerName);
      if (country && !actor.affiliations.length) {
        const org = registry.create(country, 'state', true);
        actor.affiliations.push({
          organization: org.key,
          role: words
            .slice(words.indexOf(owner) + 1)
            .map((w) => w.text)
            .join(' '),
        });
      }
    }
    return { actor: registry.touch(actor, mention.start), mention, confidence: 0.3 };
  }
  const name = nameWords
    .map((w) => w.text)
    .join(' ')
    .replace(/[’']s$/, '');
  const nameKind: ActorKind =
    prefer && nameWords.length === 1 && !registry.find(name) ? prefer : kind === 'group' ? 'person' : kind;
  let actor = registry.find(name);
  if (!actor && nameWords.length === 1) {
    actor = registry.actors.find((a) => a.kind === 'person' && a.named && a.name.split(' ').at(-1) === name);
  }
  const country = countryOf(name);
  if (!actor) {
    actor = registry.create(
      country && nameKind !== 'media' ? country : name,
      country && nameKind !== 'media' ? 'state' : nameKind,
      true,
    );
    if (actor.kind === 'person' && nameWords.length >= 2) registry.alias(actor, nameWords.at(-1)!.text);
  }
  actor.mentions.push(mention);
  // Roles before the name: demonym or organization, then the role words.
  if (pre.length) {
    const roleWords: string[] = [];
    let org: Actor | undefined;
    for (const w of pre) {
      if (DETERMINERS.has(w.lower)) continue;
      const demonym = w.cap
        ? (countryOfDemonym(w.text) ??
          (w.lower.endsWith("'s") ? countryOf(w.text.replace(/[’']s$/, '')) : countryOf(w.text)))
        : undefined;
      if (demonym && !org) org = registry.create(demonym, 'state', true);
      else if (w.cap && !TITLES.has(w.lower) && !org)
        org = registry.create(
          w.text.replace(/[’']s$/, ''),
          ORG_WORDS.has(w.lower) || w.lower === 'kremlin' ? 'organization' : 'organization',
          true,
        );
      else roleWords.push(w.lower);
    }
    const role = roleWords.join(' ').replace(/\.$/, '');
    if (role) for (const r of roleWords) actor.roles.add(singular(r.replace(/\.$/, '')));
    if (org && org !== actor && role && !actor.affiliations.some((a) => a.organization === org!.key))
      actor.affiliations.push({ organization: org.key, role });
    if (!actor.description && role) actor.description = capitalize(`${role}${org ? ` (${org.name})` : ''}.`);
  }
  if (appositive) {
    const text = ctx.text.slice(appositive.start, appositive.end);
    const m =
      /^(?:the|a|an)?\s*([\p{Ll}\s-]+?)\s+(?:to|of|for|at|with)\b(.*)$/u.exec(text) ??
      /^(?:the|a|an)?\s*([\p{Ll}\s-]+)$/u.exec(text);
    if (m) {
      const role = m[1]!.trim();
      for (const r of role.split(/\s+/)) actor.roles.add(singular(r));
      const orgWord = (m[2] ?? '')
        .match(/\p{Lu}[\p{L}’']+/gu)
        ?.find((w) => countryOfDemonym(w) || countryOf(w.replace(/[’']s$/, '')));
      const country = orgWord ? (countryOfDemonym(orgWord) ?? countryOf(orgWord.replace(/[’']s$/, ''))) : undefined;
      if (country && !actor.affiliations.length)
        actor.affiliations.push({
          organization: registry.create(country, 'state', true).key,
          role: text.length <= 120 ? text : role,
        });
    }
    if (!actor.description) actor.description = capitalize(`${text}.`);
  }
  return { actor: registry.touch(actor, mention.start), mention, confidence: 0.9 };
}

/** The most recent person named before `at` (two or more capitalized words), for a pronoun with no speaker yet. */
/** Names of people standing as sentence subjects ("Sen. Jane Doe said", "Doe, who ..."), in text order. */
function subjectNames(ctx: Ctx): Array<{ pos: number; name: string }> {
  if (ctx.subjects) return ctx.subjects;
  const out: Array<{ pos: number; name: string }> = [];
  const { tokens } = ctx;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!t.cap || t.quoted) continue;
    const prev = tokens[k - 1];
    const atStart = !prev || prev.unit !== t.unit || (/^[“"(—]$/.test(prev.text) && !prev.quoted);
    if (!atStart) continue;
    // Skip titles and premodifiers, then take the capitalized run.
    let a = k;
    while (
      a < tokens.length &&
      a - k < 4 &&
      (TITLES.has(tokens[a]!.lower) ||
        countryOfDemonym(tokens[a]!.text) ||
        MODIFIERS.has(tokens[a]!.lower) ||
        ROLE_KIND.get(singular(tokens[a]!.lower)) === 'person')
    )
      a++;
    let b = a;
    while (b < tokens.length && tokens[b]!.cap && b - a < 4 && !tokens[b]!.quoted) b++;
    if (b === a || isOpenerWord(ctx, a)) continue;
    const words = tokens.slice(a, b).map((w) => w.text.replace(/[’']s$/, ''));
    if (
      words.some(
        (w) =>
          ORG_WORDS.has(w.toLowerCase()) ||
          MEDIA_WORDS.has(w.toLowerCase()) ||
          countryOf(w) ||
          countryOfDemonym(w) ||
          FUNCTION_WORDS.has(w.toLowerCase()) ||
          US_STATES.has(w) ||
          TITLES.has(w.toLowerCase()) ||
          ['Republican', 'Democrat', 'Democratic', 'Republicans', 'Democrats', 'GOP'].includes(w),
      ) ||
      cannotNamePerson(words)
    )
      continue;
    const next = tokens[b];
    // A lone word is a surname only when it names a known person or is followed by a verb of saying.
    const name = words.join(' ');
    if (words.length === 1 && !(next && CUE_FORMS.has(next.lower)) && !ctx.registry.find(name)) continue;
    out.push({ pos: tokens[a]!.start, name });
  }
  ctx.subjects = out;
  return out;
}

function lastSubjectName(ctx: Ctx, at: number): { pos: number; name: string } | null {
  const names = subjectNames(ctx);
  let best: { pos: number; name: string } | null = null;
  for (const n of names) {
    if (n.pos >= at) break;
    best = n;
  }
  return best && at - best.pos < 2500 ? best : null;
}

function personNamed(ctx: Ctx, name: string): Actor {
  const { registry } = ctx;
  const found =
    registry.find(name) ??
    (name.includes(' ')
      ? undefined
      : registry.actors.find((a) => a.kind === 'person' && a.named && a.name.split(' ').at(-1) === name));
  if (found) return found;
  const actor = registry.create(name, 'person', true);
  if (name.includes(' ')) registry.alias(actor, name.split(' ').at(-1)!);
  return actor;
}

/**
 * Capitalized runs that cannot name a person: places ("South Dakota", "West Coast", "Islamic State"), calendar
 * words, and all-capital labels ("FULL TEXT", "POOL"), which a pronoun must never be resolved to.
 */
const NOT_NAME_WORDS = new Set(
  `state states coast county city island river street avenue road square valley mountain northern southern eastern
  western central`.split(/\s+/),
);
/** Days and months that are never a surname ("May", "June" and "March" can be). */
const CALENDAR_WORDS = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february april july september october november
  december`.split(/\s+/),
);
function cannotNamePerson(words: string[]): boolean {
  const name = words.join(' ');
  return (
    US_STATES_MULTI.includes(name) ||
    words.some(
      (w) =>
        NOT_NAME_WORDS.has(w.toLowerCase()) ||
        CALENDAR_WORDS.has(w.toLowerCase()) ||
        US_STATES.has(w) ||
        /^\p{Lu}{2,}$/u.test(w),
    )
  );
}

function lastNamedPerson(ctx: Ctx, at: number): Actor | null {
  const before = ctx.text.slice(Math.max(0, at - 1500), at);
  const re = /\b(\p{Lu}\p{Ll}+(?:\s\p{Lu}\.)?\s\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)\b/gu;
  let last: string | null = null;
  for (let m = re.exec(before); m; m = re.exec(before)) {
    const words = m[1]!.split(/\s/);
    if (
      words.some(
        (w) =>
          ORG_WORDS.has(w.toLowerCase()) ||
          MEDIA_WORDS.has(w.toLowerCase()) ||
          TITLES.has(w.toLowerCase()) ||
          countryOf(w) ||
          countryOfDemonym(w),
      )
    )
      continue;
    if (/^(The|But|And|In|On|At|As|After|When|If|So|This|That|It|He|She|They|We)$/.test(words[0]!)) continue;
    if (cannotNamePerson(words)) continue;
    last = m[1]!;
  }
  if (!last) return null;
  const actor = ctx.registry.find(last) ?? ctx.registry.create(last, 'person', true);
  ctx.registry.alias(actor, last.split(' ').at(-1)!);
  return actor;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Draft assembly

function buildDraft(ctx: Ctx, candidates: Candidate[], units: Unit[]): ExtractionResult {
  const { text, input, registry } = ctx;
  const claims: BundleClaim[] = [];
  const claimNotes: Record<string, ClaimNote> = {};
  const claimKeys = new Set<string>();
  const used = new Set<Actor>();
  const speakerOf = (a: Actor) => {
    used.add(a);
    for (const aff of a.affiliations) {
      const org = registry.actors.find((x) => x.key === aff.organization);
      if (org) used.add(org);
    }
    return a.key;
  };
  for (const c of candidates) {
    const direct = isDirect(ctx, c.content);
    const claimText = claimTextOf(ctx, c, direct);
    if (!claimText) continue;
    let key = slugify(
      `${c.source.actor.name}-${c.verb.stance === 'states' ? (direct ? 'quote' : 'says') : c.verb.stance}`,
    );
    const base = key;
    for (let n = 2; claimKeys.has(key); n++) key = `${base}-${n}`;
    claimKeys.add(key);
    c.key = key;
    const evidence = trimEvidence(ctx, c);
    const saidAt = saidAtOf(ctx, c);
    const stance: Stance = c.negated ? 'states' : c.verb.stance;
    const pattern = c.pattern;
    claims.push({
      key,
      speaker: speakerOf(c.source.actor),
      text: claimText,
      mode: direct ? 'direct_quote' : 'reported_speech',
      stance,
      saidAt,
      channel: channelOf(ctx, c),
      reportedBy: c.relay ? speakerOf(c.relay) : null,
      about: { events: [], actors: [] },
      respondsTo: c.respondsTo?.key ?? null,
      evidence: mentionOf(text, evidence),
    });
    claimNotes[key] = {
      confidence:
        Math.round(c.source.confidence * (c.negated ? 0.7 : 1) * (pattern === 'quote-continuation' ? 0.8 : 1) * 100) /
        100,
      pattern,
      cue: off(c.cue.start, c.cue.end),
      speakerMention: c.source.mention,
      evidence: off(evidence.start, evidence.end),
    };
  }
  // Affiliated organizations of used actors are referenced, so they stay too.
  const actors: BundleActor[] = [];
  const actorNotes: Record<string, EntityNote> = {};
  for (const a of registry.actors) {
    if (!used.has(a)) continue;
    const mentions = dedupe(a.mentions);
    actors.push({
      key: a.key,
      name: a.name,
      kind: a.kind,
      aliases: [...a.aliases].filter((x) => x !== a.name),
      externalIds: {},
      description: a.description,
      affiliations: a.affiliations
        .filter((f) => registry.actors.some((x) => x.key === f.organization && used.has(x)))
        .map((f) => ({ ...f, from: null, to: null })),
      evidence: mentions.slice(0, 50).map((m) => mentionOf(text, m)),
    });
    actorNotes[a.key] = { linkedTo: null, candidates: [], mentions };
  }
  const { locations, locationNotes } = buildLocations(text);
  const title = (input.title ?? '').trim() || defaultTitle(text);
  const draft: Draft = {
    source: {
      title,
      publisher: input.publisher ?? null,
      url: input.url ?? null,
      publishedAt: input.publishedAt,
      language: input.language ?? 'en',
      text,
    },
    actors,
    locations,
    events: [],
    claims,
  };
  void units;
  occurrenceCache.clear();
  occurrenceText = '';
  return { draft: cleanDraftNames(draft), notes: { claims: claimNotes, actors: actorNotes, locations: locationNotes } };
}

function dedupe(mentions: Offsets[]): Offsets[] {
  const seen = new Set<number>();
  return mentions
    .filter((m) => {
      if (seen.has(m.start)) return false;
      seen.add(m.start);
      return true;
    })
    .sort((a, b) => a.start - b.start);
}

function defaultTitle(text: string): string {
  const firstLine =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? text.trim();
  if (firstLine.length <= 120) return firstLine || 'Untitled';
  const cut = firstLine.slice(0, 117);
  return `${cut.slice(0, Math.max(40, cut.lastIndexOf(' ')))}…`;
}

const occurrenceCache = new Map<string, number[]>();
let occurrenceText = '';

/** Exact words; `{ quote, occurrence }` where they stand more than once. */
function mentionOf(text: string, r: Range): MentionInput {
  const quote = text.slice(r.start, r.end);
  if (occurrenceText !== text) {
    occurrenceCache.clear();
    occurrenceText = text;
  }
  let all = occurrenceCache.get(quote);
  if (!all) {
    all = occurrences(text, quote);
    occurrenceCache.set(quote, all);
  }
  if (all.length <= 1) return quote;
  return { quote, occurrence: all.indexOf(r.start) + 1 };
}

/** The evidence as it stands: the attribution, with its closing punctuation when it ends the unit. */
function trimEvidence(ctx: Ctx, c: Candidate): Range {
  let { start, end } = c.evidence;
  const tail = ctx.text.slice(end, c.unit.end);
  if (PUNCT_ONLY.test(tail)) end = c.unit.end;
  while (end > start && /\s/.test(ctx.text[end - 1]!)) end--;
  while (start < end && /\s/.test(ctx.text[start]!)) start++;
  return { start, end };
}

function claimTextOf(ctx: Ctx, c: Candidate, direct: boolean): string {
  if (direct) {
    const parts = c.content.map((r) => {
      const q = ctx.quotes.find((qq) => qq.start >= r.start - 1 && qq.start < r.end);
      const inner = q ? q.parts.map((p) => ctx.text.slice(p.start, p.end)).join(' ') : ctx.text.slice(r.start, r.end);
      return inner
        .trim()
        .replace(/[,;:]$/, '')
        .replace(/^[“"]|[”"]$/g, '');
    });
    return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 10_000);
  }
  let body = c.content
    .map((r) => ctx.text.slice(r.start, r.end).trim())
    .join(' … ')
    .replace(/\s+/g, ' ')
    .replace(/[,;:]$/, '')
    .trim();
  if (c.respondsTo) {
    const answered = claimTextOf(ctx, c.respondsTo, isDirect(ctx, c.respondsTo.content));
    body = `${c.cueWord} the ${ctx.tokens[tokenIndexAt(ctx, c.source.mention.start) - 1]?.text ?? 'charge'}: ${answered.charAt(0).toLowerCase()}${answered.slice(1)}`;
  } else if (c.contentKind === 'object' && c.pattern !== 'content-cue-source' && c.pattern !== 'content-source-cue') {
    body = `${c.cueWord} ${c.extraText ? `${c.extraText} ` : ''}${body}`;
  }
  return capitalize(body).slice(0, 10_000);
}

function channelOf(ctx: Ctx, c: Candidate): string | null {
  const lo = Math.min(c.evidence.start, c.cue.start);
  const hi = c.evidence.end;
  const parts: string[] = [];
  let at = lo;
  for (const r of [...c.content].sort((a, b) => a.start - b.start)) {
    if (r.start > at) parts.push(ctx.text.slice(at, r.start));
    at = Math.max(at, r.end);
  }
  if (hi > at) parts.push(ctx.text.slice(at, hi));
  // Near the cue only: the channel is said next to it, and a long frame makes the pattern slow.
  const frame = parts.join(' ').slice(0, 400);
  const m =
    /\b(?:in|during)\s+(?:a|an|the|his|her|their|its)\s+((?:[\p{L}-]+\s+){0,3}?(?:statement|interview|call|conference|speech|briefing|post|tweet|email|e-mail|letter|op-ed|address|appearance|remarks|video|message|testimony|hearing|debate|release|memo)s?(?:\s+(?:with|to)\s+(?:the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?)?)(?=[,.;:]|\s+(?:on|late|early|last|that)\b|$)/iu.exec(
      frame,
    ) ?? /\b(on\s+(?:Twitter|Facebook|Telegram|Instagram|television|TV|radio))\b/.exec(frame);
  return m ? m[1]!.trim().slice(0, 300) : null;
}

function saidAtOf(ctx: Ctx, c: Candidate): TimeSpec {
  return saidAtOfRange(ctx, c, c.cue.start);
}

/** The time words of the cue's clause (outside the content), nearest the cue; anaphora to the last date. */
function saidAtOfRange(ctx: Ctx, c: Candidate, cueAt: number): TimeSpec {
  const lo = Math.min(c.evidence.start, c.cue.start, c.unit.start);
  const hi = c.unit.end;
  const headOfObject = (t: { start: number }) =>
    c.contentKind === 'object' &&
    c.content[0] &&
    t.start - c.content[0].start < 40 &&
    !/\b(of|for|that)\b/.test(ctx.text.slice(c.content[0].start, t.start));
  const times = findTimes(ctx.text, lo, hi, ctx.input.publishedAt).filter(
    (t) =>
      (!c.content.some((r) => t.start < r.end && t.end > r.start) || (headOfObject(t) && !c.respondsTo)) &&
      !(c.extraText && t.start > c.cue.end),
  );
  if (times.length === 0) {
    if (c.respondsTo) {
      const answered = saidAtOfRange(ctx, c.respondsTo, c.respondsTo.cue.start);
      return answered.start ? { ...answered, text: null, approximate: true } : UNKNOWN_TIME;
    }
    return UNKNOWN_TIME;
  }
  const best = times.reduce((a, b) => (Math.abs(b.start - cueAt) < Math.abs(a.start - cueAt) ? b : a));
  if (best.anaphoric) {
    const last = lastDateBefore(ctx, best.start);
    return last ? { ...last, text: best.spec.text, approximate: true } : { ...UNKNOWN_TIME };
  }
  return best.spec;
}

function lastDateBefore(ctx: Ctx, at: number): TimeSpec | null {
  const times = findTimes(ctx.text, Math.max(0, at - 3000), at, ctx.input.publishedAt).filter(
    (t) => !t.anaphoric && /\d{4}/.test(t.spec.text ?? ''),
  );
  return times.at(-1)?.spec ?? null;
}

function buildLocations(text: string): { locations: BundleLocation[]; locationNotes: Record<string, EntityNote> } {
  const places = findPlaces(text);
  const byName = new Map<string, { name: string; kind: BundleLocation['kind']; mentions: Offsets[] }>();
  for (const p of places) {
    const entry = byName.get(p.name) ?? { name: p.name, kind: p.kind, mentions: [] };
    entry.mentions.push(off(p.start, p.end));
    byName.set(p.name, entry);
  }
  const locations: BundleLocation[] = [];
  const locationNotes: Record<string, EntityNote> = {};
  const keys = new Set<string>();
  for (const entry of byName.values()) {
    let key = slugify(entry.name);
    for (let n = 2; keys.has(key); n++) key = `${slugify(entry.name)}-${n}`;
    keys.add(key);
    locations.push({
      key,
      name: entry.name,
      kind: entry.kind,
      aliases: [...new Set(entry.mentions.map((m) => m.text))].filter((t) => t !== entry.name),
      externalIds: {},
      description: null,
      parent: null,
      coordinates: null,
      areaKm2: null,
      evidence: entry.mentions.slice(0, 50).map((m) => mentionOf(text, m)),
    });
    locationNotes[key] = { linkedTo: null, candidates: [], mentions: entry.mentions };
  }
  return { locations, locationNotes };
}
