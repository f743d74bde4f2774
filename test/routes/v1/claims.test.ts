// GET /v1/claims and /v1/claims/{id}: who said what, when, about what, reported by whom, with the
// exact words of the source.
import { describe, expect, it } from 'vitest';
import { getJson, useApp, walkPages } from '../../helpers.ts';
import { expectProblem } from './expect-problem.ts';

const app = useApp();

const SOURCE_ID = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
const SOURCE_REF = { id: SOURCE_ID, title: 'Russian Peacekeepers Start Withdrawal from Azerbaijan’s Nagorno-Karabakh' };
const WITHDRAWAL = 'russian-peacekeepers-withdraw-from-nagorno-karabakh';
const WITHDRAWAL_REF = { id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' };
const OFFENSIVE = 'azerbaijans-lightning-offensive-retakes-nagorno-karabakh';
const AZERTAC = { id: 'azertac', name: 'Azertac' };
const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false };

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((item) => item.id);

describe('GET /v1/claims', () => {
  it('lists every claim earliest said first, claims of unknown date last', async () => {
    const { status, body } = await getJson(app(), '/v1/claims');

    expect(status).toBe(200);
    expect(ids(body)).toEqual([
      'azerbaijan-alleges',
      'armenias-political-leadership-accuses',
      'russia-rejects',
      'apa-reports',
      'dmitry-peskov-confirms',
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-states',
      'nikol-pashinyan-criticizes',
    ]);
    for (const claim of body.data.slice(5)) expect(claim.saidAt, claim.id).toEqual(UNKNOWN_TIME);
    expect(body.page).toEqual({ limit: 20, nextCursor: null });
  });

  it('gives each listed claim the same fields as its detail', async () => {
    const { body: list } = await getJson(app(), '/v1/claims?stance=rejects');
    const { body: detail } = await getJson(app(), '/v1/claims/russia-rejects');

    expect(list.data).toEqual([detail]);
  });

  it('when sorted by -saidAt, puts the latest first and claims of unknown date still last', async () => {
    const explicit = await getJson(app(), '/v1/claims?sort=saidAt');
    const implicit = await getJson(app(), '/v1/claims');
    const { body } = await getJson(app(), '/v1/claims?sort=-saidAt');

    expect(ids(explicit.body)).toEqual(ids(implicit.body));
    expect(ids(body)).toEqual([
      'dmitry-peskov-confirms',
      'apa-reports',
      'russia-rejects',
      'armenias-political-leadership-accuses',
      'azerbaijan-alleges',
      'nikol-pashinyan-criticizes',
      'hikmet-hajiyev-states',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms',
    ]);
  });

  it('when filtered by q, matches the claim text case-insensitively', async () => {
    const { body } = await getJson(app(), '/v1/claims?q=WITHDRAWAL');

    expect(ids(body)).toEqual([
      'dmitry-peskov-confirms',
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
    ]);
  });

  it("when filtered by speaker, returns only that speaker's claims, earliest first", async () => {
    const peskov = await getJson(app(), '/v1/claims?speaker=dmitry-peskov');
    const hajiyev = await getJson(app(), '/v1/claims?speaker=hikmet-hajiyev');

    expect(ids(peskov.body)).toEqual(['dmitry-peskov-confirms']);
    expect(ids(hajiyev.body)).toEqual([
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-states',
    ]);
    for (const claim of hajiyev.body.data)
      expect(claim.speaker).toEqual({ id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' });
  });

  it('answers what the Kremlin spokesman said about the withdrawal, and when', async () => {
    const { body } = await getJson(app(), `/v1/claims?speaker=dmitry-peskov&event=${WITHDRAWAL}`);

    expect(body.data).toEqual([
      {
        id: 'dmitry-peskov-confirms',
        speaker: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
        text: 'Confirmed reports of the Russian peacekeepers’ withdrawal but gave no further details.',
        mode: 'reported_speech',
        stance: 'confirms',
        saidAt: { text: 'on Wednesday', start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
        channel: 'conference call with journalists',
        reportedBy: null,
        about: { events: [WITHDRAWAL_REF], actors: [{ id: 'russian-peacekeepers', name: 'Russian peacekeepers' }] },
        respondsTo: null,
        source: SOURCE_REF,
        evidence: {
          sourceId: SOURCE_ID,
          start: expect.any(Number),
          end: expect.any(Number),
          text: 'Kremlin spokesman Dmitry Peskov, in a conference call with journalists on Wednesday, confirmed reports of the withdrawal but did not give further details.',
        },
        // One source carries it: its first appearance is its own source and evidence.
        appearances: [
          {
            source: SOURCE_REF,
            evidence: {
              sourceId: SOURCE_ID,
              start: expect.any(Number),
              end: expect.any(Number),
              text: 'Kremlin spokesman Dmitry Peskov, in a conference call with journalists on Wednesday, confirmed reports of the withdrawal but did not give further details.',
            },
            reportedBy: null,
            publishedAt: '2024-04-17',
          },
        ],
        sourceCount: 1,
        independentSources: 1,
        attribution: [
          {
            role: 'speaker',
            actor: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
            name: 'Dmitry Peskov',
            at: { text: 'on Wednesday', start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
            source: null,
          },
          {
            role: 'published_by',
            actor: null,
            name: null,
            at: { text: null, start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
            source: SOURCE_REF,
          },
        ],
        links: [],
        linkCount: 0,
        related: '/v1/claims/dmitry-peskov-confirms/related',
      },
    ]);
  });

  it('when filtered by actor, returns the claims about that actor, whoever spoke', async () => {
    const { body } = await getJson(app(), '/v1/claims?actor=russia');

    expect(ids(body)).toEqual(['armenias-political-leadership-accuses', 'russia-rejects', 'hikmet-hajiyev-confirms']);
    for (const claim of body.data) expect(claim.about.actors).toContainEqual({ id: 'russia', name: 'Russia' });
  });

  it('when filtered by event, returns the claims about that event', async () => {
    const offensive = await getJson(app(), `/v1/claims?event=${OFFENSIVE}`);
    const withdrawal = await getJson(app(), `/v1/claims?event=${WITHDRAWAL}`);

    expect(ids(offensive.body)).toEqual(['armenias-political-leadership-accuses', 'russia-rejects']);
    expect(ids(withdrawal.body)).toEqual([
      'apa-reports',
      'dmitry-peskov-confirms',
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-states',
    ]);
  });

  it('when filtered by stance, returns only claims with that stance', async () => {
    const { body } = await getJson(app(), '/v1/claims?stance=confirms');

    expect(ids(body)).toEqual([
      'dmitry-peskov-confirms',
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
    ]);
  });

  it('when filtered by mode, separates verbatim quotes from reported speech', async () => {
    const quotes = await getJson(app(), '/v1/claims?mode=direct_quote');
    const reported = await getJson(app(), '/v1/claims?mode=reported_speech&limit=100');

    expect(ids(quotes.body)).toEqual(['hikmet-hajiyev-confirms-3', 'hikmet-hajiyev-states']);
    expect(reported.body.data).toHaveLength(8);
    for (const claim of reported.body.data) expect(claim.mode).toBe('reported_speech');
  });

  it('when filtered by reportedBy, returns the claims that outlet carried', async () => {
    const { body } = await getJson(app(), '/v1/claims?reportedBy=azertac');

    expect(ids(body)).toEqual(['hikmet-hajiyev-confirms-2', 'hikmet-hajiyev-confirms-3', 'hikmet-hajiyev-states']);
    for (const claim of body.data) expect(claim.reportedBy).toEqual(AZERTAC);
  });

  it('answers which direct quotes Azertac carried, verbatim', async () => {
    const { body } = await getJson(app(), '/v1/claims?reportedBy=azertac&mode=direct_quote');

    expect(body.data.map((c: { id: string; speaker: unknown; text: string }) => [c.id, c.speaker, c.text])).toEqual([
      [
        'hikmet-hajiyev-confirms-3',
        { id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' },
        'The early withdrawal of Russian peacekeepers, temporarily stationed in the territory of the Republic of Azerbaijan in accordance with the trilateral statement signed on November 10, 2020, has been decided by the leaders of both countries',
      ],
      [
        'hikmet-hajiyev-states',
        { id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' },
        'The process has already begun with the ministries of defence of Azerbaijan and Russia implementing appropriate measures for the execution of that decision.',
      ],
    ]);
    // A direct quote's words stand in its evidence exactly as quoted.
    for (const claim of body.data) expect(claim.evidence.text).toContain(claim.text);
  });

  it('when filtered by source, returns the claims extracted from it', async () => {
    const { body } = await getJson(app(), `/v1/claims?source=${SOURCE_ID}&limit=100`);

    expect(body.data).toHaveLength(10);
    for (const claim of body.data) expect(claim.source).toEqual(SOURCE_REF);
  });

  it('answers which claims were made between 2024-04-16 and 2024-04-17: APA late Tuesday, Peskov on Wednesday', async () => {
    const { body } = await getJson(app(), '/v1/claims?from=2024-04-16&to=2024-04-17');

    expect(body.data.map((c: { id: string; saidAt: { text: string } }) => [c.id, c.saidAt.text])).toEqual([
      ['apa-reports', 'late Tuesday'],
      ['dmitry-peskov-confirms', 'on Wednesday'],
    ]);
  });

  it('when from/to are given, keeps claims whose saidAt interval overlaps the range, edges included', async () => {
    // The accusation and the rejection are dated September 2023: the range touches their last day.
    const { body } = await getJson(app(), '/v1/claims?from=2023-09-30&to=2023-10-31');

    expect(ids(body)).toEqual(['armenias-political-leadership-accuses', 'russia-rejects']);
  });

  it('when only one side of the range is given, the other side is unbounded', async () => {
    const since = await getJson(app(), '/v1/claims?from=2024-04-17');
    const until = await getJson(app(), '/v1/claims?to=2022-12-31');

    expect(ids(since.body)).toEqual(['dmitry-peskov-confirms']);
    expect(ids(until.body)).toEqual(['azerbaijan-alleges']);
  });

  it('never lets a claim of unknown date match a range, however wide', async () => {
    const { body } = await getJson(app(), '/v1/claims?from=0001-01-01&to=9999-12-31');

    expect(ids(body)).toEqual([
      'azerbaijan-alleges',
      'armenias-political-leadership-accuses',
      'russia-rejects',
      'apa-reports',
      'dmitry-peskov-confirms',
    ]);
  });

  it('answers who accused whom, and who rejected the accusation', async () => {
    const accusations = await getJson(app(), '/v1/claims?stance=accuses');
    const rejections = await getJson(app(), '/v1/claims?stance=rejects');

    expect(accusations.body.data).toEqual([
      expect.objectContaining({
        id: 'armenias-political-leadership-accuses',
        speaker: { id: 'armenian-political-leadership', name: 'Armenia’s political leadership' },
        text: 'Accused Russia of failing to protect Armenian interests.',
        about: expect.objectContaining({ actors: expect.arrayContaining([{ id: 'russia', name: 'Russia' }]) }),
      }),
    ]);
    expect(rejections.body.data).toEqual([
      expect.objectContaining({
        id: 'russia-rejects',
        speaker: { id: 'russia', name: 'Russia' },
        respondsTo: {
          id: 'armenias-political-leadership-accuses',
          text: 'Accused Russia of failing to protect Armenian interests.',
        },
      }),
    ]);
  });

  it('combines speaker, reportedBy and stance', async () => {
    const { body } = await getJson(app(), '/v1/claims?speaker=hikmet-hajiyev&reportedBy=azertac&stance=confirms');

    expect(ids(body)).toEqual(['hikmet-hajiyev-confirms-2', 'hikmet-hajiyev-confirms-3']);
  });

  it('combines actor with from, q with actor, and event with sort', async () => {
    const recent = await getJson(app(), '/v1/claims?actor=russian-peacekeepers&from=2024-01-01');
    const armenian = await getJson(app(), '/v1/claims?q=armenian&actor=russia');
    const latestFirst = await getJson(app(), `/v1/claims?event=${WITHDRAWAL}&sort=-saidAt`);

    expect(ids(recent.body)).toEqual(['apa-reports', 'dmitry-peskov-confirms']);
    expect(ids(armenian.body)).toEqual(['armenias-political-leadership-accuses', 'russia-rejects']);
    expect(ids(latestFirst.body)).toEqual([
      'dmitry-peskov-confirms',
      'apa-reports',
      'hikmet-hajiyev-states',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms',
    ]);
  });

  it('when combined filters exclude each other, returns an empty page', async () => {
    const { status, body } = await getJson(app(), '/v1/claims?speaker=dmitry-peskov&mode=direct_quote');

    expect(status).toBe(200);
    expect(body).toEqual({ data: [], page: { limit: 20, nextCursor: null } });
  });
});

describe('GET /v1/claims/{id}', () => {
  it("returns Russia's rejection with respondsTo naming the Armenian accusation by id and text", async () => {
    const { status, body } = await getJson(app(), '/v1/claims/russia-rejects');

    expect(status).toBe(200);
    expect(body).toEqual({
      id: 'russia-rejects',
      speaker: { id: 'russia', name: 'Russia' },
      text: 'Rejected the charge that it had failed to protect Armenian interests.',
      mode: 'reported_speech',
      stance: 'rejects',
      saidAt: { text: null, start: '2023-09-01', end: '2023-09-30', precision: 'month', approximate: true },
      channel: null,
      reportedBy: null,
      about: {
        events: [{ id: OFFENSIVE, title: 'Azerbaijan’s lightning offensive retakes Nagorno-Karabakh' }],
        actors: [
          { id: 'russia', name: 'Russia' },
          { id: 'armenian-political-leadership', name: 'Armenia’s political leadership' },
        ],
      },
      respondsTo: {
        id: 'armenias-political-leadership-accuses',
        text: 'Accused Russia of failing to protect Armenian interests.',
      },
      source: SOURCE_REF,
      evidence: {
        sourceId: SOURCE_ID,
        start: expect.any(Number),
        end: expect.any(Number),
        text: 'Armenia’s political leadership accused Russia at the time of failing to protect Armenian interests, a charge Russia rejected.',
      },
      appearances: [
        {
          source: SOURCE_REF,
          evidence: expect.objectContaining({ sourceId: SOURCE_ID }),
          reportedBy: null,
          publishedAt: '2024-04-17',
        },
      ],
      sourceCount: 1,
      independentSources: 1,
      attribution: [
        {
          role: 'speaker',
          actor: { id: 'russia', name: 'Russia' },
          name: 'Russia',
          at: { text: null, start: '2023-09-01', end: '2023-09-30', precision: 'month', approximate: true },
          source: null,
        },
        {
          role: 'published_by',
          actor: null,
          name: null,
          at: { text: null, start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
          source: SOURCE_REF,
        },
      ],
      links: [
        {
          type: 'responds_to',
          direction: 'outgoing',
          claim: {
            id: 'armenias-political-leadership-accuses',
            text: 'Accused Russia of failing to protect Armenian interests.',
          },
        },
      ],
      linkCount: 1,
      related: '/v1/claims/russia-rejects/related',
    });
  });

  it('returns a quote carried by Azertac with reportedBy and every event it is about, in order', async () => {
    const { body } = await getJson(app(), '/v1/claims/hikmet-hajiyev-confirms-3');

    expect(body).toMatchObject({
      speaker: { id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' },
      mode: 'direct_quote',
      stance: 'confirms',
      saidAt: UNKNOWN_TIME,
      channel: null,
      reportedBy: AZERTAC,
      respondsTo: null,
      source: SOURCE_REF,
      about: {
        events: [
          {
            id: 'early-withdrawal-agreed-by-azerbaijan-and-russia',
            title: 'Early withdrawal agreed by Azerbaijan and Russia',
          },
          WITHDRAWAL_REF,
          {
            id: 'moscow-brokered-trilateral-statement-of-november-2020',
            title: 'Moscow-brokered trilateral statement of November 2020',
          },
        ],
        actors: [
          { id: 'russian-peacekeepers', name: 'Russian peacekeepers' },
          { id: 'azerbaijan', name: 'Azerbaijan' },
        ],
      },
    });
  });

  it("returns APA's report as said by the outlet itself, with no separate reportedBy", async () => {
    const { body } = await getJson(app(), '/v1/claims/apa-reports');

    expect(body).toMatchObject({
      speaker: { id: 'apa', name: 'APA' },
      stance: 'reports',
      reportedBy: null,
      saidAt: { text: 'late Tuesday', start: '2024-04-16', end: '2024-04-16', precision: 'day', approximate: false },
    });
  });

  it('anchors every claim to a Span whose text is exactly source.text.slice(start, end)', async () => {
    const { body: source } = await getJson(app(), `/v1/sources/${SOURCE_ID}`);
    const { items } = await walkPages<{
      id: string;
      source: { id: string };
      evidence: { sourceId: string; start: number; end: number; text: string };
    }>(app(), '/v1/claims?limit=100');

    expect(items).toHaveLength(10);
    for (const claim of items) {
      expect(claim.evidence.sourceId, claim.id).toBe(claim.source.id);
      expect(source.text.slice(claim.evidence.start, claim.evidence.end), claim.id).toBe(claim.evidence.text);
    }
  });

  it('answers an unknown id with a 404 problem naming it', async () => {
    const response = await getJson(app(), '/v1/claims/no-such-claim');

    const problem = expectProblem(response, 404, '/v1/claims/no-such-claim');
    expect(problem.detail).toContain('no-such-claim');
  });
});
