// `npm run db:keep`: writes the kept representation (db/kept-representations.ts) of every claim,
// event and actor of DATABASE_PATH from a fresh hydration. Needed once for a database made before
// the table existed, and after an upgrade that changes a representation (the service then logs that
// the kept JSON differs and hydrates instead until this has run and it restarts). Safe while the
// service runs: each batch is its own short write transaction.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { KEPT_TYPES, type KeptType, fillKeptRepresentations } from '../db/kept-representations.ts';
import { KEPT_GETTERS } from '../domain/changes.ts';
import { DATABASE_HELP, databaseFile, wantsHelp } from './database-path.ts';

const USAGE = `usage: npm run db:keep [-- claim|event|actor ...]   (default: all three)\n${DATABASE_HELP}`;
const args = process.argv.slice(2);
if (wantsHelp(args)) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.filter((a) => !(KEPT_TYPES as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`not a kept type: ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const types = args.length ? (args as KeptType[]) : KEPT_TYPES;

const config = loadConfig();
const db = openDatabase(config.DATABASE_PATH);
const began = performance.now();
let shown = 0;
try {
  const done = fillKeptRepresentations(db, KEPT_GETTERS, {
    types,
    onProgress: (type, n, total) => {
      if (process.stderr.isTTY && performance.now() - shown > 500) {
        shown = performance.now();
        process.stderr.write(`\r\x1b[K  ${type}: ${n} of ${total}`);
      }
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  console.log(
    `kept representations of ${databaseFile(config.DATABASE_PATH)} rewritten: ${types.map((t) => `${done[t]} ${t}s`).join(', ')} in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );
} catch (error) {
  console.error(`db:keep failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
