// Extraction speed on PolNeAR articles (read from --corpus, never copied): median and p95 ms per
// article, characters per second, and the median scaled to a 5,000-character article.
//   npm run bench:extraction [-- --corpus ../shared/corpora/polnear/dev] [--rounds 5]
import { performance } from 'node:perf_hooks';
import { extract } from '../../src/extraction/index.ts';
import { loadCorpus, parseArgs } from './extraction-eval.ts';

const argv = process.argv.slice(2);
const { corpus } = parseArgs(argv);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 5;
const docs = loadCorpus(corpus);
// Warm-up: the first calls compile the code paths.
for (const doc of docs.slice(0, 20)) extract({ text: doc.text, publishedAt: doc.publishedAt });
const perDoc: Array<{ ms: number; chars: number }> = [];
for (const doc of docs) {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    extract({ text: doc.text, publishedAt: doc.publishedAt });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  perDoc.push({ ms: times[Math.floor(times.length / 2)]!, chars: doc.text.length });
}
const ms = perDoc.map((d) => d.ms).sort((a, b) => a - b);
const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * q))]!;
const totalMs = perDoc.reduce((n, d) => n + d.ms, 0);
const totalChars = perDoc.reduce((n, d) => n + d.chars, 0);
const msPerChar = perDoc.map((d) => d.ms / d.chars).sort((a, b) => a - b);
const median5k = msPerChar[Math.floor(msPerChar.length / 2)]! * 5000;
const medianChars = perDoc.map((d) => d.chars).sort((a, b) => a - b)[Math.floor(perDoc.length / 2)]!;
console.log(
  `extraction speed on ${corpus}: ${docs.length} articles (median ${medianChars} characters), median of ${rounds} runs each, one core`,
);
console.log(
  `per article          median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${ms.at(-1)!.toFixed(2)} ms`,
);
console.log(`throughput           ${Math.round(totalChars / (totalMs / 1000)).toLocaleString('en-US')} characters/s`);
console.log(
  `5,000-char article   ${median5k.toFixed(2)} ms (median ms per character x 5,000)  target < 50 ms  ${median5k < 50 ? 'met' : 'MISSED'}`,
);
