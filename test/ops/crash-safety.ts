// Crash safety of an import: a process importing a large generated bundle is killed with SIGKILL at a
// random moment, RUNS times. Each time the database must hold the import wholly or not at all (the
// row count of every table, change feed and FTS shadow tables included, equals the "before" or the
// "after" of an uninterrupted import) and pass integrity_check. Exits 1 otherwise.
//
//   npx tsx test/ops/crash-safety.ts [RUNS=30] [BUNDLE_SIZE=120]
//
// Each victim process starts while the previous one imports, so startup costs no wall time. The kill
// moments follow an estimate of the import's duration, corrected by every run that gets to the end.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { openDatabase } from '../../src/db/client.ts';
import { loadSeedIfEmpty } from '../../src/domain/seed.ts';
import { bigBundle } from './big-bundle.ts';
import { integrityProblems, tableCounts } from './support/database-facts.ts';

const RUNS = Number(process.argv[2] ?? 30);
const BUNDLE_SIZE = Number(process.argv[3] ?? 120);
const VICTIM = join(import.meta.dirname, 'processes', 'crash-import.ts');

type Victim = {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  databasePath: string;
  lines: string[];
  exited: Promise<number | null>;
};

const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'eventkg-crash-'));
const log = (line: string) =>
  console.log(`[crash-safety ${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);

/** Waits until the victim has printed `line` (or rejects when it exits first). */
function waitForLine(victim: Victim, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (victim.lines.includes(line)) return resolve();
    const onData = () => {
      if (victim.lines.includes(line)) {
        victim.child.stdout.off('data', onData);
        resolve();
      }
    };
    victim.child.stdout.on('data', onData);
    void victim.exited.then((code) => reject(new Error(`victim exited (${code}) before "${line}"`)));
  });
}

/** A fresh copy of the template database and a victim process, prepared up to "ready". */
function startVictim(name: string, template: string, bundlePath: string): Victim {
  const databasePath = join(dir, `${name}.db`);
  copyFileSync(template, databasePath);
  const child = spawn(process.execPath, ['--import', 'tsx', VICTIM, databasePath, bundlePath], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const victim: Victim = {
    child,
    databasePath,
    lines: [],
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    victim.lines.push(...parts);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  void victim.exited.then((code) => {
    if (code !== 0 && code !== null) log(`${name} exited with ${code}: ${stderr.slice(-1000)}`);
  });
  return victim;
}

const same = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(a) === JSON.stringify(b);

function differences(
  counts: Record<string, number>,
  before: Record<string, number>,
  after: Record<string, number>,
): string {
  return Object.keys(after)
    .filter((table) => counts[table] !== before[table] && counts[table] !== after[table])
    .map((table) => `${table}: ${counts[table]} (before ${before[table]}, after ${after[table]})`)
    .join('; ');
}

try {
  // The template: a migrated, seeded database, closed cleanly (no WAL left beside it).
  const template = join(dir, 'template.db');
  const db = openDatabase(template);
  loadSeedIfEmpty(db);
  db.$client.close();
  const bundlePath = join(dir, 'bundle.json');
  writeFileSync(bundlePath, JSON.stringify(bigBundle(BUNDLE_SIZE, 'crash')));
  const before = tableCounts(template);

  // One uninterrupted import: the "after" counts and how long the transaction takes (while the next
  // victim starts beside it, as in every run).
  const calibration = startVictim('calibration', template, bundlePath);
  await waitForLine(calibration, 'ready');
  let next = startVictim('run-1', template, bundlePath);
  calibration.child.stdin.write('go\n');
  await waitForLine(calibration, 'importing');
  const importStart = performance.now();
  await waitForLine(calibration, 'imported');
  let importMs = performance.now() - importStart;
  if ((await calibration.exited) !== 0) throw new Error('the calibration import failed');
  const after = tableCounts(calibration.databasePath);
  const rowsAdded = Object.keys(after).reduce((sum, table) => sum + (after[table]! - (before[table] ?? 0)), 0);
  log(
    `bundle of ${BUNDLE_SIZE} actors, events and claims: an uninterrupted import adds ${rowsAdded} rows across ${Object.keys(after).length} tables in ${importMs.toFixed(0)} ms`,
  );

  const outcomes = { present: 0, absent: 0, partial: 0, unsound: 0 };
  for (let run = 1; run <= RUNS; run++) {
    const victim = next;
    await waitForLine(victim, 'ready');
    if (run < RUNS) next = startVictim(`run-${run + 1}`, template, bundlePath);
    // Half the kills anywhere in the import, half around its commit, where a torn write would show.
    const delay = importMs * (run % 2 === 1 ? Math.random() : 0.85 + Math.random() * 0.3);
    victim.child.stdin.write('go\n');
    await waitForLine(victim, 'importing');
    const goneAt = performance.now();
    let finishedAt: number | undefined;
    void waitForLine(victim, 'imported').then(
      () => (finishedAt = performance.now()),
      () => {},
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
    victim.child.kill('SIGKILL');
    await victim.exited;
    // Keep the estimate honest: a finished run measured it; a late kill that still found it running says it is longer.
    if (finishedAt !== undefined) importMs = (importMs + (finishedAt - goneAt)) / 2;
    else if (delay > importMs) importMs = delay * 1.05;

    const problems = integrityProblems(victim.databasePath);
    const counts = tableCounts(victim.databasePath);
    const outcome = same(counts, after) ? 'present' : same(counts, before) ? 'absent' : 'partial';
    outcomes[outcome]++;
    if (problems.length > 0) outcomes.unsound++;
    const finished = victim.lines.includes('imported') ? ' (it had finished)' : '';
    log(
      `run ${run}: killed ${delay.toFixed(0)} ms into the import${finished}: ${outcome}` +
        (outcome === 'partial' ? ` — ${differences(counts, before, after)}` : '') +
        (problems.length ? `; integrity: ${problems.join('; ')}` : '; integrity ok'),
    );
    rmSync(victim.databasePath, { force: true });
    rmSync(`${victim.databasePath}-wal`, { force: true });
    rmSync(`${victim.databasePath}-shm`, { force: true });
  }

  log(
    `${RUNS} kills: ${outcomes.present} wholly present, ${outcomes.absent} wholly absent, ${outcomes.partial} partial, ` +
      `${outcomes.unsound} failed integrity_check; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
  );
  const failed = outcomes.partial > 0 || outcomes.unsound > 0;
  if (failed) log('FAILED: an import was left half-written or the file is damaged');
  // Both sides must have been seen, or the kills did not probe the import at all.
  if (outcomes.present === 0 || outcomes.absent === 0)
    log('FAILED: the kills never landed on one side of the commit; the test proved nothing');
  process.exitCode = failed || outcomes.present === 0 || outcomes.absent === 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
