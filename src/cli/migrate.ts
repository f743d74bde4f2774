// `npm run db:migrate`: applies pending migrations to DATABASE_PATH and exits.
import { DATABASE_HELP, databaseFile, wantsHelp } from './database-path.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';

if (wantsHelp(process.argv.slice(2))) {
  console.log(
    `usage: npm run db:migrate   applies every pending migration of migrations/ (npm start also does)\n${DATABASE_HELP}`,
  );
  process.exit(0);
}
const config = loadConfig();
const db = openDatabase(config.DATABASE_PATH);
db.$client.close();
console.log(`migrated ${databaseFile(config.DATABASE_PATH)}`);
