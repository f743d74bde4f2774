// `npm run db:backup -- DEST`: an online backup of DATABASE_PATH into the new file DEST, safe while
// the service runs and writes. Exit code 1 (one line on stderr) when it cannot.
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../db/backup.ts';

const [destination, ...rest] = process.argv.slice(2);
if (!destination || rest.length > 0) {
  console.error('usage: npm run db:backup -- DEST   (a new file; DATABASE_PATH is the database to copy)');
  process.exit(2);
}

const config = loadConfig();
try {
  const result = await backupDatabase(config.DATABASE_PATH, destination);
  console.log(
    `backed up ${config.DATABASE_PATH} to ${result.destination}: ${result.pages} pages, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB in ${result.ms.toFixed(0)} ms`,
  );
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
