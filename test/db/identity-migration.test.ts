// The identity backfill migration (migrations/*_identity_backfill.sql) on a database from before it: every stored source gets its
// duplicate key (the first of texts that are the same article; the later copies stay NULL so the
// unique index holds), and kept actor representations gain `externalIds: {}` exactly as the code
// now hydrates them, so no `npm run db:keep` is needed.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/client.ts';
import { checkKeptRepresentations } from '../../src/db/kept-representations.ts';
import { KEPT_GETTERS } from '../../src/domain/changes.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { hashText } from '../../src/entities/source/index.ts';
import { sourceTextKey } from '../../src/text/names.ts';

/** Found by its name, whatever number it is given. */
const BACKFILL = 'identity_backfill';

describe(`migration ${BACKFILL}`, () => {
  it('keys every stored source (the first of two copies of one article), and keeps kept actors current', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'eventkg-identity-')), 'old.db');
    const db = openDatabase(path);
    loadSeed(db);
    const sqlite = db.$client;
    // Back to the state before the migration: no keys, kept actors without externalIds, and two
    // copies of one article stored the way an older version let them in.
    const insert = sqlite.prepare(
      "INSERT INTO sources (id, title, published_at, language, text, text_hash) VALUES (?, ?, '2024-05-01', 'en', ?, ?)",
    );
    const copies = ['Ferries resume.\r\nThe port reopened.  ', 'Ferries resume.\nThe port  reopened.'];
    copies.forEach((text, i) => insert.run(`copy-${i + 1}`, `Copy ${i + 1}`, text, hashText(text)));
    sqlite.exec('UPDATE sources SET text_key = NULL');
    sqlite.exec(
      "UPDATE kept_representations SET json = json_remove(json, '$.externalIds') WHERE entity_type = 'actor'",
    );
    const keptActors = sqlite.prepare("SELECT count(*) FROM kept_representations WHERE entity_type = 'actor'");
    expect(keptActors.pluck().get()).toBeGreaterThan(0);
    // Its statements run as the migrator runs them (split at the breakpoints), on a connection that
    // has source_text_key() like every connection openDatabase makes, whatever number the file has.
    const file = readdirSync(MIGRATIONS_FOLDER).find((name) => name.endsWith(`_${BACKFILL}.sql`))!;
    const statements = readFileSync(join(MIGRATIONS_FOLDER, file), 'utf8').split('--> statement-breakpoint');
    expect(statements.length).toBeGreaterThan(1);
    sqlite.transaction(() => {
      for (const statement of statements) sqlite.exec(statement);
    })();
    const migrated = db;
    const rows = migrated.$client.prepare('SELECT id, text, text_key FROM sources ORDER BY rowid').all() as Array<{
      id: string;
      text: string;
      text_key: string | null;
    }>;
    const keyed = rows.filter((r) => r.text_key !== null);
    expect(keyed.map((r) => r.id)).toEqual(rows.filter((r) => r.id !== 'copy-2').map((r) => r.id));
    for (const row of keyed) expect(row.text_key).toBe(sourceTextKey(row.text));
    expect(rows.find((r) => r.id === 'copy-2')?.text_key).toBeNull();
    expect(sourceTextKey(copies[0]!)).toBe(sourceTextKey(copies[1]!));

    const check = checkKeptRepresentations(migrated, KEPT_GETTERS);
    expect(check.actor.sampled).toBeGreaterThan(0);
    expect(check.actor.differing).toBe(0);
    const json = migrated.$client
      .prepare("SELECT json FROM kept_representations WHERE entity_type = 'actor' AND entity_id = 'dmitry-peskov'")
      .pluck()
      .get() as string;
    expect(JSON.parse(json).externalIds).toEqual({});
    migrated.$client.close();
  });
});
