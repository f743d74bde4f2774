// Holds the database's write lock again and again (BEGIN IMMEDIATE, sleep HOLD_MS, COMMIT, sleep
// GAP_MS), each time longer than a writer's whole retry budget, so that writers meet a database that
// stays busy. Stops when STOP_FILE exists (or after two minutes); prints how many times it held the lock.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

const [databasePath = '', holdMs = '800', gapMs = '300', stopFile = ''] = process.argv.slice(2);
const sqlite = new Database(databasePath, { fileMustExist: true });
sqlite.pragma('busy_timeout = 10000');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const until = Date.now() + 120_000;
let holds = 0;
while (!existsSync(stopFile) && Date.now() < until) {
  sqlite.exec('BEGIN IMMEDIATE');
  Atomics.wait(sleeper, 0, 0, Number(holdMs));
  sqlite.exec('COMMIT');
  holds++;
  Atomics.wait(sleeper, 0, 0, Number(gapMs));
}
sqlite.close();
process.stdout.write(`${JSON.stringify({ holds })}\n`);
