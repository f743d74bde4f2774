// A quick A-X-A comparison of service variants on one URL list:
//   npx tsx test/bench/axa.ts --db COPY.db --urls FILE|--url /health [--variant 'NAME=K=V;K=V' ...]
//     [--rounds 5] [--duration 3] [--connections 10] [--cpu-prof DIR]
// Each variant (environment overrides of the built service, e.g. `nocache=CLAIM_CACHE_SIZE=0`) runs on
// a fresh service pinned to core 0 and is measured in rounds bare, X, bare, X, ..., bare against the
// bare node:http route (bare-http.ts, same core, body of the list's mean size); the URLs of a list are
// sent in order, each round going on where the last stopped (cycled when the list runs out), so a list
// drawn by `npm run bench -- --mix --urls-out DIR` stays cache cold as in the mix. Prints each variant's median ratio to bare, requests/s, p50/p99 and peak RSS: the
// numbers behind the README's before/after rows, on a shared machine where only ratios compare.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { waitFor } from './mix.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    urls: { type: 'string' },
    url: { type: 'string', multiple: true },
    variant: { type: 'string', multiple: true },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3921' },
    'bare-port': { type: 'string', default: '3922' },
    'cpu-prof': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const ROOT = resolve(import.meta.dirname, '../..');
const BUILT = 'data/build/server.mjs';
const ROUNDS = Number(args.rounds);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const origin = `http://127.0.0.1:${args.port}`;
const bareOrigin = `http://127.0.0.1:${args['bare-port']}`;
const urls = args.urls ? readFileSync(args.urls, 'utf8').split('\n').filter(Boolean) : (args.url ?? ['/health']);
const variants = (args.variant ?? ['base=']).map((v) => {
  const [name, ...rest] = v.split('=');
  const env = Object.fromEntries(
    rest
      .join('=')
      .split(';')
      .filter(Boolean)
      .map((kv) => {
        const [k, ...val] = kv.split('=');
        return [k!, val.join('=')];
      }),
  );
  return { name: name!, env };
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnPinned(cores: string, argv: string[], env: Record<string, string>): ChildProcess {
  return spawn('taskset', ['-c', cores, process.execPath, ...argv], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
const rss = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};

/** CPU time (ms) a process used so far: user + system, from /proc (10 ms ticks). */
const cpuMs = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
};

/** The list cycled over `connections` connections for `duration` seconds. */
let next = 0;
async function runList(list: string[], onSample?: () => void) {
  const latencies: number[] = [];
  let errors = 0;
  const sampler = onSample ? setInterval(onSample, 100) : undefined;
  const instance = autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION,
    pipelining: 1,
    timeout: 30,
    requests: [
      { setupRequest: (request: Record<string, unknown>) => ({ ...request, path: list[next++ % list.length] }) },
    ],
  });
  instance.on('response', (_c, status, _b, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else errors++;
  });
  const result = await instance;
  if (sampler) clearInterval(sampler);
  await waitFor(`${origin}/health`, 120_000);
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
  return { rps: latencies.length / result.duration, p50: at(0.5), p99: at(0.99), errors, served: latencies.length };
}
async function runBare(size: number) {
  const cpu0 = cpuMs(bare.pid!);
  const client0 = process.cpuUsage();
  const result = await autocannon({
    url: `${bareOrigin}/bare/${size}`,
    connections: CONNECTIONS,
    duration: DURATION,
    pipelining: 1,
  });
  bareCpu.ms += cpuMs(bare.pid!) - cpu0;
  const client = process.cpuUsage(client0);
  bareCpu.clientMs += (client.user + client.system) / 1000;
  bareCpu.requests += result.requests.total;
  return result.requests.total / result.duration;
}
const bareCpu = { ms: 0, requests: 0, clientMs: 0 };

if (!args['no-build'])
  await build({
    entryPoints: [resolve(ROOT, 'src/server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: resolve(ROOT, BUILT),
    logLevel: 'warning',
  });
execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
const bare = spawnPinned('0', ['--import', 'tsx', 'test/bench/bare-http.ts'], { PORT: args['bare-port'] });
await waitFor(`${bareOrigin}/bare/10`);
console.log(
  `load ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}; ${urls.length} URLs; rounds ${ROUNDS} × ${DURATION} s @${CONNECTIONS}`,
);
try {
  for (const variant of variants) {
    const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}/${variant.name}`] : [];
    const service = spawnPinned('0', [...nodeArgs, BUILT], {
      PORT: args.port,
      HOST: '127.0.0.1',
      DATABASE_PATH: resolve(args.db!),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000000',
      WORKERS: '1',
      INTEGRITY_CHECK: 'false',
      ...variant.env,
    });
    try {
      // Each variant starts the list from its beginning; rounds go on where the last one stopped.
      next = 0;
      const cold = await waitFor(`${origin}/health`);
      let bytes = 0;
      const sized = urls.slice(0, 30);
      for (const u of sized) bytes += (await (await fetch(origin + u)).arrayBuffer()).byteLength;
      const size = Math.max(10, Math.round(bytes / sized.length));
      next = sized.length;
      let peak = 0;
      const bares = [await runBare(size)];
      const runs = [];
      let serviceMs = 0;
      let clientMs = 0;
      bareCpu.ms = 0;
      bareCpu.requests = 0;
      bareCpu.clientMs = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const cpu0 = cpuMs(service.pid!);
        const client0 = process.cpuUsage();
        runs.push(await runList(urls, () => (peak = Math.max(peak, rss(service.pid!)))));
        serviceMs += cpuMs(service.pid!) - cpu0;
        const client = process.cpuUsage(client0);
        clientMs += (client.user + client.system) / 1000;
        bares.push(await runBare(size));
      }
      // CPU per request, service and bare: what the machine's other work disturbs least.
      const serviceUs = (serviceMs * 1000) / runs.reduce((sum, r) => sum + r.served, 0);
      const bareUs = (bareCpu.ms * 1000) / bareCpu.requests;
      const clientUs = (clientMs * 1000) / runs.reduce((sum, r) => sum + r.served, 0);
      const bareClientUs = (bareCpu.clientMs * 1000) / bareCpu.requests;
      const ratios = runs.map((r, i) => r.rps / ((bares[i]! + bares[i + 1]!) / 2));
      console.log(
        `${variant.name}: CPU ${serviceUs.toFixed(0)} µs/request (bare ${bareUs.toFixed(0)}: ratio ${(bareUs / serviceUs).toFixed(3)}); ` +
          `load client CPU ${clientUs.toFixed(0)} µs/request (bare ${bareClientUs.toFixed(0)}); ` +
          `ratio median ${median(ratios).toFixed(3)} [${ratios.map((r) => r.toFixed(3)).join(' ')}], ` +
          `${median(runs.map((r) => r.rps)).toFixed(0)} req/s (bare ${median(bares).toFixed(0)}, ${size} B), ` +
          `p50 ${median(runs.map((r) => r.p50)).toFixed(2)} p99 ${median(runs.map((r) => r.p99)).toFixed(2)} ms, ` +
          `errors ${runs.reduce((s, r) => s + r.errors, 0)}, peak RSS ${(peak / 1e6).toFixed(0)} MB, cold start ${cold.toFixed(0)} ms`,
      );
    } finally {
      await stop(service);
    }
  }
} finally {
  await stop(bare);
}
console.log(
  `load after ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
