// timeMatch: whether an uncertain time must lie wholly inside from/to (within) or only touch it (overlaps).
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';

const app = useApp();

const ids = async (url: string) => {
  const { status, body } = await getJson(app(), url);
  expect(status).toBe(200);
  return (body.data as Array<{ id?: string; type?: string; event?: { id: string }; claim?: { id: string } }>).map(
    (item) => item.id ?? item.event?.id ?? item.claim?.id,
  );
};

describe('GET /v1/events with timeMatch', () => {
  it('when within late 2022, keeps the blockade of late 2022 but not what ran on into 2023', async () => {
    const within = await ids('/v1/events?from=2022-09-01&to=2022-12-31&timeMatch=within');
    const overlaps = await ids('/v1/events?from=2022-09-01&to=2022-12-31');

    expect(within).toEqual(['azerbaijan-blocks-the-road-to-karabakh']);
    expect(new Set(overlaps)).toEqual(
      new Set([
        'azerbaijan-blocks-the-road-to-karabakh',
        'food-and-medicine-shortages-in-karabakh',
        'russian-peacekeepers-do-not-intervene',
        'planned-peacekeeping-stay-until-november-2025',
      ]),
    );
  });

  it('when within a range open at the end, keeps the ongoing withdrawal, whose end is open too', async () => {
    expect(await ids('/v1/events?from=2024-04-01&timeMatch=within')).toEqual([
      'first-peacekeepers-leave-the-kalbajar-monastery',
      'russian-peacekeepers-withdraw-from-nagorno-karabakh',
    ]);
    expect(await ids('/v1/events?from=2024-04-01&to=2024-12-31&timeMatch=within')).toEqual([
      'first-peacekeepers-leave-the-kalbajar-monastery',
    ]);
  });

  it('never matches an event of unknown time, whichever timeMatch', async () => {
    const all = [
      ...(await ids('/v1/events?from=1900-01-01&timeMatch=within')),
      ...(await ids('/v1/events?from=1900-01-01')),
    ];
    expect(all).not.toContain('early-withdrawal-agreed-by-azerbaijan-and-russia');
  });

  it('answers 400 naming query.timeMatch for a value it does not know', async () => {
    const { status, body } = await getJson(app(), '/v1/events?from=2022-01-01&timeMatch=inside');
    expect(status).toBe(400);
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(['query.timeMatch']);
  });
});

describe('GET /v1/claims and /v1/timeline with timeMatch', () => {
  it('when within September 2023, keeps the accusation and its rejection, dated that month', async () => {
    expect(await ids('/v1/claims?from=2023-09-01&to=2023-09-30&timeMatch=within')).toEqual([
      'armenias-political-leadership-accuses',
      'russia-rejects',
    ]);
  });

  it('when within 2023 on the timeline, keeps the offensive and the two claims, not the exodus that may run to 2024', async () => {
    const items = await ids('/v1/timeline?from=2023-01-01&to=2023-12-31&timeMatch=within');
    expect(items).toEqual([
      'armenias-political-leadership-accuses',
      'russia-rejects',
      'azerbaijans-lightning-offensive-retakes-nagorno-karabakh',
    ]);
  });

  it('echoes the precision of each time, so a frontend can show "September 2023" rather than a day', async () => {
    const { body } = await getJson(app(), '/v1/claims?from=2023-09-01&to=2023-09-30&timeMatch=within');
    expect(body.data.map((c: { saidAt: { precision: string; approximate: boolean } }) => c.saidAt)).toEqual([
      { text: 'at the time', start: '2023-09-01', end: '2023-09-30', precision: 'month', approximate: true },
      { text: null, start: '2023-09-01', end: '2023-09-30', precision: 'month', approximate: true },
    ]);
  });
});
