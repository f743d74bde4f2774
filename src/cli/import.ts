// `npm run import -- FILE_OR_DIR...`: imports bundle files (a folder: every *.json in it) into
// DATABASE_PATH through the same path as POST /v1/sources, one transaction per file, going on past
// a bad file and reporting it. Exit code 1 when any file failed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { importBundle, parseBundle } from '../domain/import-bundle.ts';
import { HttpProblem } from '../errors.ts';
import { DATABASE_HELP, databaseFile, wantsHelp } from './database-path.ts';

/** A folder stands for the *.json files in it; a path that cannot be read still gets its line. */
function bundleFiles(paths: string[]): string[] {
  return paths.flatMap((path) => {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      return [path];
    }
    return isDirectory
      ? readdirSync(path)
          .filter((name) => name.endsWith('.json'))
          .sort()
          .map((name) => join(path, name))
      : [path];
  });
}

const USAGE = `usage: npm run import -- FILE_OR_DIR...   (bundle JSON files, or folders of them)\n${DATABASE_HELP}`;
const args = process.argv.slice(2);
if (wantsHelp(args)) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length === 0) {
  console.error(USAGE);
  process.exit(2);
}

const config = loadConfig();
const db = openDatabase(config.DATABASE_PATH);
const files = bundleFiles(args);

const failed: string[] = [];
let created = { sources: 0, actors: 0, locations: 0, events: 0, claims: 0 };
files.forEach((file, index) => {
  const progress = `[${index + 1}/${files.length}] ${file}`;
  try {
    const summary = importBundle(db, parseBundle(JSON.parse(readFileSync(file, 'utf8')), 'bundle'), {
      root: 'bundle',
      keyName: 'cli',
    });
    const c = summary.created;
    created = {
      sources: created.sources + 1,
      actors: created.actors + c.actors.length,
      locations: created.locations + c.locations.length,
      events: created.events + c.events.length,
      claims: created.claims + c.claims.length,
    };
    console.log(
      `${progress}: imported ${summary.source.id} (${c.actors.length} actors, ${c.locations.length} locations, ${c.events.length} events, ${c.claims.length} claims)`,
    );
  } catch (error) {
    failed.push(file);
    if (error instanceof HttpProblem) {
      console.log(`${progress}: REJECTED, nothing written: ${error.detail}`);
      for (const e of error.errors ?? []) console.log(`    ${e.path}: ${e.message}`);
    } else if (error instanceof SyntaxError) {
      console.log(`${progress}: REJECTED, not valid JSON: ${error.message}`);
    } else {
      console.log(`${progress}: FAILED, nothing written: ${(error as Error).message}`);
    }
  }
});
db.$client.close();
console.log(
  `done: ${files.length - failed.length} of ${files.length} file(s) imported into ${databaseFile(config.DATABASE_PATH)}; created ${created.actors} actors, ${created.locations} locations, ${created.events} events, ${created.claims} claims` +
    (failed.length ? `; failed: ${failed.join(', ')}` : ''),
);
process.exitCode = failed.length ? 1 : 0;
