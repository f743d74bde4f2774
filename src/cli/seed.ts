// `npm run db:seed`: loads the seed bundles into DATABASE_PATH when it holds no source yet.
import { DATABASE_HELP, databaseFile, wantsHelp } from './database-path.ts';
import { loadConfig } from '../config.ts';
import { HttpProblem } from '../errors.ts';
import { openDatabase } from '../db/client.ts';
import { loadSeedIfEmpty } from '../domain/seed.ts';

if (wantsHelp(process.argv.slice(2))) {
  console.log(
    `usage: npm run db:seed   migrates, then loads every seed/*.bundle.json when the database holds no source yet\n${DATABASE_HELP}`,
  );
  process.exit(0);
}
const config = loadConfig();
const file = databaseFile(config.DATABASE_PATH);
const db = openDatabase(config.DATABASE_PATH);
try {
  const loaded = loadSeedIfEmpty(db);
  if (loaded.length === 0) console.log(`${file} already holds sources; seed not loaded`);
  for (const summary of loaded) {
    const c = summary.created;
    console.log(
      `loaded ${summary.source.id} into ${file}: ${c.actors.length} actors, ${c.locations.length} locations, ${c.events.length} events, ${c.claims.length} claims`,
    );
  }
} catch (error) {
  if (!(error instanceof HttpProblem)) throw error;
  console.error(`seed rejected: ${error.detail}`);
  for (const e of error.errors ?? []) console.error(`  ${e.path}: ${e.message}`);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
