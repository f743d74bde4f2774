// The mixed benchmark: `npm run bench -- --mix [--zipf] [--seed N] [--urls N] [--workers N]`.
//
// Draws thousands of different URLs from the database, in the shares of the issue (#12), and measures
// each on a fresh service (cache cold): the mix as a whole, then each class alone. Uniform variant:
// every URL drawn once, never repeated in the measured window (a class whose population is smaller
// than the window says so); Zipf variant: URLs drawn with probability proportional to 1/rank of a
// seeded ranking (speakers and events ranked by their claims, the rest shuffled), so popular ones
// repeat as they would under real traffic. Each window sits between two runs of a bare node:http
// route answering a body of the class's mean size (A-X-A, same run, same core), and the ratio is
// requests/s over the mean of those two.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { ADJECTIVES, NOUNS, Random } from './gen.ts';

export type MixOptions = {
  db: string;
  zipf: boolean;
  seed: number;
  /** URLs in the measured window of the mix (each class alone: as many, or its whole population). */
  urls: number;
  workers: number;
  /** Longest measured window, seconds (a window also ends when its URLs run out). */
  duration: number;
  bareDuration: number;
  connections: number;
  port: number;
  barePort: number;
  only?: string | undefined;
  writeResults: boolean;
  /** Write each row's URLs (warm-up, then window) to DIR/<row>.txt and measure nothing (for axa.ts, profiles). */
  urlsOut?: string | undefined;
};

type ClassKey = 'speaker' | 'claim' | 'eventClaims' | 'month' | 'event' | 'actor' | 'search' | 'graph';
const CLASSES: ReadonlyArray<{ key: ClassKey; name: string; share: number }> = [
  { key: 'speaker', name: 'claims by a speaker', share: 0.25 },
  { key: 'claim', name: 'one claim', share: 0.2 },
  { key: 'eventClaims', name: 'claims about an event', share: 0.15 },
  { key: 'month', name: "a month's claims", share: 0.1 },
  { key: 'event', name: 'one event', share: 0.1 },
  { key: 'actor', name: 'one actor', share: 0.07 },
  { key: 'search', name: 'search, an everyday word', share: 0.07 },
  { key: 'graph', name: 'graph, depth 1', share: 0.06 },
];

/** The URLs a class can ask for, by rank (0 = the most popular, for the Zipf variant). */
type Population = { size: number; url(rank: number): string | undefined };

/** A bijection of 0..n-1 (multiplication by a unit mod n): a seeded ranking without an n-sized array. */
function permutation(n: number, r: Random): (i: number) => number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let a = 1 + r.int(n - 1);
  while (gcd(a, n) !== 1) a++;
  const b = r.int(n);
  return (i) => Number((BigInt(i) * BigInt(a) + BigInt(b)) % BigInt(n));
}

function populations(sqlite: Database.Database, r: Random): Record<ClassKey, Population> {
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const byRowid = (table: string) => {
    const max = sqlite.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number;
    const id = sqlite.prepare(`SELECT id FROM ${table} WHERE rowid = ?`).pluck();
    const perm = permutation(max, r);
    return { size: max, id: (rank: number) => id.get(perm(rank) + 1) as string | undefined };
  };
  const claims = byRowid('claims');
  const events = byRowid('events');
  const actors = byRowid('actors');
  const speakers = sqlite
    .prepare('SELECT speaker_id FROM claims GROUP BY speaker_id ORDER BY count(*) DESC, speaker_id')
    .pluck()
    .all() as string[];
  const talkedAbout = sqlite
    .prepare('SELECT event_id FROM claim_events GROUP BY event_id ORDER BY count(*) DESC, event_id')
    .pluck()
    .all() as string[];
  // A month from any day in the span of the data: from its first to the day before the next month's.
  const [first, last] = sqlite.prepare('SELECT min(said_start), max(said_start) FROM claims').raw().get() as [
    string,
    string,
  ];
  const day0 = Date.parse(`${first.slice(0, 10)}T00:00:00Z`) / 86_400_000;
  const days = Math.max(1, Date.parse(`${last.slice(0, 10)}T00:00:00Z`) / 86_400_000 - day0 - 31);
  const dayPerm = permutation(days, r);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  // Everyday news words of the generator's vocabulary that the index holds.
  const matches = sqlite.prepare('SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?').pluck();
  const words = r.shuffle([...new Set([...NOUNS, ...ADJECTIVES])].filter((w) => (matches.get(`"${w}"`) as number) > 0));
  return {
    speaker: { size: speakers.length, url: (i) => `/v1/claims?${q({ speaker: speakers[i]! })}` },
    claim: { size: claims.size, url: (i) => maybe(claims.id(i), (id) => `/v1/claims/${encodeURIComponent(id)}`) },
    eventClaims: { size: talkedAbout.length, url: (i) => `/v1/claims?${q({ event: talkedAbout[i]! })}` },
    month: {
      size: days,
      url: (i) => {
        const from = new Date((day0 + dayPerm(i)) * 86_400_000);
        const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, from.getUTCDate() - 1));
        return `/v1/claims?${q({ from: iso(from.getTime()), to: iso(to.getTime()) })}`;
      },
    },
    event: { size: events.size, url: (i) => maybe(events.id(i), (id) => `/v1/events/${encodeURIComponent(id)}`) },
    actor: { size: actors.size, url: (i) => maybe(actors.id(i), (id) => `/v1/actors/${encodeURIComponent(id)}`) },
    search: { size: words.length, url: (i) => `/v1/search?${q({ q: words[i]! })}` },
    graph: {
      size: actors.size + events.size,
      url: (i) => {
        // Alternate actors and events so that both kinds of focus are in any prefix of the ranking.
        const [kind, at] = i % 2 === 0 ? (['actor', actors] as const) : (['event', events] as const);
        const rank = Math.floor(i / 2);
        return rank < at.size
          ? maybe(at.id(rank), (id) => `/v1/graph?${q({ focus: `${kind}:${id}`, depth: '1' })}`)
          : undefined;
      },
    },
  };
}
const maybe = <T, U>(value: T | undefined, f: (v: T) => U): U | undefined =>
  value === undefined ? undefined : f(value);

/** Ranks drawn with probability ∝ 1/(rank+1). */
function zipfSampler(n: number, r: Random): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return () => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

type Drawn = { urls: string[]; repeats: number };

/**
 * `n` URLs of a population: uniformly without replacement (repeating only once the whole population
 * is used, counted in `repeats`), or by Zipf rank. `exclude` holds ranks used elsewhere (the warm-up).
 */
function draw(
  pop: Population,
  n: number,
  zipf: boolean,
  r: Random,
  exclude = new Set<number>(),
): Drawn & { ranks: Set<number> } {
  const urls: string[] = [];
  const ranks = new Set<number>();
  let repeats = 0;
  const zipfRank = zipf ? zipfSampler(pop.size, r) : undefined;
  const free = pop.size - exclude.size;
  let misses = 0;
  while (urls.length < n && misses < 100_000) {
    let rank: number;
    if (zipfRank) rank = zipfRank();
    else if (ranks.size >= free) {
      rank = [...ranks][r.int(ranks.size)]!;
      repeats++;
    } else {
      rank = r.int(pop.size);
      if (ranks.has(rank) || exclude.has(rank)) {
        // Dense draws (most of a small population): walk to the next free rank instead of retrying.
        for (let k = 1; k < pop.size && (ranks.has(rank) || exclude.has(rank)); k++) rank = (rank + 1) % pop.size;
      }
    }
    const url = pop.url(rank);
    if (url === undefined) {
      misses++;
      if (!zipfRank) ranks.add(rank);
      continue;
    }
    if (zipfRank && ranks.has(rank)) repeats++;
    ranks.add(rank);
    urls.push(url);
  }
  return { urls, repeats, ranks };
}

// ---------------------------------------------------------------------------------------------

type Window = {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  exhausted: boolean;
  byClass: Map<ClassKey, { latencies: number[]; bytes: number }>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * Sends each URL of `urls` once, in order, over `connections` keep-alive connections, until the list
 * or `duration` runs out. Latency per URL class (`classOf`); only 2xx answers count as served.
 */
async function runList(
  origin: string,
  urls: readonly string[],
  classOf: (url: string) => ClassKey,
  connections: number,
  duration: number,
  onSample?: () => void,
): Promise<Window> {
  let next = 0;
  let exhausted = false;
  let last: { path: string; index: number; status: number; bytes: number } | undefined;
  const byClass = new Map<ClassKey, { latencies: number[]; bytes: number }>();
  const all: number[] = [];
  let errors = 0;
  let lastAt = 0;
  const began = performance.now();
  const sampler = onSample ? setInterval(onSample, 100) : undefined;
  const instance = autocannon({
    url: origin,
    connections,
    duration,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
          const index = next++;
          if (index >= urls.length && !exhausted) {
            exhausted = true;
            setImmediate(() => instance.stop());
          }
          context.index = index;
          context.path = urls[index % urls.length];
          return { ...request, path: context.path };
        },
        onResponse: (status: number, body: string | undefined, context: Record<string, unknown>) => {
          last = { path: context.path as string, index: context.index as number, status, bytes: body?.length ?? 0 };
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    const done = last;
    last = undefined;
    if (!done || done.index >= urls.length) return;
    if (statusCode < 200 || statusCode >= 300) {
      errors++;
      return;
    }
    lastAt = performance.now();
    all.push(ms);
    const key = classOf(done.path);
    let c = byClass.get(key);
    if (!c) byClass.set(key, (c = { latencies: [], bytes: 0 }));
    c.latencies.push(ms);
    c.bytes += done.bytes;
  });
  const result = await instance;
  if (sampler) clearInterval(sampler);
  const seconds = ((lastAt || performance.now()) - began) / 1000;
  return {
    requests: all.length,
    seconds,
    rps: all.length / seconds,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    errors: errors + result.errors + result.timeouts,
    exhausted,
    byClass,
  };
}

/** The bare route for `duration` seconds: requests/s. */
async function runBare(url: string, connections: number, duration: number) {
  const result = await autocannon({ url, connections, duration, pipelining: 1, timeout: 30 });
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Polls `url` until it answers 2xx; milliseconds taken. The benches' one way to wait for a service. */
export async function waitFor(url: string, timeoutMs = 60_000): Promise<number> {
  const began = performance.now();
  while (performance.now() - began < timeoutMs) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        await response.arrayBuffer();
        return performance.now() - began;
      }
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function spawnPinned(cores: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn('taskset', ['-c', cores, process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** The direct children of a process (a cluster's workers); none when /proc does not say. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Resident memory of a process and its children (the workers), bytes. */
function rssTree(pid: number): number {
  const one = (p: number) => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
  return Math.max(one(pid), ...childPids(pid).map(one));
}

/** Reads `path` (and its -wal) from start to end; milliseconds taken. */
function readThrough(path: string): number {
  const began = performance.now();
  const buffer = Buffer.allocUnsafe(8 << 20);
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
  return performance.now() - began;
}

/** CPU time (ms) of a process and its children so far. */
function cpuMs(pid: number): number {
  const one = (p: number) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return 0;
    }
  };
  return one(pid) + childPids(pid).reduce((sum, c) => sum + one(c), 0);
}

/** Waits (at most 3 minutes) until the idle service uses under 5% of a core over half a second. */
async function settled(pid: number): Promise<number> {
  const began = performance.now();
  let before = cpuMs(pid);
  while (performance.now() - began < 180_000) {
    await sleep(500);
    const now = cpuMs(pid);
    if (now - before < 25) return performance.now() - began;
    before = now;
  }
  return performance.now() - began;
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The commit a bench measured, "(with uncommitted changes)" when tracked files differ from it; the
 * results file the benches write is not code, so a change there alone does not count.
 */
export function commitMeasured(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const status = ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!test/bench/RESULTS.md'];
    const dirty = execFileSync('git', status, { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}
const BUILT = 'data/build/server.mjs';

type Measured = {
  name: string;
  key: ClassKey | 'mix';
  drawn: number;
  repeats: number;
  meanBytes: number;
  window: Window;
  bare: { rps: number; p50: number; p99: number };
  ratio: number;
  rssPeak: number;
  coldStartMs: number;
};

export async function runMix(o: MixOptions): Promise<void> {
  const dbPath = resolve(o.db);
  if (!existsSync(dbPath)) throw new Error(`${dbPath} does not exist: npm run gen -- --claims 1000000 --out ${o.db}`);
  execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const began = new Date();
  const loadBefore = loadavg();
  const variant = o.zipf ? 'zipf' : 'uniform';

  // Draw every list first, from a read-only connection closed before any service starts.
  const t0 = performance.now();
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  const r = new Random(o.seed);
  const pops = populations(sqlite, r);
  const counts = Object.fromEntries(
    ['claims', 'events', 'actors'].map((t) => [t, sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
  );
  const WARM = 150;
  const classOfUrl = new Map<string, ClassKey>();
  type Plan = { name: string; key: ClassKey | 'mix'; urls: string[]; warm: string[]; repeats: number };
  const plans: Plan[] = [];
  const mixParts: Array<{ key: ClassKey; drawn: Drawn }> = [];
  const mixWarm: string[] = [];
  const alone: Plan[] = [];
  for (const c of CLASSES) {
    const pop = pops[c.key];
    const warm = draw(pop, Math.min(WARM, Math.floor(pop.size / 10)), o.zipf, r);
    // The mix and the class's own window draw from the ranks the warm-up left (uniform: disjoint).
    const exclude = o.zipf ? new Set<number>() : warm.ranks;
    const inMix = draw(pop, Math.round(c.share * o.urls), o.zipf, r, exclude);
    const own = draw(pop, o.urls, o.zipf, r, exclude);
    for (const u of [...warm.urls, ...inMix.urls, ...own.urls]) classOfUrl.set(u, c.key);
    mixParts.push({ key: c.key, drawn: inMix });
    mixWarm.push(...warm.urls.slice(0, Math.ceil(WARM * c.share)));
    alone.push({ name: c.name, key: c.key, urls: own.urls, warm: warm.urls, repeats: own.repeats });
  }
  const mixUrls = r.shuffle(mixParts.flatMap((p) => p.drawn.urls));
  plans.push({
    name: `the mix (${variant})`,
    key: 'mix',
    urls: mixUrls,
    warm: r.shuffle(mixWarm),
    repeats: mixParts.reduce((s, p) => s + p.drawn.repeats, 0),
  });
  plans.push(...alone);
  sqlite.close();
  console.error(
    `drew ${plans.reduce((s, p) => s + p.urls.length, 0)} URLs (${variant}, seed ${o.seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  if (o.urlsOut) {
    mkdirSync(o.urlsOut, { recursive: true });
    for (const plan of plans) {
      const file = resolve(o.urlsOut, `${plan.key}.txt`);
      writeFileSync(file, `${[...plan.warm, ...plan.urls].join('\n')}\n`);
      console.error(`${file}: ${plan.warm.length} warm-up URLs, then ${plan.urls.length} of the window`);
    }
    return;
  }

  await build({
    entryPoints: [resolve(ROOT, 'src/server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: resolve(ROOT, BUILT),
    logLevel: 'warning',
  });
  const origin = `http://127.0.0.1:${o.port}`;
  const bareOrigin = `http://127.0.0.1:${o.barePort}`;
  // One core for the service (core 0, with the bare route), the client on core 1; with more workers
  // the service spreads over both cores and shares core 1 with the client.
  const serviceCores = o.workers > 1 ? '0,1' : '0';
  const bare = spawnPinned('0', ['--import', 'tsx', 'test/bench/bare-http.ts'], { PORT: String(o.barePort) });
  await waitFor(`${bareOrigin}/bare/10`);
  const classOf = (url: string) => classOfUrl.get(url) ?? 'claim';
  const measured: Measured[] = [];
  try {
    for (const plan of plans.filter((p) => !o.only || p.key === o.only || p.name.includes(o.only))) {
      // The file read through once: the machine's page cache loses it to other work now and then, and a
      // row should measure the service, not the disk (README: what the uncached file costs).
      const warmMs = readThrough(dbPath);
      if (warmMs > 3000)
        console.error(`  read the database file into the page cache in ${(warmMs / 1000).toFixed(1)} s`);
      // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": a CPU profile per row.
      const nodeArgs = process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
      const service = spawnPinned(serviceCores, [...nodeArgs, BUILT], {
        PORT: String(o.port),
        HOST: '127.0.0.1',
        DATABASE_PATH: dbPath,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '1000000000',
        WORKERS: String(o.workers),
        // Not the start-up quick_check (tens of seconds of the same core on this file): the requests are measured.
        INTEGRITY_CHECK: 'false',
      });
      try {
        const coldStartMs = await waitFor(`${origin}/health`);
        // Another process on the port (a service left over from an interrupted run) would answer instead.
        await sleep(500);
        if (service.exitCode !== null || service.signalCode !== null)
          throw new Error(
            `the service exited (${service.exitCode ?? service.signalCode}): is ${origin} taken by another process?`,
          );
        // After start the service runs PRAGMA quick_check in a worker thread (tens of seconds of CPU
        // on the million-claim file, on the same core): measured then, a row would measure the check.
        const settleMs = await settled(service.pid!);
        if (settleMs > 1000)
          console.error(`  the service settled ${(settleMs / 1000).toFixed(1)} s after its first answer`);
        // The body size of the class (for the bare route) from a few warm-up URLs, then the rest of
        // the warm-up under load: the code paths compiled, the measured URLs never asked.
        let bytes = 0;
        const sized = plan.warm.slice(0, 30);
        for (const url of sized) bytes += (await (await fetch(origin + url)).arrayBuffer()).byteLength;
        const meanBytes = Math.max(10, Math.round(bytes / Math.max(1, sized.length)));
        await runList(origin, plan.warm.slice(30), classOf, o.connections, 5);
        const bareUrl = `${bareOrigin}/bare/${meanBytes}`;
        const before = await runBare(bareUrl, o.connections, o.bareDuration);
        let rssPeak = 0;
        const window = await runList(origin, plan.urls, classOf, o.connections, o.duration, () => {
          rssPeak = Math.max(rssPeak, rssTree(service.pid!));
        });
        await waitFor(`${origin}/health`, 120_000);
        const after = await runBare(bareUrl, o.connections, o.bareDuration);
        const bareRps = (before.rps + after.rps) / 2;
        const m: Measured = {
          name: plan.name,
          key: plan.key,
          drawn: plan.urls.length,
          repeats: plan.repeats,
          meanBytes,
          window,
          bare: { rps: bareRps, p50: (before.p50 + after.p50) / 2, p99: Math.max(before.p99, after.p99) },
          ratio: window.rps / bareRps,
          rssPeak,
          coldStartMs,
        };
        measured.push(m);
        console.error(
          `${plan.name}: ${window.requests} requests in ${window.seconds.toFixed(1)} s${window.exhausted ? ' (list done)' : ''}, ` +
            `${window.rps.toFixed(0)} req/s = ${m.ratio.toFixed(3)} of bare ${bareRps.toFixed(0)} (${meanBytes} B), ` +
            `p50 ${window.p50.toFixed(2)} ms, p99 ${window.p99.toFixed(2)} ms, errors ${window.errors}, rss ${(rssPeak / 1e6).toFixed(0)} MB`,
        );
      } finally {
        await stop(service);
      }
    }
  } finally {
    await stop(bare);
  }
  const report = render(o, measured, { began, loadBefore, loadAfter: loadavg(), counts });
  console.log(report);
  if (o.writeResults && measured.length) writeSection(`mix ${variant} workers=${o.workers}`, report);
}

function render(
  o: MixOptions,
  measured: Measured[],
  r: { began: Date; loadBefore: number[]; loadAfter: number[]; counts: Record<string, number> },
): string {
  const f = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  const commit = commitMeasured();
  const variant = o.zipf ? 'Zipf-weighted (popular URLs repeat)' : 'uniform (no URL repeated in a window)';
  const lines = [
    `### The mix, ${o.zipf ? 'Zipf' : 'uniform'}, WORKERS=${o.workers}: cache cold`,
    '',
    `Measured ${r.began.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit ${commit}: ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
      `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; ${r.counts.claims} claims, ${r.counts.events} events, ${r.counts.actors} actors. ` +
      `Load average ${r.loadBefore.map((n) => n.toFixed(1)).join(' / ')} before, ${r.loadAfter.map((n) => n.toFixed(1)).join(' / ')} after (other work shared the machine).`,
    '',
    `\`npm run bench -- --mix${o.zipf ? ' --zipf' : ''} --seed ${o.seed} --urls ${o.urls} --workers ${o.workers}\`: URLs ${variant}, seed ${o.seed}; ` +
      `a fresh service for every row (${o.workers === 1 ? 'one process on core 0' : `${o.workers} workers on cores 0 and 1, the client sharing core 1`}), ` +
      `the database file read through into the page cache before each row, the service warmed on other URLs of the row; ${o.connections} connections; the window ends after ${o.duration} s or when its URLs run out. ` +
      `"× bare": requests/s over the mean of a bare node:http route (same body size, core 0) run for ${o.bareDuration} s just before and just after.`,
    '',
    '| workload (cache cold) | URLs | repeats | mean body | requests | req/s | × bare | p50 / p99 ms @' +
      `${o.connections} | errors | peak RSS |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of measured) {
    lines.push(
      `| ${m.name} | ${m.drawn} | ${m.repeats} | ${f(m.meanBytes / 1024, 1)} kB | ${m.window.requests}${m.window.exhausted ? '' : ' (time up)'} | ` +
        `${f(m.window.rps, 0)} | ${f(m.ratio, 3)} | ${f(m.window.p50, 2)} / ${f(m.window.p99, 2)} | ${m.window.errors} | ${f(m.rssPeak / 1e6, 0)} MB |`,
    );
  }
  const mix = measured.find((m) => m.key === 'mix');
  if (mix) {
    lines.push('', `Within the mix, by class (p50 / p99 ms @${o.connections}):`, '');
    lines.push('| class | share | requests | mean body | p50 / p99 ms |', '|---|---:|---:|---:|---:|');
    for (const c of CLASSES) {
      const got = mix.window.byClass.get(c.key);
      if (!got) continue;
      lines.push(
        `| ${c.name} | ${(c.share * 100).toFixed(0)}% | ${got.latencies.length} | ${f(got.bytes / got.latencies.length / 1024, 1)} kB | ` +
          `${f(percentile(got.latencies, 0.5), 2)} / ${f(percentile(got.latencies, 0.99), 2)} |`,
      );
    }
  }
  const bareRow = measured.map((m) => m.bare.rps).sort((a, b) => a - b);
  lines.push(
    '',
    `Bare node:http route: ${f(bareRow[0] ?? NaN, 0)}–${f(bareRow[bareRow.length - 1] ?? NaN, 0)} req/s over these body sizes. ` +
      `Cold start to the first answer: ${f(Math.min(...measured.map((m) => m.coldStartMs)), 0)}–${f(Math.max(...measured.map((m) => m.coldStartMs)), 0)} ms.`,
  );
  return lines.join('\n');
}

/** Replaces (or adds, first) the section `name` of test/bench/RESULTS.md, leaving the rest as it is. */
function writeSection(name: string, report: string) {
  const path = resolve(ROOT, 'test', 'bench', 'RESULTS.md');
  const text = readFileSync(path, 'utf8');
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const block = `${open}\n${report}\n${close}`;
  const at = text.indexOf(open);
  let next: string;
  if (at >= 0) next = text.slice(0, at) + block + text.slice(text.indexOf(close) + close.length);
  else {
    // New sections go before the first existing one, or before the warm-cache table.
    const anchor = text.search(/<!-- mix |^Measured /m);
    next = anchor >= 0 ? `${text.slice(0, anchor)}${block}\n\n${text.slice(anchor)}` : `${text}\n${block}\n`;
  }
  writeFileSync(path, next);
  console.error(`${path}: section "${name}" updated`);
}
