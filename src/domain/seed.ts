// The seed: every bundle in seed/, loaded through the same import path as POST /v1/sources.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { importBundle, parseBundle, type ImportSummary } from './import-bundle.ts';

export const SEED_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../seed');

export function seedFiles(folder = SEED_FOLDER): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.bundle.json'))
    .sort()
    .map((name) => join(folder, name));
}

/** Imports every seed bundle; a bad bundle throws, naming the file and every bad item by path. */
export function loadSeed(db: Db, folder = SEED_FOLDER): ImportSummary[] {
  return seedFiles(folder).map((file) => {
    const root = file.slice(folder.length + 1);
    const bundle = parseBundle(JSON.parse(readFileSync(file, 'utf8')), root);
    return importBundle(db, bundle, { root, keyName: 'seed' });
  });
}

/** On start: the seed is loaded only into a database that holds no source yet. */
export function loadSeedIfEmpty(db: Db, folder = SEED_FOLDER): ImportSummary[] {
  const any = db.select({ id: t.sources.id }).from(t.sources).limit(1).get();
  return any ? [] : loadSeed(db, folder);
}
