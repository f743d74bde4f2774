// `npm run import`: bundle files into DATABASE_PATH, one transaction each, going on past a bad one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';

function runImport(databasePath: string, ...paths: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...paths], {
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
  });
  return { status: run.status, lines: run.stdout.trim().split('\n'), stderr: run.stderr };
}

function count(databasePath: string, table: string): number {
  const db = openDatabase(databasePath);
  try {
    return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

describe('npm run import -- FILE_OR_DIR...', () => {
  it('imports a folder, reports a bad file and a missing path with their problems, and goes on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventkg-import-'));
    const databasePath = join(dir, 'graph.db');
    const bad = join(dir, 'bad.json');
    const seed = JSON.parse(readFileSync('seed/nagorno-karabakh-withdrawal.bundle.json', 'utf8'));
    seed.claims[0].evidence = 'words that are not in the article';
    writeFileSync(bad, JSON.stringify(seed));

    const { status, lines } = runImport(databasePath, bad, join(dir, 'missing.json'), 'seed');

    expect(status).toBe(1);
    expect(lines[0]).toBe(`[1/3] ${bad}: REJECTED, nothing written: The bundle has 1 problem(s); nothing was written.`);
    expect(lines[1]).toBe(
      '    bundle.claims[0].evidence: is not in the source text: "words that are not in the article"',
    );
    expect(lines[2]).toMatch(/^\[2\/3\] .*missing\.json: FAILED, nothing written: ENOENT/);
    expect(lines[3]).toBe(
      '[3/3] seed/nagorno-karabakh-withdrawal.bundle.json: imported russian-peacekeepers-start-withdrawal-from-nagorno-karabakh (19 actors, 7 locations, 15 events, 10 claims)',
    );
    expect(lines.at(-1)).toMatch(
      /^done: 1 of 3 file\(s\) imported .*; created 19 actors, 7 locations, 15 events, 10 claims; failed: .*bad\.json, .*missing\.json$/,
    );
    expect(count(databasePath, 'sources')).toBe(1);
    expect(count(databasePath, 'claims')).toBe(10);
  });

  it('refuses a source already stored, writes nothing, and exits 1', () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'eventkg-import-')), 'graph.db');
    expect(runImport(databasePath, 'seed').status).toBe(0);
    const changesBefore = count(databasePath, 'changes');

    const { status, lines } = runImport(databasePath, 'seed/nagorno-karabakh-withdrawal.bundle.json');

    expect(status).toBe(1);
    expect(lines[0]).toContain(
      'REJECTED, nothing written: This source text is already stored as source "russian-peacekeepers-start-withdrawal-from-nagorno-karabakh"',
    );
    expect(count(databasePath, 'changes')).toBe(changesBefore);
  });

  it('without arguments prints its usage on stderr and exits 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^usage: npm run import -- FILE_OR_DIR/);
  });
});
