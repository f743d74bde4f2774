// HTTP benchmark: `npm run bench [-- --db data/bench.db --duration 3 --rounds 3 --only claims --no-results]`.
//
// Builds the service (esbuild bundle of src/server.ts into data/build/, as a deployment would run it;
// the cold start is also measured under tsx), starts it on the generated database as a child pinned
// to core 0, and starts a bare
// Fastify route (also core 0) that answers a fixed body of the same size as each workload's answer;
// this process is the one load client (autocannon, pinned to core 1). For each workload and each
// connection count, runs bare-workload-bare-workload-...-bare (A-X-A) in short runs and divides each
// workload run by the mean of its two neighbouring bare runs; the figures are medians of the rounds.
// Prints a markdown table and writes it into test/bench/RESULTS.md (linked from the README's Performance section).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/db/client.ts';
import { pickSubjects, type Subjects } from './hot-queries.ts';
import { commitMeasured, runMix, waitFor } from './mix.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'data/bench.db' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50,10,1' },
    only: { type: 'string' },
    port: { type: 'string', default: '3901' },
    'bare-port': { type: 'string', default: '3902' },
    'cache-off-port': { type: 'string', default: '3903' },
    'no-results': { type: 'boolean', default: false },
    'cold-starts': { type: 'string', default: '3' },
    // The mixed benchmark (mix.ts): thousands of different URLs, cache cold.
    mix: { type: 'boolean', default: false },
    zipf: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    urls: { type: 'string', default: '20000' },
    workers: { type: 'string', default: '1' },
    'urls-out': { type: 'string' },
  },
});
const DB = resolve(args.db);
const DURATION = Number(args.duration);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = args.connections.split(',').map(Number);
const SERVICE = `http://127.0.0.1:${args.port}`;
const BARE = `http://127.0.0.1:${args['bare-port']}`;
/** A second service with the claim cache off (CLAIM_CACHE_SIZE=0): what a claim costs to read and hydrate. */
const CACHE_OFF = `http://127.0.0.1:${args['cache-off-port']}`;
const ROOT = resolve(import.meta.dirname, '../..');

type Workload = { name: string; path: string; target?: { ratio?: number; p99At10?: number }; cacheOff?: true };
type Run = { rps: number; p50: number; p99: number; errors: number };
type Figures = { rps: number; ratio: number; p50: number; p99: number; errors: number; bare: Run };
type ColdStarts = Record<'tsx' | 'built', Array<{ health: number; firstPage: number }>>;
type Measured = {
  workload: Workload;
  bytes: number;
  status: number;
  byConnections: Map<number, Figures>;
  rssPeak: number;
};

const PAGE = { ratio: 0.2, p99At10: 20 };
function workloads(s: Subjects): Workload[] {
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  return [
    { name: 'claims by a heavy speaker', path: `/v1/claims?${q({ speaker: s.heavySpeaker })}`, target: PAGE },
    { name: 'claims by a typical speaker', path: `/v1/claims?${q({ speaker: s.typicalSpeaker })}`, target: PAGE },
    { name: 'claims in a date range (a month)', path: `/v1/claims?${q({ from: s.from, to: s.to })}`, target: PAGE },
    { name: 'claims about an event (heaviest)', path: `/v1/claims?${q({ event: s.heavyEvent })}`, target: PAGE },
    { name: 'deep page by cursor (claims, half way)', path: `/v1/claims?${q({ cursor: s.deepCursor })}`, target: PAGE },
    { name: 'events inside a country (heaviest)', path: `/v1/events?${q({ location: s.country })}` },
    { name: 'timeline of an actor (heaviest)', path: `/v1/timeline?${q({ actor: s.heavySpeaker })}` },
    { name: `search, rare word "${s.rareWord}"`, path: `/v1/search?${q({ q: s.rareWord })}` },
    {
      name: `search, very common word "${s.commonWord}"`,
      path: `/v1/search?${q({ q: s.commonWord })}`,
      target: { p99At10: 50 },
    },
    {
      name: 'graph depth 2, heaviest actor',
      path: `/v1/graph?${q({ focus: `actor:${s.heavySpeaker}`, depth: '2' })}`,
      target: { p99At10: 50 },
    },
    {
      name: 'graph depth 2, typical actor',
      path: `/v1/graph?${q({ focus: `actor:${s.typicalSpeaker}`, depth: '2' })}`,
    },
    { name: 'one claim by id', path: `/v1/claims/${s.claimId}`, target: { ratio: 0.5 } },
    // The same with nothing reused between requests: every claim read and hydrated again.
    { name: 'one claim by id, claim cache off', path: `/v1/claims/${s.claimId}`, cacheOff: true },
    {
      name: 'claims by a heavy speaker, claim cache off',
      path: `/v1/claims?${q({ speaker: s.heavySpeaker })}`,
      cacheOff: true,
    },
    {
      name: 'claims in a date range, claim cache off',
      path: `/v1/claims?${q({ from: s.from, to: s.to })}`,
      cacheOff: true,
    },
  ];
}

// ---------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BUILT = 'data/build/server.mjs';

/** `script` under tsx, or the bundle as plain node. */
function start(script: string, env: Record<string, string>): ChildProcess {
  const node = script.endsWith('.mjs') ? [process.execPath, script] : [process.execPath, '--import', 'tsx', script];
  const child = spawn('taskset', ['-c', '0', ...node], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopped.has(child)) console.error(`${script} exited (${code ?? signal})`);
  });
  return child;
}
const stopped = new WeakSet<ChildProcess>();

function serviceEnv(): Record<string, string> {
  // The rate limit stays on (its cost is part of the service) but far above what a bench sends.
  return { PORT: args.port, HOST: '127.0.0.1', DATABASE_PATH: DB, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000000' };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  stopped.add(child);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function rss(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** After a run the server may still be working through requests queued by it: wait until it answers again. */
async function drained(url: string) {
  await waitFor(url, 120_000);
}

async function load(url: string, connections: number, duration: number, onSample?: () => void): Promise<Run> {
  const latencies: number[] = [];
  const sampler = onSample ? setInterval(onSample, 100) : undefined;
  const instance = autocannon({ url, connections, duration, pipelining: 1, timeout: 30 });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const result = await instance;
  await drained(`${new URL(url).origin}${url.startsWith(BARE) ? '/bare/10' : '/health'}`);
  if (sampler) clearInterval(sampler);
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** bare, workload, bare, workload, ..., bare: each workload run over the mean of its neighbours. */
async function axa(workloadUrl: string, bareUrl: string, connections: number, sample: () => void): Promise<Figures> {
  const bares: Run[] = [await load(bareUrl, connections, DURATION)];
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    runs.push(await load(workloadUrl, connections, DURATION, sample));
    bares.push(await load(bareUrl, connections, DURATION));
  }
  const ratios = runs.map((run, i) => run.rps / ((bares[i]!.rps + bares[i + 1]!.rps) / 2));
  return {
    rps: median(runs.map((r) => r.rps)),
    ratio: median(ratios),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    bare: {
      rps: median(bares.map((r) => r.rps)),
      p50: median(bares.map((r) => r.p50)),
      p99: median(bares.map((r) => r.p99)),
      errors: 0,
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(DB)) {
    console.error(`${DB} does not exist: npm run gen -- --claims 1000000 --out ${args.db}`);
    process.exit(1);
  }
  // This process is the load client: core 1. The servers get core 0.
  execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const loadBefore = loadavg();
  const began = new Date();

  const db = openDatabase(DB);
  const subjects = pickSubjects(db);
  const counts = Object.fromEntries(
    ['claims', 'actors', 'events', 'locations', 'sources'].map((table) => [
      table,
      db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    ]),
  );
  db.$client.close();
  const bytesOnDisk = ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(DB + suffix) ? statSync(DB + suffix).size : 0),
    0,
  );
  console.error(`database ${DB}: ${(bytesOnDisk / 1e6).toFixed(0)} MB, ${JSON.stringify(counts)}`);
  console.error(
    `subjects: ${JSON.stringify(subjects.counts)}; rare "${subjects.rareWord}" (${subjects.rareWordDocs} claims), common "${subjects.commonWord}" (${subjects.commonWordDocs} claims)`,
  );

  await build({
    entryPoints: [resolve(ROOT, 'src/server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: resolve(ROOT, BUILT),
    logLevel: 'warning',
  });

  // Cold start: launch to the first answer, a few times under tsx and built; the last built server
  // stays up for the load.
  const coldStarts: ColdStarts = { tsx: [], built: [] };
  let service: ChildProcess | undefined;
  for (const [kind, script] of [
    ['tsx', 'src/server.ts'],
    ['built', BUILT],
  ] as const) {
    for (let i = 0; i < Number(args['cold-starts']); i++) {
      if (service) await stop(service);
      service = start(script, serviceEnv());
      const health = await waitFor(`${SERVICE}/health`);
      const t = performance.now();
      await waitFor(`${SERVICE}/v1/claims?limit=20`);
      coldStarts[kind].push({ health, firstPage: performance.now() - t });
      console.error(
        `cold start (${kind}) ${i + 1}: first answer ${health.toFixed(0)} ms, then the first claims page ${(performance.now() - t).toFixed(1)} ms`,
      );
    }
  }
  const bare = start('test/bench/bare-server.ts', { PORT: args['bare-port'] });
  await waitFor(`${BARE}/bare/10`);
  const cacheOff = start(BUILT, { ...serviceEnv(), PORT: args['cache-off-port'], CLAIM_CACHE_SIZE: '0' });
  await waitFor(`${CACHE_OFF}/health`);
  const pid = service!.pid!;

  const measured: Measured[] = [];
  const skipped: string[] = [];
  try {
    for (const workload of workloads(subjects).filter((w) => !args.only || w.name.includes(args.only))) {
      const origin = workload.cacheOff ? CACHE_OFF : SERVICE;
      const response = await fetch(origin + workload.path);
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status === 404 && /^\/v1\/(search|graph)/.test(workload.path)) {
        skipped.push(`${workload.name}: ${workload.path.split('?')[0]} answers 404 (route not there yet)`);
        console.error(`skipped ${workload.name}: 404`);
        continue;
      }
      if (!response.ok)
        console.error(`warning: ${workload.name} answers ${response.status}: ${body.toString().slice(0, 200)}`);
      const m: Measured = {
        workload,
        bytes: body.length,
        status: response.status,
        byConnections: new Map(),
        rssPeak: 0,
      };
      const sample = () => {
        m.rssPeak = Math.max(m.rssPeak, rss(workload.cacheOff ? cacheOff.pid! : pid).rss);
      };
      for (const connections of CONNECTIONS) {
        const figures = await axa(origin + workload.path, `${BARE}/bare/${body.length}`, connections, sample);
        m.byConnections.set(connections, figures);
        console.error(
          `${workload.name} @${connections}: ${figures.rps.toFixed(0)} req/s (${figures.ratio.toFixed(2)} of bare ${figures.bare.rps.toFixed(0)}), ` +
            `p50 ${figures.p50.toFixed(2)} ms, p99 ${figures.p99.toFixed(2)} ms, errors ${figures.errors}, rss ${(m.rssPeak / 1e6).toFixed(0)} MB`,
        );
      }
      measured.push(m);
    }
  } finally {
    const peak = rss(pid).hwm;
    await stop(service!);
    await stop(bare);
    await stop(cacheOff);
    const report = render({
      measured,
      skipped,
      subjects,
      counts,
      bytesOnDisk,
      coldStarts,
      peak,
      began,
      loadBefore,
      loadAfter: loadavg(),
    });
    console.log(report);
    if (!args['no-results'] && measured.length) writeResults(report);
  }
}

// ---------------------------------------------------------------------------------------------

function render(r: {
  measured: Measured[];
  skipped: string[];
  subjects: Subjects;
  counts: Record<string, number>;
  bytesOnDisk: number;
  coldStarts: ColdStarts;
  peak: number;
  began: Date;
  loadBefore: number[];
  loadAfter: number[];
}): string {
  const fixed = (n: number | undefined, digits: number) =>
    n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);
  const at = (m: Measured, c: number) => m.byConnections.get(c);
  const commit = commitMeasured();
  const sqliteVersion = new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string;
  const lines = [
    `Measured ${r.began.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit ${commit}: ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
      `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, SQLite ${sqliteVersion}. ` +
      `Load average ${r.loadBefore.map((n) => n.toFixed(1)).join(' / ')} before, ${r.loadAfter.map((n) => n.toFixed(1)).join(' / ')} after (other work shared the machine).`,
    '',
    `Database: ${r.counts.claims} claims, ${r.counts.events} events, ${r.counts.actors} actors, ${r.counts.locations} locations, ${r.counts.sources} sources ` +
      `(\`npm run gen\`, the seed included), ${(r.bytesOnDisk / 1e6).toFixed(0)} MB on disk. ` +
      `Heaviest speaker: ${r.subjects.counts.heavySpeakerClaims} claims; typical speaker: ${r.subjects.counts.typicalSpeakerClaims}; ` +
      `heaviest event: ${r.subjects.counts.heavyEventClaims} claims; heaviest country: ${r.subjects.counts.countryEvents} events; ` +
      `search words: "${r.subjects.rareWord}" in ${r.subjects.rareWordDocs} claims, "${r.subjects.commonWord}" in ${r.subjects.commonWordDocs}.`,
    '',
    `Method: service (\`src/server.ts\` bundled by esbuild, run by node, LOG_LEVEL=warn) and a bare Fastify route returning a fixed body of the same size, both on core 0; ` +
      `one autocannon client on core 1. Per workload and connection count: bare, workload, bare, ... (${ROUNDS} workload runs of ${DURATION} s), ` +
      `each workload run divided by the mean of its neighbouring bare runs; medians of the rounds. "× bare" is that ratio of requests/s. ` +
      `Each run repeats one URL, so the service's claim cache (CLAIM_CACHE_SIZE, 10,000 claims by default) holds the claims it shows after the first request; ` +
      `the rows marked "claim cache off" are a second service with CLAIM_CACHE_SIZE=0, which reads and hydrates every claim again (the page's keys are always queried).`,
    '',
    '| workload (one URL repeated: warm cache) | body | req/s @50 | × bare @50 | p50 / p99 ms @1 | p50 / p99 ms @10 | × bare @10 | errors | peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of r.measured) {
    const [c50, c1, c10] = [at(m, 50), at(m, 1), at(m, 10)];
    const errors = [...m.byConnections.values()].reduce((sum, f) => sum + f.errors, 0);
    lines.push(
      `| ${m.workload.name}${m.status !== 200 ? ` (HTTP ${m.status})` : ''} | ${(m.bytes / 1024).toFixed(1)} kB | ${fixed(c50?.rps, 0)} | ${fixed(c50?.ratio, 2)} | ` +
        `${fixed(c1?.p50, 2)} / ${fixed(c1?.p99, 2)} | ${fixed(c10?.p50, 2)} / ${fixed(c10?.p99, 2)} | ${fixed(c10?.ratio, 2)} | ${errors} | ${(m.rssPeak / 1e6).toFixed(0)} MB |`,
    );
  }
  const bareRow = (c: number, f: (x: Figures) => number) =>
    median(r.measured.flatMap((m) => (m.byConnections.get(c) ? [f(m.byConnections.get(c)!)] : [])));
  lines.push(
    `| *bare route (median over the sizes above)* | | ${fixed(
      bareRow(50, (x) => x.bare.rps),
      0,
    )} | 1 | ${fixed(
      bareRow(1, (x) => x.bare.p50),
      2,
    )} / ${fixed(
      bareRow(1, (x) => x.bare.p99),
      2,
    )} | ` +
      `${fixed(
        bareRow(10, (x) => x.bare.p50),
        2,
      )} / ${fixed(
        bareRow(10, (x) => x.bare.p99),
        2,
      )} | 1 | | |`,
  );
  const cold = median(r.coldStarts.built.map((c) => c.health));
  const coldTsx = median(r.coldStarts.tsx.map((c) => c.health));
  lines.push(
    '',
    `Cold start, launch to the first answer (median of ${r.coldStarts.built.length}): built (\`node data/build/server.mjs\`) ${cold.toFixed(0)} ms, ` +
      `under tsx (\`npm start\`) ${coldTsx.toFixed(0)} ms; the first claims page after it: ${median(r.coldStarts.built.map((c) => c.firstPage)).toFixed(1)} ms. ` +
      `Peak RSS of the service (claim cache on) over the whole run: ${(r.peak / 1e6).toFixed(0)} MB.`,
  );
  if (r.skipped.length) lines.push('', `Skipped: ${r.skipped.join('; ')}.`);

  // Targets.
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const targets: string[] = [];
  for (const m of r.measured) {
    const t = m.workload.target;
    if (!t) continue;
    if (t.ratio !== undefined) {
      const v = at(m, 50)?.ratio;
      if (v !== undefined)
        targets.push(`${m.workload.name}: ${v.toFixed(2)} of bare @50 (target ≥ ${t.ratio}) ${verdict(v >= t.ratio)}`);
    }
    if (t.p99At10 !== undefined) {
      const v = at(m, 10)?.p99;
      if (v !== undefined) {
        const p99 = Number.isNaN(v) ? `no answer within a ${DURATION} s run` : `p99 ${v.toFixed(1)} ms`;
        targets.push(`${m.workload.name}: ${p99} @10 (target < ${t.p99At10} ms) ${verdict(v < t.p99At10)}`);
      }
    }
  }
  targets.push(
    `cold start: ${cold.toFixed(0)} ms built, ${coldTsx.toFixed(0)} ms under tsx (target < 2000 ms) ${verdict(cold < 2000)}${coldTsx < 2000 ? '' : ' (built only)'}`,
  );
  targets.push(`service memory: peak RSS ${(r.peak / 1e6).toFixed(0)} MB (target < 300 MB) ${verdict(r.peak < 300e6)}`);
  lines.push('', 'Targets at this size:', '', ...targets.map((t) => `- ${t}`));
  return lines.join('\n');
}

/** Rewrites test/bench/RESULTS.md with this run's report; the README links to it instead of carrying it. */
function writeResults(report: string) {
  const path = resolve(ROOT, 'test', 'bench', 'RESULTS.md');
  const intro = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (test/bench/run.ts) on a database made by `npm run gen -- --claims 1000000`;',
    'how the numbers are made and what keeps the service fast: the README, [Performance](../../README.md#performance).',
    '',
  ].join('\n');
  // The mixed benchmark's sections (mix.ts) stay, first.
  const mixSections = existsSync(path)
    ? (readFileSync(path, 'utf8').match(/<!-- (mix [^>]*) -->[\s\S]*?<!-- \/\1 -->/g) ?? [])
    : [];
  const warm =
    '### One URL per workload, repeated: warm cache (`npm run bench` without `--mix`; the bare route here is Fastify)';
  writeFileSync(path, `${intro}\n${mixSections.map((m) => `${m}\n\n`).join('')}${warm}\n\n${report}\n`);
  console.error(`${path} updated`);
}

if (args.mix) {
  await runMix({
    db: args.db,
    zipf: args.zipf,
    seed: Number(args.seed),
    urls: Number(args.urls),
    workers: Number(args.workers),
    // A mix window is its URLs or this, whichever ends first; the bare runs either side are short.
    duration: args.duration === '3' ? 12 : Number(args.duration),
    bareDuration: 3,
    connections: args.connections === '50,10,1' ? 10 : Number(args.connections),
    port: Number(args.port),
    barePort: Number(args['bare-port']),
    only: args.only,
    urlsOut: args['urls-out'],
    writeResults: !args['no-results'],
  });
} else await main();
