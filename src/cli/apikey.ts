// `npm run --silent apikey -- create|revoke|list`: manages the API keys that authorize writes on DATABASE_PATH.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { type Db, openDatabase } from '../db/client.ts';
import { SCOPES, type Scope, createApiKey, listApiKeys, revokeApiKey } from '../domain/api-keys.ts';
import { HttpProblem } from '../errors.ts';
import { DATABASE_HELP, databaseFile } from './database-path.ts';

const USAGE = [
  'usage: npm run --silent apikey -- <command>',
  '  create --name NAME --scope read|write|admin [--scope ...]   prints the new key, and only the key, once',
  '  revoke --id ID | --name NAME                            revokes the key, or every active key of that name',
  '  list                                                    every key: id, name, scopes, created, revoked',
  'admin allows delete and merge, and implies write. Every command names the database file it used (on stderr for create and list).',
  DATABASE_HELP,
].join('\n');

/** A bad invocation: reported as one line on stderr with exit code 2. */
class UsageError extends Error {}

type Command =
  | { command: 'help' }
  | { command: 'create'; name: string; scopes: Scope[] }
  | { command: 'revoke'; target: { id: string } | { name: string } }
  | { command: 'list' };

const OPTIONS_OF: Record<string, ReadonlyArray<'name' | 'scope' | 'id'>> = {
  create: ['name', 'scope'],
  revoke: ['id', 'name'],
  list: [],
};

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        scope: { type: 'string', multiple: true },
        id: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs appends a multi-line hint to some messages; the first sentence is the part that helps.
    throw new UsageError(error instanceof Error ? (error.message.split(/\.\s/)[0] ?? error.message) : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') return { command: 'help' };
  if (!command) throw new UsageError('a command is needed: create, revoke or list');
  const allowed = OPTIONS_OF[command];
  if (!allowed) throw new UsageError(`unknown command "${command}": use create, revoke or list`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  for (const option of ['name', 'scope', 'id'] as const) {
    if (values[option] !== undefined && !allowed.includes(option))
      throw new UsageError(`${command} takes no --${option}`);
  }

  if (command === 'create') {
    if (values.name === undefined) throw new UsageError('create needs --name NAME');
    const scopes = values.scope ?? [];
    if (scopes.length === 0) throw new UsageError('create needs --scope read, --scope write or --scope admin');
    const unknown = scopes.find((scope) => !isScope(scope));
    if (unknown !== undefined) throw new UsageError(`unknown scope "${unknown}": use read, write or admin`);
    return { command, name: values.name, scopes: scopes.filter(isScope) };
  }
  if (command === 'revoke') {
    if (values.id !== undefined && values.name === undefined) return { command, target: { id: values.id } };
    if (values.name !== undefined && values.id === undefined) return { command, target: { name: values.name } };
    throw new UsageError('revoke needs either --id ID or --name NAME');
  }
  return { command: 'list' };
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Runs one command; returns the exit code. */
function run(db: Db, file: string, command: Exclude<Command, { command: 'help' }>): number {
  if (command.command === 'create') {
    const created = createApiKey(db, { name: command.name, scopes: command.scopes });
    process.stdout.write(`${created.key}\n`);
    // On stderr, so scripts still read the key alone from stdout; always, since a key made in the
    // wrong database is a 401 later.
    process.stderr.write(
      `created key ${created.id} "${created.name}" (${created.scopes.join(', ')}) in ${file}; it is not shown again\n`,
    );
    return 0;
  }
  if (command.command === 'revoke') {
    const count = revokeApiKey(db, command.target);
    const which = 'id' in command.target ? `id "${command.target.id}"` : `name "${command.target.name}"`;
    if (count === 0) {
      process.stderr.write(`apikey: no active key with ${which} in ${file}\n`);
      return 1;
    }
    process.stdout.write(`revoked ${count} key${count === 1 ? '' : 's'} with ${which} in ${file}\n`);
    return 0;
  }
  const keys = listApiKeys(db);
  const rows = keys.map((k) => [k.id, k.name, k.scopes.join(','), k.createdAt, k.revokedAt ?? '-']);
  process.stderr.write(`${keys.length} key${keys.length === 1 ? '' : 's'} in ${file}\n`);
  process.stdout.write(`${formatTable([['ID', 'NAME', 'SCOPES', 'CREATED', 'REVOKED'], ...rows])}\n`);
  return 0;
}

function main(argv: string[]): number {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`apikey: ${error.message} (see: npm run apikey -- help)\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let databasePath: string;
  try {
    databasePath = loadConfig().DATABASE_PATH;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`apikey: ${error.message}\n`);
    return 1;
  }
  const db = openDatabase(databasePath);
  try {
    return run(db, databaseFile(databasePath), command);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    const problems = (error.errors ?? []).map(
      (e) => `${e.path.startsWith('scopes') ? '--scope' : `--${e.path}`} ${e.message}`,
    );
    process.stderr.write(`apikey: ${problems.length ? problems.join('; ') : error.detail}\n`);
    return 2;
  } finally {
    db.$client.close();
  }
}

process.exitCode = main(process.argv.slice(2));
