// In-process query benchmark: `npm run bench:queries [-- --db data/bench.db --ms 400 --only claims]`.
// Calls every hot query function of src/db/queries directly on the big database and prints the
// median and p90 microseconds per call, so a query regression shows without HTTP in the way.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/client.ts';
import { configureClaimCache } from '../../src/db/queries/claims.ts';
import { capturingStatements, hotQueries, pickSubjects, type HotQuery, type Subjects } from './hot-queries.ts';

/** Search and graph queries, when those modules exist in this checkout. */
async function optionalQueries(db: ReturnType<typeof openDatabase>, s: Subjects): Promise<HotQuery[]> {
  const found: HotQuery[] = [];
  try {
    const { search } = await import('../../src/db/queries/search.ts');
    const { searchQuery } = await import('../../src/schemas/search.ts');
    found.push(
      { name: `search rare word "${s.rareWord}"`, run: () => search(db, searchQuery.parse({ q: s.rareWord })) },
      { name: `search common word "${s.commonWord}"`, run: () => search(db, searchQuery.parse({ q: s.commonWord })) },
    );
  } catch (error) {
    console.error(`search queries skipped: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    const { neighbourhood } = await import('../../src/db/queries/graph.ts');
    const { graphQuery } = await import('../../src/schemas/graph.ts');
    found.push(
      {
        name: 'graph depth 2, heavy actor',
        run: () => neighbourhood(db, graphQuery.parse({ focus: `actor:${s.heavySpeaker}`, depth: 2 })),
      },
      {
        name: 'graph depth 2, typical actor',
        run: () => neighbourhood(db, graphQuery.parse({ focus: `actor:${s.typicalSpeaker}`, depth: 2 })),
      },
      {
        name: 'graph depth 2, heavy event',
        run: () => neighbourhood(db, graphQuery.parse({ focus: `event:${s.heavyEvent}`, depth: 2 })),
      },
    );
  } catch (error) {
    console.error(`graph queries skipped: ${(error as Error).message.split('\n')[0]}`);
  }
  return found;
}

/**
 * Median and p90 of the wall time per call, and the median CPU time (this process's user + system
 * time: steadier than wall time when other work shares the machine), running `fn` for about
 * `budgetMs` (at least 5 calls).
 */
export function timeCalls(
  fn: () => unknown,
  budgetMs: number,
): { median: number; p90: number; cpu: number; calls: number } {
  fn(); // warm the page cache and the statement cache
  const wall: number[] = [];
  const cpu: number[] = [];
  const until = performance.now() + budgetMs;
  while (wall.length < 5 || (performance.now() < until && wall.length < 5000)) {
    const usage = process.cpuUsage();
    const start = performance.now();
    fn();
    wall.push((performance.now() - start) * 1000);
    const used = process.cpuUsage(usage);
    cpu.push(used.user + used.system);
  }
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  sorted(wall);
  return {
    median: wall[Math.floor(wall.length / 2)]!,
    p90: wall[Math.floor(wall.length * 0.9)]!,
    cpu: sorted(cpu)[Math.floor(cpu.length / 2)]!,
    calls: wall.length,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'data/bench.db' },
      ms: { type: 'string', default: '400' },
      only: { type: 'string' },
    },
  });
  if (!existsSync(values.db)) {
    console.error(`${values.db} does not exist: npm run gen -- --claims 1000000 --out ${values.db}`);
    process.exit(1);
  }
  const db = openDatabase(values.db);
  // The queries themselves, every call: nothing served from the claim cache.
  configureClaimCache(db, 0);
  const subjects = pickSubjects(db);
  console.error(
    `subjects: ${JSON.stringify(subjects.counts)}; rare "${subjects.rareWord}" (${subjects.rareWordDocs}), common "${subjects.commonWord}" (${subjects.commonWordDocs})`,
  );
  const queries = [...hotQueries(db, subjects), ...(await optionalQueries(db, subjects))].filter(
    (q) => !values.only || q.name.includes(values.only),
  );
  const rows: string[] = [
    '| query | median µs | p90 µs | median CPU µs | statements | calls |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const query of queries) {
    const statements = capturingStatements(db, query.run).length;
    const { median, p90, cpu, calls } = timeCalls(query.run, Number(values.ms));
    rows.push(
      `| ${query.name} | ${Math.round(median)} | ${Math.round(p90)} | ${Math.round(cpu)} | ${statements} | ${calls} |`,
    );
    console.error(rows[rows.length - 1]);
  }
  console.log(rows.join('\n'));
  db.$client.close();
}

await main();
