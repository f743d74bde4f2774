// `npm run db:backup -- DEST`: an online backup of DATABASE_PATH into the new file DEST, safe while
// the service runs and writes. Exit code 1 (one line on stderr) when it cannot.
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../db/backup.ts';
import { DATABASE_HELP, databaseFile, wantsHelp } from './database-path.ts';

const USAGE = `usage: npm run db:backup -- DEST   (a new file; the database to copy is DATABASE_PATH)\n${DATABASE_HELP}`;
const args = process.argv.slice(2);
if (wantsHelp(args)) {
  console.log(USAGE);
  process.exit(0);
}
const [destination, ...rest] = args;
if (!destination || rest.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

const config = loadConfig();
try {
  const result = await backupDatabase(config.DATABASE_PATH, destination);
  console.log(
    `backed up ${databaseFile(config.DATABASE_PATH)} to ${result.destination}: ${result.pages} pages, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB in ${result.ms.toFixed(0)} ms`,
  );
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
