// The SQL of claim page queries is kept by shape (queries/claims.ts, pageKeys): the id filters are
// placeholders, bound per request, so two speakers share one built query and each still gets only
// their own claims, in the same order as a freshly built query gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { listClaims } from '../../src/db/queries/claims.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { claimListQuery } from '../../src/schemas/claims.ts';

describe('claim page SQL kept by shape', () => {
  let db: Db;
  let fresh: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    fresh = openDatabase(':memory:');
    loadSeed(db);
    loadSeed(fresh);
  });
  afterAll(() => {
    db.$client.close();
    fresh.$client.close();
  });

  const page = (on: Db, params: Record<string, string>) =>
    listClaims(on, claimListQuery.parse({ limit: '5', ...params }));

  it('binds each speaker, event and actor in the one query built for their shape', () => {
    const speakers = db.$client
      .prepare('SELECT speaker_id FROM claims GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 3')
      .pluck()
      .all() as string[];
    const event = db.$client.prepare('SELECT event_id FROM claim_events LIMIT 1').pluck().get() as string;
    const actor = db.$client.prepare('SELECT actor_id FROM claim_actors LIMIT 1').pluck().get() as string;
    expect(speakers.length).toBe(3);
    const before = db.$context.claimPageSql.size;
    for (const speaker of speakers) {
      const got = page(db, { speaker });
      expect(got.data.length).toBeGreaterThan(0);
      expect(got.data.every((claim) => claim.speaker.id === speaker)).toBe(true);
      // The same page as a connection whose shape cache was empty gives.
      fresh.$context.claimPageSql.clear();
      expect(got.data.map((claim) => claim.id)).toEqual(page(fresh, { speaker }).data.map((claim) => claim.id));
    }
    // One shape for the three speakers.
    expect(db.$context.claimPageSql.size).toBe(before + 1);
    const keys = [...db.$context.claimPageSql.keys()];
    expect(keys.some((key) => speakers.some((speaker) => key.includes(speaker)))).toBe(false);

    // Each page holds only claims of what it names (checked against the link tables directly).
    const about = (table: string, column: string, id: string) =>
      new Set(db.$client.prepare(`SELECT claim_id FROM ${table} WHERE ${column} = ?`).pluck().all(id) as string[]);
    const ofEvent = about('claim_events', 'event_id', event);
    const ofActor = about('claim_actors', 'actor_id', actor);
    const eventPage = page(db, { event }).data;
    expect(eventPage.length).toBe(Math.min(5, ofEvent.size));
    expect(eventPage.every((claim) => ofEvent.has(claim.id))).toBe(true);
    const actorPage = page(db, { actor }).data;
    expect(actorPage.length).toBe(Math.min(5, ofActor.size));
    expect(actorPage.every((claim) => ofActor.has(claim.id))).toBe(true);
    const both = page(db, { event, speaker: speakers[0]! }).data;
    expect(both.every((claim) => ofEvent.has(claim.id) && claim.speaker.id === speakers[0])).toBe(true);
    const descending = page(db, { speaker: speakers[1]!, sort: '-saidAt' }).data;
    expect(descending.length).toBeGreaterThan(0);
    expect(descending.every((claim) => claim.speaker.id === speakers[1])).toBe(true);
  });
});
