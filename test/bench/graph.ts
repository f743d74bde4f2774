// Times the graph walks on a large database: `npx tsx test/bench/graph.ts --db PATH [--runs N]`.
//
// For the heaviest nodes of each kind (the speaker, outlet, event, actor, location and claim with the
// most edges) and a sample of ordinary ones, it times GET /v1/graph at depth 1 and 2 and a few
// /v1/graph/path searches end to end through app.inject (routing, validation, serialization), and
// prints p50/p99 of wall time and of CPU time per case (CPU time is the fairer number on a busy machine) and the answer's size. The database is opened as the service opens it; nothing is written
// except pending migrations. Run it on a copy of a generated database (test/bench/gen.ts).
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '200' } } });
if (!values.db) {
  console.error('usage: npx tsx test/bench/graph.ts --db PATH [--runs N]');
  process.exit(2);
}
const runs = Number(values.runs);
const app = await buildApp({ databasePath: values.db, seed: false });
const sqlite = app.db.$client;

const one = (sql: string) => (sqlite.prepare(sql).get() as { id: string } | undefined)?.id;
const hubs: Record<string, string | undefined> = {
  'speaker (most claims said)': one(
    'SELECT speaker_id AS id FROM claims GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1',
  ),
  'outlet (most claims relayed)': one(
    'SELECT reported_by_id AS id FROM claims WHERE reported_by_id IS NOT NULL GROUP BY reported_by_id ORDER BY count(*) DESC LIMIT 1',
  ),
  'actor (most claims about)': one(
    'SELECT actor_id AS id FROM claim_actors GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1',
  ),
  'event (most claims about)': one(
    'SELECT event_id AS id FROM claim_events GROUP BY event_id ORDER BY count(*) DESC LIMIT 1',
  ),
  'location (most events)': one(
    'SELECT location_id AS id FROM events WHERE location_id IS NOT NULL GROUP BY location_id ORDER BY count(*) DESC LIMIT 1',
  ),
  'claim (most incoming links)': one(
    'SELECT to_claim_id AS id FROM claim_links GROUP BY to_claim_id ORDER BY count(*) DESC LIMIT 1',
  ),
  'source (most claims)': one('SELECT source_id AS id FROM claims GROUP BY source_id ORDER BY count(*) DESC LIMIT 1'),
};
const kindOf: Record<string, string> = {
  speaker: 'actor',
  outlet: 'actor',
  actor: 'actor',
  event: 'event',
  location: 'location',
  claim: 'claim',
  source: 'source',
};
const foci = Object.entries(hubs).flatMap(([label, id]) =>
  id ? [{ label, focus: `${kindOf[label.split(' ')[0]!]}:${id}` }] : [],
);

const sample = (table: string, kind: string, n: number) =>
  (sqlite.prepare(`SELECT id FROM ${table} WHERE rowid % 997 = 13 LIMIT ${n}`).all() as Array<{ id: string }>).map(
    (r) => `${kind}:${r.id}`,
  );
const ordinary = [
  ...sample('actors', 'actor', 20),
  ...sample('events', 'event', 20),
  ...sample('claims', 'claim', 20),
  ...sample('locations', 'location', 10),
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function time(label: string, urls: string[]) {
  const ms: number[] = [];
  const cpu: number[] = [];
  let nodes = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const url = urls[i % urls.length]!;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const response = await app.inject(url);
    const used = process.cpuUsage(cpuStart);
    ms.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
    if (response.statusCode !== 200)
      throw new Error(`${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    if (i === 0) {
      nodes = (response.json() as { nodes: unknown[] }).nodes.length;
      bytes = response.rawPayload.length;
    }
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(
    `${label.padEnd(52)} wall p50 ${f(percentile(ms, 50))} p99 ${f(percentile(ms, 99))} | cpu p50 ${f(percentile(cpu, 50))} p99 ${f(percentile(cpu, 99))} ms | ${nodes} nodes, ${(bytes / 1024).toFixed(0)} KB`,
  );
}

console.log(
  `claims: ${(sqlite.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n}, runs per case: ${runs}`,
);
for (const depth of [1, 2]) {
  for (const { label, focus } of foci)
    await time(`depth ${depth} ${label}`, [`/v1/graph?focus=${focus}&depth=${depth}`]);
  await time(
    `depth ${depth} ordinary nodes (${ordinary.length} rotating)`,
    ordinary.map((focus) => `/v1/graph?focus=${focus}&depth=${depth}`),
  );
}
const hubFocus = foci[0]!.focus;
await time('depth 2 heaviest speaker, limit=1000', [`/v1/graph?focus=${hubFocus}&depth=2&limit=1000`]);
await time('depth 3 heaviest speaker', [`/v1/graph?focus=${hubFocus}&depth=3`]);
const pairs = ordinary
  .slice(0, 20)
  .map((from, i) => `/v1/graph/path?from=${from}&to=${ordinary[(i * 7 + 3) % ordinary.length]}`);
await time('path between ordinary nodes (20 pairs rotating)', pairs);
await time('path between two hubs', [`/v1/graph/path?from=${foci[0]!.focus}&to=${foci[3]!.focus}`]);
await app.close();
