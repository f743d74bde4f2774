// `npm run extract`: a draft bundle on stdout for one file (nothing written), one draft per file for a
// folder, linked to stored entities only when DATABASE_PATH is set; the drafts import with `npm run import`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { bundleSchema, newClaimsBundleSchema } from '../../src/schemas/bundle.ts';

function run(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_PATH: _unset, ...rest } = process.env;
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/extract.ts', ...args], {
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ARTICLE = 'The talks ended late.\n\n“We will leave,” said Dmitry Peskov.\n';

describe('npm run extract -- FILE', () => {
  it('prints a valid draft bundle with the quote, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventkg-extract-'));
    const file = join(dir, 'article.txt');
    writeFileSync(file, ARTICLE);

    const { status, stdout, stderr } = run([file, '--published', '2024-06-13', '--title', 'Talks end']);

    expect(status, stderr).toBe(0);
    const draft = newClaimsBundleSchema.parse(JSON.parse(stdout));
    // The text as a source stores it (NFC, trimmed: the file's last newline goes), which the offsets index.
    expect(draft.source).toMatchObject({ title: 'Talks end', publishedAt: '2024-06-13', text: ARTICLE.trim() });
    expect(draft.claims).toHaveLength(1);
    expect(draft.claims[0]!.mode).toBe('direct_quote');
    // Without DATABASE_PATH nothing is linked: the speaker is a new actor of the draft.
    expect(draft.actors.find((a) => a.key === draft.claims[0]!.speaker)?.name).toBe('Dmitry Peskov');
    expect(readdirSync(dir)).toEqual(['article.txt']);
  });

  it('with DATABASE_PATH, links to the stored actor, opening the database read-only; the draft then imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventkg-extract-'));
    const databasePath = join(dir, 'graph.db');
    const db = openDatabase(databasePath);
    loadSeed(db);
    db.$client.close();
    const file = join(dir, 'article.txt');
    writeFileSync(file, ARTICLE);

    const { status, stdout, stderr } = run([file, '--published', '2024-06-13'], { DATABASE_PATH: databasePath });

    expect(status, stderr).toBe(0);
    const draft = newClaimsBundleSchema.parse(JSON.parse(stdout));
    expect(draft.claims[0]!.speaker).toBe('dmitry-peskov');
    const bundleFile = join(dir, 'draft.json');
    writeFileSync(bundleFile, stdout);
    const imported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', bundleFile], {
      env: { ...process.env, DATABASE_PATH: databasePath },
      encoding: 'utf8',
    });
    expect(imported.status, imported.stdout).toBe(0);
    expect(imported.stdout).toContain('imported');
  });

  it('refuses a bad date or a missing --published with the option named, exit code 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventkg-extract-'));
    const file = join(dir, 'article.txt');
    writeFileSync(file, ARTICLE);

    const impossible = run([file, '--published', '2024-02-30']);
    const missing = run([file]);

    expect(impossible.status).toBe(2);
    expect(impossible.stderr).toContain('--published: is not a real calendar date');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--published: is required/);
    expect(impossible.stdout).toBe('');
  });
});

describe('npm run extract -- DIR --out OUT', () => {
  it('writes one draft per .txt file and, off a terminal, one progress line per file and a total', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventkg-extract-'));
    const articles = join(dir, 'articles');
    mkdirSync(articles);
    writeFileSync(join(articles, 'a.txt'), ARTICLE);
    writeFileSync(join(articles, 'b.txt'), 'Nothing was said today. Rain fell.');
    writeFileSync(join(articles, 'notes.md'), 'not an article');
    const out = join(dir, 'drafts');

    const { status, stdout, stderr } = run([articles, '--published', '2024-06-13', '--out', out]);

    expect(status, stderr).toBe(0);
    expect(stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['a.bundle.json', 'b.bundle.json']);
    expect(bundleSchema.parse(JSON.parse(readFileSync(join(out, 'a.bundle.json'), 'utf8'))).claims).toHaveLength(1);
    expect(bundleSchema.parse(JSON.parse(readFileSync(join(out, 'b.bundle.json'), 'utf8'))).claims).toHaveLength(0);
    expect(stderr.trim().split('\n')).toEqual([
      '[1/2] a.txt: 1 claims',
      '[2/2] b.txt: 0 claims',
      `done: 2 draft(s) with 1 claims written to ${out}`,
    ]);
  });

  it('needs --out for a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventkg-extract-'));

    const { status, stderr } = run([dir, '--published', '2024-06-13']);

    expect(status).toBe(2);
    expect(stderr).toContain('a folder needs --out DIR');
    expect(existsSync(join(dir, 'drafts'))).toBe(false);
  });
});
