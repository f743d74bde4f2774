// Typed claim-to-claim links (responds_to, supports, contradicts, denies, repeats): given in bundles
// and writes, shown on both claims, kept exact in the change feed, and guarding deletes.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';
import { type Change, SEED_SOURCE, call, callFresh, quote, readFeed, useKeys } from './curation/curation-helpers.ts';
import { UNKNOWN_TIME, WITHDRAWAL } from './graph-fixtures.ts';
import { onDay } from './extra-bundles.ts';

const APA = {
  id: 'apa-reports',
  text: 'Reported that Russian peacekeepers had begun withdrawing and that the first personnel and equipment had left a monastery in Kalbajar district a few days earlier.',
};
const PESKOV = {
  id: 'dmitry-peskov-confirms',
  text: 'Confirmed reports of the Russian peacekeepers’ withdrawal but gave no further details.',
};
const REPEAT = { id: 'dmitry-peskov-confirms-2', text: 'Repeated that the peacekeepers were leaving Karabakh.' };
const DENIAL = { id: 'nikol-pashinyan-denies', text: 'Said the withdrawal had not begun.' };

/** A second article: Peskov repeats himself and backs APA; Pashinyan answers him and contradicts APA. */
function linkBundle() {
  return {
    source: {
      title: 'Kremlin repeats that peacekeepers are leaving',
      publisher: 'Test Wire',
      url: null,
      publishedAt: '2024-04-19',
      language: 'en',
      text:
        'Kremlin spokesman Dmitry Peskov repeated on Thursday that the peacekeepers were leaving Karabakh. ' +
        'Armenian Prime Minister Nikol Pashinyan said the withdrawal had not begun, contradicting the APA report.',
    },
    claims: [
      {
        key: 'peskov-repeats',
        speaker: 'dmitry-peskov',
        text: REPEAT.text,
        mode: 'reported_speech',
        stance: 'confirms',
        saidAt: onDay('2024-04-18', 'on Thursday'),
        about: { events: [WITHDRAWAL], actors: [] },
        links: [
          { type: 'repeats', claim: PESKOV.id },
          { type: 'supports', claim: APA.id },
        ],
        evidence: 'Dmitry Peskov repeated on Thursday that the peacekeepers were leaving Karabakh',
      },
      {
        key: 'pashinyan-denies',
        speaker: 'nikol-pashinyan',
        text: DENIAL.text,
        mode: 'reported_speech',
        stance: 'denies',
        saidAt: UNKNOWN_TIME,
        respondsTo: 'peskov-repeats',
        links: [
          { type: 'contradicts', claim: APA.id },
          { type: 'denies', claim: 'peskov-repeats' },
        ],
        evidence: 'Nikol Pashinyan said the withdrawal had not begun, contradicting the APA report',
      },
    ],
  };
}

const linksOf = async (app: Parameters<typeof getJson>[0], id: string) => {
  const { status, body } = await getJson(app, `/v1/claims/${id}`);
  expect(status, id).toBe(200);
  return body.links;
};

/** Every claim change in the feed equals what the API now serves for that claim. */
async function expectFeedMatchesServed(app: Parameters<typeof getJson>[0], changes: Change[]) {
  for (const change of changes.filter((c) => c.entityType === 'claim' && c.after)) {
    const served = (await getJson(app, `/v1/claims/${change.entityId}`)).body;
    expect(change.after, change.entityId).toEqual(served);
  }
}

describe('claim links given in a bundle', () => {
  const app = useApp();
  const keys = useKeys(app);

  it("refuses a link of type responds_to (that is respondsTo's job), naming it, and writes nothing", async () => {
    const bundle = linkBundle();
    bundle.claims[0]!.links[0]!.type = 'responds_to';

    const response = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    const problem = expectInvalid(response, ['body.claims[0].links[0].type']);
    expect(problem.errors![0]!.message).toMatch(/respondsTo/);
    expect((await getJson(app(), `/v1/claims?source=${SEED_SOURCE}&limit=100`)).body.data).toHaveLength(10);
  });

  it('refuses links to an unknown claim or to the claim itself, naming each, and writes nothing', async () => {
    const bundle = linkBundle();
    bundle.claims[0]!.links[0]!.claim = 'no-such-claim';
    bundle.claims[1]!.links[1]!.claim = 'pashinyan-denies';

    const response = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    const problem = expectInvalid(response, ['body.claims[0].links[0].claim', 'body.claims[1].links[1].claim']);
    expect(problem.errors!.map((e) => e.message)).toEqual([
      expect.stringMatching(/"no-such-claim" is neither a claim key of this bundle nor a stored claim id/),
      'a claim cannot link to itself',
    ]);
    expect((await getJson(app(), '/v1/sources')).body.data).toHaveLength(1);
  });

  it('stores the links: the linking claim shows them outgoing, respondsTo included as responds_to', async () => {
    const { cursor } = await readFeed(app());
    const response = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: linkBundle() });
    expect(response.status, response.raw).toBe(201);

    expect(response.body.created.claims.map((c: { id: string }) => c.id)).toEqual([REPEAT.id, DENIAL.id]);
    // The stored claims it links to are listed as linked.
    expect(response.body.linked.claims).toEqual(expect.arrayContaining([PESKOV, APA]));
    expect(await linksOf(app(), DENIAL.id)).toEqual([
      { type: 'responds_to', direction: 'outgoing', claim: REPEAT },
      { type: 'contradicts', direction: 'outgoing', claim: APA },
      { type: 'denies', direction: 'outgoing', claim: REPEAT },
    ]);
    expect(await linksOf(app(), REPEAT.id)).toEqual([
      { type: 'supports', direction: 'outgoing', claim: APA },
      { type: 'repeats', direction: 'outgoing', claim: PESKOV },
      { type: 'responds_to', direction: 'incoming', claim: DENIAL },
      { type: 'denies', direction: 'incoming', claim: DENIAL },
    ]);

    // ...and the stored claims linked to show them incoming; the feed records that change exactly.
    expect(await linksOf(app(), APA.id)).toEqual([
      { type: 'supports', direction: 'incoming', claim: REPEAT },
      { type: 'contradicts', direction: 'incoming', claim: DENIAL },
    ]);
    expect(await linksOf(app(), PESKOV.id)).toEqual([{ type: 'repeats', direction: 'incoming', claim: REPEAT }]);
    const { changes } = await readFeed(app(), cursor);
    expect(
      changes
        .filter((c) => c.entityType === 'claim')
        .map((c) => `${c.action} ${c.entityId}`)
        .sort(),
    ).toEqual([`create ${DENIAL.id}`, `create ${REPEAT.id}`, `update ${APA.id}`, `update ${PESKOV.id}`].sort());
    await expectFeedMatchesServed(app(), changes);
  });

  it('draws the links as graph edges between the claims', async () => {
    const { body } = await getJson(app(), `/v1/graph?focus=claim:${APA.id}`);

    const edges = body.edges.map(
      (e: { source: string; type: string; target: string }) => `${e.source} -${e.type}-> ${e.target}`,
    );
    expect(edges).toEqual(
      expect.arrayContaining([
        `claim:${REPEAT.id} -supports-> claim:${APA.id}`,
        `claim:${DENIAL.id} -contradicts-> claim:${APA.id}`,
      ]),
    );
  });
});

describe('claim links given in writes', () => {
  const app = useApp();
  const keys = useKeys(app);
  const CLAIM = {
    speaker: 'hikmet-hajiyev',
    text: 'Repeated that the withdrawal had been agreed.',
    mode: 'reported_speech',
    stance: 'confirms',
    saidAt: UNKNOWN_TIME,
    evidence: quote('Hajiyev was cited by the state news agency Azertac'),
  };
  const HAJIYEV = {
    id: 'hikmet-hajiyev-confirms',
    text: 'Confirmed the withdrawal and said it had been agreed to by both countries.',
  };
  const NEW_ID = 'hikmet-hajiyev-confirms-4';

  it('refuses links to an unknown claim, of an unknown type, or (on change) to the claim itself, naming each', async () => {
    const unknown = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: { ...CLAIM, links: [{ type: 'supports', claim: 'no-such-claim' }] },
    });
    const badType = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: { ...CLAIM, links: [{ type: 'responds_to', claim: HAJIYEV.id }] },
    });
    const self = await callFresh(app(), 'PATCH', `/v1/claims/${HAJIYEV.id}`, {
      key: keys.writer,
      body: { links: [{ type: 'repeats', claim: HAJIYEV.id }] },
    });

    expect(expectInvalid(unknown, ['body.links[0].claim']).errors![0]!.message).toBe(
      'no claim with id "no-such-claim"',
    );
    expectInvalid(badType, ['body.links[0].type']);
    expect(expectInvalid(self, ['body.links[0].claim']).errors![0]!.message).toBe('a claim cannot link to itself');
    expect(await linksOf(app(), HAJIYEV.id)).toEqual([]);
  });

  it('when a claim is created with links, shows them on it and on the claim linked, and records both in the feed', async () => {
    const { cursor } = await readFeed(app());

    const created = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: { ...CLAIM, links: [{ type: 'repeats', claim: HAJIYEV.id }] },
    });

    expect(created.status, created.raw).toBe(201);
    expect(created.body.id).toBe(NEW_ID);
    expect(created.body.links).toEqual([{ type: 'repeats', direction: 'outgoing', claim: HAJIYEV }]);
    expect(await linksOf(app(), HAJIYEV.id)).toEqual([
      { type: 'repeats', direction: 'incoming', claim: { id: NEW_ID, text: CLAIM.text } },
    ]);
    const { changes } = await readFeed(app(), cursor);
    expect(changes.map((c) => `${c.action} ${c.entityType} ${c.entityId}`)).toEqual(
      expect.arrayContaining([`create claim ${NEW_ID}`, `update claim ${HAJIYEV.id}`]),
    );
    await expectFeedMatchesServed(app(), changes);
  });

  it('when links are changed, replaces the outgoing links: the claim dropped loses its incoming link, the new one gains it', async () => {
    const { cursor } = await readFeed(app());

    const patched = await callFresh(app(), 'PATCH', `/v1/claims/${NEW_ID}`, {
      key: keys.writer,
      body: { links: [{ type: 'supports', claim: PESKOV.id }] },
    });

    expect(patched.status, patched.raw).toBe(200);
    expect(patched.body.links).toEqual([{ type: 'supports', direction: 'outgoing', claim: PESKOV }]);
    expect(await linksOf(app(), HAJIYEV.id)).toEqual([]);
    expect(await linksOf(app(), PESKOV.id)).toEqual([
      { type: 'supports', direction: 'incoming', claim: { id: NEW_ID, text: CLAIM.text } },
    ]);
    const { changes } = await readFeed(app(), cursor);
    expect(changes.map((c) => `${c.action} ${c.entityId}`).sort()).toEqual(
      [`update ${PESKOV.id}`, `update ${HAJIYEV.id}`, `update ${NEW_ID}`].sort(),
    );
    await expectFeedMatchesServed(app(), changes);
  });

  it('a PATCH that leaves links out keeps them', async () => {
    const patched = await callFresh(app(), 'PATCH', `/v1/claims/${NEW_ID}`, {
      key: keys.writer,
      body: { stance: 'states' },
    });

    expect(patched.body.links).toEqual([{ type: 'supports', direction: 'outgoing', claim: PESKOV }]);
  });

  it("when a linked claim's text changes, the claims linked with it show the new text, in the feed too", async () => {
    const { cursor } = await readFeed(app());
    const text = 'Repeated that both countries had agreed the withdrawal.';

    const patched = await callFresh(app(), 'PATCH', `/v1/claims/${NEW_ID}`, { key: keys.writer, body: { text } });

    expect(patched.status, patched.raw).toBe(200);
    expect(await linksOf(app(), PESKOV.id)).toEqual([
      { type: 'supports', direction: 'incoming', claim: { id: NEW_ID, text } },
    ]);
    const { changes } = await readFeed(app(), cursor);
    expect(changes.map((c) => `${c.action} ${c.entityId}`).sort()).toEqual(
      [`update ${PESKOV.id}`, `update ${NEW_ID}`].sort(),
    );
    await expectFeedMatchesServed(app(), changes);
  });

  it('refuses to delete a claim other claims link to, naming the linking claim; once that one is gone, the link is gone too', async () => {
    const refused = await callFresh(app(), 'DELETE', `/v1/claims/${PESKOV.id}`, { key: keys.admin });
    expect(expectProblem(refused, 409).detail).toContain(`claim ${NEW_ID}`);

    const { cursor } = await readFeed(app());
    const deleted = await callFresh(app(), 'DELETE', `/v1/claims/${NEW_ID}`, { key: keys.admin });

    expect(deleted.status).toBe(204);
    expect(await linksOf(app(), PESKOV.id)).toEqual([]);
    const { changes } = await readFeed(app(), cursor);
    // (The source's claim count changes too; only the claims matter here.)
    expect(
      changes
        .filter((c) => c.entityType === 'claim')
        .map((c) => `${c.action} ${c.entityId}`)
        .sort(),
    ).toEqual([`delete ${NEW_ID}`, `update ${PESKOV.id}`].sort());
    await expectFeedMatchesServed(app(), changes);
  });

  it('refuses to delete a claim another one responds to, as before', async () => {
    const refused = await callFresh(app(), 'DELETE', '/v1/claims/armenias-political-leadership-accuses', {
      key: keys.admin,
    });

    expect(expectProblem(refused, 409).detail).toContain('claim russia-rejects');
  });
});
