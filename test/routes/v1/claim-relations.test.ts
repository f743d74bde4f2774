// Relations you can ask for: `?link=` (claims having a link of a type, either direction), the
// related claims of one claim (paged, bounded in the claim itself), perspectives grouped by stance.
import { describe, expect, it } from 'vitest';
import { getJson, useApp, walkPages } from '../../helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';
import { call, useKeys } from './curation/curation-helpers.ts';

const ACCUSATION = 'armenias-political-leadership-accuses';
const REJECTION = 'russia-rejects';
const PESKOV = 'dmitry-peskov-confirms';
const APA = 'apa-reports';
const UNKNOWN = { text: null, start: null, end: null, precision: 'unknown', approximate: false };
const ANSWERS = 25;

/** An article in which Peskov answers the Russian rejection 25 times and contradicts APA once. */
function answersBundle() {
  const sentences = Array.from({ length: ANSWERS }, (_, i) => `Peskov made remark number ${i + 1} about the charge.`);
  const contradiction = 'Peskov also said APA had its facts wrong.';
  return {
    source: {
      title: 'Peskov answers, again and again',
      publishedAt: '2024-04-20',
      language: 'en',
      text: [...sentences, contradiction].join(' '),
    },
    claims: [
      ...sentences.map((s, i) => ({
        key: `answer-${i + 1}`,
        speaker: 'dmitry-peskov',
        text: s.slice(0, -1),
        mode: 'direct_quote',
        stance: 'states',
        saidAt: UNKNOWN,
        respondsTo: REJECTION,
        evidence: s.slice(0, -1),
      })),
      {
        key: 'contradiction',
        speaker: 'dmitry-peskov',
        text: 'APA had its facts wrong',
        mode: 'reported_speech',
        stance: 'denies',
        saidAt: UNKNOWN,
        about: { events: ['russian-peacekeepers-withdraw-from-nagorno-karabakh'], actors: [] },
        links: [{ type: 'contradicts', claim: APA }],
        evidence: contradiction.slice(0, -1),
      },
    ],
  };
}

describe('relations between claims', () => {
  const app = useApp();
  const keys = useKeys(app);
  let contradictionId = '';

  it('?link=responds_to finds the answer and the claim answered', async () => {
    const { status, body } = await getJson(app(), '/v1/claims?link=responds_to&limit=100');
    expect(status).toBe(200);
    expect(body.data.map((c: any) => c.id).sort()).toEqual([ACCUSATION, REJECTION]);
    const none = await getJson(app(), '/v1/claims?link=contradicts&limit=100');
    expect(none.body.data).toEqual([]);
  });

  it('refuses an unknown link type, naming the parameter and the choices', async () => {
    const response = await getJson(app(), '/v1/claims?link=refutes');
    const problem = expectInvalid(response, ['query.link']);
    expect(problem.errors![0]!.message).toMatch(/contradicts/);
  });

  it('?link=contradicts finds both ends, and combines with other filters', async () => {
    const imported = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: answersBundle() });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    contradictionId = imported.body.created.claims.at(-1).id;
    const both = await getJson(app(), '/v1/claims?link=contradicts&limit=100');
    expect(both.body.data.map((c: any) => c.id).sort()).toEqual([APA, contradictionId].sort());
    const bySpeaker = await getJson(app(), '/v1/claims?link=contradicts&speaker=apa');
    expect(bySpeaker.body.data.map((c: any) => c.id)).toEqual([APA]);
    const aboutEvent = await getJson(
      app(),
      '/v1/claims?link=contradicts&event=russian-peacekeepers-withdraw-from-nagorno-karabakh&limit=100',
    );
    expect(aboutEvent.body.data.map((c: any) => c.id).sort()).toEqual([APA, contradictionId].sort());
    const answers = await walkPages(app(), '/v1/claims?link=responds_to&limit=7');
    expect(answers.items).toHaveLength(ANSWERS + 2);
  });

  it('a claim answered many times embeds its first links, the count and where the rest are', async () => {
    const { body } = await getJson(app(), `/v1/claims/${REJECTION}`);
    expect(body.linkCount).toBe(ANSWERS + 1);
    expect(body.links).toHaveLength(20);
    expect(body.links[0]).toEqual({
      type: 'responds_to',
      direction: 'outgoing',
      claim: { id: ACCUSATION, text: expect.any(String) },
    });
    expect(body.links.slice(1).every((l: any) => l.type === 'responds_to' && l.direction === 'incoming')).toBe(true);
    expect(body.related).toBe(`/v1/claims/${REJECTION}/related`);
    const unlinked = await getJson(app(), `/v1/claims/${PESKOV}`);
    expect(unlinked.body).toMatchObject({ links: [], linkCount: 0 });
  });

  it('/related pages through every link, each with its relation and direction, outgoing first', async () => {
    const { items, pages } = await walkPages<any>(app(), `/v1/claims/${REJECTION}/related?limit=10`);
    expect(pages).toBe(3);
    expect(items).toHaveLength(ANSWERS + 1);
    expect(items[0]).toMatchObject({ relation: 'responds_to', direction: 'outgoing', claim: { id: ACCUSATION } });
    const incoming = items.slice(1);
    expect(incoming.every((i) => i.relation === 'responds_to' && i.direction === 'incoming')).toBe(true);
    expect(incoming.every((i) => i.claim.respondsTo.id === REJECTION)).toBe(true);
    const ids = incoming.map((i) => i.claim.id);
    expect(new Set(ids).size).toBe(ANSWERS);
    expect(ids).toEqual([...ids].sort());

    const onlyOutgoing = await getJson(app(), `/v1/claims/${REJECTION}/related?direction=outgoing`);
    expect(onlyOutgoing.body.data.map((i: any) => i.claim.id)).toEqual([ACCUSATION]);
    const apa = await getJson(app(), `/v1/claims/${APA}/related`);
    expect(apa.body.data).toEqual([
      expect.objectContaining({
        relation: 'contradicts',
        direction: 'incoming',
        claim: expect.objectContaining({ id: contradictionId }),
      }),
    ]);
    const filtered = await getJson(app(), `/v1/claims/${contradictionId}/related?relation=contradicts`);
    expect(filtered.body.data.map((i: any) => [i.relation, i.direction, i.claim.id])).toEqual([
      ['contradicts', 'outgoing', APA],
    ]);
  });

  it('/related: unknown claim is a 404, a bad cursor or relation a 400 naming it', async () => {
    expectProblem(await getJson(app(), '/v1/claims/no-such-claim/related'), 404);
    expectInvalid(await getJson(app(), `/v1/claims/${REJECTION}/related?cursor=nonsense`), ['query.cursor']);
    expectInvalid(await getJson(app(), `/v1/claims/${REJECTION}/related?relation=likes`), ['query.relation']);
  });
});

describe('perspectives grouped by stance', () => {
  const app = useApp();
  const WITHDRAWAL = 'russian-peacekeepers-withdraw-from-nagorno-karabakh';

  it('on the withdrawal, one group per stance: who took it and the claims, every claim once', async () => {
    const claims = (await getJson(app(), `/v1/claims?event=${WITHDRAWAL}&limit=100`)).body.data;
    const { status, body } = await getJson(app(), `/v1/events/${WITHDRAWAL}/perspectives?groupBy=stance`);
    expect(status).toBe(200);
    expect(body.groupBy).toBe('stance');
    const stances = [...new Set(claims.map((c: any) => c.stance))].sort();
    expect(body.perspectives.map((p: any) => p.stance)).toEqual(stances);
    expect(stances).toEqual(['confirms', 'reports', 'states']);
    for (const group of body.perspectives) {
      const own = claims.filter((c: any) => c.stance === group.stance);
      expect(group.claimCount).toBe(own.length);
      expect(group.claims.map((c: any) => c.id).sort()).toEqual(own.map((c: any) => c.id).sort());
      const speakers = [...new Set(own.map((c: any) => c.speaker.id))];
      expect(group.speakerCount).toBe(speakers.length);
      expect(group.speakers.map((s: any) => s.id).sort()).toEqual(speakers.sort());
    }
    const confirms = body.perspectives.find((p: any) => p.stance === 'confirms');
    expect(confirms.speakers).toContainEqual({ id: 'dmitry-peskov', name: 'Dmitry Peskov' });
    expect(confirms.speakers.map((s: any) => s.id)).toContain('hikmet-hajiyev');

    const bySpeaker = await getJson(app(), `/v1/events/${WITHDRAWAL}/perspectives?groupBy=speaker`);
    expect(bySpeaker.body.groupBy).toBe('speaker');
    expect(bySpeaker.body.perspectives[0].speaker).toEqual({ id: 'apa', name: expect.any(String) });
  });

  it('pages over stances with the cursor; refuses an unknown groupBy naming it', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/events/${WITHDRAWAL}/perspectives?groupBy=stance&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const { body } = await getJson(app(), url);
      expect(body.perspectives).toHaveLength(1);
      seen.push(body.perspectives[0].stance);
      cursor = body.page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['confirms', 'reports', 'states']);
    const problem = expectInvalid(await getJson(app(), `/v1/events/${WITHDRAWAL}/perspectives?groupBy=outlet`), [
      'query.groupBy',
    ]);
    expect(problem.errors![0]!.message).toMatch(/stance/);
  });
});
