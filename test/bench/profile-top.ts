// The top functions of a V8 CPU profile (`node --cpu-prof`), by self time and by total time (the
// function and its callees, each sample counted once per function however deep it recurses):
//   npx tsx test/bench/profile-top.ts PROFILE.cpuprofile [--top 30] [--match text]
// `--match` keeps only functions whose name or file holds the text (a hook's name, say), so that the
// cost of one step of a request can be read as "µs per request" by dividing by the requests served.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, match: { type: 'string' } },
});
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const parent = new Map<number, number>();
const byId = new Map<number, Node>();
for (const node of profile.nodes) {
  byId.set(node.id, node);
  for (const child of node.children ?? []) parent.set(child, node.id);
}
const keyOf = (node: Node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|src|test)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
};
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
  all += dt;
  let node = byId.get(profile.samples[i]!);
  if (!node) continue;
  const leaf = keyOf(node);
  self.set(leaf, (self.get(leaf) ?? 0) + dt);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    node = byId.get(id)!;
    const key = keyOf(node);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + dt);
  }
}
const top = Number(values.top);
const match = values.match?.toLowerCase();
const rows = (map: Map<string, number>) =>
  [...map]
    .filter(([key]) => !match || key.toLowerCase().includes(match))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([key, us]) => `${((us / all) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`,
    );
console.log(`profile: ${(all / 1e6).toFixed(2)} s sampled`);
console.log('\nself time:');
console.log(rows(self).join('\n'));
console.log('\ntotal time (with callees):');
console.log(rows(total).join('\n'));
