// GET /v1/events/{id}/perspectives: what each speaker said about an event, and with which stances.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';
import { OFFENSIVE, WITHDRAWAL } from './graph-fixtures.ts';

const app = useApp();

type Perspective = {
  speaker: { id: string; name: string };
  stances: string[];
  claimCount: number;
  claims: Array<{ id: string; stance: string }>;
};

const summary = (perspectives: Perspective[]) =>
  perspectives.map((p) => ({
    speaker: p.speaker.id,
    stances: p.stances,
    claimCount: p.claimCount,
    claims: p.claims.map((c) => c.id),
  }));

describe('GET /v1/events/{id}/perspectives', () => {
  it('on the September 2023 offensive, shows Armenia’s political leadership accusing Russia and Russia rejecting the charge', async () => {
    const { status, body } = await getJson(app(), `/v1/events/${OFFENSIVE}/perspectives`);

    expect(status).toBe(200);
    expect(body.event).toEqual({ id: OFFENSIVE, title: 'Azerbaijan’s lightning offensive retakes Nagorno-Karabakh' });
    expect(summary(body.perspectives)).toEqual([
      {
        speaker: 'armenian-political-leadership',
        stances: ['accuses'],
        claimCount: 1,
        claims: ['armenias-political-leadership-accuses'],
      },
      { speaker: 'russia', stances: ['rejects'], claimCount: 1, claims: ['russia-rejects'] },
    ]);
    expect(body.perspectives[0].speaker).toEqual({
      id: 'armenian-political-leadership',
      name: 'Armenia’s political leadership',
    });
    const [accusation] = body.perspectives[0].claims;
    const [rejection] = body.perspectives[1].claims;
    expect(accusation.text).toBe('Accused Russia of failing to protect Armenian interests.');
    expect(rejection.respondsTo).toEqual({ id: 'armenias-political-leadership-accuses', text: accusation.text });
    expect(accusation.links).toEqual([
      { type: 'responds_to', direction: 'incoming', claim: { id: 'russia-rejects', text: rejection.text } },
    ]);
    expect(body.page).toEqual({ limit: 20, nextCursor: null });
  });

  it('on the withdrawal, groups every claim by speaker with each stance the speaker took, in the order first taken', async () => {
    const { body } = await getJson(app(), `/v1/events/${WITHDRAWAL}/perspectives`);

    expect(summary(body.perspectives)).toEqual([
      { speaker: 'apa', stances: ['reports'], claimCount: 1, claims: ['apa-reports'] },
      { speaker: 'dmitry-peskov', stances: ['confirms'], claimCount: 1, claims: ['dmitry-peskov-confirms'] },
      {
        speaker: 'hikmet-hajiyev',
        stances: ['confirms', 'states'],
        claimCount: 4,
        claims: [
          'hikmet-hajiyev-confirms',
          'hikmet-hajiyev-confirms-2',
          'hikmet-hajiyev-confirms-3',
          'hikmet-hajiyev-states',
        ],
      },
    ]);
  });

  it('gives each claim exactly as GET /v1/claims/{id} does', async () => {
    const { body } = await getJson(app(), `/v1/events/${WITHDRAWAL}/perspectives`);

    for (const perspective of body.perspectives as Perspective[]) {
      for (const claim of perspective.claims) {
        expect(claim, claim.id).toEqual((await getJson(app(), `/v1/claims/${claim.id}`)).body);
      }
    }
  });

  it('pages over speakers with a cursor, each speaker once', async () => {
    const first = await getJson(app(), `/v1/events/${WITHDRAWAL}/perspectives?limit=2`);
    const second = await getJson(
      app(),
      `/v1/events/${WITHDRAWAL}/perspectives?limit=2&cursor=${encodeURIComponent(first.body.page.nextCursor)}`,
    );

    expect(first.body.perspectives.map((p: Perspective) => p.speaker.id)).toEqual(['apa', 'dmitry-peskov']);
    expect(typeof first.body.page.nextCursor).toBe('string');
    expect(second.body.perspectives.map((p: Perspective) => p.speaker.id)).toEqual(['hikmet-hajiyev']);
    expect(second.body.page).toEqual({ limit: 2, nextCursor: null });
  });

  it('answers an event nobody spoke about with no perspectives', async () => {
    const { status, body } = await getJson(app(), '/v1/events/six-weeks-of-fighting-in-2020/perspectives');

    expect(status).toBe(200);
    expect(body).toEqual({
      event: { id: 'six-weeks-of-fighting-in-2020', title: 'Six weeks of fighting in 2020' },
      groupBy: 'speaker',
      perspectives: [],
      page: { limit: 20, nextCursor: null },
    });
  });

  it('answers an unknown event with a 404 naming it', async () => {
    const problem = expectProblem(
      await getJson(app(), '/v1/events/no-such-event/perspectives'),
      404,
      '/v1/events/no-such-event/perspectives',
    );

    expect(problem.detail).toContain('no-such-event');
  });

  it('answers a bad limit, a cursor it did not issue and an unknown parameter with a 400 naming each', async () => {
    const response = await getJson(
      app(),
      `/v1/events/${WITHDRAWAL}/perspectives?limit=0&cursor=nonsense&stance=confirms`,
    );

    expectInvalid(response, ['query.limit', 'query.cursor', 'query.stance']);
  });
});
