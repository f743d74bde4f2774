// The victim of crash-safety.ts: prepares an import (parses the bundle, opens the database), says
// "ready", waits for "go" on stdin, says "importing" and runs importBundle: one transaction that the
// parent kills with SIGKILL at a random moment. Says "imported" if it gets that far.
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../../src/db/client.ts';
import { importBundle, parseBundle } from '../../../src/domain/import-bundle.ts';

const [databasePath = '', bundlePath = ''] = process.argv.slice(2);
const bundle = parseBundle(JSON.parse(readFileSync(bundlePath, 'utf8')), 'bundle');
const db = openDatabase(databasePath);
// Writes to a pipe are synchronous on Linux: the parent has the line before the import starts.
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  process.stdout.write('importing\n');
  importBundle(db, bundle, { root: 'bundle', keyName: 'crash-test' });
  process.stdout.write('imported\n');
  db.$client.close();
  process.exit(0);
});
