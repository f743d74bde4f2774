// The corroboration migrations carry a database forward: a database made before them (migrations up
// to 0018) gets one appearance per stored claim, where it was first seen, and sourceCount 1; the
// benchmark generator writes the same.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/client.ts';
import { getClaim } from '../../src/db/queries/claims.ts';
import { generate } from '../bench/gen.ts';

const folder = mkdtempSync(join(tmpdir(), 'eventkg-appearances-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The migrations folder as it was before claim_appearances (journal cut after `tag`). */
function migrationsUpTo(tag: string): string {
  const copy = join(folder, 'migrations');
  cpSync(MIGRATIONS_FOLDER, copy, { recursive: true });
  const journalPath = join(copy, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  const last = journal.entries.findIndex((e: { tag: string }) => e.tag === tag);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}

describe('the claim_appearances migrations', () => {
  it('give every claim of an older database its first appearance and sourceCount 1', () => {
    const path = join(folder, 'old.db');
    const sqlite = new Database(path);
    migrate(drizzle(sqlite), { migrationsFolder: migrationsUpTo('0018_claim_links_type_indexes') });
    sqlite.exec(`
      INSERT INTO sources (id, title, published_at, language, text, text_hash) VALUES ('s', 'S', '2024-05-01', 'en', 'Ana said it rained. Bo said it snowed.', 'h');
      INSERT INTO actors (id, name, kind, aliases) VALUES ('ana', 'Ana', 'person', '[]'), ('bo', 'Bo', 'person', '[]'), ('wire', 'Wire', 'media', '[]');
      INSERT INTO claims (id, speaker_id, text, mode, stance, said_precision, said_approximate, reported_by_id, source_id, evidence_start, evidence_end, evidence_text)
        VALUES ('ana-states', 'ana', 'It rained', 'reported_speech', 'states', 'unknown', 0, NULL, 's', 0, 19, 'Ana said it rained.'),
               ('bo-states', 'bo', 'It snowed', 'reported_speech', 'states', 'unknown', 0, 'wire', 's', 20, 38, 'Bo said it snowed.');`);
    sqlite.close();

    const db = openDatabase(path); // applies the rest, 0019 and 0020 among them
    try {
      const rows = db.$client
        .prepare(
          'SELECT claim_id, position, source_id, evidence_start, evidence_end, evidence_text, reported_by_id, published_at FROM claim_appearances ORDER BY claim_id',
        )
        .all();
      expect(rows).toEqual([
        {
          claim_id: 'ana-states',
          position: 0,
          source_id: 's',
          evidence_start: 0,
          evidence_end: 19,
          evidence_text: 'Ana said it rained.',
          reported_by_id: null,
          published_at: '2024-05-01',
        },
        {
          claim_id: 'bo-states',
          position: 0,
          source_id: 's',
          evidence_start: 20,
          evidence_end: 38,
          evidence_text: 'Bo said it snowed.',
          reported_by_id: 'wire',
          published_at: '2024-05-01',
        },
      ]);
      const bo = getClaim(db, 'bo-states')!;
      expect(bo.sourceCount).toBe(1);
      expect(bo.independentSources).toBe(1);
      expect(bo.appearances).toEqual([
        {
          source: { id: 's', title: 'S' },
          evidence: { sourceId: 's', start: 20, end: 38, text: 'Bo said it snowed.' },
          reportedBy: { id: 'wire', name: 'Wire' },
          publishedAt: '2024-05-01',
        },
      ]);
    } finally {
      db.$client.close();
    }
  });

  it('are what the benchmark generator writes: one appearance per claim, at its own source and evidence', () => {
    const db = openDatabase(generate({ claims: 300, out: join(folder, 'gen.db'), seed: 5 }).path);
    try {
      const mismatched = db.$client
        .prepare(
          `SELECT count(*) FROM claims c LEFT JOIN claim_appearances a ON a.claim_id = c.id AND a.position = 0
           WHERE a.claim_id IS NULL OR a.source_id <> c.source_id OR a.evidence_start <> c.evidence_start OR a.evidence_text <> c.evidence_text`,
        )
        .pluck()
        .get();
      expect(mismatched).toBe(0);
      expect(db.$client.prepare('SELECT count(*) FROM claim_appearances').pluck().get()).toBe(
        db.$client.prepare('SELECT count(*) FROM claims').pluck().get(),
      );
    } finally {
      db.$client.close();
    }
  });
});
