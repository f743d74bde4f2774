// Every command that opens the database says which file it uses. An API key made in one file while
// the service reads another answers 401, a failure that is hard to trace back to its cause.
import { resolve } from 'node:path';

/** The line each such command's --help prints. */
export const DATABASE_HELP =
  'Database: the file named by DATABASE_PATH (default data/eventkg.db, relative to the current directory), ' +
  'the variable `npm start` reads: give both the same value.';

/** The database file as the command reports it: an absolute path, so there is no doubt which one. */
export function databaseFile(path: string): string {
  return path === ':memory:' ? path : resolve(path);
}

export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h') || args[0] === 'help';
}
