// `npm run db:export -- [--format ndjson|jsonld] [--out FILE] [--origin URL]`: the dump GET /v1/export
// answers, of the database at DATABASE_PATH, to stdout or FILE. Safe while the service runs: it reads
// one consistent snapshot. Exit code 2 for a wrong argument, 1 (one line on stderr) when it fails.
import { createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { EXPORT_FORMATS, type ExportFormat, writeExport } from '../domain/export.ts';

const USAGE = `usage: npm run --silent db:export -- [--format ${EXPORT_FORMATS.join('|')}] [--out FILE] [--origin http://host:port]
  dumps the database at DATABASE_PATH (default data/eventkg.db); --origin makes JSON-LD @ids absolute (default http://127.0.0.1:PORT)`;

let args;
try {
  args = parseArgs({
    options: { format: { type: 'string', default: 'ndjson' }, out: { type: 'string' }, origin: { type: 'string' } },
    strict: true,
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!(EXPORT_FORMATS as readonly string[]).includes(args.format)) {
  console.error(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${args.format}"\n${USAGE}`);
  process.exit(2);
}

const config = loadConfig();
if (!existsSync(config.DATABASE_PATH)) {
  console.error(`export failed: no database at ${config.DATABASE_PATH} (set DATABASE_PATH to the service's database)`);
  process.exit(1);
}
const origin = (args.origin ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');
try {
  const db = openDatabase(config.DATABASE_PATH);
  const out = args.out ? createWriteStream(args.out, { flags: 'wx' }) : process.stdout;
  await writeExport(db, args.format as ExportFormat, origin, out);
  if (args.out) {
    out.end();
    await finished(out);
    console.error(`exported ${config.DATABASE_PATH} to ${args.out}`);
  }
  db.$client.close();
} catch (error) {
  console.error(`export failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
