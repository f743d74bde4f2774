// Claims are found by search under their speaker's name and aliases (migration 0014), and the index
// follows renames, merges, re-attributions and deletions.
import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { getJson, useApp } from '../../helpers.ts';
import { call, useKeys } from './curation/curation-helpers.ts';

type Hit = { type: string; id: string; item: { speaker?: { id: string } } };

async function claimHits(app: App, q: string): Promise<Hit[]> {
  const { status, body } = await getJson(app, `/v1/search?type=claim&limit=100&q=${encodeURIComponent(q)}`);
  expect(status).toBe(200);
  return body.data;
}

/** FTS5's own check of an external-content index against its content: fails on any stale token. */
function indexMatchesContent(app: App): void {
  app.db.$client.prepare("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)").run();
}

describe('search under the speaker', () => {
  const app = useApp({ requireIfMatch: false });
  const keys = useKeys(app);

  it('finds the claims a speaker made, not only those whose text names them', async () => {
    const { body } = await getJson(app(), '/v1/claims?speaker=dmitry-peskov');
    const made: string[] = body.data.map((claim: { id: string }) => claim.id);
    expect(made.length).toBeGreaterThan(0);
    const hits = await claimHits(app(), 'Peskov');
    expect(hits.map((hit) => hit.id)).toEqual(expect.arrayContaining(made));
    // None of them says "Peskov" in its text: they are found by their speaker.
    for (const claim of body.data) expect(claim.text).not.toMatch(/peskov/i);
    expect(hits.every((hit) => hit.item.speaker?.id === 'dmitry-peskov' || /peskov/i.test(JSON.stringify(hit)))).toBe(
      true,
    );
  });

  it('combines the speaker with words of the text in one query, ranked first by both', async () => {
    const hits = await claimHits(app(), 'Peskov withdrawal');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.item.speaker?.id).toBe('dmitry-peskov');
    expect(await claimHits(app(), 'Peskov NOT withdrawal')).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ id: hits[0]!.id })]),
    );
  });

  it('follows a rename of the speaker: the new name finds the claims, the old one no longer does', async () => {
    const before = (await claimHits(app(), 'Hajiyev')).filter((hit) => hit.item.speaker?.id === 'hikmet-hajiyev');
    expect(before.length).toBeGreaterThan(0);
    const renamed = await call(app(), 'PATCH', '/v1/actors/hikmet-hajiyev', {
      key: keys.writer,
      body: { name: 'Hikmat Gadzhiev', aliases: [] },
    });
    expect(renamed.status).toBe(200);
    const after = await claimHits(app(), 'Gadzhiev');
    expect(after.map((hit) => hit.id).sort()).toEqual(before.map((hit) => hit.id).sort());
    expect((await claimHits(app(), 'Hajiyev')).filter((hit) => hit.item.speaker?.id === 'hikmet-hajiyev')).toEqual([]);
    indexMatchesContent(app());
  });

  it('follows a merge: the folded speaker’s claims are found under the survivor’s names, and the folded name (now an alias)', async () => {
    const folded = (await getJson(app(), '/v1/claims?speaker=apa')).body.data.map((claim: { id: string }) => claim.id);
    expect(folded.length).toBeGreaterThan(0);
    const merged = await call(app(), 'POST', '/v1/actors/apa/merge', { key: keys.admin, body: { into: 'azertac' } });
    expect(merged.status).toBe(200);
    const survivorName = (await getJson(app(), '/v1/actors/azertac')).body.name as string;
    const underSurvivor = (await claimHits(app(), `"${survivorName}"`)).map((hit) => hit.id);
    expect(underSurvivor).toEqual(expect.arrayContaining(folded));
    indexMatchesContent(app());
  });

  it('forgets a deleted claim and a re-attributed one, keeping the index equal to its content', async () => {
    const [claim] = (await getJson(app(), '/v1/claims?speaker=dmitry-peskov&limit=1')).body.data;
    const moved = await call(app(), 'PATCH', `/v1/claims/${claim.id}`, {
      key: keys.writer,
      body: { speaker: 'russia' },
    });
    expect(moved.status).toBe(200);
    expect((await claimHits(app(), 'Peskov')).map((hit) => hit.id)).not.toContain(claim.id);
    indexMatchesContent(app());
    const removed = await call(app(), 'DELETE', `/v1/claims/${claim.id}`, { key: keys.admin });
    expect(removed.status).toBe(204);
    expect((await claimHits(app(), 'Russia')).map((hit) => hit.id)).not.toContain(claim.id);
    indexMatchesContent(app());
  });
});
