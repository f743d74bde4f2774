// GET /v1/events and /v1/events/{id}: filters, interval-overlap time ranges, sorting, and relations
// answered from both ends.
import { describe, expect, it } from 'vitest';
import { getJson, useApp, walkPages } from '../../helpers.ts';
import { expectProblem } from './expect-problem.ts';
import { buildAppWith, onDay } from './extra-bundles.ts';

const app = useApp();

const SOURCE_ID = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
const WITHDRAWAL = 'russian-peacekeepers-withdraw-from-nagorno-karabakh';
const DEPLOYMENT = 'russian-peacekeepers-deployed-to-nagorno-karabakh';
const OFFENSIVE = 'azerbaijans-lightning-offensive-retakes-nagorno-karabakh';
const FIRST_DEPARTURE = 'first-peacekeepers-leave-the-kalbajar-monastery';
const PLANNED_STAY = 'planned-peacekeeping-stay-until-november-2025';

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((item) => item.id);

const INVERSE: Record<string, string> = {
  causes: 'caused_by',
  caused_by: 'causes',
  part_of: 'has_part',
  has_part: 'part_of',
  precedes: 'follows',
  follows: 'precedes',
  ends: 'ended_by',
  ended_by: 'ends',
};

describe('GET /v1/events', () => {
  it('lists every event in time order, earliest start first, unknown times last', async () => {
    const { status, body } = await getJson(app(), '/v1/events');

    expect(status).toBe(200);
    expect(ids(body)).toEqual([
      'six-weeks-of-fighting-in-2020',
      DEPLOYMENT,
      'moscow-brokered-trilateral-statement-of-november-2020',
      PLANNED_STAY,
      'azerbaijan-blocks-the-road-to-karabakh',
      'food-and-medicine-shortages-in-karabakh',
      'russian-peacekeepers-do-not-intervene',
      'arrest-of-the-breakaway-areas-ethnic-armenian-leaders',
      OFFENSIVE,
      'exodus-of-120-000-ethnic-armenians',
      FIRST_DEPARTURE,
      WITHDRAWAL,
      'armenia-azerbaijan-conflict-over-nagorno-karabakh',
      'defence-ministries-implement-the-withdrawal-decision',
      'early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
    expect(body.page).toEqual({ limit: 20, nextCursor: null });
  });

  it('gives each listed event the same fields as its detail', async () => {
    const { body: list } = await getJson(app(), '/v1/events?kind=withdrawal');
    const { body: detail } = await getJson(app(), `/v1/events/${WITHDRAWAL}`);

    expect(list.data).toEqual([detail]);
  });

  it('when sorted by -time, puts the latest start first and unknown times still last', async () => {
    const { body } = await getJson(app(), '/v1/events?sort=-time');

    expect(ids(body)).toEqual([
      WITHDRAWAL,
      FIRST_DEPARTURE,
      'exodus-of-120-000-ethnic-armenians',
      OFFENSIVE,
      'arrest-of-the-breakaway-areas-ethnic-armenian-leaders',
      'russian-peacekeepers-do-not-intervene',
      'food-and-medicine-shortages-in-karabakh',
      'azerbaijan-blocks-the-road-to-karabakh',
      PLANNED_STAY,
      'moscow-brokered-trilateral-statement-of-november-2020',
      DEPLOYMENT,
      'six-weeks-of-fighting-in-2020',
      'early-withdrawal-agreed-by-azerbaijan-and-russia',
      'defence-ministries-implement-the-withdrawal-decision',
      'armenia-azerbaijan-conflict-over-nagorno-karabakh',
    ]);
    for (const event of body.data.slice(-3)) expect(event.time.precision, event.id).toBe('unknown');
  });

  it('when sorted by time explicitly, answers as the default sort does', async () => {
    const implicit = await getJson(app(), '/v1/events');
    const explicit = await getJson(app(), '/v1/events?sort=time');

    expect(ids(explicit.body)).toEqual(ids(implicit.body));
  });

  it('when filtered by q, matches title or description case-insensitively', async () => {
    const byTitle = await getJson(app(), '/v1/events?q=KALBAJAR');
    const byDescription = await getJson(app(), '/v1/events?q=blitz');

    expect(ids(byTitle.body)).toEqual([FIRST_DEPARTURE]);
    expect(ids(byDescription.body)).toEqual([OFFENSIVE]);
  });

  it('when filtered by kind, returns only events of that kind', async () => {
    const { body } = await getJson(app(), '/v1/events?kind=agreement');

    expect(ids(body)).toEqual([
      'moscow-brokered-trilateral-statement-of-november-2020',
      'early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
  });

  it('when filtered by status, returns only events with that status', async () => {
    const ongoing = await getJson(app(), '/v1/events?status=ongoing');
    const cancelled = await getJson(app(), '/v1/events?status=cancelled');
    const planned = await getJson(app(), '/v1/events?status=planned');

    expect(ids(ongoing.body)).toEqual([
      WITHDRAWAL,
      'armenia-azerbaijan-conflict-over-nagorno-karabakh',
      'defence-ministries-implement-the-withdrawal-decision',
    ]);
    expect(cancelled.body.data).toEqual([expect.objectContaining({ id: PLANNED_STAY, status: 'cancelled' })]);
    expect(planned.body.data).toEqual([]);
  });

  it('when filtered by actor, returns the events the actor took part in, in any role', async () => {
    const { body } = await getJson(app(), '/v1/events?actor=azerbaijan');

    expect(ids(body)).toEqual([
      'moscow-brokered-trilateral-statement-of-november-2020',
      'azerbaijan-blocks-the-road-to-karabakh',
      OFFENSIVE,
      'armenia-azerbaijan-conflict-over-nagorno-karabakh',
      'early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
  });

  it('when filtered by location, returns events at it or anywhere inside it (the monastery counts as Azerbaijan)', async () => {
    const { body } = await getJson(app(), '/v1/events?location=azerbaijan');

    expect(ids(body)).toEqual([
      'six-weeks-of-fighting-in-2020',
      DEPLOYMENT,
      PLANNED_STAY,
      'food-and-medicine-shortages-in-karabakh',
      'russian-peacekeepers-do-not-intervene',
      OFFENSIVE,
      'exodus-of-120-000-ethnic-armenians',
      FIRST_DEPARTURE,
      WITHDRAWAL,
      'armenia-azerbaijan-conflict-over-nagorno-karabakh',
    ]);
    const departure = body.data.find((e: { id: string }) => e.id === FIRST_DEPARTURE);
    expect(departure.location).toEqual({
      id: 'kalbajar-monastery',
      name: 'Monastery revered by Armenians in Kalbajar district',
    });
    // The road lies in the South Caucasus, not inside Azerbaijan; events without a place never match.
    expect(ids(body)).not.toContain('azerbaijan-blocks-the-road-to-karabakh');
    expect(ids(body)).not.toContain('arrest-of-the-breakaway-areas-ethnic-armenian-leaders');
  });

  it('when filtered by a district, includes events at the sites inside it, and the site itself', async () => {
    const district = await getJson(app(), '/v1/events?location=kalbajar-district');
    const site = await getJson(app(), '/v1/events?location=kalbajar-monastery');

    expect(ids(district.body)).toEqual([FIRST_DEPARTURE]);
    expect(ids(site.body)).toEqual([FIRST_DEPARTURE]);
  });

  it('answers which events took place inside Azerbaijan in 2023 (the September 2023 offensive among them)', async () => {
    const { body } = await getJson(app(), '/v1/events?location=azerbaijan&from=2023-01-01&to=2023-12-31');

    expect(ids(body)).toEqual([
      PLANNED_STAY,
      'food-and-medicine-shortages-in-karabakh',
      'russian-peacekeepers-do-not-intervene',
      OFFENSIVE,
      'exodus-of-120-000-ethnic-armenians',
    ]);
    const offensive = body.data.find((e: { id: string }) => e.id === OFFENSIVE);
    expect(offensive).toMatchObject({
      title: 'Azerbaijan’s lightning offensive retakes Nagorno-Karabakh',
      kind: 'offensive',
      status: 'occurred',
      time: { text: 'September 2023', start: '2023-09-01', end: '2023-09-30', precision: 'month', approximate: false },
      location: { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
      participants: [{ actor: { id: 'azerbaijan', name: 'Azerbaijan' }, role: 'agent' }],
    });
  });

  it('when filtered by from/to, keeps events whose interval overlaps the range, edges included', async () => {
    // The blockade runs 2022-09-01..2022-12-31: it touches the range by its last day.
    const { body } = await getJson(app(), '/v1/events?from=2022-12-31&to=2022-12-31');

    expect(ids(body)).toEqual([
      PLANNED_STAY,
      'azerbaijan-blocks-the-road-to-karabakh',
      'food-and-medicine-shortages-in-karabakh',
      'russian-peacekeepers-do-not-intervene',
    ]);
  });

  it('when only from is given, the range is open towards the future and an open-ended event matches', async () => {
    const { body } = await getJson(app(), '/v1/events?from=2024-04-16');

    // The withdrawal started 2024-04-11 with no end; the first departure ended 2024-04-15.
    expect(ids(body)).toEqual([
      PLANNED_STAY,
      'arrest-of-the-breakaway-areas-ethnic-armenian-leaders',
      'exodus-of-120-000-ethnic-armenians',
      WITHDRAWAL,
    ]);
  });

  it('when only to is given, the range is open towards the past and includes events starting on that day', async () => {
    const { body } = await getJson(app(), '/v1/events?to=2020-11-10');

    expect(ids(body)).toEqual([
      'six-weeks-of-fighting-in-2020',
      DEPLOYMENT,
      'moscow-brokered-trilateral-statement-of-november-2020',
      PLANNED_STAY,
    ]);
  });

  it('never lets an event of unknown time match a range, however wide', async () => {
    const all = await walkPages<{ id: string; time: { precision: string } }>(app(), '/v1/events?limit=100');
    const { body } = await getJson(app(), '/v1/events?from=0001-01-01&to=9999-12-31&limit=100');

    const known = all.items.filter((e) => e.time.precision !== 'unknown').map((e) => e.id);
    expect(ids(body)).toEqual(known);
    expect(known).toHaveLength(12);
  });

  it('when the range holds nothing, returns an empty page', async () => {
    const { status, body } = await getJson(app(), '/v1/events?from=2019-01-01&to=2019-12-31');

    expect(status).toBe(200);
    expect(body).toEqual({ data: [], page: { limit: 20, nextCursor: null } });
  });

  it('combines actor, status and location', async () => {
    const { body } = await getJson(
      app(),
      '/v1/events?actor=russian-peacekeepers&status=occurred&location=nagorno-karabakh',
    );

    expect(ids(body)).toEqual([DEPLOYMENT, 'russian-peacekeepers-do-not-intervene']);
  });

  it('combines q, location, from and sort', async () => {
    const { body } = await getJson(app(), '/v1/events?q=withdraw&location=azerbaijan&from=2024-01-01&sort=-time');

    expect(ids(body)).toEqual([WITHDRAWAL, FIRST_DEPARTURE, PLANNED_STAY]);
  });
});

describe('GET /v1/events/{id}', () => {
  it('returns the withdrawal with time, status, location, participants, relations and evidence', async () => {
    const { status, body } = await getJson(app(), `/v1/events/${WITHDRAWAL}`);

    expect(status).toBe(200);
    expect(body).toEqual({
      id: WITHDRAWAL,
      title: 'Russian peacekeepers withdraw from Nagorno-Karabakh',
      kind: 'withdrawal',
      description: expect.any(String),
      time: { text: 'a few days ago', start: '2024-04-11', end: null, precision: 'day', approximate: true },
      status: 'ongoing',
      location: { id: 'azerbaijan', name: 'Azerbaijan' },
      locations: [
        { id: 'azerbaijan', name: 'Azerbaijan', role: 'from' },
        { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', role: 'from' },
      ],
      participants: [{ actor: { id: 'russian-peacekeepers', name: 'Russian peacekeepers' }, role: 'agent' }],
      quantities: [],
      relations: expect.any(Array),
      evidence: [
        {
          sourceId: SOURCE_ID,
          start: expect.any(Number),
          end: expect.any(Number),
          // The source text has no-break spaces around "Nagorno-Karabakh"; a span keeps them.
          text: 'Russian peacekeepers have begun withdrawing from Azerbaijan’s\u00a0Nagorno-Karabakh\u00a0and other regions, ending a multi-year deployment',
        },
        {
          sourceId: SOURCE_ID,
          start: expect.any(Number),
          end: expect.any(Number),
          text: 'No timeframe was given for the withdrawal.',
        },
      ],
    });
  });

  it('answers relations stored on the other event from this end too (the decision causes it, so it is caused_by the decision)', async () => {
    const { body } = await getJson(app(), `/v1/events/${WITHDRAWAL}`);

    // Only "ends deployment" is stored on the withdrawal itself; the rest are stored on the other events.
    expect(body.relations).toEqual(
      expect.arrayContaining([
        {
          type: 'caused_by',
          event: {
            id: 'early-withdrawal-agreed-by-azerbaijan-and-russia',
            title: 'Early withdrawal agreed by Azerbaijan and Russia',
          },
        },
        { type: 'ends', event: { id: DEPLOYMENT, title: 'Russian peacekeepers deployed to Nagorno-Karabakh' } },
        {
          type: 'has_part',
          event: {
            id: 'defence-ministries-implement-the-withdrawal-decision',
            title: 'Defence ministries implement the withdrawal decision',
          },
        },
        { type: 'has_part', event: { id: FIRST_DEPARTURE, title: 'First peacekeepers leave the Kalbajar monastery' } },
      ]),
    );
    expect(body.relations).toHaveLength(4);
  });

  it('returns the deployment as ended by the withdrawal and caused by the trilateral statement, with its quantity', async () => {
    const { body } = await getJson(app(), `/v1/events/${DEPLOYMENT}`);

    expect(body.relations).toEqual(
      expect.arrayContaining([
        {
          type: 'caused_by',
          event: {
            id: 'moscow-brokered-trilateral-statement-of-november-2020',
            title: 'Moscow-brokered trilateral statement of November 2020',
          },
        },
        { type: 'ended_by', event: { id: WITHDRAWAL, title: 'Russian peacekeepers withdraw from Nagorno-Karabakh' } },
        { type: 'has_part', event: { id: PLANNED_STAY, title: 'Planned peacekeeping stay until November 2025' } },
      ]),
    );
    expect(body.relations).toHaveLength(3);
    expect(body.quantities).toEqual([{ value: 2000, unit: 'soldiers', text: 'Nearly 2,000' }]);
    expect(body.time).toEqual({
      text: 'November 2020',
      start: '2020-11-01',
      end: '2020-11-30',
      precision: 'month',
      approximate: false,
    });
  });

  it('answers every relation from both ends with the inverse type, each once', async () => {
    const all = await walkPages<{ id: string; relations: Array<{ type: string; event: { id: string } }> }>(
      app(),
      '/v1/events?limit=100',
    );
    const byId = new Map(all.items.map((e) => [e.id, e]));

    let links = 0;
    for (const event of all.items) {
      const keys = event.relations.map((r) => `${r.type}>${r.event.id}`);
      expect(new Set(keys).size, `${event.id} lists a relation twice`).toBe(keys.length);
      for (const relation of event.relations) {
        links++;
        const other = byId.get(relation.event.id);
        expect(other, `${event.id} -> ${relation.event.id}`).toBeDefined();
        expect(other!.relations, `${relation.event.id} answers ${INVERSE[relation.type]} ${event.id}`).toContainEqual({
          type: INVERSE[relation.type],
          event: { id: event.id, title: expect.any(String) },
        });
      }
    }
    expect(links).toBeGreaterThanOrEqual(2 * 12);
  });

  it('answers a link stated from both ends once, not twice', async () => {
    const { app: own, load } = await buildAppWith({ seed: false });
    try {
      load({
        source: {
          title: 'Storm and flood',
          publishedAt: '2024-05-01',
          language: 'en',
          text: 'The storm caused the flood. The flood followed the storm.',
        },
        events: [
          {
            key: 'storm',
            title: 'Storm',
            kind: 'storm',
            time: onDay('2024-04-01'),
            status: 'occurred',
            relations: [{ type: 'causes', event: 'flood' }],
            evidence: ['The storm caused'],
          },
          {
            key: 'flood',
            title: 'Flood',
            kind: 'flood',
            time: onDay('2024-04-02'),
            status: 'occurred',
            relations: [{ type: 'caused_by', event: 'storm' }],
            evidence: ['The flood followed'],
          },
        ],
      });

      const storm = await getJson(own, '/v1/events/storm');
      const flood = await getJson(own, '/v1/events/flood');

      expect(storm.body.relations).toEqual([{ type: 'causes', event: { id: 'flood', title: 'Flood' } }]);
      expect(flood.body.relations).toEqual([{ type: 'caused_by', event: { id: 'storm', title: 'Storm' } }]);
    } finally {
      await own.close();
    }
  });

  it('returns the exodus with its number of people and no location-less fields invented', async () => {
    const { body } = await getJson(app(), '/v1/events/exodus-of-120-000-ethnic-armenians');

    expect(body).toMatchObject({
      kind: 'displacement',
      quantities: [{ value: 120000, unit: 'people', text: '120,000' }],
      participants: [
        { actor: { id: 'karabakh-armenians', name: 'Ethnic Armenians of Nagorno-Karabakh' }, role: 'affected' },
      ],
      location: { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
    });
  });

  it('returns null for the location of an event the source places nowhere', async () => {
    const { body } = await getJson(app(), '/v1/events/arrest-of-the-breakaway-areas-ethnic-armenian-leaders');

    expect(body.location).toBeNull();
    expect(body.participants).toEqual([
      {
        actor: { id: 'karabakh-armenian-leaders', name: 'Ethnic Armenian leaders of the breakaway area' },
        role: 'target',
      },
    ]);
  });

  it('answers an unknown id with a 404 problem naming it', async () => {
    const response = await getJson(app(), '/v1/events/no-such-event');

    const problem = expectProblem(response, 404, '/v1/events/no-such-event');
    expect(problem.detail).toContain('no-such-event');
  });
});
