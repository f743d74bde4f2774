// `npx tsx test/bench/import-bundle.ts [SIZE] [RUNS]`: the wall time of importing one generated bundle
// (SIZE actors, events and claims; 5,000 by default) into a freshly seeded database file, the whole
// import (checks, writes, change feed) in one transaction as POST /v1/sources runs it. Prints the
// median and each run, in milliseconds.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { importBundle, parseBundle } from '../../src/domain/import-bundle.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { bigBundle } from '../ops/big-bundle.ts';

const size = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 5);
const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const file = join(tmpdir(), `import-bench-${process.pid}-${run}.db`);
  const db = openDatabase(file);
  loadSeed(db);
  const bundle = parseBundle(bigBundle(size, `bench${run}`));
  const started = performance.now();
  const summary = importBundle(db, bundle, { keyName: 'bench' });
  times.push(performance.now() - started);
  if (summary.created.claims.length !== size) throw new Error('the import did not create every claim');
  db.$client.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  JSON.stringify({ size, runs, medianMs: Math.round(sorted[Math.floor(runs / 2)]!), ms: times.map(Math.round) }),
);
