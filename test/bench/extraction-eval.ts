// Scores the extractor on PolNeAR (brat standoff attributions): precision, recall over speech
// attributions, speaker accuracy, time per article. The corpus is read from --corpus and never copied.
//   npm run eval:extraction -- --corpus ../shared/corpora/polnear/dev [--verbose] [--limit N]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extract } from '../../src/extraction/index.ts';
import { isQuoted, isSpeechCue } from './speech-verbs.ts';

type Span = { start: number; end: number };
type Attribution = { id: string; content: Span[]; cue: Span[]; cueText: string; source: Span[]; sourceText: string };
type Doc = {
  name: string;
  text: string;
  publishedAt: string;
  annotations: Array<{ annotator: string; attributions: Attribution[] }>;
};

export function parseArgs(argv: string[]) {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const corpus = get('--corpus') ?? '../shared/corpora/polnear/dev';
  // Relative to the repository; a git worktree one level further down (wt/NAME) finds it one level up.
  const candidates = isAbsolute(corpus)
    ? [corpus]
    : [resolve(process.cwd(), corpus), resolve(process.cwd(), '..', corpus)];
  return {
    corpus: candidates.find((c) => existsSync(c)) ?? candidates[0]!,
    verbose: argv.includes('--verbose'),
    limit: Number(get('--limit') ?? Infinity),
  };
}

function parseSpans(s: string): Span[] {
  return s.split(';').map((part) => {
    const [a, b] = part.trim().split(/\s+/).map(Number);
    return { start: a!, end: b! };
  });
}

function readAnn(path: string, text: string): Attribution[] {
  const spans = new Map<string, { type: string; spans: Span[]; text: string }>();
  const events: Array<Record<string, string>> = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const cols = line.split('\t');
    if (line.startsWith('T') && cols.length >= 2) {
      const [type, ...rest] = cols[1]!.split(' ');
      const ranges = parseSpans(rest.join(' '));
      spans.set(cols[0]!, {
        type: type!,
        spans: ranges,
        text: ranges.map((r) => text.slice(r.start, r.end)).join(' '),
      });
    } else if (line.startsWith('E') && cols.length >= 2) {
      const roles: Record<string, string> = { id: cols[0]! };
      for (const part of cols[1]!.split(' ')) {
        const [role, id] = part.split(':');
        if (role && id) roles[role.replace(/\d+$/, '')] = id;
      }
      events.push(roles);
    }
  }
  const out: Attribution[] = [];
  for (const e of events) {
    const content = e.Content ? spans.get(e.Content) : undefined;
    if (!content) continue;
    const cue = e.Cue ? spans.get(e.Cue) : undefined;
    const source = e.Source ? spans.get(e.Source) : undefined;
    out.push({
      id: e.id!,
      content: content.spans,
      cue: cue?.spans ?? [],
      cueText: cue?.text ?? '',
      source: source?.spans ?? [],
      sourceText: source?.text ?? '',
    });
  }
  return out;
}

export function loadCorpus(dir: string): Doc[] {
  const textDir = join(dir, 'text');
  const annDir = join(dir, 'attributions');
  if (!existsSync(textDir) || !existsSync(annDir))
    throw new Error(`${dir}: expected text/ and attributions/ (a PolNeAR split such as ../shared/corpora/polnear/dev)`);
  const metaPath = [join(dir, 'metadata.tsv'), join(dirname(dir), 'metadata.tsv')].find(existsSync);
  const dates = new Map<string, string>();
  if (metaPath) {
    const [header, ...rows] = readFileSync(metaPath, 'utf8').split('\n');
    const cols = header!.split('\t');
    const fi = cols.indexOf('filename');
    const di = cols.indexOf('publication_date');
    for (const row of rows) {
      const c = row.split('\t');
      if (c[fi] && c[di]) dates.set(c[fi]!, c[di]!);
    }
  }
  const anns = readdirSync(annDir).filter((f) => f.endsWith('.ann'));
  const docs: Doc[] = [];
  for (const file of readdirSync(textDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const name = basename(file, '.txt');
    const text = readFileSync(join(textDir, file), 'utf8');
    const annotations = anns
      .filter((a) => a.startsWith(`${name}_`) && !a.slice(name.length + 1, -4).includes('_'))
      .map((a) => ({ annotator: a.slice(name.length + 1, -4), attributions: readAnn(join(annDir, a), text) }));
    if (annotations.length === 0) continue;
    const date = dates.get(name) ?? /_(\d{4}-\d{2}-\d{2})_/.exec(name)?.[1] ?? '2016-11-01';
    docs.push({ name, text, publishedAt: date, annotations });
  }
  return docs;
}

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const len = (spans: Span[]) => spans.reduce((n, s) => n + s.end - s.start, 0);

/** Evidence matches a content when they overlap by at least half the shorter of the two (fragments summed). */
export function matches(evidence: Span, content: Span[]): boolean {
  const shared = content.reduce((n, s) => n + overlap(evidence, s), 0);
  return shared > 0 && shared >= Math.min(evidence.end - evidence.start, len(content)) / 2;
}

const STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'for',
  'and',
  'to',
  'in',
  'on',
  'at',
  'mr',
  'mrs',
  'ms',
  'dr',
  'sen',
  'rep',
  'gov',
  'president',
  'his',
  'her',
  'their',
  'its',
  's',
]);
const contentWords = (s: string) =>
  new Set(
    (
      s
        .toLowerCase()
        .replace(/[’']s\b/g, '')
        .match(/[\p{L}\p{N}]+/gu) ?? []
    ).filter((w) => !STOP.has(w) && w.length > 1),
  );
const PRONOUN_OR_DESCRIPTION =
  /^(he|she|they|it|we|i|you|him|her|them|this|that|these|those)$|^(the|a|an|this|that|his|her|their|its|another|one|two|some|many|several)\b/i;

/** Is the annotated source a proper name? (one capitalized word at least, not a pronoun or a description) */
function isProperName(s: string): boolean {
  return !PRONOUN_OR_DESCRIPTION.test(s.trim()) && /\p{Lu}/u.test(s);
}

export function main(argv: string[]) {
  const { corpus, verbose, limit } = parseArgs(argv);
  const docs = loadCorpus(corpus).slice(0, limit);
  let predicted = 0;
  let correct = 0;
  let speechTotal = 0;
  let speechFound = 0;
  let allTotal = 0;
  let allFound = 0;
  let speakerPairs = 0;
  let speakerRight = 0;
  const times: number[] = [];
  const misses: string[] = [];
  const falsePositives: string[] = [];
  const wrongSpeakers: string[] = [];
  const missByCue = new Map<string, number>();
  const missKinds = new Map<string, number>();
  const fpByPattern = new Map<string, number>();
  const predByPattern = new Map<string, number>();
  for (const doc of docs) {
    const t0 = performance.now();
    const result = extract({ text: doc.text, publishedAt: doc.publishedAt });
    times.push(performance.now() - t0);
    const actorName = new Map(result.draft.actors.map((a) => [a.key, [a.name, ...a.aliases].join(' ')]));
    const preds = result.draft.claims.map((c) => {
      const note = result.notes.claims[c.key]!;
      return {
        key: c.key,
        evidence: { start: note.evidence.start, end: note.evidence.end },
        speaker: actorName.get(c.speaker) ?? c.speaker,
        pattern: note.pattern,
        mention: note.speakerMention?.text ?? '',
      };
    });
    for (const { attributions } of doc.annotations) {
      // Coreference stand-in: PolNeAR has none, so a pronoun or description Source refers to the nearest preceding annotated Source that is a proper name.
      const bySourceStart = [...attributions]
        .filter((a) => a.source.length)
        .sort((a, b) => a.source[0]!.start - b.source[0]!.start);
      const referent = (a: Attribution): string => {
        if (!a.source.length) return '';
        if (isProperName(a.sourceText)) return a.sourceText;
        const before = bySourceStart.filter(
          (b) => b.source[0]!.start < a.source[0]!.start && isProperName(b.sourceText),
        );
        return before.at(-1)?.sourceText ?? a.sourceText;
      };
      for (const p of preds) {
        predicted++;
        predByPattern.set(p.pattern, (predByPattern.get(p.pattern) ?? 0) + 1);
        const hit = attributions.find((a) => matches(p.evidence, a.content));
        if (hit) {
          correct++;
          speakerPairs++;
          const want = new Set([...contentWords(hit.sourceText), ...contentWords(referent(hit))]);
          const got = contentWords(p.speaker);
          if ([...got].some((w) => want.has(w))) speakerRight++;
          else if (verbose)
            wrongSpeakers.push(
              `${doc.name}: predicted "${p.speaker}" (mention "${p.mention}") vs source "${hit.sourceText}" → "${referent(hit)}" | ${doc.text.slice(p.evidence.start, p.evidence.end).slice(0, 160)}`,
            );
        } else {
          fpByPattern.set(p.pattern, (fpByPattern.get(p.pattern) ?? 0) + 1);
          if (verbose)
            falsePositives.push(
              `${doc.name} [${p.pattern}] ${p.speaker}: ${doc.text.slice(p.evidence.start, p.evidence.end).slice(0, 200)}`,
            );
        }
      }
      for (const a of attributions) {
        const found = preds.some((p) => matches(p.evidence, a.content));
        allTotal++;
        if (found) allFound++;
        const contentText = a.content.map((s) => doc.text.slice(s.start, s.end)).join(' ');
        if (!isSpeechCue(a.cueText) && !isQuoted(contentText)) continue;
        speechTotal++;
        if (found) speechFound++;
        else {
          const cueKey = a.cueText.toLowerCase() || '(none)';
          missByCue.set(cueKey, (missByCue.get(cueKey) ?? 0) + 1);
          const partial = preds.find((p) => a.content.some((s) => overlap(p.evidence, s) > 0));
          missKinds.set(
            partial ? 'partial overlap (span)' : 'no overlapping claim (detection)',
            (missKinds.get(partial ? 'partial overlap (span)' : 'no overlapping claim (detection)') ?? 0) + 1,
          );
          if (verbose)
            misses.push(
              `${partial ? `PARTIAL[${partial.pattern}: ${doc.text.slice(partial.evidence.start, partial.evidence.end).slice(0, 80)}] ` : ''}${doc.name} cue "${a.cueText}" source "${a.sourceText}": ${contentText.slice(0, 160)}`,
            );
        }
      }
    }
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const ratio = (a: number, b: number) => (b ? a / b : 0);
  const fmt = (x: number) => x.toFixed(3);
  const precision = ratio(correct, predicted);
  const recall = ratio(speechFound, speechTotal);
  const speakerAccuracy = ratio(speakerRight, speakerPairs);
  const annotationFiles = docs.reduce((n, d) => n + d.annotations.length, 0);
  console.log(
    `PolNeAR ${corpus}: ${docs.length} articles, ${annotationFiles} annotation files (each scored on its own)`,
  );
  console.log(
    `precision            ${fmt(precision)}  target >= 0.90  ${precision >= 0.9 ? 'met' : 'MISSED'}  (${correct}/${predicted} predicted claims whose evidence overlaps an annotated Content of any attribution by >= half the shorter span)`,
  );
  console.log(
    `recall (speech)      ${fmt(recall)}  target >= 0.80  ${recall >= 0.8 ? 'met' : 'MISSED'}  (${speechFound}/${speechTotal} speech attributions: cue a verb of saying per Levin 37 + FrameNet Statement, or "according to", or content quoted)`,
  );
  console.log(
    `recall (all)         ${fmt(ratio(allFound, allTotal))}  (no target; ${allFound}/${allTotal}, beliefs and intentions included)`,
  );
  console.log(
    `speaker accuracy     ${fmt(speakerAccuracy)}  target >= 0.90  ${speakerAccuracy >= 0.9 ? 'met' : 'MISSED'}  (${speakerRight}/${speakerPairs} matched pairs; the speaker's name or alias shares a content word with the annotated Source or, for a pronoun/description Source, with the nearest preceding annotated Source that is a proper name: PolNeAR has no coreference, so that stands in for it)`,
  );
  console.log(
    `time per article     median ${median.toFixed(2)} ms, p95 ${(times[Math.floor(times.length * 0.95)] ?? 0).toFixed(2)} ms, max ${(times.at(-1) ?? 0).toFixed(2)} ms`,
  );
  console.log(
    `predictions by rule  ${[...predByPattern]
      .sort((a, b) => b[1] - a[1])
      .map(([p, n]) => `${p} ${n} (fp ${fpByPattern.get(p) ?? 0})`)
      .join(', ')}`,
  );
  if (verbose) {
    console.log(`\nmisses by kind: ${[...missKinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(
      `\nmissed speech attributions by cue (top 40):\n${[...missByCue]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 40)
        .map(([c, n]) => `  ${n}\t${c}`)
        .join('\n')}`,
    );
    console.log(`\nfalse positives (${falsePositives.length}):\n${falsePositives.join('\n')}`);
    console.log(`\nwrong speakers (${wrongSpeakers.length}):\n${wrongSpeakers.join('\n')}`);
    console.log(`\nmisses (${misses.length}):\n${misses.join('\n')}`);
  }
  return { precision, recall, speakerAccuracy, median };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('extraction-eval.ts'))
  main(process.argv.slice(2));
