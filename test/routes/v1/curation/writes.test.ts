// POST, PATCH and DELETE on actors, locations, events and claims: created as served, every invariant
// enforced with the field named, no silent cascade, and bodies that are not JSON refused.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../../helpers.ts';
import { expectInvalid, expectProblem } from '../expect-problem.ts';
import {
  SEED_SOURCE,
  UNKNOWN_TIME,
  WITHDRAWAL,
  call,
  callFresh,
  loadBundle,
  onDay,
  quote,
  readFeed,
  servedState,
  useKeys,
} from './curation-helpers.ts';

const app = useApp();
const keys = useKeys(app);

const SEED_TITLE = 'Russian Peacekeepers Start Withdrawal from Azerbaijan’s Nagorno-Karabakh';

async function sourceText(): Promise<string> {
  return (await getJson(app(), `/v1/sources/${SEED_SOURCE}`)).body.text;
}

async function spanOf(words: string, occurrence = 1) {
  const text = await sourceText();
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(words, at + 1);
  return { sourceId: SEED_SOURCE, start: at, end: at + words.length, text: words };
}

/** Asserts a 201 whose body is what GET then serves, with Location and ETag; returns the body. */
async function expectCreated(response: Awaited<ReturnType<typeof call>>, plural: string) {
  expect(response.status, response.raw).toBe(201);
  const id = response.body.id as string;
  expect(response.headers.location).toBe(`/v1/${plural}/${id}`);
  expect(String(response.headers.etag)).toMatch(/^"[^"]+"$/);
  const fetched = await call(app(), 'GET', `/v1/${plural}/${id}`);
  expect(fetched.status).toBe(200);
  expect(fetched.body).toEqual(response.body);
  expect(fetched.headers.etag).toBe(response.headers.etag);
  return response.body;
}

describe('POST creates each resource as GET then serves it', () => {
  it('creates an actor with an affiliation to a stored one and evidence in the seed', async () => {
    const response = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: {
        name: 'Azerbaijani defence officials',
        kind: 'group',
        aliases: ['ministries of defence'],
        description: 'Officials implementing the withdrawal.',
        affiliations: [{ organization: 'ministry-of-defence-of-azerbaijan', role: 'officials' }],
        evidence: [quote('the ministries of defence of Azerbaijan and Russia')],
      },
    });

    const actor = await expectCreated(response, 'actors');
    expect(actor).toEqual({
      id: 'azerbaijani-defence-officials',
      name: 'Azerbaijani defence officials',
      kind: 'group',
      aliases: ['ministries of defence'],
      description: 'Officials implementing the withdrawal.',
      affiliations: [
        {
          organization: { id: 'ministry-of-defence-of-azerbaijan', name: 'Ministry of Defence of Azerbaijan' },
          role: 'officials',
          from: null,
          to: null,
        },
      ],
      evidence: [await spanOf('the ministries of defence of Azerbaijan and Russia')],
      externalIds: {},
    });
  });

  it('creates an actor under the id asked for, and refuses a taken id with 409', async () => {
    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { id: 'zakharova', name: 'Maria Zakharova', kind: 'person' },
    });
    const taken = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { id: 'russia', name: 'Russian Federation', kind: 'state' },
    });

    expect((await expectCreated(created, 'actors')).id).toBe('zakharova');
    const problem = expectProblem(taken, 409, '/v1/actors');
    expect(problem.errors).toEqual([{ path: 'body.id', message: expect.any(String) }]);
    expect((await getJson(app(), '/v1/actors/russia')).body.name).toBe('Russia');
  });

  it('creates a location inside a stored one, found by `within` its ancestors', async () => {
    const response = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: {
        name: 'Kalbajar town',
        kind: 'city',
        parent: 'kalbajar-district',
        coordinates: { lat: 40.1, lon: 46.04 },
        evidence: [quote('Kalbajar district')],
      },
    });

    const location = await expectCreated(response, 'locations');
    expect(location).toEqual({
      id: 'kalbajar-town',
      name: 'Kalbajar town',
      kind: 'city',
      aliases: [],
      parent: { id: 'kalbajar-district', name: 'Kalbajar district' },
      coordinates: { lat: 40.1, lon: 46.04 },
      areaKm2: null,
      description: null,
      evidence: [await spanOf('Kalbajar district')],
      externalIds: {},
    });
    const within = await getJson(app(), '/v1/locations?within=south-caucasus&limit=100');
    expect(within.body.data.map((l: { id: string }) => l.id)).toContain('kalbajar-town');
  });

  it('creates an event related to a stored one; the relation shows from both ends', async () => {
    const response = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: {
        title: 'Peskov conference call',
        kind: 'press_conference',
        time: onDay('2024-04-17', 'on Wednesday'),
        status: 'occurred',
        location: null,
        participants: [{ actor: 'dmitry-peskov', role: 'agent' }],
        quantities: [{ value: 2000, unit: 'soldiers', text: 'Nearly 2,000' }],
        relations: [{ type: 'follows', event: WITHDRAWAL }],
        evidence: [quote('in a conference call with journalists on Wednesday')],
      },
    });

    const event = await expectCreated(response, 'events');
    expect(event).toEqual({
      id: 'peskov-conference-call',
      title: 'Peskov conference call',
      kind: 'press_conference',
      description: null,
      time: onDay('2024-04-17', 'on Wednesday'),
      status: 'occurred',
      location: null,
      locations: [],
      participants: [{ actor: { id: 'dmitry-peskov', name: 'Dmitry Peskov' }, role: 'agent' }],
      quantities: [{ value: 2000, unit: 'soldiers', text: 'Nearly 2,000' }],
      relations: [
        { type: 'follows', event: { id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' } },
      ],
      evidence: [await spanOf('in a conference call with journalists on Wednesday')],
    });
    const withdrawal = await getJson(app(), `/v1/events/${WITHDRAWAL}`);
    expect(withdrawal.body.relations).toContainEqual({
      type: 'precedes',
      event: { id: 'peskov-conference-call', title: 'Peskov conference call' },
    });
  });

  it('creates a claim with a readable id, embedded refs and its evidence as a Span', async () => {
    const response = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: {
        speaker: 'dmitry-peskov',
        text: 'did not give further details',
        mode: 'direct_quote',
        stance: 'states',
        saidAt: onDay('2024-04-17', 'on Wednesday'),
        channel: 'conference call with journalists',
        reportedBy: 'apa',
        about: { events: [WITHDRAWAL], actors: ['russian-peacekeepers'] },
        respondsTo: 'dmitry-peskov-confirms',
        evidence: quote('confirmed reports of the withdrawal but did not give further details'),
      },
    });

    const claim = await expectCreated(response, 'claims');
    expect(claim).toMatchObject({
      id: 'dmitry-peskov-states',
      speaker: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
      text: 'did not give further details',
      mode: 'direct_quote',
      stance: 'states',
      saidAt: onDay('2024-04-17', 'on Wednesday'),
      channel: 'conference call with journalists',
      reportedBy: { id: 'apa', name: 'APA' },
      about: {
        events: [{ id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' }],
        actors: [{ id: 'russian-peacekeepers', name: 'Russian peacekeepers' }],
      },
      respondsTo: {
        id: 'dmitry-peskov-confirms',
        text: 'Confirmed reports of the Russian peacekeepers’ withdrawal but gave no further details.',
      },
      source: { id: SEED_SOURCE, title: SEED_TITLE },
      evidence: await spanOf('confirmed reports of the withdrawal but did not give further details'),
    });
    const again = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: {
        speaker: 'dmitry-peskov',
        text: 'Said nothing more.',
        mode: 'reported_speech',
        stance: 'states',
        saidAt: UNKNOWN_TIME,
        evidence: quote('did not give further details'),
      },
    });
    expect((await expectCreated(again, 'claims')).id).toBe('dmitry-peskov-states-2');
  });

  it('picks the asked occurrence of words that stand more than once, and refuses ambiguous words', async () => {
    const ambiguous = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: {
        title: 'Ambiguous',
        kind: 'test',
        time: UNKNOWN_TIME,
        status: 'occurred',
        evidence: [quote('the withdrawal')],
      },
    });
    const exact = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: {
        title: 'Second mention',
        kind: 'test',
        time: UNKNOWN_TIME,
        status: 'occurred',
        evidence: [quote('the withdrawal', SEED_SOURCE, 2)],
      },
    });

    const problem = expectInvalid(ambiguous, ['body.evidence[0].quote']);
    expect(problem.errors![0]!.message).toMatch(/stands more than once/);
    expect((await expectCreated(exact, 'events')).evidence).toEqual([await spanOf('the withdrawal', 2)]);
  });
});

describe('writes that would break an invariant are refused with 400 naming the field', () => {
  const CLAIM = {
    speaker: 'dmitry-peskov',
    text: 'Confirmed the withdrawal.',
    mode: 'reported_speech',
    stance: 'confirms',
    saidAt: UNKNOWN_TIME,
    evidence: quote('confirmed reports of the withdrawal'),
  };
  const EVENT = {
    title: 'Some event',
    kind: 'test',
    time: UNKNOWN_TIME,
    status: 'occurred',
    evidence: [quote('No timeframe was given for the withdrawal.')],
  };

  async function refused(method: 'POST' | 'PATCH', url: string, body: unknown, paths: string[]) {
    const before = await servedState(app());
    const mark = (await readFeed(app())).cursor;
    const response = await (method === 'PATCH' ? callFresh : call)(app(), method, url, { key: keys.writer, body });
    const problem = expectInvalid(response, paths);
    expect(await servedState(app())).toEqual(before);
    expect((await readFeed(app(), mark)).changes).toEqual([]);
    return problem;
  }

  it('refuses a claim whose speaker, reportedBy, about ids and respondsTo are unknown, naming each', async () => {
    const problem = await refused(
      'POST',
      '/v1/claims',
      {
        ...CLAIM,
        speaker: 'nobody',
        reportedBy: 'no-outlet',
        about: { events: [WITHDRAWAL, 'no-event'], actors: ['no-actor'] },
        respondsTo: 'no-claim',
      },
      ['body.speaker', 'body.reportedBy', 'body.about.events[1]', 'body.about.actors[0]', 'body.respondsTo'],
    );
    expect(problem.errors!.find((e) => e.path === 'body.speaker')!.message).toContain('"nobody"');
  });

  it('refuses evidence whose words are not in the source, or whose source is unknown', async () => {
    await refused('POST', '/v1/claims', { ...CLAIM, evidence: quote('Peskov denied everything') }, [
      'body.evidence.quote',
    ]);
    await refused('POST', '/v1/claims', { ...CLAIM, evidence: quote('confirmed', 'no-such-source') }, [
      'body.evidence.sourceId',
    ]);
    await refused(
      'POST',
      '/v1/events',
      { ...EVENT, evidence: [quote('No timeframe was given for the withdrawal.'), quote('a timeframe of six months')] },
      ['body.evidence[1].quote'],
    );
    await refused('POST', '/v1/actors', { name: 'Someone', kind: 'person', evidence: [quote('Someone said so')] }, [
      'body.evidence[0].quote',
    ]);
    await refused('POST', '/v1/locations', { name: 'Somewhere', kind: 'site', evidence: [quote('somewhere else')] }, [
      'body.evidence[0].quote',
    ]);
  });

  it('refuses a direct_quote whose text is not verbatim in its evidence, on create', async () => {
    await refused('POST', '/v1/claims', { ...CLAIM, mode: 'direct_quote', text: 'We confirm the withdrawal' }, [
      'body.text',
    ]);
  });

  it('refuses a PATCH of `text` that leaves a direct_quote not verbatim, and of `mode` on a paraphrase', async () => {
    const quoteClaim = 'hikmet-hajiyev-states';
    expect((await getJson(app(), `/v1/claims/${quoteClaim}`)).body.mode).toBe('direct_quote');

    await refused('PATCH', `/v1/claims/${quoteClaim}`, { text: 'The process has not begun.' }, ['body.text']);
    await refused('PATCH', '/v1/claims/dmitry-peskov-confirms', { mode: 'direct_quote' }, ['body.mode']);
    await refused(
      'PATCH',
      `/v1/claims/${quoteClaim}`,
      { evidence: quote('No timeframe was given for the withdrawal.') },
      ['body.evidence'],
    );
  });

  it('refuses a saidAt or time whose words are not in the evidence source', async () => {
    await refused('POST', '/v1/claims', { ...CLAIM, saidAt: onDay('2024-04-15', 'on Monday') }, ['body.saidAt.text']);
    await refused('PATCH', '/v1/claims/dmitry-peskov-confirms', { saidAt: onDay('2024-04-15', 'on Monday') }, [
      'body.saidAt.text',
    ]);
    await refused('POST', '/v1/events', { ...EVENT, time: onDay('2024-04-15', 'on Monday') }, ['body.time.text']);
    await refused(
      'PATCH',
      `/v1/events/${WITHDRAWAL}`,
      { quantities: [{ value: 3, unit: 'convoys', text: 'three convoys' }] },
      ['body.quantities[0].text'],
    );
  });

  it('refuses an event related to itself, or to, at or with unknown ids', async () => {
    await refused('PATCH', `/v1/events/${WITHDRAWAL}`, { relations: [{ type: 'causes', event: WITHDRAWAL }] }, [
      'body.relations[0].event',
    ]);
    await refused(
      'POST',
      '/v1/events',
      {
        ...EVENT,
        location: 'atlantis',
        participants: [
          { actor: 'russia', role: 'agent' },
          { actor: 'ghost', role: 'target' },
        ],
        relations: [{ type: 'causes', event: 'no-event' }],
      },
      ['body.location', 'body.participants[1].actor', 'body.relations[0].event'],
    );
  });

  it('refuses a location parent that would make a cycle, or an unknown parent', async () => {
    await refused('PATCH', '/v1/locations/azerbaijan', { parent: 'kalbajar-monastery' }, ['body.parent']);
    await refused('PATCH', '/v1/locations/azerbaijan', { parent: 'azerbaijan' }, ['body.parent']);
    await refused('PATCH', '/v1/locations/kalbajar-district', { parent: 'atlantis' }, ['body.parent']);
    await refused('POST', '/v1/locations', { name: 'Nowhere', kind: 'site', parent: 'atlantis' }, ['body.parent']);
  });

  it('refuses an affiliation with an unknown actor or with the actor itself', async () => {
    await refused(
      'POST',
      '/v1/actors',
      { name: 'Someone', kind: 'person', affiliations: [{ organization: 'no-org', role: 'member' }] },
      ['body.affiliations[0].organization'],
    );
    await refused(
      'PATCH',
      '/v1/actors/kremlin',
      {
        affiliations: [
          { organization: 'russia', role: 'government' },
          { organization: 'kremlin', role: 'itself' },
        ],
      },
      ['body.affiliations[1].organization'],
    );
  });

  it('refuses unknown fields, naming each, at any depth', async () => {
    await refused('POST', '/v1/actors', { name: 'Someone', kind: 'person', nickname: 'S' }, ['body.nickname']);
    await refused('PATCH', '/v1/claims/dmitry-peskov-confirms', { stanc: 'states', speakr: 'russia' }, [
      'body.stanc',
      'body.speakr',
    ]);
    await refused(
      'PATCH',
      '/v1/actors/dmitry-peskov',
      { affiliations: [{ organization: 'kremlin', role: 'spokesman', rank: 1 }] },
      ['body.affiliations[0].rank'],
    );
    await refused(
      'POST',
      '/v1/events',
      { ...EVENT, evidence: [{ ...quote('No timeframe was given for the withdrawal.'), page: 2 }] },
      ['body.evidence[0].page'],
    );
  });

  it('refuses a PATCH of an id or other read-only field rather than ignoring it', async () => {
    await refused('PATCH', '/v1/actors/dmitry-peskov', { id: 'peskov' }, ['body.id']);
    await refused('PATCH', '/v1/claims/dmitry-peskov-confirms', { source: { id: SEED_SOURCE } }, ['body.source']);
  });

  it('answers 404 for a PATCH of an unknown id', async () => {
    const response = await callFresh(app(), 'PATCH', '/v1/actors/no-such-actor', {
      key: keys.writer,
      body: { description: 'x' },
    });

    expectProblem(response, 404, '/v1/actors/no-such-actor');
  });
});

describe('PATCH changes only the fields given', () => {
  it('changes an actor’s description and nothing else', async () => {
    const before = (await getJson(app(), '/v1/actors/kremlin')).body;

    const response = await callFresh(app(), 'PATCH', '/v1/actors/kremlin', {
      key: keys.writer,
      body: { description: 'Seat of the Russian presidency.' },
    });

    expect(response.status, response.raw).toBe(200);
    expect(response.body).toEqual({ ...before, description: 'Seat of the Russian presidency.' });
    expect((await getJson(app(), '/v1/actors/kremlin')).body).toEqual(response.body);
  });

  it('changes a claim’s stance and nothing else', async () => {
    const before = (await getJson(app(), '/v1/claims/apa-reports')).body;

    const response = await callFresh(app(), 'PATCH', '/v1/claims/apa-reports', {
      key: keys.writer,
      body: { stance: 'states' },
    });

    expect(response.status, response.raw).toBe(200);
    expect(response.body).toEqual({ ...before, stance: 'states' });
  });

  it('changes an event’s status and nothing else; its relations keep both directions', async () => {
    const before = (await getJson(app(), `/v1/events/${WITHDRAWAL}`)).body;

    const response = await callFresh(app(), 'PATCH', `/v1/events/${WITHDRAWAL}`, {
      key: keys.writer,
      body: { status: 'occurred' },
    });

    expect(response.status, response.raw).toBe(200);
    expect(response.body).toEqual({ ...before, status: 'occurred' });
  });

  it('changes a location’s area and nothing else', async () => {
    const before = (await getJson(app(), '/v1/locations/kalbajar-district')).body;

    const response = await callFresh(app(), 'PATCH', '/v1/locations/kalbajar-district', {
      key: keys.writer,
      body: { areaKm2: 3054 },
    });

    expect(response.status, response.raw).toBe(200);
    expect(response.body).toEqual({ ...before, areaKm2: 3054 });
  });

  it('re-parents a location with its subtree: `within` follows the new closure', async () => {
    const response = await callFresh(app(), 'PATCH', '/v1/locations/kalbajar-district', {
      key: keys.writer,
      body: { parent: 'nagorno-karabakh' },
    });
    const within = await getJson(app(), '/v1/locations?within=nagorno-karabakh&limit=100');
    const events = await getJson(app(), '/v1/events?location=nagorno-karabakh&limit=100');

    expect(response.status, response.raw).toBe(200);
    expect(response.body.parent).toEqual({ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' });
    expect(within.body.data.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining(['kalbajar-district', 'kalbajar-monastery']),
    );
    expect(events.body.data.map((e: { id: string }) => e.id)).toContain(
      'first-peacekeepers-leave-the-kalbajar-monastery',
    );

    const back = await callFresh(app(), 'PATCH', '/v1/locations/kalbajar-district', {
      key: keys.writer,
      body: { parent: 'azerbaijan' },
    });
    const after = await getJson(app(), '/v1/locations?within=nagorno-karabakh&limit=100');
    expect(back.status).toBe(200);
    expect(after.body.data.map((l: { id: string }) => l.id)).not.toContain('kalbajar-monastery');
  });

  it('an empty PATCH changes nothing and records nothing', async () => {
    const before = await call(app(), 'GET', '/v1/claims/apa-reports');
    const mark = (await readFeed(app())).cursor;

    const response = await callFresh(app(), 'PATCH', '/v1/claims/apa-reports', { key: keys.writer, body: {} });

    expect(response.status, response.raw).toBe(200);
    expect(response.body).toEqual(before.body);
    expect(response.headers.etag).toBe(before.headers.etag);
    expect((await readFeed(app(), mark)).changes).toEqual([]);
  });

  it('moving an event’s evidence to another source re-checks its time words against that source', async () => {
    const imported = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: loadBundle() });
    expect(imported.status, imported.raw).toBe(201);
    const url = '/v1/events/first-peacekeepers-leave-the-kalbajar-monastery';
    const event = (await getJson(app(), url)).body;
    expect(event.time.text).toBe('a few days ago');
    const elsewhere = quote('The last convoy of the peacekeepers left the city of Khankendi', imported.body.source.id);

    const stale = await callFresh(app(), 'PATCH', url, { key: keys.writer, body: { evidence: [elsewhere] } });
    const withTime = await callFresh(app(), 'PATCH', url, {
      key: keys.writer,
      body: { evidence: [elsewhere], time: { ...event.time, text: 'on Tuesday' } },
    });

    expectInvalid(stale, ['body.time.text']);
    expect(withTime.status, withTime.raw).toBe(200);
    expect(withTime.body.evidence).toEqual([
      { sourceId: imported.body.source.id, start: 286, end: 286 + elsewhere.quote.length, text: elsewhere.quote },
    ]);
  });

  it('renaming an actor shows in every claim, event and actor that embeds it, and in the change feed', async () => {
    const mark = (await readFeed(app())).cursor;

    const response = await callFresh(app(), 'PATCH', '/v1/actors/russian-peacekeepers', {
      key: keys.writer,
      body: { name: 'Russian peacekeeping contingent' },
    });

    expect(response.status, response.raw).toBe(200);
    const renamed = { id: 'russian-peacekeepers', name: 'Russian peacekeeping contingent' };
    const claim = await getJson(app(), '/v1/claims/dmitry-peskov-confirms');
    const event = await getJson(app(), `/v1/events/${WITHDRAWAL}`);
    expect(claim.body.about.actors).toEqual([renamed]);
    expect(event.body.participants).toEqual([{ actor: renamed, role: 'agent' }]);
    const { changes } = await readFeed(app(), mark);
    const updated = changes.map((c) => `${c.action} ${c.entityType} ${c.entityId}`);
    expect(updated).toEqual(
      expect.arrayContaining([
        'update actor russian-peacekeepers',
        'update claim dmitry-peskov-confirms',
        `update event ${WITHDRAWAL}`,
      ]),
    );
    expect(changes.find((c) => c.entityId === 'dmitry-peskov-confirms')!.after).toEqual(claim.body);

    const speaker = await callFresh(app(), 'PATCH', '/v1/actors/dmitry-peskov', {
      key: keys.writer,
      body: { name: 'Dmitry S. Peskov' },
    });
    expect(speaker.status).toBe(200);
    expect((await getJson(app(), '/v1/claims/dmitry-peskov-confirms')).body.speaker).toEqual({
      id: 'dmitry-peskov',
      name: 'Dmitry S. Peskov',
    });
    const org = await callFresh(app(), 'PATCH', '/v1/actors/azerbaijan', {
      key: keys.writer,
      body: { name: 'Republic of Azerbaijan' },
    });
    expect(org.status).toBe(200);
    expect((await getJson(app(), '/v1/actors/hikmet-hajiyev')).body.affiliations[0].organization).toEqual({
      id: 'azerbaijan',
      name: 'Republic of Azerbaijan',
    });
  });

  it('renaming a location or retitling an event shows where they are embedded', async () => {
    await callFresh(app(), 'PATCH', '/v1/locations/kalbajar-district', {
      key: keys.writer,
      body: { name: 'Kalbajar District' },
    });
    await callFresh(app(), 'PATCH', `/v1/events/${WITHDRAWAL}`, {
      key: keys.writer,
      body: { title: 'Withdrawal of Russian peacekeepers' },
    });

    expect((await getJson(app(), '/v1/locations/kalbajar-monastery')).body.parent).toEqual({
      id: 'kalbajar-district',
      name: 'Kalbajar District',
    });
    expect((await getJson(app(), '/v1/claims/dmitry-peskov-confirms')).body.about.events).toEqual([
      { id: WITHDRAWAL, title: 'Withdrawal of Russian peacekeepers' },
    ]);
    expect(
      (await getJson(app(), '/v1/events/first-peacekeepers-leave-the-kalbajar-monastery')).body.relations,
    ).toContainEqual({
      type: 'part_of',
      event: { id: WITHDRAWAL, title: 'Withdrawal of Russian peacekeepers' },
    });
  });
});

describe('DELETE', () => {
  async function refusedDelete(url: string, referrer: RegExp) {
    const before = await servedState(app());
    const response = await callFresh(app(), 'DELETE', url, { key: keys.admin });
    const problem = expectProblem(response, 409, url);
    expect(problem.detail).toMatch(referrer);
    expect(await servedState(app())).toEqual(before);
  }

  it('refuses to delete what is still referenced, naming a referrer (no cascade)', async () => {
    await refusedDelete('/v1/actors/dmitry-peskov', /claim dmitry-peskov-confirms/);
    await refusedDelete('/v1/actors/kremlin', /actor dmitry-peskov/);
    await refusedDelete('/v1/actors/ethnic-armenian-forces', /event six-weeks-of-fighting-in-2020/);
    await refusedDelete('/v1/locations/kalbajar-district', /location kalbajar-monastery/);
    await refusedDelete('/v1/locations/kalbajar-monastery', /event first-peacekeepers-leave-the-kalbajar-monastery/);
    await refusedDelete(`/v1/events/${WITHDRAWAL}`, /claim dmitry-peskov-confirms|event /);
    await refusedDelete('/v1/events/russian-peacekeepers-do-not-intervene', /claim nikol-pashinyan-criticizes/);
    await refusedDelete('/v1/claims/armenias-political-leadership-accuses', /claim russia-rejects/);
  });

  it('deletes what nothing refers to: 204 with no body, then GET answers 404 and the feed has a tombstone', async () => {
    const mark = (await readFeed(app())).cursor;
    const claim = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: {
        speaker: 'apa',
        text: 'Reported the withdrawal.',
        mode: 'reported_speech',
        stance: 'reports',
        saidAt: UNKNOWN_TIME,
        evidence: quote('APA reported late Tuesday'),
      },
    });
    const actor = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Temporary actor', kind: 'group' },
    });
    const location = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { name: 'Temporary place', kind: 'site', parent: 'armenia' },
    });
    const event = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: {
        title: 'Temporary event',
        kind: 'test',
        time: UNKNOWN_TIME,
        status: 'planned',
        location: location.body.id,
        participants: [{ actor: actor.body.id, role: 'agent' }],
        evidence: [quote('appropriate measures')],
      },
    });
    expect([claim.status, actor.status, location.status, event.status]).toEqual([201, 201, 201, 201]);

    // The event holds the actor and the location: they can go only after it.
    expect((await callFresh(app(), 'DELETE', `/v1/actors/${actor.body.id}`, { key: keys.admin })).status).toBe(409);
    for (const url of [
      `/v1/claims/${claim.body.id}`,
      `/v1/events/${event.body.id}`,
      `/v1/actors/${actor.body.id}`,
      `/v1/locations/${location.body.id}`,
    ]) {
      const response = await callFresh(app(), 'DELETE', url, { key: keys.admin });
      expect(response.status, `${url}: ${response.raw}`).toBe(204);
      expect(response.raw).toBe('');
      expectProblem(await getJson(app(), url), 404, url);
      const again = await callFresh(app(), 'DELETE', url, { key: keys.admin });
      expectProblem(again, 404, url);
    }

    const { changes } = await readFeed(app(), mark);
    const tombstones = changes.filter((c) => c.action === 'delete');
    expect(tombstones.map((c) => `${c.entityType} ${c.entityId}`)).toEqual([
      `claim ${claim.body.id}`,
      `event ${event.body.id}`,
      `actor ${actor.body.id}`,
      `location ${location.body.id}`,
    ]);
    for (const change of tombstones) {
      expect(change.after).toBeNull();
      expect(change.before).toMatchObject({ id: change.entityId });
      expect(change.by).toBe('test-admin');
    }
  });
});

describe('bodies that are not a JSON object', () => {
  it('answers 415 problem+json for a body that is not application/json', async () => {
    for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const response = await call(app(), 'POST', '/v1/actors', {
        key: keys.writer,
        payload: 'name=Someone&kind=person',
        headers: { 'content-type': contentType },
      });
      expectProblem(response, 415, '/v1/actors');
    }
    const patch = await callFresh(app(), 'PATCH', '/v1/actors/russia', {
      key: keys.writer,
      payload: 'description',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(patch, 415, '/v1/actors/russia');
  });

  it('answers 400 naming the body for malformed JSON, and for JSON that is not an object', async () => {
    const malformed = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      payload: '{"name": "Someone", "kind": ',
      headers: { 'content-type': 'application/json' },
    });
    const notAnObject = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      payload: '["Someone"]',
      headers: { 'content-type': 'application/json' },
    });
    const empty = await callFresh(app(), 'PATCH', '/v1/actors/russia', {
      key: keys.writer,
      payload: '',
      headers: { 'content-type': 'application/json' },
    });

    expectInvalid(malformed, ['body']);
    expectInvalid(notAnObject, ['body']);
    expectProblem(empty, 400, '/v1/actors/russia');
  });

  it('answers 413 problem+json for a body over the limit', async () => {
    const response = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Big', kind: 'group', description: 'x'.repeat(3 * 1024 * 1024) },
    });

    expectProblem(response, 413, '/v1/actors');
  });

  it('changed nothing while refusing them', async () => {
    expect((await getJson(app(), '/v1/actors?q=Someone')).body.data).toEqual([]);
  });
});

describe('sources are immutable, so a span can never stop matching its text', () => {
  it('has no PATCH, PUT or DELETE on a source', async () => {
    const before = await call(app(), 'GET', `/v1/sources/${SEED_SOURCE}`);

    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const response = await call(app(), method, `/v1/sources/${SEED_SOURCE}`, {
        key: keys.admin,
        ...(method === 'DELETE' ? {} : { body: { text: 'Something else.' } }),
      });
      expect([404, 405], method).toContain(response.status);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
    }
    const after = await call(app(), 'GET', `/v1/sources/${SEED_SOURCE}`);
    expect(after.body).toEqual(before.body);
  });
});
