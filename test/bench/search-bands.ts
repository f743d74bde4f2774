// Search at every frequency: `npm run bench:search [-- --db data/bench.db --duration 5 --words 40 --connections 10]`.
//
// Draws words from the claims' FTS index itself (fts5vocab: how many claims hold each indexed term) in
// frequency bands, rare to everywhere, plus prefixes, and runs each band against the service with 10
// concurrent connections (autocannon, cycling through the band's URLs so no search repeats back to
// back), between two runs of a bare node:http server answering a body of the same size (A-X-A, same
// machine, same moment): p50/p99 per band, and the band's throughput over the bare route's.
//
// The service migrates the database it is given: point --db at a copy, never at a shared file.
// `--answer-cache` keeps the answer cache on (then repeated queries are kept answers: see startService).
// Words are stems as the index holds them (porter: "sanction", "withdraw"); searched as words they
// stem to themselves, so each matches about the claims its band says.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { waitFor } from './mix.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'data/bench.db' },
    duration: { type: 'string', default: '5' },
    words: { type: 'string', default: '40' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3911' },
    'bare-port': { type: 'string', default: '3912' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    'answer-cache': { type: 'boolean', default: false },
  },
});
const DB = resolve(args.db);
const DURATION = Number(args.duration);
const WORDS = Number(args.words);
const CONNECTIONS = Number(args.connections);
const SERVICE = `http://127.0.0.1:${args.port}`;
const BARE = `http://127.0.0.1:${args['bare-port']}`;
const ROOT = resolve(import.meta.dirname, '../..');
const TARGET_P99_MS = 50;

type Band = { name: string; min: number; max: number };
const BANDS: Band[] = [
  { name: 'rare (1-10 claims)', min: 1, max: 10 },
  { name: 'hundreds (100-999)', min: 100, max: 999 },
  { name: 'thousands (1,000-9,999)', min: 1_000, max: 9_999 },
  { name: 'tens of thousands (10,000-99,999)', min: 10_000, max: 99_999 },
  { name: 'everywhere (100,000+)', min: 100_000, max: Number.MAX_SAFE_INTEGER },
];

type Run = { rps: number; p50: number; p99: number; errors: number; bytes: number };

/** Mulberry32: the same words for the same --seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample<T>(items: T[], n: number, next: () => number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < n && pool.length) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
  return chosen;
}

/** Each band's words, and the prefixes, drawn from the index. */
function drawQueries(): Array<{ name: string; queries: string[]; docs: string }> {
  const db = new Database(DB, { readonly: true, fileMustExist: true });
  db.exec("CREATE VIRTUAL TABLE temp.claim_terms USING fts5vocab(main, 'claims_fts', 'row')");
  // Letters only: numbers and one-letter tokens are not what a reader types.
  const terms = db
    .prepare<[], { term: string; doc: number }>(
      "SELECT term, doc FROM temp.claim_terms WHERE length(term) > 1 AND term NOT GLOB '*[^a-z]*'",
    )
    .all();
  db.close();
  const next = random(Number(args.seed));
  const bands = BANDS.map((band) => {
    const inBand = terms.filter((t) => t.doc >= band.min && t.doc <= band.max);
    const chosen = sample(inBand, WORDS, next);
    const docs = chosen.map((t) => t.doc).sort((a, b) => a - b);
    return {
      name: band.name,
      queries: chosen.map((t) => t.term),
      docs: docs.length ? `${docs[0]}..${docs[docs.length - 1]} (${inBand.length} terms)` : 'no term',
    };
  });
  // Prefixes: the two the issue names, then two- and four-letter beginnings of words a reader types.
  const common = terms.filter((t) => t.doc >= 1_000 && t.term.length >= 5);
  const drawn = sample(common, WORDS, next).map((t, i) => `${t.term.slice(0, i % 2 ? 4 : 2)}*`);
  const prefixes = [...new Set(['th*', 'sanc*', ...drawn])].slice(0, WORDS);
  bands.push({ name: 'prefixes (th*, sanc*, 2-4 letters)', queries: prefixes, docs: '—' });
  return bands;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// As the mixed benchmark (mix.ts): one process on core 0 for the service (WORKERS=1, no start-up
// quick_check, which took tens of seconds of that core while the first bands ran), the bare route on
// the same core, this process (the load client) on core 1. The answer cache is off unless
// --answer-cache: each band cycles through its 40 queries, so with it on every measured request
// after the first pass is a kept answer, and the band would measure the cache, not the search.
function startService(): ChildProcess {
  return spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: args.port,
      HOST: '127.0.0.1',
      DATABASE_PATH: DB,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '0',
      WORKERS: '1',
      INTEGRITY_CHECK: 'false',
      ...(args['answer-cache'] ? {} : { ANSWER_CACHE_MB: '0' }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The baseline: node:http answering a fixed body, nothing else (bare-http.ts, core 0). */
function startBare(): ChildProcess {
  return spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', 'test/bench/bare-http.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: args['bare-port'] },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : Number.NaN;
}

async function load(origin: string, paths: string[]): Promise<Run> {
  const latencies: number[] = [];
  let bytes = 0;
  const instance = autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION,
    pipelining: 1,
    timeout: 30,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  instance.on('response', (_client, statusCode, size, ms) => {
    if (statusCode >= 200 && statusCode < 300) {
      latencies.push(ms);
      bytes += size;
    }
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: result.non2xx + result.errors + result.timeouts,
    bytes: latencies.length ? bytes / latencies.length : 0,
  };
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : value < 10 ? value.toFixed(1) : value.toFixed(0));

async function main() {
  execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  if (!existsSync(DB)) {
    console.error(`${DB} does not exist: copy a generated database (npm run gen) and pass it as --db`);
    process.exit(1);
  }
  const bands = drawQueries().filter((band) => !args.only || band.name.startsWith(args.only));
  for (const band of bands) console.error(`${band.name}: ${band.docs}: ${band.queries.slice(0, 8).join(' ')} …`);

  const service = startService();
  try {
    await waitFor(`${SERVICE}/ready`, 300_000);
    // Another process on the port (a service left over from an interrupted run) would answer instead.
    await sleep(500);
    if (service.exitCode !== null || service.signalCode !== null)
      throw new Error(
        `the service exited (${service.exitCode ?? service.signalCode}): is ${SERVICE} taken by another process?`,
      );
    // One pass over every query, as a reader's first searches would (the page cache holds what they
    // read from then on, as in a running service); the median answer's size is the bare body's.
    const sizes: number[] = [];
    for (const band of bands)
      for (const q of band.queries) sizes.push((await (await fetch(searchUrl(q))).arrayBuffer()).byteLength);
    const bytes = sizes.sort((a, b) => a - b)[Math.floor(sizes.length / 2)] ?? 1000;
    const bare = startBare();
    try {
      await waitFor(`${BARE}/bare/10`);
      const bareBody = `/bare/${bytes}`;
      const rows: string[] = [];
      let before = await load(BARE, [bareBody]);
      for (const band of bands) {
        const run = await load(
          SERVICE,
          band.queries.map((q) => new URL(searchUrl(q)).pathname + new URL(searchUrl(q)).search),
        );
        const after = await load(BARE, [bareBody]);
        const bareRps = (before.rps + after.rps) / 2;
        rows.push(
          `| ${band.name} | ${band.queries.length} | ${ms(run.p50)} | ${ms(run.p99)} | ${run.rps.toFixed(0)} | ${(run.rps / bareRps).toFixed(3)} | ${ms((before.p50 + after.p50) / 2)} / ${ms(Math.max(before.p99, after.p99))} | ${(run.bytes / 1000).toFixed(1)} kB | ${run.errors} | ${run.p99 < TARGET_P99_MS ? 'yes' : '**no**'} |`,
        );
        console.error(rows[rows.length - 1]);
        before = after;
      }
      console.log(
        [
          `Search by frequency band (answer cache ${args['answer-cache'] ? 'on' : 'off'}), ${CONNECTIONS} connections, ${DURATION} s per band, ${WORDS} queries per band cycled, A-X-A against bare node:http (${bytes} B body); load average ${loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')} at the end (shared machine).`,
          '',
          '| band | queries | p50 ms | p99 ms | req/s | / bare | bare p50 / p99 ms | body | errors | p99 < 50 ms |',
          '|---|---|---|---|---|---|---|---|---|---|',
          ...rows,
        ].join('\n'),
      );
    } finally {
      bare.kill('SIGTERM');
    }
  } finally {
    if (service.exitCode === null) {
      const exited = new Promise((r) => service.once('exit', r));
      service.kill('SIGTERM');
      // Connections autocannon left open hold a graceful close for 10 s: do not leave the service behind.
      await Promise.race([exited, sleep(5000)]);
      if (service.exitCode === null) service.kill('SIGKILL');
    }
  }
}

function searchUrl(q: string): string {
  return `${SERVICE}/v1/search?q=${encodeURIComponent(q)}`;
}

await main();
