// Corroboration: a claim carried by several sources. A bundle's `{ "appears": id }` adds an
// appearance to a stored claim instead of a duplicate; claims show their appearances, sourceCount and
// independentSources (a syndicated copy counts once); ?minSources filters; the feed logs the appearance
// as an update of the stored claim after the source's create, and its kept representation follows.
import { beforeAll, describe, expect, it } from 'vitest';
import { keptTexts } from '../../../src/db/kept-representations.ts';
import { getJson, useApp } from '../../helpers.ts';
import { SEED_SOURCE, call, callFresh, readFeed, useKeys } from './curation/curation-helpers.ts';
import { expectInvalid } from './expect-problem.ts';

const PESKOV_CLAIM = 'dmitry-peskov-confirms';
const SEED_REF = { id: SEED_SOURCE, title: 'Russian Peacekeepers Start Withdrawal from Azerbaijan’s Nagorno-Karabakh' };

// Short articles written for these tests: two outlets print the same wire sentence (a syndicated copy).
const WIRE_SENTENCE = 'Kremlin spokesman Dmitry Peskov confirmed the pullout of the peacekeepers, the agency said.';
const articleA = {
  source: {
    title: 'Peacekeepers pull out, Kremlin confirms',
    publisher: 'Outlet A',
    publishedAt: '2024-04-18',
    language: 'en',
    text: `The first convoys have left. ${WIRE_SENTENCE} More departures are due next week.`,
  },
  claims: [{ appears: PESKOV_CLAIM, evidence: WIRE_SENTENCE, reportedBy: 'apa' }],
};
const articleB = {
  source: {
    title: 'Moscow confirms peacekeeper pullout',
    publisher: 'Outlet B',
    publishedAt: '2024-04-19',
    language: 'en',
    text: `Regional news in brief. ${WIRE_SENTENCE.toUpperCase().replace('AGENCY', 'agency')}   Weather: sunny.`,
  },
  claims: [{ appears: PESKOV_CLAIM, evidence: WIRE_SENTENCE.toUpperCase().replace('AGENCY', 'agency') }],
};

describe('a bundle repeating a stored claim', () => {
  const app = useApp();
  const keys = useKeys(app);
  let before: any;
  let imported: any;
  let claimsBefore: number;

  beforeAll(async () => {
    before = (await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`)).body;
    claimsBefore = (await getJson(app(), `/v1/sources/${SEED_SOURCE}`)).body.counts.claims;
    imported = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: articleA });
    expect(imported.status, imported.raw).toBe(201);
  });

  it('adds an appearance to the stored claim, answered in `appeared`, and creates no claim', async () => {
    expect(imported.body.created.claims).toEqual([]);
    expect(imported.body.appeared).toEqual([{ id: PESKOV_CLAIM, text: before.text }]);
    expect(imported.body.source.counts.claims).toBe(1);
    // ?source= lists the claims a source carries, repeated ones included.
    const carried = await getJson(app(), `/v1/claims?source=${imported.body.source.id}`);
    expect(carried.body.data.map((c: any) => c.id)).toEqual([PESKOV_CLAIM]);
    // The seed source still carries what it carried.
    expect((await getJson(app(), `/v1/sources/${SEED_SOURCE}`)).body.counts.claims).toBe(claimsBefore);
  });

  it('shows the claim with both appearances, first where it was first seen, and sourceCount 2', async () => {
    const { status, body } = await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`);
    expect(status).toBe(200);
    expect(before.sourceCount).toBe(1);
    expect(body.sourceCount).toBe(2);
    expect(body.independentSources).toBe(2);
    expect(body.source).toEqual(SEED_REF);
    expect(body.appearances).toEqual([
      { source: SEED_REF, evidence: before.evidence, reportedBy: null, publishedAt: '2024-04-17' },
      {
        source: { id: imported.body.source.id, title: 'Peacekeepers pull out, Kremlin confirms' },
        evidence: {
          sourceId: imported.body.source.id,
          start: articleA.source.text.indexOf(WIRE_SENTENCE),
          end: articleA.source.text.indexOf(WIRE_SENTENCE) + WIRE_SENTENCE.length,
          text: WIRE_SENTENCE,
        },
        reportedBy: { id: 'apa', name: 'APA' },
        publishedAt: '2024-04-18',
      },
    ]);
    // Everything else of the claim is as it was.
    const { appearances: _a, sourceCount: _s, independentSources: _i, ...rest } = body;
    const { appearances: _b, sourceCount: _t, independentSources: _j, ...was } = before;
    expect(rest).toEqual(was);
  });

  it('keeps the claim representation in the same transaction: the kept JSON is what a GET answers', async () => {
    const kept = JSON.parse(keptTexts(app().db, 'claim', [PESKOV_CLAIM]).get(PESKOV_CLAIM) ?? 'null');
    expect(kept?.sourceCount).toBe(2);
    expect(kept).toEqual((await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`)).body);
  });

  it('logs the source create, then an update of the stored claim whose after shows the appearance', async () => {
    const { changes } = await readFeed(app(), undefined, 1000);
    const mine = changes.filter((c) => c.by === 'test-writer');
    expect(mine.map((c) => `${c.action} ${c.entityType}:${c.entityId}`)).toEqual([
      `create source:${imported.body.source.id}`,
      `update claim:${PESKOV_CLAIM}`,
    ]);
    const update = mine[1] as any;
    expect(update.before.sourceCount).toBe(1);
    expect(update.after.sourceCount).toBe(2);
    expect(update.after.appearances[1].source.id).toBe(imported.body.source.id);
  });

  it('counts a syndicated copy (the same words, other case and spacing) once in independentSources', async () => {
    const reply = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: articleB });
    expect(reply.status, reply.raw).toBe(201);
    const { body } = await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`);
    expect(body.sourceCount).toBe(3);
    expect(body.independentSources).toBe(2);
    expect(body.appearances.map((a: any) => a.source.id)).toEqual([
      SEED_SOURCE,
      imported.body.source.id,
      reply.body.source.id,
    ]);
    expect(body.appearances[2].reportedBy).toBeNull();
  });

  it('pages through every appearance at /v1/claims/{id}/appearances, in order', async () => {
    const first = await getJson(app(), `/v1/claims/${PESKOV_CLAIM}/appearances?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((a: any) => a.publishedAt)).toEqual(['2024-04-17', '2024-04-18']);
    expect(first.body.page).toEqual({ limit: 2, nextCursor: expect.any(String) });
    const second = await getJson(
      app(),
      `/v1/claims/${PESKOV_CLAIM}/appearances?limit=2&cursor=${encodeURIComponent(first.body.page.nextCursor)}`,
    );
    expect(second.body.data.map((a: any) => a.publishedAt)).toEqual(['2024-04-19']);
    expect(second.body.page.nextCursor).toBeNull();
    expect((await getJson(app(), '/v1/claims/no-such-claim/appearances')).status).toBe(404);
    // A cursor of the right shape whose position is not a number is refused, not read as page one.
    const forged = Buffer.from(JSON.stringify(['position', 'abc'])).toString('base64url');
    const refused = await getJson(app(), `/v1/claims/${PESKOV_CLAIM}/appearances?cursor=${forged}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'query.cursor', message: expect.stringContaining('nextCursor') }]);
  });

  it('filters with ?minSources: only the claims carried by that many sources, combinable with the others', async () => {
    const two = await getJson(app(), '/v1/claims?minSources=2');
    expect(two.status).toBe(200);
    expect(two.body.data.map((c: any) => [c.id, c.sourceCount])).toEqual([[PESKOV_CLAIM, 3]]);
    expect((await getJson(app(), '/v1/claims?minSources=3&speaker=dmitry-peskov')).body.data).toHaveLength(1);
    expect((await getJson(app(), '/v1/claims?minSources=4')).body.data).toEqual([]);
    expect((await getJson(app(), '/v1/claims?minSources=2&speaker=russia')).body.data).toEqual([]);
    expect((await getJson(app(), '/v1/claims?minSources=2&sort=-saidAt')).body.data).toHaveLength(1);
    // 1 is every claim, as without the filter.
    const all = (await getJson(app(), '/v1/claims?limit=100')).body.data.length;
    expect((await getJson(app(), '/v1/claims?minSources=1&limit=100')).body.data).toHaveLength(all);
    expectInvalid(await getJson(app(), '/v1/claims?minSources=0'), ['query.minSources']);
    expectInvalid(await getJson(app(), '/v1/claims?minSources=two'), ['query.minSources']);
  });

  it("moves the first appearance with a PATCH of the claim's evidence", async () => {
    const reply = await callFresh(app(), 'PATCH', `/v1/claims/${PESKOV_CLAIM}`, {
      key: keys.writer,
      body: { evidence: { sourceId: SEED_SOURCE, quote: 'Kremlin spokesman Dmitry Peskov' } },
    });
    expect(reply.status, reply.raw).toBe(200);
    expect(reply.body.appearances[0].evidence).toEqual(reply.body.evidence);
    expect(reply.body.appearances[0].evidence.text).toBe('Kremlin spokesman Dmitry Peskov');
    expect(reply.body.sourceCount).toBe(3);
  });

  it('refuses a PATCH moving the evidence into a source that carries the claim already', async () => {
    const reply = await callFresh(app(), 'PATCH', `/v1/claims/${PESKOV_CLAIM}`, {
      key: keys.writer,
      body: {
        evidence: { sourceId: imported.body.source.id, quote: WIRE_SENTENCE },
        saidAt: { text: null, start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
      },
    });
    const problem = expectInvalid(reply, ['body.evidence.sourceId']);
    expect(problem.errors![0]!.message).toBe(
      `the claim already appears in source "${imported.body.source.id}"; one appearance per source`,
    );
  });
});

describe('the outlet a repeat credits', () => {
  const app = useApp();
  const keys = useKeys(app);

  beforeAll(async () => {
    const reply = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: articleA });
    expect(reply.status, reply.raw).toBe(201);
  });

  it('blocks deleting that actor (409 naming the claim), and moves with a merge of it', async () => {
    const deleted = await callFresh(app(), 'DELETE', '/v1/actors/apa', { key: keys.admin });
    expect(deleted.status, deleted.raw).toBe(409);
    expect(deleted.raw).toContain(PESKOV_CLAIM);

    const merged = await callFresh(app(), 'POST', '/v1/actors/apa/merge', {
      key: keys.admin,
      body: { into: 'azertac' },
    });
    expect(merged.status, merged.raw).toBe(200);
    const { body } = await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`);
    expect(body.appearances[1].reportedBy).toEqual({ id: 'azertac', name: 'Azertac' });
  });
});

describe('a bundle with a bad appearance', () => {
  const app = useApp();
  const keys = useKeys(app);
  const article = (claims: unknown[], text = `Earlier today. ${WIRE_SENTENCE}`) => ({
    source: { title: 'Another brief', publishedAt: '2024-04-20', language: 'en', text },
    claims,
  });

  it('names every problem by path with the wordings used elsewhere, and writes nothing', async () => {
    const reply = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: article([
        { appears: 'no-such-claim', evidence: WIRE_SENTENCE },
        { appears: PESKOV_CLAIM, evidence: 'words that are not there' },
        { appears: PESKOV_CLAIM, evidence: WIRE_SENTENCE, reportedBy: 'nobody-known' },
      ]),
    });
    const problem = expectInvalid(reply, [
      'body.claims[0].appears',
      'body.claims[1].evidence',
      'body.claims[2].appears',
      'body.claims[2].reportedBy',
    ]);
    const message = (path: string) => problem.errors!.find((e) => e.path === path)!.message;
    expect(message('body.claims[0].appears')).toBe('no claim with id "no-such-claim"');
    expect(message('body.claims[1].evidence')).toBe('is not in the source text: "words that are not there"');
    expect(message('body.claims[2].appears')).toMatch(
      /^the claim already appears in source "[^"]+"; one appearance per source$/,
    );
    expect(message('body.claims[2].reportedBy')).toBe(
      '"nobody-known" is neither an actor key of this bundle nor a stored actor id',
    );
    const { body } = await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`);
    expect(body.sourceCount).toBe(1);
    expect((await getJson(app(), '/v1/sources')).body.data).toHaveLength(1);
  });

  it('reports the fields of the kind of entry it is: an appearance, or a new claim', async () => {
    const reply = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: article([
        { appears: PESKOV_CLAIM, evidence: 5 },
        { key: 'c', speaker: 'dmitry-peskov', text: 'x', mode: 'direct_quote', stance: 'states' },
        { appears: PESKOV_CLAIM, evidence: WIRE_SENTENCE, speaker: 'dmitry-peskov' },
      ]),
    });
    expectInvalid(reply, [
      'body.claims[0].evidence',
      'body.claims[1].saidAt',
      'body.claims[1].evidence',
      'body.claims[2].speaker',
    ]);
  });

  it('lets a new claim of the bundle answer the repeated claim by the appearance key', async () => {
    const reply = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: article(
        [
          { key: 'repeat', appears: PESKOV_CLAIM, evidence: WIRE_SENTENCE },
          {
            key: 'answer',
            speaker: 'armenia',
            text: 'Too late',
            mode: 'direct_quote',
            stance: 'criticizes',
            saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
            respondsTo: 'repeat',
            evidence: '"Too late," Armenia said.',
          },
        ],
        `Earlier today. ${WIRE_SENTENCE} "Too late," Armenia said.`,
      ),
    });
    expect(reply.status, reply.raw).toBe(201);
    const answer = reply.body.created.claims[0].id;
    expect((await getJson(app(), `/v1/claims/${answer}`)).body.respondsTo.id).toBe(PESKOV_CLAIM);
    expect((await getJson(app(), `/v1/claims/${PESKOV_CLAIM}`)).body.sourceCount).toBe(2);
  });
});
