// Events with several places (`locations: [{ id, name, role }]`): the seed's withdrawal on the
// Nagorno-Karabakh timeline, filters that match any place, writes and bundles, merges and the feed.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectInvalid } from './expect-problem.ts';
import { call, SEED_SOURCE, useKeys, WITHDRAWAL } from './curation/curation-helpers.ts';

const app = useApp({ requireIfMatch: false });
const keys = useKeys(app);

const newEvent = (extra: object) => ({
  title: 'Peacekeepers drive out through Lachin',
  kind: 'withdrawal',
  time: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
  status: 'ongoing',
  evidence: [{ sourceId: SEED_SOURCE, quote: 'Russian peacekeepers have begun withdrawing' }],
  ...extra,
});

describe('events name several places', () => {
  it('the seed withdrawal names Azerbaijan and Nagorno-Karabakh as where it leaves from', async () => {
    const { status, body } = await getJson(app(), `/v1/events/${WITHDRAWAL}`);
    expect(status).toBe(200);
    expect(body.locations).toEqual([
      { id: 'azerbaijan', name: 'Azerbaijan', role: 'from' },
      { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', role: 'from' },
    ]);
    // No `at` place: `location` is the first place, for readers of one place.
    expect(body.location).toEqual({ id: 'azerbaijan', name: 'Azerbaijan' });
  });

  it('the withdrawal is on the Nagorno-Karabakh timeline and in its events', async () => {
    const timeline = await getJson(app(), '/v1/timeline?location=nagorno-karabakh&limit=100');
    expect(timeline.status).toBe(200);
    const events = timeline.body.data.filter((i: any) => i.type === 'event').map((i: any) => i.event.id);
    expect(events).toContain(WITHDRAWAL);
    // Claims about it come along, as for any event at the place.
    const claims = timeline.body.data.filter((i: any) => i.type === 'claim');
    expect(claims.some((i: any) => i.claim.about.events.some((e: any) => e.id === WITHDRAWAL))).toBe(true);
    const list = await getJson(app(), '/v1/events?location=nagorno-karabakh&limit=100');
    expect(list.body.data.map((e: any) => e.id)).toContain(WITHDRAWAL);
  });

  it('a from/to event is found by either place, and inside its ancestors; the write answers the roles', async () => {
    const created = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: newEvent({
        locations: [
          { id: 'kalbajar-district', role: 'from' },
          { id: 'armenia', role: 'to' },
          { id: 'karabakh-armenia-road', role: 'through' },
        ],
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body.locations).toEqual([
      { id: 'kalbajar-district', name: 'Kalbajar district', role: 'from' },
      { id: 'armenia', name: 'Armenia', role: 'to' },
      { id: 'karabakh-armenia-road', name: expect.any(String), role: 'through' },
    ]);
    expect(created.body.location.id).toBe('kalbajar-district');
    for (const place of ['kalbajar-district', 'armenia', 'karabakh-armenia-road', 'azerbaijan', 'south-caucasus']) {
      const { body } = await getJson(app(), `/v1/events?location=${place}&limit=100`);
      expect(
        body.data.map((e: any) => e.id),
        place,
      ).toContain(id);
    }
    const elsewhere = await getJson(app(), '/v1/events?location=kalbajar-monastery&limit=100');
    expect(elsewhere.body.data.map((e: any) => e.id)).not.toContain(id);

    // `location` in a patch is the shorthand for one `at` place: it replaces the list.
    const patched = await call(app(), 'PATCH', `/v1/events/${id}`, { key: keys.writer, body: { location: 'armenia' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const after = await getJson(app(), `/v1/events/${id}`);
    expect(after.body.locations).toEqual([{ id: 'armenia', name: 'Armenia', role: 'at' }]);
    expect(after.body.location).toEqual({ id: 'armenia', name: 'Armenia' });
    const gone = await getJson(app(), '/v1/events?location=kalbajar-district&limit=100');
    expect(gone.body.data.map((e: any) => e.id)).not.toContain(id);
  });

  it('refuses location and locations together, unknown places and roles, naming the field', async () => {
    const both = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: newEvent({ location: 'armenia', locations: [{ id: 'armenia', role: 'to' }] }),
    });
    const bothProblem = expectInvalid(both, ['body.locations']);
    expect(bothProblem.errors![0]!.message).toMatch(/either `location`.*or `locations`/);

    const role = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: newEvent({ locations: [{ id: 'armenia', role: 'towards' }] }),
    });
    expectInvalid(role, ['body.locations[0].role']);
    const unknown = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: newEvent({
        locations: [
          { id: 'armenia', role: 'to' },
          { id: 'atlantis', role: 'at' },
        ],
      }),
    });
    expect(expectInvalid(unknown, ['body.locations[1].id']).errors![0]!.message).toMatch(/atlantis/);
  });

  it('a bundle names places by key or stored id, and refuses both forms at once', async () => {
    const bundle = {
      source: {
        title: 'Convoy reaches Goris',
        publishedAt: '2024-04-20',
        language: 'en',
        text: 'A convoy of peacekeepers left Stepanakert for Goris in Armenia on Friday.',
      },
      locations: [{ key: 'stepanakert', name: 'Stepanakert', kind: 'city', parent: 'nagorno-karabakh' }],
      events: [
        {
          key: 'convoy',
          title: 'Peacekeeper convoy leaves Stepanakert for Armenia',
          kind: 'withdrawal',
          time: { text: 'on Friday', start: '2024-04-19', end: '2024-04-19', precision: 'day', approximate: false },
          status: 'occurred',
          locations: [
            { id: 'stepanakert', role: 'from' },
            { id: 'armenia', role: 'to' },
          ],
          evidence: ['A convoy of peacekeepers left Stepanakert for Goris'],
        },
      ],
    };
    const wrong = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: { ...bundle, events: [{ ...bundle.events[0], location: 'armenia' }] },
    });
    expectInvalid(wrong, ['body.events[0].locations']);
    const unknown = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: { ...bundle, events: [{ ...bundle.events[0], locations: [{ id: 'goris', role: 'to' }] }] },
    });
    expectInvalid(unknown, ['body.events[0].locations[0].id']);

    const imported = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const id = imported.body.created.events[0].id;
    const event = await getJson(app(), `/v1/events/${id}`);
    expect(event.body.locations).toEqual([
      { id: 'stepanakert', name: 'Stepanakert', role: 'from' },
      { id: 'armenia', name: 'Armenia', role: 'to' },
    ]);
    const byDestination = await getJson(app(), '/v1/timeline?location=armenia&limit=100');
    expect(byDestination.body.data.some((i: any) => i.type === 'event' && i.event.id === id)).toBe(true);
  });

  it('renaming a place records every event that names it, in any role, in the change feed', async () => {
    const renamed = await call(app(), 'PATCH', '/v1/locations/nagorno-karabakh', {
      key: keys.writer,
      body: { name: 'Karabakh' },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const feed = await getJson(app(), `/v1/changes?kind=event&id=${WITHDRAWAL}&limit=100`);
    const last = feed.body.data.at(-1);
    expect(last.after.locations).toContainEqual({ id: 'nagorno-karabakh', name: 'Karabakh', role: 'from' });
    expect(last.before.locations).toContainEqual({ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', role: 'from' });
  });
  it('a place named only on the way blocks its delete; a merge moves it, once per role, and the feed has the event', async () => {
    const place = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { name: 'Lachin corridor', kind: 'site', parent: 'azerbaijan' },
    });
    expect(place.status, JSON.stringify(place.body)).toBe(201);
    const corridor = place.body.id;
    const created = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: newEvent({
        title: 'Peacekeepers leave through the corridor',
        locations: [
          // Not first and not `at`: only event_locations names the corridor, not the event's location_id.
          { id: 'armenia', role: 'to' },
          { id: corridor, role: 'through' },
          { id: 'karabakh-armenia-road', role: 'through' },
        ],
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;

    const blocked = await call(app(), 'DELETE', `/v1/locations/${corridor}`, { key: keys.admin });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toContain(`event ${id}`);

    const merged = await call(app(), 'POST', `/v1/locations/${corridor}/merge`, {
      key: keys.admin,
      body: { into: 'karabakh-armenia-road' },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const road = { id: 'karabakh-armenia-road', name: expect.any(String), role: 'through' };
    const after = await getJson(app(), `/v1/events/${id}`);
    // The road was already named `through`: the corridor's mention folds into it rather than repeating it.
    expect(after.body.locations).toEqual([{ id: 'armenia', name: 'Armenia', role: 'to' }, road]);
    const feed = await getJson(app(), `/v1/changes?kind=event&id=${id}&limit=100`);
    expect(feed.body.data.at(-1).after.locations).toEqual(after.body.locations);
  });
});
