// GET /v1/timeline: events and claims merged in one time order, filtered by actor, location, event and range.
import { describe, expect, it } from 'vitest';
import { getJson, useApp, walkPages } from '../../helpers.ts';

const app = useApp();

const WITHDRAWAL = 'russian-peacekeepers-withdraw-from-nagorno-karabakh';
const OFFENSIVE = 'azerbaijans-lightning-offensive-retakes-nagorno-karabakh';

type TimeSpec = {
  text: string | null;
  start: string | null;
  end: string | null;
  precision: string;
  approximate: boolean;
};
type Item = {
  type: 'event' | 'claim';
  time: TimeSpec;
  event?: { id: string; time: TimeSpec };
  claim?: { id: string; saidAt: TimeSpec };
};

/** `type:id` of each item, the way a reader of the timeline tells them apart. */
const keys = (items: Item[]) =>
  items.map((item) => `${item.type}:${item.type === 'event' ? item.event!.id : item.claim!.id}`);

describe('GET /v1/timeline', () => {
  it('merges every event and claim in time order, unknown times last', async () => {
    const { items, pages } = await walkPages<Item>(app(), '/v1/timeline?limit=100');

    expect(pages).toBe(1);
    expect(keys(items)).toEqual([
      'event:six-weeks-of-fighting-in-2020',
      'event:russian-peacekeepers-deployed-to-nagorno-karabakh',
      'event:moscow-brokered-trilateral-statement-of-november-2020',
      'event:planned-peacekeeping-stay-until-november-2025',
      'claim:azerbaijan-alleges',
      'event:azerbaijan-blocks-the-road-to-karabakh',
      'event:food-and-medicine-shortages-in-karabakh',
      'event:russian-peacekeepers-do-not-intervene',
      'claim:armenias-political-leadership-accuses',
      'claim:russia-rejects',
      'event:arrest-of-the-breakaway-areas-ethnic-armenian-leaders',
      `event:${OFFENSIVE}`,
      'event:exodus-of-120-000-ethnic-armenians',
      'event:first-peacekeepers-leave-the-kalbajar-monastery',
      `event:${WITHDRAWAL}`,
      'claim:apa-reports',
      'claim:dmitry-peskov-confirms',
      'claim:hikmet-hajiyev-confirms',
      'claim:hikmet-hajiyev-confirms-2',
      'claim:hikmet-hajiyev-confirms-3',
      'claim:hikmet-hajiyev-states',
      'claim:nikol-pashinyan-criticizes',
      'event:armenia-azerbaijan-conflict-over-nagorno-karabakh',
      'event:defence-ministries-implement-the-withdrawal-decision',
      'event:early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
  });

  it("shapes each item as { type, time, event | claim }, time being the event's time or the claim's saidAt", async () => {
    const { items } = await walkPages<Item>(app(), '/v1/timeline?limit=100');
    const { body: peskov } = await getJson(app(), '/v1/claims/dmitry-peskov-confirms');
    const { body: withdrawal } = await getJson(app(), `/v1/events/${WITHDRAWAL}`);

    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['time', 'type', item.type].sort());
      expect(item.time).toEqual(item.type === 'event' ? item.event!.time : item.claim!.saidAt);
    }
    expect(items).toContainEqual({ type: 'claim', time: peskov.saidAt, claim: peskov });
    expect(items).toContainEqual({ type: 'event', time: withdrawal.time, event: withdrawal });
  });

  it('orders items by the start of their time, never going back in time before the unknown ones', async () => {
    const { items } = await walkPages<Item>(app(), '/v1/timeline?limit=100');

    const known = items.filter((item) => item.time.precision !== 'unknown');
    const starts = known.map((item) => item.time.start ?? item.time.end!);
    expect(starts).toEqual([...starts].sort());
    for (const item of items.slice(known.length)) expect(item.time.precision).toBe('unknown');
  });

  it('when sorted by -time, puts the latest first and unknown times still last', async () => {
    const { body } = await getJson(app(), '/v1/timeline?sort=-time&limit=100');

    expect(keys(body.data)).toEqual([
      'claim:dmitry-peskov-confirms',
      'claim:apa-reports',
      `event:${WITHDRAWAL}`,
      'event:first-peacekeepers-leave-the-kalbajar-monastery',
      'event:exodus-of-120-000-ethnic-armenians',
      `event:${OFFENSIVE}`,
      'event:arrest-of-the-breakaway-areas-ethnic-armenian-leaders',
      'claim:russia-rejects',
      'claim:armenias-political-leadership-accuses',
      'event:russian-peacekeepers-do-not-intervene',
      'event:food-and-medicine-shortages-in-karabakh',
      'event:azerbaijan-blocks-the-road-to-karabakh',
      'claim:azerbaijan-alleges',
      'event:planned-peacekeeping-stay-until-november-2025',
      'event:moscow-brokered-trilateral-statement-of-november-2020',
      'event:russian-peacekeepers-deployed-to-nagorno-karabakh',
      'event:six-weeks-of-fighting-in-2020',
      'event:early-withdrawal-agreed-by-azerbaijan-and-russia',
      'event:defence-ministries-implement-the-withdrawal-decision',
      'event:armenia-azerbaijan-conflict-over-nagorno-karabakh',
      'claim:nikol-pashinyan-criticizes',
      'claim:hikmet-hajiyev-states',
      'claim:hikmet-hajiyev-confirms-3',
      'claim:hikmet-hajiyev-confirms-2',
      'claim:hikmet-hajiyev-confirms',
    ]);
    for (const item of body.data.slice(-8)) expect(item.time.precision).toBe('unknown');
  });

  it('when filtered by actor, has the events the actor took part in and the claims it made or is the subject of', async () => {
    const { body } = await getJson(app(), '/v1/timeline?actor=russia');

    expect(keys(body.data)).toEqual([
      'event:russian-peacekeepers-deployed-to-nagorno-karabakh',
      'event:moscow-brokered-trilateral-statement-of-november-2020',
      'claim:armenias-political-leadership-accuses',
      'claim:russia-rejects',
      'claim:hikmet-hajiyev-confirms',
      'event:early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
  });

  it("when filtered by a speaker who took part in no event, has only that speaker's claims", async () => {
    const { body } = await getJson(app(), '/v1/timeline?actor=dmitry-peskov');

    expect(body.data).toEqual([
      expect.objectContaining({
        type: 'claim',
        time: { text: 'on Wednesday', start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
        claim: expect.objectContaining({ id: 'dmitry-peskov-confirms', channel: 'conference call with journalists' }),
      }),
    ]);
  });

  it('when filtered by location, has the events at or inside it and the claims about those events', async () => {
    const { body } = await getJson(app(), '/v1/timeline?location=kalbajar-district');

    expect(keys(body.data)).toEqual(['event:first-peacekeepers-leave-the-kalbajar-monastery', 'claim:apa-reports']);
  });

  it('when filtered by event, has the event, the events linked to it either way, and the claims about it', async () => {
    const { body } = await getJson(app(), `/v1/timeline?event=${WITHDRAWAL}`);

    expect(keys(body.data)).toEqual([
      'event:russian-peacekeepers-deployed-to-nagorno-karabakh',
      'event:first-peacekeepers-leave-the-kalbajar-monastery',
      `event:${WITHDRAWAL}`,
      'claim:apa-reports',
      'claim:dmitry-peskov-confirms',
      'claim:hikmet-hajiyev-confirms',
      'claim:hikmet-hajiyev-confirms-2',
      'claim:hikmet-hajiyev-confirms-3',
      'claim:hikmet-hajiyev-states',
      'event:defence-ministries-implement-the-withdrawal-decision',
      'event:early-withdrawal-agreed-by-azerbaijan-and-russia',
    ]);
  });

  it('when filtered by from/to, keeps events and claims whose time overlaps the range, edges included', async () => {
    const day = await getJson(app(), '/v1/timeline?from=2022-12-31&to=2022-12-31');
    const untilNovember10 = await getJson(app(), '/v1/timeline?to=2020-11-10');

    expect(keys(day.body.data)).toEqual([
      'event:planned-peacekeeping-stay-until-november-2025',
      'claim:azerbaijan-alleges',
      'event:azerbaijan-blocks-the-road-to-karabakh',
      'event:food-and-medicine-shortages-in-karabakh',
      'event:russian-peacekeepers-do-not-intervene',
    ]);
    expect(keys(untilNovember10.body.data)).toEqual([
      'event:six-weeks-of-fighting-in-2020',
      'event:russian-peacekeepers-deployed-to-nagorno-karabakh',
      'event:moscow-brokered-trilateral-statement-of-november-2020',
      'event:planned-peacekeeping-stay-until-november-2025',
    ]);
  });

  it('answers what happened and was said in the days of the withdrawal news, open-ended events included', async () => {
    const { body } = await getJson(app(), '/v1/timeline?from=2024-04-16&to=2024-04-17');

    expect(keys(body.data)).toEqual([
      'event:planned-peacekeeping-stay-until-november-2025',
      'event:arrest-of-the-breakaway-areas-ethnic-armenian-leaders',
      'event:exodus-of-120-000-ethnic-armenians',
      `event:${WITHDRAWAL}`,
      'claim:apa-reports',
      'claim:dmitry-peskov-confirms',
    ]);
  });

  it('combines location with from/to: events inside Azerbaijan in 2023 and what was said about them', async () => {
    const { body } = await getJson(app(), '/v1/timeline?location=azerbaijan&from=2023-01-01&to=2023-12-31');

    expect(keys(body.data)).toEqual([
      'event:planned-peacekeeping-stay-until-november-2025',
      'event:food-and-medicine-shortages-in-karabakh',
      'event:russian-peacekeepers-do-not-intervene',
      'claim:armenias-political-leadership-accuses',
      'claim:russia-rejects',
      `event:${OFFENSIVE}`,
      'event:exodus-of-120-000-ethnic-armenians',
    ]);
  });

  it('combines actor with location, actor with from, and event with from', async () => {
    const peacekeepersAtKalbajar = await getJson(
      app(),
      '/v1/timeline?actor=russian-peacekeepers&location=kalbajar-district',
    );
    const russiaSince2023 = await getJson(app(), '/v1/timeline?actor=russia&from=2023-01-01');
    const withdrawalNews = await getJson(app(), `/v1/timeline?event=${WITHDRAWAL}&from=2024-04-16`);

    expect(keys(peacekeepersAtKalbajar.body.data)).toEqual([
      'event:first-peacekeepers-leave-the-kalbajar-monastery',
      'claim:apa-reports',
    ]);
    expect(keys(russiaSince2023.body.data)).toEqual([
      'claim:armenias-political-leadership-accuses',
      'claim:russia-rejects',
    ]);
    expect(keys(withdrawalNews.body.data)).toEqual([
      `event:${WITHDRAWAL}`,
      'claim:apa-reports',
      'claim:dmitry-peskov-confirms',
    ]);
  });

  it('is paged like every list: 20 items by default, then a cursor', async () => {
    const { status, body } = await getJson(app(), '/v1/timeline');

    expect(status).toBe(200);
    expect(body.data).toHaveLength(20);
    expect(body.page).toEqual({ limit: 20, nextCursor: expect.any(String) });
  });
});
