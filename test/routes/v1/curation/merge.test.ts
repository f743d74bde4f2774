// POST /v1/actors/{id}/merge and /v1/locations/{id}/merge: every reference and alias moves to the
// survivor, the old id redirects (308), and the change feed records the merge.
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../../helpers.ts';
import { expectInvalid, expectProblem } from '../expect-problem.ts';
import {
  type Change,
  SEED_SOURCE,
  UNKNOWN_TIME,
  WITHDRAWAL,
  asRecorded,
  call,
  callFresh,
  quote,
  readFeed,
  useKeys,
} from './curation-helpers.ts';

const PESKOV = { id: 'dmitry-peskov', name: 'Dmitry Peskov' };
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe('POST /v1/actors/{id}/merge', () => {
  const app = useApp();
  const keys = useKeys(app);
  const made: Record<string, string> = {};
  let survivorBefore: any;
  let mark: string;
  let merged: Awaited<ReturnType<typeof call>>;

  /** Creates through the API and remembers the id under `name`. */
  async function create(name: string, plural: string, body: unknown) {
    const response = await call(app(), 'POST', `/v1/${plural}`, { key: keys.writer, body });
    expect(response.status, response.raw).toBe(201);
    made[name] = response.body.id;
    return response.body;
  }

  /** Creates groups named `names` through the API; their ids in that order. */
  async function groups<const Names extends string[]>(...names: Names) {
    for (const name of names) await create(name, 'actors', { name, kind: 'group' });
    return names.map((name) => made[name]!) as { [K in keyof Names]: string };
  }

  /** POST /v1/actors/{id}/merge with the current If-Match. */
  const mergeActors = (id: string, into: string) =>
    callFresh(app(), 'POST', `/v1/actors/${id}/merge`, { key: keys.admin, body: { into } });

  beforeAll(async () => {
    await create('duplicate', 'actors', {
      id: 'd-peskov',
      name: 'D. Peskov',
      kind: 'person',
      aliases: ['Peskov'],
      description: null,
      affiliations: [
        { organization: 'kremlin', role: 'spokesman' },
        { organization: 'russia', role: 'press secretary of the president' },
      ],
      evidence: [quote('Kremlin spokesman Dmitry Peskov'), quote('Peskov, in a conference call')],
    });
    await create('office', 'actors', {
      name: 'Peskov press office',
      kind: 'organization',
      affiliations: [{ organization: 'd-peskov', role: 'office of' }],
    });
    await create('spoken', 'claims', {
      speaker: 'd-peskov',
      text: 'Gave no further details.',
      mode: 'reported_speech',
      stance: 'states',
      saidAt: UNKNOWN_TIME,
      about: { events: [WITHDRAWAL], actors: ['d-peskov', 'dmitry-peskov', 'russia'] },
      evidence: quote('did not give further details'),
    });
    await create('carried', 'claims', {
      speaker: 'hikmet-hajiyev',
      text: 'Confirmed the withdrawal.',
      mode: 'reported_speech',
      stance: 'confirms',
      saidAt: UNKNOWN_TIME,
      reportedBy: 'd-peskov',
      about: { events: [], actors: ['d-peskov'] },
      evidence: quote('also confirmed the withdrawal'),
    });
    await create('call', 'events', {
      title: 'Kremlin conference call',
      kind: 'press_conference',
      time: UNKNOWN_TIME,
      status: 'occurred',
      participants: [
        { actor: 'd-peskov', role: 'agent' },
        { actor: 'dmitry-peskov', role: 'agent' },
        { actor: 'd-peskov', role: 'participant' },
      ],
      evidence: [quote('in a conference call with journalists')],
    });
    survivorBefore = (await getJson(app(), '/v1/actors/dmitry-peskov')).body;
    mark = (await readFeed(app())).cursor;
    merged = await callFresh(app(), 'POST', '/v1/actors/d-peskov/merge', {
      key: keys.admin,
      body: { into: 'dmitry-peskov' },
    });
  });

  it('answers 200 with the survivor, which gained the duplicate’s names, evidence and affiliations (no duplicates)', async () => {
    expect(merged.status, merged.raw).toBe(200);
    expect(merged.body).toEqual((await getJson(app(), '/v1/actors/dmitry-peskov')).body);
    expect(merged.headers.etag).toBe((await call(app(), 'GET', '/v1/actors/dmitry-peskov')).headers.etag);
    expect(merged.body).toMatchObject({
      id: 'dmitry-peskov',
      name: 'Dmitry Peskov',
      description: survivorBefore.description,
    });
    expect(merged.body.aliases).toEqual(expect.arrayContaining(['D. Peskov', 'Peskov']));
    expect(merged.body.aliases).not.toContain('Dmitry Peskov');
    expect(merged.body.evidence).toEqual(
      expect.arrayContaining([
        ...survivorBefore.evidence,
        expect.objectContaining({ text: 'Peskov, in a conference call' }),
      ]),
    );
    expect(merged.body.evidence).toHaveLength(survivorBefore.evidence.length + 1);
    const affiliations = merged.body.affiliations.map((a: any) => `${a.organization.id}|${a.role}`);
    expect(affiliations.sort()).toEqual(['kremlin|spokesman', 'russia|press secretary of the president']);
  });

  it('moves the claims it spoke, carried and was about, without listing the survivor twice', async () => {
    const spoken = (await getJson(app(), `/v1/claims/${made.spoken}`)).body;
    const carried = (await getJson(app(), `/v1/claims/${made.carried}`)).body;

    expect(spoken.speaker).toEqual(PESKOV);
    expect(spoken.about.actors).toEqual([PESKOV, { id: 'russia', name: 'Russia' }]);
    expect(carried.reportedBy).toEqual(PESKOV);
    expect(carried.about.actors).toEqual([PESKOV]);
    const peskovClaims = await getJson(app(), '/v1/actors/dmitry-peskov/claims?limit=100');
    expect(ids(peskovClaims.body.data)).toEqual(expect.arrayContaining(['dmitry-peskov-confirms', made.spoken]));
    const reported = await getJson(app(), '/v1/claims?reportedBy=dmitry-peskov&limit=100');
    expect(ids(reported.body.data)).toEqual([made.carried]);
  });

  it('moves event participation, merging a role both held', async () => {
    const event = (await getJson(app(), `/v1/events/${made.call}`)).body;

    expect(event.participants).toEqual([
      { actor: PESKOV, role: 'agent' },
      { actor: PESKOV, role: 'participant' },
    ]);
    const peskovEvents = await getJson(app(), '/v1/actors/dmitry-peskov/events?limit=100');
    expect(ids(peskovEvents.body.data)).toContain(made.call);
  });

  it('moves affiliations in both directions', async () => {
    const office = (await getJson(app(), `/v1/actors/${made.office}`)).body;

    expect(office.affiliations).toEqual([{ organization: PESKOV, role: 'office of', from: null, to: null }]);
  });

  it('answers the old id with a 308 redirect to the survivor', async () => {
    const response = await call(app(), 'GET', '/v1/actors/d-peskov');

    expect(response.status).toBe(308);
    expect(response.headers.location).toBe('/v1/actors/dmitry-peskov');
    // The query goes along (here the export format asked for).
    const asJsonLd = await call(app(), 'GET', '/v1/actors/d-peskov?format=jsonld');
    expect(asJsonLd.status).toBe(308);
    expect(asJsonLd.headers.location).toBe('/v1/actors/dmitry-peskov?format=jsonld');
    expect(ids((await getJson(app(), '/v1/actors?q=D.%20Peskov')).body.data)).toEqual(['dmitry-peskov']);
  });

  it('records a merge tombstone with mergedInto, and updates of everything that moved', async () => {
    const { changes } = await readFeed(app(), mark);

    const tombstone = changes.find((c) => c.action === 'merge')!;
    expect(tombstone).toMatchObject({
      entityType: 'actor',
      entityId: 'd-peskov',
      mergedInto: 'dmitry-peskov',
      after: null,
      by: 'test-admin',
    });
    expect(tombstone.before).toMatchObject({ id: 'd-peskov', name: 'D. Peskov' });
    expect(changes.filter((c) => c.action !== 'update')).toEqual([tombstone]);
    expect(changes.map((c) => `${c.entityType} ${c.entityId}`).sort()).toEqual(
      [
        'actor d-peskov',
        'actor dmitry-peskov',
        `actor ${made.office}`,
        `claim ${made.spoken}`,
        `claim ${made.carried}`,
        `event ${made.call}`,
        `source ${SEED_SOURCE}`,
      ].sort(),
    );
    // Both were mentioned in the seed article; now one actor is.
    const source = changes.find((c) => c.entityType === 'source')!;
    expect(source.after!.counts.actors).toBe(source.before!.counts.actors - 1);
    expect(source.after).toEqual(asRecorded((await getJson(app(), `/v1/sources/${SEED_SOURCE}`)).body));
    const survivor = changes.find((c) => c.entityId === 'dmitry-peskov')!;
    expect(survivor.before).toEqual(survivorBefore);
    expect(survivor.after).toEqual(merged.body);
  });

  it('follows a chain of merges: an id merged into one that is merged later redirects to the last survivor', async () => {
    const [a, b, c] = await groups('Chain A', 'Chain B', 'Chain C');

    expect((await mergeActors(a, b)).status).toBe(200);
    const last = await mergeActors(b, c);

    expect(last.status, last.raw).toBe(200);
    expect(last.body.aliases).toEqual(expect.arrayContaining(['Chain A', 'Chain B']));
    for (const old of [a, b]) {
      const response = await call(app(), 'GET', `/v1/actors/${old}`);
      expect(response.status).toBe(308);
      expect(response.headers.location).toBe(`/v1/actors/${c}`);
    }
  });

  it('answers a merge of a merged-away id with a 308 to its survivor, and reads an `into` merged away as its survivor', async () => {
    const [folded, kept, late] = await groups('Folded One', 'Kept One', 'Late Copy');
    expect((await mergeActors(folded, kept)).status).toBe(200);

    const again = await call(app(), 'POST', `/v1/actors/${folded}/merge`, { key: keys.admin, body: { into: late } });
    expect(again.status, again.raw).toBe(308);
    expect(again.headers.location).toBe(`/v1/actors/${kept}/merge`);
    expect((await getJson(app(), `/v1/actors/${late}`)).body.name).toBe('Late Copy');

    const intoOld = await mergeActors(late, folded);
    expect(intoOld.status, intoOld.raw).toBe(200);
    expect(intoOld.body.id).toBe(kept);
    expect(intoOld.body.aliases).toEqual(expect.arrayContaining(['Folded One', 'Late Copy']));
    expect((await call(app(), 'GET', `/v1/actors/${late}`)).headers.location).toBe(`/v1/actors/${kept}`);
  });

  it('never hands a merged id to a new actor, so the old id keeps redirecting and can be merged again', async () => {
    const again = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'D. Peskov', kind: 'person' },
    });
    const explicit = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { id: 'd-peskov', name: 'Peskov again', kind: 'person' },
    });
    const viaImport = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: {
        source: { title: 'A note', publishedAt: '2024-05-01', language: 'en', text: 'D. Peskov spoke briefly.' },
        actors: [{ key: 'd-peskov', name: 'D. Peskov', kind: 'person', evidence: ['D. Peskov'] }],
      },
    });

    expect(again.status, again.raw).toBe(201);
    expect(again.body.id).not.toBe('d-peskov');
    expect(expectProblem(explicit, 409, '/v1/actors').errors).toEqual([
      { path: 'body.id', message: expect.any(String) },
    ]);
    expect(viaImport.status, viaImport.raw).toBe(201);
    expect(viaImport.body.created.actors[0].id).not.toBe('d-peskov');
    const old = await call(app(), 'GET', '/v1/actors/d-peskov');
    expect(old.status).toBe(308);
    expect(old.headers.location).toBe('/v1/actors/dmitry-peskov');
    const mergedAgain = await callFresh(app(), 'POST', `/v1/actors/${again.body.id}/merge`, {
      key: keys.admin,
      body: { into: 'dmitry-peskov' },
    });
    expect(mergedAgain.status, mergedAgain.raw).toBe(200);
  });

  it('refuses a merge into itself or into an unknown actor with 400 naming `into`, and of an unknown actor with 404', async () => {
    const self = await callFresh(app(), 'POST', '/v1/actors/russia/merge', {
      key: keys.admin,
      body: { into: 'russia' },
    });
    const unknown = await callFresh(app(), 'POST', '/v1/actors/russia/merge', {
      key: keys.admin,
      body: { into: 'no-such-actor' },
    });
    const missing = await callFresh(app(), 'POST', '/v1/actors/no-such-actor/merge', {
      key: keys.admin,
      body: { into: 'russia' },
    });
    const extra = await callFresh(app(), 'POST', '/v1/actors/kremlin/merge', {
      key: keys.admin,
      body: { into: 'russia', force: true },
    });
    const empty = await callFresh(app(), 'POST', '/v1/actors/kremlin/merge', { key: keys.admin, body: {} });

    expectInvalid(self, ['body.into']);
    expect(expectInvalid(unknown, ['body.into']).errors![0]!.message).toContain('no-such-actor');
    expectProblem(missing, 404, '/v1/actors/no-such-actor/merge');
    expectInvalid(extra, ['body.force']);
    expectInvalid(empty, ['body.into']);
    expect((await getJson(app(), '/v1/actors/russia')).status).toBe(200);
    expect((await getJson(app(), '/v1/actors/kremlin')).status).toBe(200);
  });
});

describe('POST /v1/locations/{id}/merge', () => {
  const app = useApp();
  const keys = useKeys(app);
  const made: Record<string, string> = {};
  let mark: string;
  let merged: Awaited<ReturnType<typeof call>>;
  let survivorBefore: any;

  async function create(name: string, plural: string, body: unknown) {
    const response = await call(app(), 'POST', `/v1/${plural}`, { key: keys.writer, body });
    expect(response.status, response.raw).toBe(201);
    made[name] = response.body.id;
    return response.body;
  }

  const event = (title: string, location: string) => ({
    title,
    kind: 'test',
    time: UNKNOWN_TIME,
    status: 'occurred',
    location,
    evidence: [quote('breakaway region of Nagorno-Karabakh')],
  });

  beforeAll(async () => {
    await create('duplicate', 'locations', {
      id: 'karabakh-region',
      name: 'Karabakh region',
      kind: 'region',
      aliases: ['Artsakh'],
      parent: 'azerbaijan',
      evidence: [quote('the breakaway region of Nagorno-Karabakh'), quote('the region last year')],
    });
    await create('city', 'locations', { name: 'Shusha', kind: 'city', parent: 'karabakh-region' });
    await create('fortress', 'locations', { name: 'Shusha fortress', kind: 'site', parent: made.city });
    await create('atRegion', 'events', event('Something in the region', 'karabakh-region'));
    await create('atFortress', 'events', event('Something at the fortress', made.fortress!));
    survivorBefore = (await getJson(app(), '/v1/locations/nagorno-karabakh')).body;
    mark = (await readFeed(app())).cursor;
    merged = await callFresh(app(), 'POST', '/v1/locations/karabakh-region/merge', {
      key: keys.admin,
      body: { into: 'nagorno-karabakh' },
    });
  });

  it('answers 200 with the survivor, which gained the names and evidence', async () => {
    expect(merged.status, merged.raw).toBe(200);
    expect(merged.body).toEqual((await getJson(app(), '/v1/locations/nagorno-karabakh')).body);
    expect(merged.body).toMatchObject({
      id: 'nagorno-karabakh',
      parent: survivorBefore.parent,
      areaKm2: survivorBefore.areaKm2,
      coordinates: survivorBefore.coordinates,
    });
    expect(merged.body.aliases).toEqual(
      expect.arrayContaining([...survivorBefore.aliases, 'Karabakh region', 'Artsakh']),
    );
    expect(merged.body.evidence).toEqual(
      expect.arrayContaining([...survivorBefore.evidence, expect.objectContaining({ text: 'the region last year' })]),
    );
    expect(merged.body.evidence).toHaveLength(survivorBefore.evidence.length + 1);
  });

  it('moves children and events; `within` and `location` filters still work through the whole subtree', async () => {
    const city = (await getJson(app(), `/v1/locations/${made.city}`)).body;
    const atRegion = (await getJson(app(), `/v1/events/${made.atRegion}`)).body;

    expect(city.parent).toEqual({ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' });
    expect(atRegion.location).toEqual({ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' });
    for (const ancestor of ['nagorno-karabakh', 'azerbaijan', 'south-caucasus']) {
      const within = await getJson(app(), `/v1/locations?within=${ancestor}&limit=100`);
      expect(ids(within.body.data), ancestor).toEqual(expect.arrayContaining([made.city, made.fortress]));
      expect(ids(within.body.data), ancestor).not.toContain('karabakh-region');
      const events = await getJson(app(), `/v1/events?location=${ancestor}&limit=100`);
      expect(ids(events.body.data), ancestor).toEqual(expect.arrayContaining([made.atRegion, made.atFortress]));
    }
    const inCity = await getJson(app(), `/v1/events?location=${made.city}&limit=100`);
    expect(ids(inCity.body.data)).toEqual([made.atFortress]);
  });

  it('answers the old id with a 308 redirect to the survivor', async () => {
    const response = await call(app(), 'GET', '/v1/locations/karabakh-region');

    expect(response.status).toBe(308);
    expect(response.headers.location).toBe('/v1/locations/nagorno-karabakh');
    const asGeoJson = await call(app(), 'GET', '/v1/locations/karabakh-region?format=geojson');
    expect(asGeoJson.headers.location).toBe('/v1/locations/nagorno-karabakh?format=geojson');
  });

  it('records a merge tombstone with mergedInto and updates of what moved', async () => {
    const { changes } = await readFeed(app(), mark);

    const tombstone = changes.find((c: Change) => c.action === 'merge')!;
    expect(tombstone).toMatchObject({
      entityType: 'location',
      entityId: 'karabakh-region',
      mergedInto: 'nagorno-karabakh',
      after: null,
      by: 'test-admin',
    });
    expect(tombstone.before).toMatchObject({ id: 'karabakh-region', name: 'Karabakh region' });
    const touched = changes.map((c) => `${c.action} ${c.entityType} ${c.entityId}`);
    expect(touched).toEqual(
      expect.arrayContaining([
        'update location nagorno-karabakh',
        `update location ${made.city}`,
        `update event ${made.atRegion}`,
      ]),
    );
    expect(touched).not.toContain(`update location ${made.fortress}`);
  });

  it('never hands a merged id to a new location', async () => {
    const again = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { name: 'Karabakh region', kind: 'region' },
    });
    const explicit = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { id: 'karabakh-region', name: 'Karabakh region', kind: 'region' },
    });

    expect(again.status, again.raw).toBe(201);
    expect(again.body.id).not.toBe('karabakh-region');
    expectProblem(explicit, 409, '/v1/locations');
    expect((await call(app(), 'GET', '/v1/locations/karabakh-region')).status).toBe(308);
    expect((await callFresh(app(), 'DELETE', `/v1/locations/${again.body.id}`, { key: keys.admin })).status).toBe(204);
  });

  it('refuses a merge into its own descendant with 409, into itself or an unknown id with 400', async () => {
    const descendant = await callFresh(app(), 'POST', '/v1/locations/azerbaijan/merge', {
      key: keys.admin,
      body: { into: 'kalbajar-monastery' },
    });
    const self = await callFresh(app(), 'POST', '/v1/locations/azerbaijan/merge', {
      key: keys.admin,
      body: { into: 'azerbaijan' },
    });
    const unknown = await callFresh(app(), 'POST', '/v1/locations/azerbaijan/merge', {
      key: keys.admin,
      body: { into: 'atlantis' },
    });

    const conflict = expectProblem(descendant, 409, '/v1/locations/azerbaijan/merge');
    expect(conflict.detail).toContain('kalbajar-monastery');
    expectInvalid(self, ['body.into']);
    expectInvalid(unknown, ['body.into']);
    expect((await getJson(app(), '/v1/locations/azerbaijan')).status).toBe(200);
    expect((await getJson(app(), '/v1/locations/kalbajar-monastery')).body.parent).toEqual({
      id: 'kalbajar-district',
      name: 'Kalbajar district',
    });
  });

  it('merges a child into its parent: the child’s own children move up', async () => {
    const response = await callFresh(app(), 'POST', `/v1/locations/${made.city}/merge`, {
      key: keys.admin,
      body: { into: 'nagorno-karabakh' },
    });
    const fortress = (await getJson(app(), `/v1/locations/${made.fortress}`)).body;
    const within = await getJson(app(), '/v1/locations?within=azerbaijan&limit=100');

    expect(response.status, response.raw).toBe(200);
    expect(fortress.parent).toEqual({ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' });
    expect(ids(within.body.data)).toContain(made.fortress);
    expect(ids(within.body.data)).not.toContain(made.city);
  });
});
