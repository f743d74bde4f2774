// WORKERS benchmark: `npx tsx test/bench/workers.ts --db COPY.db [--duration 10 --rounds 2 --connections 10]`.
//
// Builds src/server.ts (esbuild, as run.ts does) and starts it twice on the same database copy, with
// WORKERS=1 and WORKERS=2, plus a bare node:http server answering a fixed body of the mix's mean size.
// The load is a read mix of URLs drawn (seeded) from the database: 40% one claim, 20% one actor,
// 20% one event, 20% a page of a speaker's claims; each request takes the next URL, so few repeat
// within a run. Runs bare, W1, bare, W2, bare, ... (A-X-A) and reports each service run against
// the mean of its neighbouring bare runs. Also: cold start (process start to the first 200 on
// /health, and to every worker listening) and the RSS of each process after the load.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { build } from 'esbuild';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    urls: { type: 'string', default: '20000' },
    'cold-starts': { type: 'string', default: '2' },
  },
});
if (!args.db) throw new Error('--db PATH (a copy of the million-claim database) is required');
const DB = resolve(args.db);
const ROOT = resolve(import.meta.dirname, '../..');
const BUILT = resolve(ROOT, 'data/build/server-workers.mjs');
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A deterministic generator (mulberry32), so that every run draws the same URLs. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function drawUrls(count: number): string[] {
  const sqlite = new Database(DB, { readonly: true, fileMustExist: true });
  const next = random(12);
  const max = (table: string) => sqlite.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number;
  const limits = { claims: max('claims'), actors: max('actors'), events: max('events') };
  const row = (table: 'claims' | 'actors' | 'events', column = 'id') => {
    for (;;) {
      const value = sqlite
        .prepare(`SELECT ${column} FROM ${table} WHERE rowid = ?`)
        .pluck()
        .get(1 + Math.floor(next() * limits[table])) as string | undefined;
      if (value) return encodeURIComponent(value);
    }
  };
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = next();
    urls.push(
      r < 0.4
        ? `/v1/claims/${row('claims')}`
        : r < 0.6
          ? `/v1/actors/${row('actors')}`
          : r < 0.8
            ? `/v1/events/${row('events')}`
            : `/v1/claims?speaker=${row('claims', 'speaker_id')}&limit=20`,
    );
  }
  sqlite.close();
  return urls;
}

type Service = { child: ChildProcess; port: number; logs: Array<Record<string, unknown>>; pids: number[] };

/** Starts the built service with `workers`; resolves with the time to the first 200 on /health and to every worker listening. */
async function startService(workers: number, port: number, level: 'info' | 'warn') {
  const began = performance.now();
  const child = spawn('node', [BUILT], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: DB, WORKERS: String(workers), PORT: String(port), LOG_LEVEL: level },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const service: Service = { child, port, logs: [], pids: [] };
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) service.logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  let health = 0;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      await response.arrayBuffer();
      if (response.ok) {
        health = performance.now() - began;
        break;
      }
    } catch {}
    await sleep(10);
  }
  // Every worker listening (the cold-start runs log at info level, which shows those lines).
  while (
    level === 'info' &&
    service.logs.filter((entry) => String(entry.msg).startsWith('Server listening')).length < workers &&
    performance.now() - began < 120_000
  )
    await sleep(10);
  return { service, health, all: performance.now() - began };
}

/** Each worker's pid: children of the primary (or the process itself for WORKERS=1). */
function processesOf(service: Service): Array<{ pid: number; role: string; rssMb: number }> {
  const root = service.child.pid!;
  const children = childrenOf(root).filter((pid) => !isQuickCheck(pid));
  const rss = (pid: number) => {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'))!;
    return Math.round(Number(line.split(/\s+/)[1]) / 1024);
  };
  return [
    { pid: root, role: children.length ? 'primary' : 'single process', rssMb: rss(root) },
    ...children.map((pid) => ({ pid, role: 'worker', rssMb: rss(pid) })),
  ];
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}
function isQuickCheck(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === '-e';
  } catch {
    return false;
  }
}

async function stopService(service: Service) {
  service.child.kill('SIGTERM');
  return new Promise<number | null>((r) => service.child.once('exit', (code) => r(code)));
}

type Run = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function load(port: number, urls: string[] | undefined, barePath: string): Promise<Run> {
  let i = Math.floor(Math.random() * (urls?.length ?? 1));
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => ({
          ...request,
          path: urls ? urls[i++ % urls.length]! : barePath,
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main() {
  await build({
    entryPoints: [resolve(ROOT, 'src/server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: BUILT,
    logLevel: 'warning',
  });
  const urls = drawUrls(Number(args.urls));
  console.error(
    `drew ${urls.length} URLs; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  // Cold starts, alternating the settings.
  const cold: Record<1 | 2, Array<{ health: number; all: number }>> = { 1: [], 2: [] };
  for (let round = 0; round < Number(args['cold-starts']); round++) {
    for (const workers of [1, 2] as const) {
      const { service, health, all } = await startService(workers, 3911, 'info');
      cold[workers].push({ health, all });
      const stopping = performance.now();
      const code = await stopService(service);
      console.error(
        `cold start WORKERS=${workers}: first /health 200 ${health.toFixed(0)} ms, every worker up ${all.toFixed(0)} ms; SIGTERM to exit ${(performance.now() - stopping).toFixed(0)} ms, code ${code}`,
      );
    }
  }

  // The mean answer size of the mix, for the bare route.
  const w1 = (await startService(1, 3912, 'warn')).service;
  const w2 = (await startService(2, 3913, 'warn')).service;
  let bytes = 0;
  for (const url of urls.slice(0, 200))
    bytes += (await (await fetch(`http://127.0.0.1:3912${url}`)).arrayBuffer()).byteLength;
  const body = `{"data":"${'x'.repeat(Math.max(0, Math.round(bytes / 200) - 11))}"}`;
  const bare = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  // The bare server runs in this process, as the client does: its figure is a ceiling of this client.
  await new Promise<void>((r) => bare.listen(3914, '127.0.0.1', r));
  // Let the start-up quick_check (a read of the whole file, in a child process) finish before measuring.
  const began = performance.now();
  while ([w1, w2].some((service) => descendants(service.child.pid!).some(isQuickCheck))) await sleep(200);
  console.error(`quick_check finished after another ${((performance.now() - began) / 1000).toFixed(0)} s`);

  const rows: Array<{ label: string; run: Run; ratio: number }> = [];
  let previousBare = await load(3914, undefined, '/');
  console.error(`bare: ${previousBare.rps.toFixed(0)} req/s`);
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [label, port] of [
      ['WORKERS=1', 3912],
      ['WORKERS=2', 3913],
    ] as const) {
      const run = await load(port, urls, '/');
      const after = await load(3914, undefined, '/');
      const ratio = run.rps / ((previousBare.rps + after.rps) / 2);
      rows.push({ label, run, ratio });
      console.error(
        `${label}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}; ` +
          `bare around it ${previousBare.rps.toFixed(0)} / ${after.rps.toFixed(0)} req/s: ${ratio.toFixed(3)} of bare`,
      );
      previousBare = after;
    }
  }
  const memory = { 1: processesOf(w1), 2: processesOf(w2) };
  console.log(JSON.stringify({ bytesMean: Math.round(bytes / 200), cold, rows, memory, loadavg: loadavg() }, null, 2));
  bare.close();
  await stopService(w1);
  await stopService(w2);
}

await main();
