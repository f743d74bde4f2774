// Kept representations (src/db/kept-representations.ts): after any write, the stored JSON of every
// claim, event and actor is exactly what a fresh hydration gives; reads take it from the table; a
// stored shape that differs from the code's is not trusted; a database without them is filled by
// fillKeptRepresentations (npm run db:keep).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Db } from '../../src/db/client.ts';
import { KEPT_TYPES, type KeptType, fillKeptRepresentations } from '../../src/db/kept-representations.ts';
import { KEPT_GETTERS } from '../../src/domain/changes.ts';
import {
  createClaim,
  deleteClaim,
  mergeActor,
  updateActor,
  updateClaim,
  updateEvent,
} from '../../src/domain/curation.ts';
import { importBundle, parseBundle } from '../../src/domain/import-bundle.ts';
import { claimCreateSchema } from '../../src/schemas/writes.ts';
import { loadBundle } from '../routes/v1/curation/curation-helpers.ts';
import { useApp } from '../helpers.ts';
import { getActor } from '../../src/db/queries/actors.ts';
import { getEvent } from '../../src/db/queries/events.ts';
import { etagOf } from '../../src/entities/etag.ts';

const TABLE: Record<KeptType, string> = { claim: 'claims', event: 'events', actor: 'actors' };
const context = { keyName: 'kept-test' };

/** Every entity of `type` whose kept JSON is missing or differs from a fresh hydration (none expected). */
function drift(db: Db, type: KeptType): { missing: string[]; differing: string[]; orphans: string[] } {
  const ids = db.$client.prepare(`SELECT id FROM ${TABLE[type]} ORDER BY id`).pluck().all() as string[];
  const kept = new Map(
    db.$client
      .prepare('SELECT entity_id, json FROM kept_representations WHERE entity_type = ?')
      .raw()
      .all(type) as Array<[string, string]>,
  );
  const fresh = db.transaction(() => KEPT_GETTERS[type](db, ids));
  return {
    missing: ids.filter((id) => !kept.has(id)),
    differing: ids.filter((id) => kept.has(id) && kept.get(id) !== JSON.stringify(fresh.get(id))),
    orphans: [...kept.keys()].filter((id) => !fresh.has(id)),
  };
}

function expectNoDrift(db: Db) {
  for (const type of KEPT_TYPES)
    expect({ type, ...drift(db, type) }).toEqual({ type, missing: [], differing: [], orphans: [] });
}

describe('kept representations', () => {
  const app = useApp();

  it('hold every claim, event and actor of the seed exactly as hydrated', () => {
    const counts = app()
      .db.$client.prepare('SELECT entity_type, count(*) FROM kept_representations GROUP BY 1 ORDER BY 1')
      .raw()
      .all();
    expect(counts).toEqual([
      ['actor', expect.any(Number)],
      ['claim', expect.any(Number)],
      ['event', expect.any(Number)],
    ]);
    expectNoDrift(app().db);
  });

  it('follow renames, edits, merges, deletions and imports in the same transaction', () => {
    const db = app().db;
    const claim = db.$client.prepare('SELECT id, speaker_id FROM claims ORDER BY id LIMIT 1').raw().get() as [
      string,
      string,
    ];
    const event = db.$client
      .prepare('SELECT event_id FROM claim_events ORDER BY event_id LIMIT 1')
      .pluck()
      .get() as string;
    // A speaker's new name shows in each of their claims (and events they take part in).
    updateActor(db, context, claim[1], { name: 'Renamed Speaker' });
    expect(JSON.parse(keptJson(db, 'claim', claim[0])!).speaker.name).toBe('Renamed Speaker');
    // A claim's new text shows in the claims that link to it.
    updateClaim(db, context, claim[0], { text: 'New words of the first claim.' });
    updateEvent(db, context, event, { title: 'A retitled event' });
    importBundle(db, parseBundle(loadBundle()), { keyName: context.keyName });
    const example = claimCreateSchema.meta()?.example as Record<string, unknown>;
    const created = createClaim(
      db,
      context,
      claimCreateSchema.parse({
        ...example,
        mode: 'reported_speech',
        text: 'A claim made for the test.',
        respondsTo: claim[0],
      }),
    );
    expect(keptJson(db, 'claim', created)).toBeDefined();
    const actors = db.$client
      .prepare("SELECT id FROM actors WHERE kind = 'person' ORDER BY id LIMIT 2")
      .pluck()
      .all() as string[];
    mergeActor(db, context, actors[1]!, actors[0]!);
    expect(keptJson(db, 'actor', actors[1]!)).toBeUndefined();
    deleteClaim(db, context, created);
    expect(keptJson(db, 'claim', created)).toBeUndefined();
    expectNoDrift(db);
  });

  it('are what a read outside a transaction answers', async () => {
    const db = app().db;
    const id = db.$client.prepare('SELECT id FROM actors ORDER BY id LIMIT 1').pluck().get() as string;
    const kept = JSON.parse(keptJson(db, 'actor', id)!);
    // Altered behind the write path's back, the stored JSON is what GET shows: reads come from the table.
    db.$client
      .prepare("UPDATE kept_representations SET json = ? WHERE entity_type = 'actor' AND entity_id = ?")
      .run(JSON.stringify({ ...kept, description: 'from the kept table' }), id);
    const response = await app().inject({ method: 'GET', url: `/v1/actors/${id}` });
    expect(response.json().description).toBe('from the kept table');
    // Put back as it was, for the tests after this one.
    db.$client
      .prepare("UPDATE kept_representations SET json = ? WHERE entity_type = 'actor' AND entity_id = ?")
      .run(JSON.stringify(kept), id);
  });

  it('go out as stored: an event or an actor by id is its kept text, tagged by it', async () => {
    const db = app().db;
    for (const [type, plural] of [
      ['event', 'events'],
      ['actor', 'actors'],
    ] as const) {
      const id = db.$client.prepare(`SELECT id FROM ${plural} ORDER BY id DESC LIMIT 1`).pluck().get() as string;
      const response = await app().inject({ method: 'GET', url: `/v1/${plural}/${id}` });
      expect(response.statusCode).toBe(200);
      // Never parsed and stringified again on the way: the body is the stored text itself.
      expect(response.body).toBe(keptJson(db, type, id));
      // The ETag a PATCH checks (etagOf of the value) is the one GET served for the text.
      const value = type === 'event' ? getEvent(db, id) : getActor(db, id);
      expect(response.headers.etag).toBe(etagOf(value));
    }
  });
});

describe('kept representations of an older shape, or of a database made before them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventkg-kept-'));
  const file = join(dir, 'kept.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are not read when they differ from the code, and fillKeptRepresentations rewrites them', async () => {
    const first = await buildApp({ databasePath: file, checkResponses: true });
    const claim = first.db.$client.prepare('SELECT id FROM claims ORDER BY id LIMIT 1').pluck().get() as string;
    const shown = (await first.inject({ method: 'GET', url: `/v1/claims/${claim}` })).json();
    // As if written by a version whose claims had one more field.
    first.db.$client.exec(
      "UPDATE kept_representations SET json = json_set(json, '$.formerField', 1) WHERE entity_type = 'claim'",
    );
    await first.close();

    const second = await buildApp({ databasePath: file, checkResponses: true });
    try {
      const answer = (await second.inject({ method: 'GET', url: `/v1/claims/${claim}` })).json();
      expect(answer).toEqual(shown);
      expect(drift(second.db, 'claim').differing.length).toBeGreaterThan(0);
      // Emptied (a database from before the table), then filled: everything as hydrated.
      second.db.$client.exec('DELETE FROM kept_representations');
      const done = fillKeptRepresentations(second.db, KEPT_GETTERS, { batch: 7 });
      expect(done.claim).toBe(second.db.$client.prepare('SELECT count(*) FROM claims').pluck().get());
      expectNoDrift(second.db);
    } finally {
      await second.close();
    }
  });
});

function keptJson(db: Db, type: KeptType, id: string): string | undefined {
  return db.$client
    .prepare('SELECT json FROM kept_representations WHERE entity_type = ? AND entity_id = ?')
    .pluck()
    .get(type, id) as string | undefined;
}
