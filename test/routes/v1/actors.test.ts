// GET /v1/actors, /v1/actors/{id}, /v1/actors/{id}/claims and /v1/actors/{id}/events on the seed.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';

const app = useApp();

const SOURCE_ID = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
const WITHDRAWAL = 'russian-peacekeepers-withdraw-from-nagorno-karabakh';

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((item) => item.id);

describe('GET /v1/actors', () => {
  it('lists every actor of the seed, ordered by id, on one default page', async () => {
    const { status, body } = await getJson(app(), '/v1/actors');

    expect(status).toBe(200);
    expect(ids(body)).toEqual([
      'apa',
      'armenia',
      'armenian-political-leadership',
      'armenians',
      'azerbaijan',
      'azerbaijani-forces',
      'azertac',
      'dmitry-peskov',
      'ethnic-armenian-forces',
      'hikmet-hajiyev',
      'ilham-aliyev',
      'karabakh-armenian-leaders',
      'karabakh-armenians',
      'kremlin',
      'ministry-of-defence-of-azerbaijan',
      'ministry-of-defence-of-russia',
      'nikol-pashinyan',
      'russia',
      'russian-peacekeepers',
    ]);
    expect(body.page).toEqual({ limit: 20, nextCursor: null });
  });

  it('gives each listed actor the same fields as its detail', async () => {
    const { body: list } = await getJson(app(), '/v1/actors?q=peskov');
    const { body: detail } = await getJson(app(), '/v1/actors/dmitry-peskov');

    expect(list.data).toEqual([detail]);
  });

  it('when filtered by q, matches the name case-insensitively', async () => {
    const lower = await getJson(app(), '/v1/actors?q=peskov');
    const upper = await getJson(app(), '/v1/actors?q=PESKOV');

    expect(ids(lower.body)).toEqual(['dmitry-peskov']);
    expect(ids(upper.body)).toEqual(['dmitry-peskov']);
  });

  it('when filtered by q, matches any part of a name', async () => {
    const { body } = await getJson(app(), '/v1/actors?q=armenia');

    expect(ids(body)).toEqual([
      'armenia',
      'armenian-political-leadership',
      'armenians',
      'ethnic-armenian-forces',
      'karabakh-armenian-leaders',
      'karabakh-armenians',
    ]);
  });

  it('when filtered by q, matches an alias too (Moscow is Russia; "russian forces" are the peacekeepers)', async () => {
    const moscow = await getJson(app(), '/v1/actors?q=moscow');
    const forces = await getJson(app(), '/v1/actors?q=RUSSIAN%20FORCES');

    expect(moscow.body.data).toEqual([expect.objectContaining({ id: 'russia', name: 'Russia', aliases: ['Moscow'] })]);
    expect(ids(forces.body)).toEqual(['russian-peacekeepers']);
  });

  it('when filtered by kind, returns only actors of that kind', async () => {
    const media = await getJson(app(), '/v1/actors?kind=media');
    const states = await getJson(app(), '/v1/actors?kind=state');

    expect(ids(media.body)).toEqual(['apa', 'azertac']);
    for (const actor of media.body.data) expect(actor.kind).toBe('media');
    expect(ids(states.body)).toEqual(['armenia', 'azerbaijan', 'russia']);
  });

  it('when filtered by q and kind, returns actors matching both', async () => {
    const { body } = await getJson(app(), '/v1/actors?q=AZERBAIJAN&kind=organization');

    expect(ids(body)).toEqual(['ministry-of-defence-of-azerbaijan']);
  });

  it('when filtered by q, takes % and _ literally rather than as wildcards', async () => {
    const percent = await getJson(app(), '/v1/actors?q=%25');
    const underscore = await getJson(app(), '/v1/actors?q=_');

    expect(percent.body.data).toEqual([]);
    expect(underscore.body.data).toEqual([]);
  });

  it('when nothing matches, returns an empty page rather than an error', async () => {
    const { status, body } = await getJson(app(), '/v1/actors?q=zelensky');

    expect(status).toBe(200);
    expect(body).toEqual({ data: [], page: { limit: 20, nextCursor: null } });
  });
});

describe('GET /v1/actors/{id}', () => {
  it('returns the Kremlin spokesman with his affiliation as an organization Ref and a role', async () => {
    const { status, body } = await getJson(app(), '/v1/actors/dmitry-peskov');

    expect(status).toBe(200);
    expect(body).toEqual({
      id: 'dmitry-peskov',
      name: 'Dmitry Peskov',
      kind: 'person',
      aliases: [],
      description: expect.any(String),
      affiliations: [{ organization: { id: 'kremlin', name: 'Kremlin' }, role: 'spokesman', from: null, to: null }],
      evidence: [
        {
          sourceId: SOURCE_ID,
          start: expect.any(Number),
          end: expect.any(Number),
          text: 'Kremlin spokesman Dmitry Peskov',
        },
      ],
      externalIds: {},
    });
  });

  it('returns Hajiyev as adviser to Azerbaijan and the Kremlin as part of Russia', async () => {
    const hajiyev = await getJson(app(), '/v1/actors/hikmet-hajiyev');
    const kremlin = await getJson(app(), '/v1/actors/kremlin');

    expect(hajiyev.body.affiliations).toEqual([
      {
        organization: { id: 'azerbaijan', name: 'Azerbaijan' },
        role: 'foreign policy adviser to the president',
        from: null,
        to: null,
      },
    ]);
    expect(kremlin.body).toMatchObject({
      kind: 'organization',
      affiliations: [{ organization: { id: 'russia', name: 'Russia' }, role: 'government', from: null, to: null }],
    });
  });

  it('returns the aliases the source uses and an empty affiliation list where there is none', async () => {
    const peacekeepers = await getJson(app(), '/v1/actors/russian-peacekeepers');
    const apa = await getJson(app(), '/v1/actors/apa');

    expect(peacekeepers.body).toMatchObject({
      name: 'Russian peacekeepers',
      kind: 'military',
      aliases: ['Russian peacekeeping soldiers', 'Russian forces', 'the peacekeepers'],
    });
    expect(apa.body).toMatchObject({ id: 'apa', name: 'APA', kind: 'media', affiliations: [] });
  });

  it('answers an unknown id with a 404 problem naming it', async () => {
    const response = await getJson(app(), '/v1/actors/vladimir-putin');

    const problem = expectProblem(response, 404, '/v1/actors/vladimir-putin');
    expect(problem.detail).toContain('vladimir-putin');
  });
});

describe('GET /v1/actors/{id}/claims', () => {
  it('answers what the Kremlin spokesman said about the withdrawal, when and how', async () => {
    const { status, body } = await getJson(app(), `/v1/actors/dmitry-peskov/claims?event=${WITHDRAWAL}`);

    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      id: 'dmitry-peskov-confirms',
      speaker: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
      stance: 'confirms',
      channel: 'conference call with journalists',
      saidAt: { text: 'on Wednesday', start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
      about: { events: [{ id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' }] },
    });
  });

  it('returns only the claims the actor made as speaker, in saidAt order with unknown dates last', async () => {
    const { body } = await getJson(app(), '/v1/actors/hikmet-hajiyev/claims');

    expect(ids(body)).toEqual([
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-states',
    ]);
    for (const claim of body.data) expect(claim.speaker).toEqual({ id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' });
  });

  it('does not return claims that are merely about the actor', async () => {
    const { body } = await getJson(app(), '/v1/actors/russia/claims');

    expect(ids(body)).toEqual(['russia-rejects']);
  });

  it('combines with the claim filters: mode, event, about-actor, q, reportedBy', async () => {
    const quotes = await getJson(app(), '/v1/actors/hikmet-hajiyev/claims?mode=direct_quote');
    const aboutMinistries = await getJson(
      app(),
      '/v1/actors/hikmet-hajiyev/claims?event=defence-ministries-implement-the-withdrawal-decision',
    );
    const aboutRussia = await getJson(app(), '/v1/actors/hikmet-hajiyev/claims?actor=russia');
    const agreement = await getJson(app(), '/v1/actors/hikmet-hajiyev/claims?q=AGREEMENT');
    const viaAzertac = await getJson(app(), '/v1/actors/hikmet-hajiyev/claims?reportedBy=azertac&stance=confirms');

    expect(ids(quotes.body)).toEqual(['hikmet-hajiyev-confirms-3', 'hikmet-hajiyev-states']);
    expect(ids(aboutMinistries.body)).toEqual(['hikmet-hajiyev-states']);
    expect(ids(aboutRussia.body)).toEqual(['hikmet-hajiyev-confirms']);
    expect(ids(agreement.body)).toEqual(['hikmet-hajiyev-confirms-2']);
    expect(ids(viaAzertac.body)).toEqual(['hikmet-hajiyev-confirms-2', 'hikmet-hajiyev-confirms-3']);
  });

  it('combines with from/to and sort', async () => {
    const inRange = await getJson(app(), '/v1/actors/dmitry-peskov/claims?from=2024-04-17&to=2024-04-17');
    const outOfRange = await getJson(app(), '/v1/actors/dmitry-peskov/claims?to=2024-04-16');
    const latestFirst = await getJson(app(), '/v1/actors/hikmet-hajiyev/claims?sort=-saidAt');

    expect(ids(inRange.body)).toEqual(['dmitry-peskov-confirms']);
    expect(ids(outOfRange.body)).toEqual([]);
    expect(ids(latestFirst.body)).toEqual([
      'hikmet-hajiyev-states',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms',
    ]);
  });

  it('answers an actor who said nothing with an empty page', async () => {
    const { status, body } = await getJson(app(), '/v1/actors/kremlin/claims');

    expect(status).toBe(200);
    expect(body).toEqual({ data: [], page: { limit: 20, nextCursor: null } });
  });

  it('refuses a speaker parameter, since the speaker is the path', async () => {
    const response = await getJson(app(), '/v1/actors/dmitry-peskov/claims?speaker=russia');

    expectInvalid(response, ['query.speaker']);
  });

  it('answers an unknown actor with a 404 problem', async () => {
    const response = await getJson(app(), '/v1/actors/vladimir-putin/claims');

    expectProblem(response, 404, '/v1/actors/vladimir-putin/claims');
  });
});

describe('GET /v1/actors/{id}/events', () => {
  it('returns the events the actor took part in, in time order with unknown times last', async () => {
    const { status, body } = await getJson(app(), '/v1/actors/russia/events');

    expect(status).toBe(200);
    expect(ids(body)).toEqual([
      'russian-peacekeepers-deployed-to-nagorno-karabakh',
      'moscow-brokered-trilateral-statement-of-november-2020',
      'early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
    for (const event of body.data) {
      expect(event.participants.map((p: { actor: { id: string } }) => p.actor.id)).toContain('russia');
    }
  });

  it('counts every participant role, not only agents (the trilateral statement Russia mediated)', async () => {
    const { body } = await getJson(app(), '/v1/actors/russia/events?kind=agreement');

    expect(ids(body)).toEqual([
      'moscow-brokered-trilateral-statement-of-november-2020',
      'early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
    expect(body.data[0].participants).toContainEqual({ actor: { id: 'russia', name: 'Russia' }, role: 'mediator' });
  });

  it('combines with location (anywhere inside), status, kind, from and sort', async () => {
    const atKalbajar = await getJson(app(), '/v1/actors/russian-peacekeepers/events?location=kalbajar-district');
    const ongoing = await getJson(app(), '/v1/actors/russian-peacekeepers/events?status=ongoing');
    const offensive = await getJson(app(), '/v1/actors/azerbaijan/events?kind=offensive&location=nagorno-karabakh');
    const since2024 = await getJson(app(), '/v1/actors/russian-peacekeepers/events?from=2024-01-01');
    const latestFirst = await getJson(app(), '/v1/actors/russian-peacekeepers/events?sort=-time');

    expect(ids(atKalbajar.body)).toEqual(['first-peacekeepers-leave-the-kalbajar-monastery']);
    expect(ids(ongoing.body)).toEqual([WITHDRAWAL]);
    expect(ids(offensive.body)).toEqual(['azerbaijans-lightning-offensive-retakes-nagorno-karabakh']);
    expect(ids(since2024.body)).toEqual([
      'planned-peacekeeping-stay-until-november-2025',
      'first-peacekeepers-leave-the-kalbajar-monastery',
      WITHDRAWAL,
    ]);
    expect(ids(latestFirst.body)).toEqual([
      WITHDRAWAL,
      'first-peacekeepers-leave-the-kalbajar-monastery',
      'russian-peacekeepers-do-not-intervene',
      'planned-peacekeeping-stay-until-november-2025',
      'russian-peacekeepers-deployed-to-nagorno-karabakh',
      'early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
  });

  it('answers an actor who took part in nothing with an empty page', async () => {
    const { status, body } = await getJson(app(), '/v1/actors/dmitry-peskov/events');

    expect(status).toBe(200);
    expect(body).toEqual({ data: [], page: { limit: 20, nextCursor: null } });
  });

  it('refuses an actor parameter, since the actor is the path', async () => {
    const response = await getJson(app(), '/v1/actors/russia/events?actor=azerbaijan');

    expectInvalid(response, ['query.actor']);
  });

  it('answers an unknown actor with a 404 problem', async () => {
    const response = await getJson(app(), '/v1/actors/vladimir-putin/events');

    expectProblem(response, 404, '/v1/actors/vladimir-putin/events');
  });
});
