// `npm run --silent extract -- FILE|DIR --published YYYY-MM-DD [--title T] [--out DIR]`: drafts bundles
// from article texts with the extractor of POST /v1/extractions. One file: the draft bundle JSON on
// stdout, nothing written. A folder: one draft per *.txt file written to --out, with a progress bar on
// stderr when it is a terminal (a plain line per file otherwise). The drafts import with `npm run import`.
// Entity linking runs only when DATABASE_PATH is set: that database is then opened read-only (never
// created or migrated) and draft entities named like stored ones refer to the stored ids.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { connectDatabase } from '../db/client.ts';
import { findStoredMatches } from '../db/queries/entity-lookup.ts';
import { suggestRepeats } from '../domain/extractions.ts';
import { ruleBasedExtractor } from '../extraction/index.ts';
import { linkEntities } from '../extraction/linking.ts';
import type { ExtractionInput } from '../extraction/types.ts';
import { newClaimsBundleSchema } from '../schemas/bundle.ts';
import { extractionCreateSchema } from '../schemas/extractions.ts';

const USAGE = `usage: npm run --silent extract -- FILE --published YYYY-MM-DD [--title T] [--publisher P] [--url U] [--language en]
       npm run --silent extract -- DIR --published YYYY-MM-DD --out OUTDIR     (every *.txt in DIR -> OUTDIR/NAME.bundle.json)
Set DATABASE_PATH to link draft entities to the ones stored there (opened read-only).`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(code);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      published: { type: 'string' },
      title: { type: 'string' },
      publisher: { type: 'string' },
      url: { type: 'string' },
      language: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1) fail('give exactly one FILE or DIR');
const path = positionals[0]!;
if (!existsSync(path)) fail(`no such file or folder: ${path}`, 1);
const isFolder = statSync(path).isDirectory();
if (isFolder && !values.out) fail('a folder needs --out DIR for the drafts');
if (isFolder && values.title) fail('--title names one article; give it with a FILE, not a folder');

/** The same checks as POST /v1/extractions, each problem named by its option. */
function inputFor(text: string): ExtractionInput {
  const result = extractionCreateSchema.safeParse({
    text,
    publishedAt: values.published,
    title: values.title ?? null,
    publisher: values.publisher ?? null,
    url: values.url ?? null,
    ...(values.language ? { language: values.language } : {}),
  });
  if (!result.success) {
    const option = (field: PropertyKey) =>
      field === 'publishedAt' ? '--published' : field === 'text' ? 'the text' : `--${String(field)}`;
    fail(result.error.issues.map((i) => `${option(i.path[0] ?? 'text')}: ${i.message}`).join('\n'));
  }
  return result.data;
}

// Read-only: the CLI never creates, migrates or writes the database it links against.
const db = process.env.DATABASE_PATH
  ? (() => {
      if (!existsSync(process.env.DATABASE_PATH))
        fail(`DATABASE_PATH ${process.env.DATABASE_PATH} does not exist (unset it to draft without linking)`, 1);
      const sqlite = new Database(process.env.DATABASE_PATH, { readonly: true, fileMustExist: true });
      return connectDatabase(sqlite);
    })()
  : undefined;

function draftOf(text: string) {
  const input = inputFor(text);
  const result = ruleBasedExtractor.extract(input);
  const draft = newClaimsBundleSchema.parse(result.draft);
  // Linked to the stored graph when a database is given: stored actors, and stored claims it repeats.
  return db
    ? suggestRepeats(db, linkEntities({ draft, notes: result.notes }, findStoredMatches(db, draft))).draft
    : draft;
}

if (!isFolder) {
  process.stdout.write(`${JSON.stringify(draftOf(readFileSync(path, 'utf8')), null, 2)}\n`);
} else {
  const files = readdirSync(path)
    .filter((name) => name.endsWith('.txt'))
    .sort();
  mkdirSync(values.out!, { recursive: true });
  const tty = process.stderr.isTTY;
  const width = 30;
  let claims = 0;
  files.forEach((name, index) => {
    const draft = draftOf(readFileSync(join(path, name), 'utf8'));
    claims += draft.claims.length;
    writeFileSync(
      join(values.out!, `${basename(name, extname(name))}.bundle.json`),
      `${JSON.stringify(draft, null, 2)}\n`,
    );
    const done = index + 1;
    if (tty) {
      const filled = Math.round((done / files.length) * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${files.length} ${name.slice(0, 40).padEnd(40)}`,
      );
    } else {
      process.stderr.write(`[${done}/${files.length}] ${name}: ${draft.claims.length} claims\n`);
    }
  });
  if (tty) process.stderr.write('\n');
  process.stderr.write(
    `done: ${files.length} draft(s) with ${claims} claims written to ${values.out}${db ? ` (linked against ${process.env.DATABASE_PATH})` : ''}\n`,
  );
}
db?.$client.close();
