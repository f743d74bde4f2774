// `npm run db:migrate`: applies pending migrations to DATABASE_PATH and exits.
import { loadConfig } from '../config.ts';
import { openDatabase } from './client.ts';

const config = loadConfig();
const db = openDatabase(config.DATABASE_PATH);
db.$client.close();
console.log(`migrated ${config.DATABASE_PATH}`);
