// The copies of a claim's sort keys (and, for events, its speaker) in its link rows, which the event
// and actor filters walk: triggers keep them equal to the claim's through every write of the claim.
import { describe, expect, it } from 'vitest';
import { useApp, walkPages } from '../../../helpers.ts';
import { UNKNOWN_TIME, WITHDRAWAL, call, callFresh, onDay, quote, useKeys } from './curation-helpers.ts';

const AGREEMENT = 'early-withdrawal-agreed-by-azerbaijan-and-russia';

describe('link rows of a claim (claim_events, claim_actors)', () => {
  const app = useApp();
  const keys = useKeys(app);
  let id: string;

  const linkRows = (claimId: string) => ({
    events: app()
      .db.$client.prepare(
        'SELECT event_id AS event, said_sort_asc AS asc, said_sort_desc AS desc, speaker_id AS speaker FROM claim_events WHERE claim_id = ? ORDER BY event_id',
      )
      .all(claimId),
    actors: app()
      .db.$client.prepare(
        'SELECT actor_id AS actor, said_sort_asc AS asc, said_sort_desc AS desc FROM claim_actors WHERE claim_id = ? ORDER BY actor_id',
      )
      .all(claimId),
  });
  /** Link rows anywhere whose copies differ from their claim's values. */
  const stale = () =>
    app()
      .db.$client.prepare(
        `SELECT 'event', l.claim_id FROM claim_events l JOIN claims c ON c.id = l.claim_id
           WHERE l.said_sort_asc IS NOT c.said_sort_asc OR l.said_sort_desc IS NOT c.said_sort_desc OR l.speaker_id IS NOT c.speaker_id
         UNION ALL SELECT 'actor', l.claim_id FROM claim_actors l JOIN claims c ON c.id = l.claim_id
           WHERE l.said_sort_asc IS NOT c.said_sort_asc OR l.said_sort_desc IS NOT c.said_sort_desc`,
      )
      .all();
  const patch = async (body: unknown) => {
    const response = await callFresh(app(), 'PATCH', `/v1/claims/${id}`, { key: keys.writer, body });
    expect(response.status, response.raw).toBe(200);
  };
  /** The served list's sort keys: saidAt.start, else .end, else unknown (last in both orders). */
  const sortKeys = (
    claims: Array<{ id: string; saidAt: { start: string | null; end: string | null } }>,
    descending: boolean,
  ) => claims.map((c) => `${c.saidAt.start ?? c.saidAt.end ?? (descending ? '0000-00-00' : '9999-12-31')} ${c.id}`);

  it('hold the keys of every claim loaded from the seed', () => {
    expect(app().db.$client.prepare('SELECT count(*) FROM claim_events').pluck().get()).toBeGreaterThan(10);
    expect(stale()).toEqual([]);
  });

  it('get the keys of a claim created with events and actors', async () => {
    const created = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: {
        speaker: 'dmitry-peskov',
        text: 'Gave no further details.',
        mode: 'reported_speech',
        stance: 'states',
        saidAt: UNKNOWN_TIME,
        about: { events: [WITHDRAWAL], actors: ['russian-peacekeepers'] },
        evidence: quote('did not give further details'),
      },
    });
    expect(created.status, created.raw).toBe(201);
    id = created.body.id;

    expect(linkRows(id)).toEqual({
      events: [{ event: WITHDRAWAL, asc: '9999-12-31', desc: '0000-00-00', speaker: 'dmitry-peskov' }],
      actors: [{ actor: 'russian-peacekeepers', asc: '9999-12-31', desc: '0000-00-00' }],
    });
  });

  it('follow a PATCH of saidAt, to a known day and back to unknown', async () => {
    await patch({ saidAt: onDay('2024-04-17', 'on Wednesday') });
    expect(linkRows(id)).toEqual({
      events: [{ event: WITHDRAWAL, asc: '2024-04-17', desc: '2024-04-17', speaker: 'dmitry-peskov' }],
      actors: [{ actor: 'russian-peacekeepers', asc: '2024-04-17', desc: '2024-04-17' }],
    });

    await patch({ saidAt: { text: null, start: null, end: '2024-04-16', precision: 'day', approximate: true } });
    expect(linkRows(id).actors).toEqual([{ actor: 'russian-peacekeepers', asc: '2024-04-16', desc: '2024-04-16' }]);

    await patch({ saidAt: UNKNOWN_TIME });
    expect(linkRows(id).events).toEqual([
      { event: WITHDRAWAL, asc: '9999-12-31', desc: '0000-00-00', speaker: 'dmitry-peskov' },
    ]);
  });

  it('follow a PATCH of the speaker (claim_events) and of what the claim is about (new rows)', async () => {
    await patch({ saidAt: onDay('2024-04-17', 'on Wednesday'), speaker: 'kremlin' });
    await patch({ about: { events: [AGREEMENT, WITHDRAWAL], actors: ['russia', 'azerbaijan'] } });

    expect(linkRows(id)).toEqual({
      events: [
        { event: AGREEMENT, asc: '2024-04-17', desc: '2024-04-17', speaker: 'kremlin' },
        { event: WITHDRAWAL, asc: '2024-04-17', desc: '2024-04-17', speaker: 'kremlin' },
      ],
      actors: [
        { actor: 'azerbaijan', asc: '2024-04-17', desc: '2024-04-17' },
        { actor: 'russia', asc: '2024-04-17', desc: '2024-04-17' },
      ],
    });
    expect(stale()).toEqual([]);
  });

  it('place the claim in the event, actor and speaker lists by its current saidAt, both orders', async () => {
    for (const filter of [`event=${WITHDRAWAL}`, 'actor=russia', `event=${AGREEMENT}&speaker=kremlin`]) {
      for (const descending of [false, true]) {
        const { items } = await walkPages<{ id: string; saidAt: { start: string | null; end: string | null } }>(
          app(),
          `/v1/claims?${filter}&limit=2${descending ? '&sort=-saidAt' : ''}`,
        );
        expect(
          items.map((c) => c.id),
          filter,
        ).toContain(id);
        const served = sortKeys(items, descending);
        const inOrder = [...served].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(served, `${filter} ${descending ? 'descending' : 'ascending'}`).toEqual(
          descending ? inOrder.reverse() : inOrder,
        );
      }
    }
  });
});
