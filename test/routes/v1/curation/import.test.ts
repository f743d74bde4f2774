// POST /v1/sources: a second article links into the stored graph; a bundle is all or nothing.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../../helpers.ts';
import { expectInvalid, expectProblem } from '../expect-problem.ts';
import {
  SEED_SOURCE,
  WITHDRAWAL,
  asRecorded,
  call,
  loadBundle,
  readFeed,
  servedState,
  useKeys,
} from './curation-helpers.ts';

const NEW_SOURCE = 'kremlin-says-peacekeepers-have-left-karabakh';
const COMPLETED = 'russia-completes-the-peacekeeper-withdrawal';
const CONVOY = 'last-peacekeeper-convoy-leaves-khankendi';
const PESKOV_CLAIM = 'dmitry-peskov-confirms-2';
const MFA = 'azerbaijan-mfa';
const MFA_NAME = 'Ministry of Foreign Affairs of Azerbaijan';

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

describe('POST /v1/sources with a second article that links to the first', () => {
  const app = useApp();
  const keys = useKeys(app);
  const bundle = loadBundle();
  const text: string = bundle.source.text;
  const spanOf = (words: string) => ({
    sourceId: NEW_SOURCE,
    start: text.indexOf(words),
    end: text.indexOf(words) + words.length,
    text: words,
  });
  let before: Awaited<ReturnType<typeof servedState>>;
  let cursor: string;
  let created: Awaited<ReturnType<typeof call>>;

  it('when the bundle is valid, then it answers 201 with the source, what was created and what was linked', async () => {
    before = await servedState(app());
    cursor = (await readFeed(app())).cursor;

    created = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    expect(created.status, created.raw).toBe(201);
    expect(created.headers.location).toBe(`/v1/sources/${NEW_SOURCE}`);
    expect(created.body.source).toEqual({
      id: NEW_SOURCE,
      title: 'Kremlin says Russian peacekeepers have left Nagorno-Karabakh',
      publisher: 'Test Wire (made-up article for the curation tests)',
      url: null,
      publishedAt: '2024-06-13',
      language: 'en',
      counts: { actors: 1, locations: 1, events: 2, claims: 3 },
    });
    expect(created.body.created).toEqual({
      actors: [{ id: MFA, name: MFA_NAME }],
      locations: [{ id: 'khankendi', name: 'Khankendi' }],
      events: [
        { id: COMPLETED, title: 'Russia completes the peacekeeper withdrawal' },
        { id: CONVOY, title: 'Last peacekeeper convoy leaves Khankendi' },
      ],
      claims: [
        { id: PESKOV_CLAIM, text: 'The last units have returned to Russia, the mission is complete' },
        {
          id: 'ministry-of-foreign-affairs-of-azerbaijan-reports',
          text: 'Said the last convoy of the peacekeepers left Khankendi on Tuesday.',
        },
        {
          id: 'ministry-of-foreign-affairs-of-azerbaijan-states',
          text: 'Welcomed the end of the peacekeeping mission.',
        },
      ],
    });
    const linked = created.body.linked;
    expect([...linked.actors].sort(byId)).toEqual([
      { id: 'azerbaijan', name: 'Azerbaijan' },
      { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
      { id: 'russia', name: 'Russia' },
      { id: 'russian-peacekeepers', name: 'Russian peacekeepers' },
    ]);
    expect(linked.locations).toEqual([{ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' }]);
    expect(linked.events).toEqual([{ id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' }]);
    expect(linked.claims).toEqual([]);
  });

  it('then GET of the source serves the same summary with its text', async () => {
    const { status, body } = await getJson(app(), `/v1/sources/${NEW_SOURCE}`);

    expect(status).toBe(200);
    expect(body).toEqual({ ...created.body.source, text });
  });

  it('then the linked speaker’s claims include the new claim, embedded with the stored and the new entities', async () => {
    const { status, body } = await getJson(app(), '/v1/actors/dmitry-peskov/claims?limit=100');

    expect(status).toBe(200);
    expect(body.data.map((c: { id: string }) => c.id).sort()).toEqual(['dmitry-peskov-confirms', PESKOV_CLAIM]);
    const claim = body.data.find((c: { id: string }) => c.id === PESKOV_CLAIM);
    expect(claim).toMatchObject({
      id: PESKOV_CLAIM,
      speaker: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
      text: 'The last units have returned to Russia, the mission is complete',
      mode: 'direct_quote',
      stance: 'confirms',
      saidAt: { text: 'on Wednesday', start: '2024-06-12', end: '2024-06-12', precision: 'day', approximate: false },
      channel: 'remarks to reporters',
      reportedBy: null,
      about: {
        events: [
          { id: COMPLETED, title: 'Russia completes the peacekeeper withdrawal' },
          { id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' },
        ],
        actors: [{ id: 'russian-peacekeepers', name: 'Russian peacekeepers' }],
      },
      respondsTo: null,
      source: { id: NEW_SOURCE, title: 'Kremlin says Russian peacekeepers have left Nagorno-Karabakh' },
      evidence: spanOf('"The last units have returned to Russia, the mission is complete," Peskov said.'),
    });
    const aboutWithdrawal = await getJson(app(), `/v1/claims?event=${WITHDRAWAL}&limit=100`);
    expect(aboutWithdrawal.body.data.map((c: { id: string }) => c.id)).toContain(PESKOV_CLAIM);
  });

  it('then the new event’s relation to the stored withdrawal shows from both ends', async () => {
    const completed = await getJson(app(), `/v1/events/${COMPLETED}`);
    const withdrawal = await getJson(app(), `/v1/events/${WITHDRAWAL}`);
    const convoy = await getJson(app(), `/v1/events/${CONVOY}`);

    expect(completed.body).toMatchObject({
      location: { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
      participants: [
        { actor: { id: 'russian-peacekeepers', name: 'Russian peacekeepers' }, role: 'agent' },
        { actor: { id: 'russia', name: 'Russia' }, role: 'agent' },
      ],
      evidence: [
        spanOf("Russia has completed the withdrawal of its peacekeepers from Azerbaijan's Nagorno-Karabakh region"),
      ],
    });
    expect(completed.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'part_of', event: { id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' } },
        { type: 'has_part', event: { id: CONVOY, title: 'Last peacekeeper convoy leaves Khankendi' } },
      ]),
    );
    expect(completed.body.relations).toHaveLength(2);
    expect(withdrawal.body.relations).toContainEqual({
      type: 'has_part',
      event: { id: COMPLETED, title: 'Russia completes the peacekeeper withdrawal' },
    });
    expect(convoy.body.relations).toEqual([
      { type: 'part_of', event: { id: COMPLETED, title: 'Russia completes the peacekeeper withdrawal' } },
    ]);
  });

  it('then new entities hang under stored ones: the city inside Nagorno-Karabakh, the ministry affiliated with Azerbaijan', async () => {
    const city = await getJson(app(), '/v1/locations/khankendi');
    const within = await getJson(app(), '/v1/locations?within=azerbaijan&limit=100');
    const eventsInAzerbaijan = await getJson(app(), '/v1/events?location=azerbaijan&limit=100');
    const ministry = await getJson(app(), `/v1/actors/${MFA}`);

    expect(city.body).toMatchObject({
      parent: { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
      kind: 'city',
      aliases: ['Stepanakert'],
    });
    expect(within.body.data.map((l: { id: string }) => l.id)).toContain('khankendi');
    expect(eventsInAzerbaijan.body.data.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining([COMPLETED, CONVOY]),
    );
    expect(ministry.body).toMatchObject({
      name: MFA_NAME,
      affiliations: [
        { organization: { id: 'azerbaijan', name: 'Azerbaijan' }, role: 'foreign ministry', from: null, to: null },
      ],
      evidence: [spanOf("Azerbaijan's Ministry of Foreign Affairs")],
    });
  });

  it('then the seed is untouched except for the inverse relation on the withdrawal event', async () => {
    const after = await servedState(app());

    for (const kind of ['sources', 'actors', 'locations', 'events', 'claims'] as const) {
      for (const [id, was] of Object.entries(before[kind])) {
        if (kind === 'events' && id === WITHDRAWAL) continue;
        expect(after[kind][id], `${kind} ${id}`).toEqual(was);
      }
    }
    const { relations, ...rest } = after.events[WITHDRAWAL];
    const { relations: oldRelations, ...oldRest } = before.events[WITHDRAWAL];
    expect(rest).toEqual(oldRest);
    expect(relations.filter((r: { event: { id: string } }) => r.event.id !== COMPLETED)).toEqual(oldRelations);
    expect(Object.keys(after.sources).sort()).toEqual([NEW_SOURCE, SEED_SOURCE].sort());
    expect(Object.keys(after.claims).length).toBe(Object.keys(before.claims).length + 3);
    expect(Object.keys(after.events).length).toBe(Object.keys(before.events).length + 2);
  });

  it('then the change feed records every creation and the linked event’s update under the key’s name', async () => {
    const { changes } = await readFeed(app(), cursor);
    const now = await servedState(app());

    expect(changes.map((c) => `${c.action} ${c.entityType} ${c.entityId}`).sort()).toEqual(
      [
        `create source ${NEW_SOURCE}`,
        `create actor ${MFA}`,
        'create location khankendi',
        `create event ${COMPLETED}`,
        `create event ${CONVOY}`,
        `create claim ${PESKOV_CLAIM}`,
        'create claim ministry-of-foreign-affairs-of-azerbaijan-reports',
        'create claim ministry-of-foreign-affairs-of-azerbaijan-states',
        `update event ${WITHDRAWAL}`,
      ].sort(),
    );
    for (const change of changes) {
      expect(change.by).toBe('test-writer');
      const plural = `${change.entityType}s` as keyof typeof now;
      const served = now[plural][change.entityId];
      expect(change.after, `${change.entityType} ${change.entityId}`).toEqual(
        change.entityType === 'source' ? asRecorded(served) : served,
      );
    }
    expect(changes.find((c) => c.entityId === WITHDRAWAL)!.before).toEqual(before.events[WITHDRAWAL]);
  });

  it('when the same source text is posted again, then 409 names the stored source and nothing is written', async () => {
    const state = await servedState(app());
    const mark = (await readFeed(app())).cursor;
    const renamed = { ...bundle, source: { ...bundle.source, id: 'another-id', title: 'Another headline' } };

    for (const body of [bundle, renamed]) {
      const again = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body });
      const problem = expectProblem(again, 409, '/v1/sources');
      expect(problem.detail).toContain(`"${NEW_SOURCE}"`);
      expect(problem.errors).toEqual([{ path: 'body.source.text', message: expect.stringContaining(NEW_SOURCE) }]);
    }
    expect(await servedState(app())).toEqual(state);
    expect((await readFeed(app(), mark)).changes).toEqual([]);
  });
});

describe('POST /v1/sources is all or nothing', () => {
  const app = useApp();
  const keys = useKeys(app);

  /** The fixture as a fresh article (other text, other id), with two more good claims. */
  function freshBundle() {
    const bundle = loadBundle();
    bundle.source.id = 'second-edition';
    bundle.source.text += '\n\nThis is the second edition of the report.';
    bundle.claims.push(
      { ...bundle.claims[1], key: 'mfa-reports-again', stance: 'confirms' },
      { ...bundle.claims[2], key: 'mfa-welcomes-again', evidence: 'welcomed the end of the mission' },
    );
    return bundle;
  }

  it('when one item of many is bad, then 400 names exactly that item and nothing is written', async () => {
    const before = await servedState(app());
    const mark = (await readFeed(app())).cursor;
    const bundle = freshBundle();
    bundle.claims[3].evidence = 'words that the article never says';

    const response = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    const problem = expectInvalid(response, ['body.claims[3].evidence']);
    expect(problem.errors![0]!.message).toContain('is not in the source text');
    expect(problem.detail).toMatch(/nothing was written/);
    expect(await servedState(app())).toEqual(before);
    expect((await readFeed(app(), mark)).changes).toEqual([]);
    expect((await getJson(app(), '/v1/sources/second-edition')).status).toBe(404);
  });

  it('when the bad item is fixed, then the same bundle imports (the rest was valid)', async () => {
    const response = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: freshBundle() });

    expect(response.status, response.raw).toBe(201);
    expect(response.body.source.counts).toEqual({ actors: 1, locations: 1, events: 2, claims: 5 });
  });

  it('when a bundle has many different problems, then every one is listed by path and nothing is written', async () => {
    const before = await servedState(app());
    const mark = (await readFeed(app())).cursor;
    const bundle = loadBundle();
    bundle.source.id = 'third-edition';
    bundle.source.text += '\n\nThird edition.';
    bundle.actors[0].affiliations[0].organization = 'no-such-organization';
    bundle.locations[0].parent = 'atlantis';
    bundle.events[0].relations[0].event = 'no-such-event';
    bundle.events[0].time.text = 'last Friday';
    bundle.events[0].quantities = [{ value: 3, unit: 'convoys', text: 'three convoys' }];
    bundle.events[1].evidence = ['the mission'];
    bundle.claims[0].text = 'The last units have come home';
    bundle.claims[1].speaker = 'nobody-at-all';
    bundle.claims[1].respondsTo = 'no-such-claim';
    bundle.claims[2].saidAt = {
      text: 'on Monday',
      start: '2024-06-10',
      end: '2024-06-10',
      precision: 'day',
      approximate: false,
    };
    bundle.claims[2].about.actors = ['russia', 'ghost-actor'];
    bundle.claims.push({ ...loadBundle().claims[2] });

    const response = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    const problem = expectInvalid(response, [
      'body.actors[0].affiliations[0].organization',
      'body.locations[0].parent',
      'body.events[0].relations[0].event',
      'body.events[0].time.text',
      'body.events[0].quantities[0].text',
      'body.events[1].evidence[0]',
      'body.claims[0].text',
      'body.claims[1].speaker',
      'body.claims[1].respondsTo',
      'body.claims[2].saidAt.text',
      'body.claims[2].about.actors[1]',
      'body.claims[3].key',
    ]);
    const message = (path: string) => problem.errors!.find((e) => e.path === path)!.message;
    expect(message('body.events[1].evidence[0]')).toMatch(/stands more than once/);
    expect(message('body.claims[0].text')).toMatch(/verbatim/);
    expect(message('body.claims[1].speaker')).toContain('nobody-at-all');
    expect(message('body.claims[3].key')).toContain('mfa-welcomes-end');
    expect(await servedState(app())).toEqual(before);
    expect((await readFeed(app(), mark)).changes).toEqual([]);
  });

  it('when a bundle breaks the schema in several places, then every field is named', async () => {
    const before = await servedState(app());
    const bundle = loadBundle();
    bundle.source.publishedAt = 'yesterday';
    bundle.actors[0].kind = 'wizard';
    bundle.events[1].evidence = [];
    bundle.claims[0].mood = 'upbeat';

    const response = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    expectInvalid(response, [
      'body.source.publishedAt',
      'body.actors[0].kind',
      'body.events[1].evidence',
      'body.claims[0].mood',
    ]);
    expect(await servedState(app())).toEqual(before);
  });
});
