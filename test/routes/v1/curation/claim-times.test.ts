// claim_times, the plain copies of a claim's time columns that a from/to page reads instead of the
// claims rows: triggers keep them equal to the claim's through every write of the claim.
import { describe, expect, it } from 'vitest';
import { useApp, walkPages } from '../../../helpers.ts';
import { UNKNOWN_TIME, WITHDRAWAL, call, callFresh, onDay, quote, useKeys } from './curation-helpers.ts';

describe('the time copies of a claim (claim_times)', () => {
  const app = useApp();
  const keys = useKeys(app);
  let id: string;

  const row = (claimId: string) =>
    app()
      .db.$client.prepare(
        'SELECT span_class AS span, said_sort_asc AS asc, said_sort_desc AS desc, said_lo AS lo, said_hi AS hi FROM claim_times WHERE claim_id = ?',
      )
      .get(claimId);
  /** Claims with a known saidAt whose row is missing or differs, and rows of no such claim. */
  const stale = () =>
    app()
      .db.$client.prepare(
        `SELECT 'missing or different', c.id FROM claims c LEFT JOIN claim_times x ON x.claim_id = c.id
           WHERE c.said_lo IS NOT NULL AND (x.claim_id IS NULL OR x.said_sort_asc IS NOT c.said_sort_asc OR x.said_sort_desc IS NOT c.said_sort_desc
             OR x.said_lo IS NOT c.said_lo OR x.said_hi IS NOT c.said_hi
             OR x.span_class IS NOT (CASE WHEN c.said_start IS NULL OR c.said_end IS NULL THEN 5 WHEN julianday(c.said_end) - julianday(c.said_start) < 1 THEN 0
               WHEN julianday(c.said_end) - julianday(c.said_start) < 32 THEN 1 WHEN julianday(c.said_end) - julianday(c.said_start) < 124 THEN 2
               WHEN julianday(c.said_end) - julianday(c.said_start) < 367 THEN 3 WHEN julianday(c.said_end) - julianday(c.said_start) < 3660 THEN 4 ELSE 5 END))
         UNION ALL SELECT 'extra', x.claim_id FROM claim_times x LEFT JOIN claims c ON c.id = x.claim_id WHERE c.said_lo IS NULL`,
      )
      .all();
  const patch = async (body: unknown) => {
    const response = await callFresh(app(), 'PATCH', `/v1/claims/${id}`, { key: keys.writer, body });
    expect(response.status, response.raw).toBe(200);
  };
  const inRange = async (range: string) =>
    (await walkPages<{ id: string }>(app(), `/v1/claims?${range}&limit=2`)).items.map((c) => c.id);

  it('hold a row for every claim of the seed with a known saidAt', () => {
    expect(app().db.$client.prepare('SELECT count(*) FROM claim_times').pluck().get()).toBeGreaterThan(0);
    expect(stale()).toEqual([]);
  });

  it('get a row when a claim with a known saidAt is created, none for an unknown one', async () => {
    const create = async (saidAt: unknown) => {
      const created = await call(app(), 'POST', '/v1/claims', {
        key: keys.writer,
        body: {
          speaker: 'dmitry-peskov',
          text: 'Gave no further details.',
          mode: 'reported_speech',
          stance: 'states',
          saidAt,
          about: { events: [WITHDRAWAL] },
          evidence: quote('did not give further details'),
        },
      });
      expect(created.status, created.raw).toBe(201);
      return created.body.id as string;
    };
    expect(row(await create(onDay('2024-04-17', 'on Wednesday')))).toEqual({
      span: 0,
      asc: '2024-04-17',
      desc: '2024-04-17',
      lo: '2024-04-17',
      hi: '2024-04-17',
    });
    id = await create(UNKNOWN_TIME);
    expect(row(id)).toBeUndefined();
    expect(stale()).toEqual([]);
  });

  it('follow a PATCH of saidAt: to a known season, open on one side, back to unknown', async () => {
    await patch({
      saidAt: { text: 'late 2022', start: '2022-09-01', end: '2022-12-31', precision: 'season', approximate: true },
    });
    expect(row(id)).toEqual({ span: 2, asc: '2022-09-01', desc: '2022-09-01', lo: '2022-09-01', hi: '2022-12-31' });
    expect(await inRange('from=2022-12-01&to=2022-12-31')).toContain(id);

    await patch({ saidAt: { text: null, start: null, end: '2024-04-16', precision: 'day', approximate: true } });
    expect(row(id)).toEqual({ span: 5, asc: '2024-04-16', desc: '2024-04-16', lo: '0000-00-00', hi: '2024-04-16' });
    expect(await inRange('to=1999-01-01')).toContain(id);
    expect(await inRange('from=2022-12-01&to=2022-12-31&timeMatch=within')).not.toContain(id);

    // A range just as long as the claim's interval: the walk of its span class is not skipped.
    for (const [start, end, span] of [
      ['2022-12-30', '2022-12-31', 1],
      ['2023-01-01', '2023-02-02', 2],
      ['2023-01-01', '2023-05-05', 3],
    ] as const) {
      await patch({ saidAt: { text: null, start, end, precision: 'month', approximate: true } });
      expect(row(id)).toMatchObject({ span });
      expect(await inRange(`from=${start}&to=${end}&timeMatch=within`), `${start}..${end}`).toContain(id);
    }

    await patch({ saidAt: UNKNOWN_TIME });
    expect(row(id)).toBeUndefined();
    expect(await inRange('to=1999-01-01')).not.toContain(id);
    expect(stale()).toEqual([]);
  });

  it('keep equal through a PATCH of other fields, a merge of the speaker and a delete', async () => {
    await patch({ saidAt: onDay('2024-04-15') });
    await patch({ stance: 'confirms' });
    expect(row(id)).toEqual({ span: 0, asc: '2024-04-15', desc: '2024-04-15', lo: '2024-04-15', hi: '2024-04-15' });

    const duplicate = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { id: 'd-peskov', name: 'D. Peskov', kind: 'person' },
    });
    expect(duplicate.status, duplicate.raw).toBe(201);
    await patch({ speaker: 'd-peskov' });
    const merged = await callFresh(app(), 'POST', '/v1/actors/d-peskov/merge', {
      key: keys.admin,
      body: { into: 'dmitry-peskov' },
    });
    expect(merged.status, merged.raw).toBe(200);
    expect(row(id)).toEqual({ span: 0, asc: '2024-04-15', desc: '2024-04-15', lo: '2024-04-15', hi: '2024-04-15' });
    expect(stale()).toEqual([]);

    const deleted = await callFresh(app(), 'DELETE', `/v1/claims/${id}`, { key: keys.admin });
    expect(deleted.status, deleted.raw).toBe(204);
    expect(row(id)).toBeUndefined();
    expect(stale()).toEqual([]);
  });
});
