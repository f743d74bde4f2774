// `npm run apikey`: creates, lists and revokes keys in DATABASE_PATH; a bad invocation is exit 2 on stderr.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { verifyApiKey } from '../../src/domain/api-keys.ts';

const KEY_LINE = /^ekg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

let databasePath = '';
beforeAll(() => {
  databasePath = join(mkdtempSync(join(tmpdir(), 'eventkg-apikey-')), 'keys.db');
});
afterAll(() => {
  rmSync(dirname(databasePath), { recursive: true, force: true });
});

/** Runs the CLI as `npm run apikey` does (through tsx), against the test's own database file. */
function apikey(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/apikey.ts', ...args], {
      env: { ...process.env, DATABASE_PATH: databasePath },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function verify(key: string) {
  const db = openDatabase(databasePath);
  try {
    return verifyApiKey(db, key);
  } finally {
    db.$client.close();
  }
}

describe('apikey create', () => {
  it('prints exactly one line, the key, which then verifies with the given scope', async () => {
    const run = await apikey('create', '--name', 'ci bot', '--scope', 'write');
    expect(run.status).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(KEY_LINE);
    expect(lines[1]).toBe('');
    expect(verify(lines[0]!)).toEqual({ id: lines[0]!.slice(4, 16), name: 'ci bot', scopes: ['write'] });
  });

  it('names the database file it wrote the key to, on stderr (a key in another file than the service reads is a 401)', async () => {
    const run = await apikey('create', '--name', 'where', '--scope', 'write');
    expect(run.status).toBe(0);
    const id = run.stdout.trim().slice(4, 16);
    expect(run.stderr).toBe(`created key ${id} "where" (write) in ${databasePath}; it is not shown again\n`);
  });

  it('says in --help that it uses DATABASE_PATH, and which default', async () => {
    const run = await apikey('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('DATABASE_PATH (default data/eventkg.db');
  });

  it('accepts several --scope options', async () => {
    const run = await apikey('create', '--name', 'ops', '--scope', 'admin', '--scope', 'write');
    expect(run.status).toBe(0);
    expect(verify(run.stdout.trim())?.scopes).toEqual(['admin', 'write']);
  });
});

describe('apikey list and revoke', () => {
  it('lists a key by id and name with its scopes, and never prints the key', async () => {
    const key = (await apikey('create', '--name', 'listed', '--scope', 'admin')).stdout.trim();
    const run = await apikey('list');
    expect(run.status).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header?.split(/\s+/)).toEqual(['ID', 'NAME', 'SCOPES', 'CREATED', 'REVOKED']);
    const row = rows.find((line) => line.startsWith(key.slice(4, 16)));
    expect(row).toMatch(/^[0-9a-f]{12}\s+listed\s+admin\s+\d{4}-\d{2}-\d{2}T\S+Z\s+-$/);
    expect(run.stdout).not.toContain(key.slice(17));
    expect(run.stdout).not.toContain('ekg_');
  });

  it('revokes by id: the key stops verifying and the list shows when it was revoked', async () => {
    const key = (await apikey('create', '--name', 'temp', '--scope', 'write')).stdout.trim();
    const id = key.slice(4, 16);
    const run = await apikey('revoke', '--id', id);
    expect(run).toMatchObject({ status: 0, stdout: `revoked 1 key with id "${id}" in ${databasePath}\n` });
    expect(verify(key)).toBeNull();
    const row = (await apikey('list')).stdout.split('\n').find((line) => line.startsWith(id));
    expect(row).toMatch(/\s+temp\s+write\s+\S+Z\s+\d{4}-\d{2}-\d{2}T\S+Z$/);
  });

  it('revokes every active key of a name', async () => {
    const first = (await apikey('create', '--name', 'laptop', '--scope', 'write')).stdout.trim();
    const second = (await apikey('create', '--name', 'laptop', '--scope', 'write')).stdout.trim();
    expect(await apikey('revoke', '--name', 'laptop')).toMatchObject({
      status: 0,
      stdout: `revoked 2 keys with name "laptop" in ${databasePath}\n`,
    });
    expect(verify(first)).toBeNull();
    expect(verify(second)).toBeNull();
  });

  it('exits 1 with a message on stderr when no active key matches', async () => {
    expect(await apikey('revoke', '--id', 'ffffffffffff')).toEqual({
      status: 1,
      stdout: '',
      stderr: `apikey: no active key with id "ffffffffffff" in ${databasePath}\n`,
    });
  });
});

describe('apikey with bad arguments', () => {
  it('stores nothing', async () => {
    const before = (await apikey('list')).stdout;
    await apikey('create', '--name', 'x', '--scope', 'root');
    expect((await apikey('list')).stdout).toBe(before);
  });

  it.for([
    ['no command', [], /a command is needed/],
    ['an unknown command', ['rotate'], /unknown command "rotate"/],
    ['create without --name', ['create', '--scope', 'write'], /--name/],
    ['create without --scope', ['create', '--name', 'x'], /--scope/],
    ['create with an unknown scope', ['create', '--name', 'x', '--scope', 'root'], /unknown scope "root"/],
    ['create with an empty name', ['create', '--name', '', '--scope', 'write'], /--name must not be empty/],
    ['an unknown option', ['create', '--nme', 'x', '--scope', 'write'], /Unknown option '--nme'/],
    ['an option of another command', ['list', '--name', 'x'], /list takes no --name/],
    ['revoke with neither --id nor --name', ['revoke'], /--id ID or --name NAME/],
    ['revoke with both --id and --name', ['revoke', '--id', 'a', '--name', 'b'], /--id ID or --name NAME/],
  ] as const)('given %s, exits 2 with one line on stderr and nothing on stdout', async ([, args, message]) => {
    const run = await apikey(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^apikey: [^\n]+\n$/);
  });
});
