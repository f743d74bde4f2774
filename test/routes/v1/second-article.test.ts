// Issue #11's "Done when": a second article naming Peskov, Azerbaijan and the withdrawal links to the
// stored entities, and its repeat of a stored claim becomes an appearance of that claim (sourceCount
// 2, no new claim). The article is written for this test; it goes through the extraction queue
// (draft, a curator's correction, accept), which imports through the bundle path.
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { WITHDRAWAL, call, callFresh, useKeys } from './curation/curation-helpers.ts';

const PESKOV_CLAIM = 'dmitry-peskov-confirms';
const REPEAT = 'Kremlin spokesman Dmitry Peskov confirmed reports of the withdrawal of the peacekeepers on Thursday.';
const ARTICLE = {
  title: 'Convoys leave Karabakh',
  publishedAt: '2024-04-19',
  text: `Russia's pullout from Nagorno-Karabakh goes on. ${REPEAT} Azerbaijan said the convoy left on schedule. "Talks will continue next month," Peskov told reporters.`,
};

describe('a second article about the withdrawal, extracted and accepted', () => {
  const app = useApp();
  const keys = useKeys(app);
  let extraction: any;
  let peskovClaimsBefore: string[];

  beforeAll(async () => {
    peskovClaimsBefore = (await getJson(app(), '/v1/claims?speaker=dmitry-peskov&limit=100')).body.data.map(
      (c: any) => c.id,
    );
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: ARTICLE });
    expect(created.status, created.raw).toBe(201);
    extraction = created.body;
  });

  it('drafts the repeat of the stored Peskov claim as an appearance of it, and says why in the notes', () => {
    const repeat = extraction.draft.claims.find((c: any) => c.appears);
    expect(repeat).toEqual({ key: expect.any(String), appears: PESKOV_CLAIM, evidence: REPEAT, reportedBy: null });
    expect(extraction.notes.claims[repeat.key].appearsIn).toEqual({
      id: PESKOV_CLAIM,
      text: 'Confirmed reports of the Russian peacekeepers’ withdrawal but gave no further details.',
      score: expect.any(Number),
    });
    expect(extraction.notes.claims[repeat.key].appearsIn.score).toBeGreaterThanOrEqual(0.6);
    // Peskov's other statement is a new claim by the stored actor; Azerbaijan's too.
    const fresh = extraction.draft.claims.filter((c: any) => !c.appears);
    expect(fresh.map((c: any) => [c.speaker, c.text])).toEqual([
      ['azerbaijan', 'The convoy left on schedule'],
      ['dmitry-peskov', 'Talks will continue next month'],
    ]);
    // Linked, so not drafted again.
    expect(extraction.draft.actors.map((a: any) => a.key)).not.toContain('dmitry-peskov');
    expect(extraction.notes.actors['dmitry-peskov'].linkedTo).toBe('dmitry-peskov');
    expect(extraction.notes.actors.azerbaijan.linkedTo).toBe('azerbaijan');
    expect(extraction.notes.locations.azerbaijan.linkedTo).toBe('azerbaijan');
  });

  it('when a curator says what the Azerbaijani claim is about and accepts, then the source links to the stored entities and the repeat is an appearance', async () => {
    const draft = structuredClone(extraction.draft);
    const azerbaijani = draft.claims.find((c: any) => c.speaker === 'azerbaijan');
    azerbaijani.about = { events: [WITHDRAWAL], actors: ['russian-peacekeepers'] };
    const patched = await callFresh(app(), 'PATCH', `/v1/extractions/${extraction.id}`, {
      key: keys.writer,
      body: { draft },
    });
    expect(patched.status, patched.raw).toBe(200);

    const accepted = await callFresh(app(), 'POST', `/v1/extractions/${extraction.id}/accept`, { key: keys.writer });
    expect(accepted.status, accepted.raw).toBe(201);
    const sourceId = accepted.body.source.id;
    expect(accepted.body.appeared).toEqual([
      {
        id: PESKOV_CLAIM,
        text: 'Confirmed reports of the Russian peacekeepers’ withdrawal but gave no further details.',
      },
    ]);
    expect(accepted.body.linked.actors.map((a: any) => a.id)).toEqual(
      expect.arrayContaining(['dmitry-peskov', 'azerbaijan', 'russian-peacekeepers']),
    );
    expect(accepted.body.linked.events.map((e: any) => e.id)).toEqual([WITHDRAWAL]);
    expect(accepted.body.created.claims).toHaveLength(2);

    // The stored claim: carried by two sources now, the new one second.
    const { body: claim } = await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`);
    expect(claim.sourceCount).toBe(2);
    expect(claim.independentSources).toBe(2);
    expect(claim.appearances[1]).toEqual({
      source: { id: sourceId, title: ARTICLE.title },
      evidence: {
        sourceId,
        start: ARTICLE.text.indexOf(REPEAT),
        end: ARTICLE.text.indexOf(REPEAT) + REPEAT.length,
        text: REPEAT,
      },
      reportedBy: null,
      publishedAt: '2024-04-19',
    });

    // No duplicate: Peskov has one new claim (his other statement), not two.
    const after = (await getJson(app(), '/v1/claims?speaker=dmitry-peskov&limit=100')).body.data;
    const added = after.filter((c: any) => !peskovClaimsBefore.includes(c.id));
    expect(added.map((c: any) => c.text)).toEqual(['Talks will continue next month']);
    expect(added[0].source.id).toBe(sourceId);

    // The Azerbaijani claim is about the stored withdrawal, and the new source carries three claims.
    const aboutWithdrawal = (await getJson(app(), `/v1/claims?event=${WITHDRAWAL}&speaker=azerbaijan`)).body.data;
    expect(aboutWithdrawal.map((c: any) => c.text)).toEqual(['The convoy left on schedule']);
    expect((await getJson(app(), `/v1/sources/${sourceId}`)).body.counts.claims).toBe(3);
    expect((await getJson(app(), '/v1/claims?minSources=2')).body.data.map((c: any) => c.id)).toEqual([PESKOV_CLAIM]);
  });
});
