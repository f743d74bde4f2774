// GET /v1/changes: every write in order; replaying the feed from the start rebuilds exactly what the API serves.
import { beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../src/db/schema.ts';
import { getJson, useApp } from '../../../helpers.ts';
import { expectInvalid } from '../expect-problem.ts';
import {
  type Change,
  type State,
  SEED_SOURCE,
  UNKNOWN_TIME,
  WITHDRAWAL,
  asRecorded,
  call,
  callFresh,
  loadBundle,
  onDay,
  quote,
  readFeed,
  servedState,
  useKeys,
} from './curation-helpers.ts';

const PLURAL = { source: 'sources', actor: 'actors', location: 'locations', event: 'events', claim: 'claims' } as const;

/** Applies the feed to empty maps: create/update set `after`, delete/merge remove. */
function replay(changes: Change[]): State {
  const state: State = { sources: {}, actors: {}, locations: {}, events: {}, claims: {} };
  for (const change of changes) {
    const map = state[PLURAL[change.entityType]];
    if (change.action === 'create' || change.action === 'update') map[change.entityId] = change.after;
    else delete map[change.entityId];
  }
  return state;
}

describe('GET /v1/changes after a sequence of writes', () => {
  const app = useApp();
  const keys = useKeys(app);
  const expectOk = (response: Awaited<ReturnType<typeof call>>, status = 200) => {
    expect(response.status, response.raw).toBe(status);
    return response.body;
  };

  beforeAll(async () => {
    const w = { key: keys.writer };
    const a = { key: keys.admin };
    expectOk(await call(app(), 'POST', '/v1/sources', { ...w, body: loadBundle() }), 201);
    const actor = expectOk(
      await call(app(), 'POST', '/v1/actors', {
        ...w,
        body: {
          name: 'D. Peskov',
          kind: 'person',
          affiliations: [{ organization: 'kremlin', role: 'spokesman' }],
          evidence: [quote('Peskov, in a conference call')],
        },
      }),
      201,
    );
    const location = expectOk(
      await call(app(), 'POST', '/v1/locations', {
        ...w,
        body: {
          name: 'Karabakh',
          kind: 'region',
          parent: 'azerbaijan',
          evidence: [quote('Karabakh due to the blockade')],
        },
      }),
      201,
    );
    const event = expectOk(
      await call(app(), 'POST', '/v1/events', {
        ...w,
        body: {
          title: 'Conference call',
          kind: 'press_conference',
          time: onDay('2024-04-17', 'on Wednesday'),
          status: 'occurred',
          location: location.id,
          participants: [{ actor: actor.id, role: 'agent' }],
          relations: [{ type: 'follows', event: WITHDRAWAL }],
          evidence: [quote('in a conference call with journalists on Wednesday')],
        },
      }),
      201,
    );
    const claim = expectOk(
      await call(app(), 'POST', '/v1/claims', {
        ...w,
        body: {
          speaker: actor.id,
          text: 'Gave no details.',
          mode: 'reported_speech',
          stance: 'states',
          saidAt: UNKNOWN_TIME,
          about: { events: [event.id], actors: [] },
          evidence: quote('did not give further details'),
        },
      }),
      201,
    );
    const doomed = expectOk(
      await call(app(), 'POST', '/v1/claims', {
        ...w,
        body: {
          speaker: 'apa',
          text: 'Reported it.',
          mode: 'reported_speech',
          stance: 'reports',
          saidAt: UNKNOWN_TIME,
          evidence: quote('APA reported late Tuesday'),
        },
      }),
      201,
    );
    const answer = expectOk(
      await call(app(), 'POST', '/v1/claims', {
        ...w,
        body: {
          speaker: 'russia',
          text: 'Answered the accusation.',
          mode: 'reported_speech',
          stance: 'rejects',
          saidAt: UNKNOWN_TIME,
          respondsTo: 'armenias-political-leadership-accuses',
          evidence: quote('a charge Russia rejected'),
        },
      }),
      201,
    );
    expectOk(await callFresh(app(), 'PATCH', `/v1/claims/${answer.id}`, { ...w, body: { respondsTo: claim.id } }));
    expectOk(
      await callFresh(app(), 'PATCH', `/v1/claims/${claim.id}`, {
        ...w,
        body: { stance: 'confirms', text: 'Gave no further details.' },
      }),
    );
    expectOk(
      await callFresh(app(), 'PATCH', '/v1/actors/russian-peacekeepers', {
        ...w,
        body: { name: 'Russian peacekeeping force' },
      }),
    );
    expectOk(
      await callFresh(app(), 'PATCH', `/v1/events/${WITHDRAWAL}`, {
        ...w,
        body: { status: 'occurred', title: 'Withdrawal of the peacekeepers' },
      }),
    );
    expectOk(
      await callFresh(app(), 'PATCH', '/v1/locations/kalbajar-district', {
        ...w,
        body: { name: 'Kalbajar District', parent: 'nagorno-karabakh' },
      }),
    );
    expectOk(
      await callFresh(app(), 'PATCH', `/v1/events/${event.id}`, {
        ...w,
        body: { evidence: [quote('in a conference call with journalists')], time: UNKNOWN_TIME },
      }),
    );
    expectOk(await callFresh(app(), 'DELETE', `/v1/claims/${doomed.id}`, a), 204);
    expectOk(await callFresh(app(), 'POST', `/v1/actors/${actor.id}/merge`, { ...a, body: { into: 'dmitry-peskov' } }));
    expectOk(
      await callFresh(app(), 'POST', `/v1/locations/${location.id}/merge`, {
        ...a,
        body: { into: 'nagorno-karabakh' },
      }),
    );
    // Refused writes leave no trace.
    expect((await callFresh(app(), 'DELETE', '/v1/actors/dmitry-peskov', a)).status).toBe(409);
    expect(
      (await callFresh(app(), 'PATCH', '/v1/claims/dmitry-peskov-confirms', { ...w, body: { mode: 'direct_quote' } }))
        .status,
    ).toBe(400);
  });

  it('when the whole feed is replayed from the start, then it equals exactly what the API serves (a source: its text as hash and length)', async () => {
    const { changes } = await readFeed(app(), undefined, 17);
    const served = await servedState(app());
    for (const [id, source] of Object.entries(served.sources)) served.sources[id] = asRecorded(source);

    const replayed = replay(changes);

    for (const kind of Object.keys(served) as Array<keyof State>) {
      expect(Object.keys(replayed[kind]).sort(), kind).toEqual(Object.keys(served[kind]).sort());
      for (const [id, value] of Object.entries(served[kind]))
        expect(replayed[kind][id], `${kind} ${id}`).toEqual(value);
    }
  });

  it('reads the same feed whatever the page size', async () => {
    const small = await readFeed(app(), undefined, 7);
    const large = await readFeed(app(), undefined, 1000);

    expect(small.pages).toBeGreaterThan(large.pages);
    expect(small.changes).toEqual(large.changes);
    expect(small.cursor).toBe(large.cursor);
  });

  it('orders changes by a strictly increasing seq and names who and when on every one', async () => {
    const { changes } = await readFeed(app());

    changes.forEach((change, i) => {
      if (i > 0) expect(change.seq).toBeGreaterThan(changes[i - 1]!.seq);
      if (i > 0) expect(change.at >= changes[i - 1]!.at).toBe(true);
      expect(change.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(['seed', 'test-writer', 'test-admin']).toContain(change.by);
    });
    const seedCount = changes.findIndex((c) => c.by !== 'seed');
    expect(seedCount).toBeGreaterThan(50);
    expect(changes.slice(0, seedCount).every((c) => c.action === 'create')).toBe(true);
    expect(changes.slice(seedCount).every((c) => c.by !== 'seed')).toBe(true);
    expect(
      changes.filter((c) => c.action === 'delete' || c.action === 'merge').every((c) => c.by === 'test-admin'),
    ).toBe(true);
    expect(changes[0]).toMatchObject({ action: 'create', entityType: 'source', entityId: SEED_SOURCE, by: 'seed' });
  });

  it('keeps before and after consistent with the action', async () => {
    const { changes } = await readFeed(app());
    const seen = replay([]);

    for (const change of changes) {
      const label = `${change.seq} ${change.action} ${change.entityType} ${change.entityId}`;
      const map = seen[PLURAL[change.entityType]];
      if (change.action === 'create') {
        expect(change.before, label).toBeNull();
        expect(change.after, label).toMatchObject({ id: change.entityId });
        expect(map[change.entityId], `${label}: created twice`).toBeUndefined();
      } else {
        // Every update, delete and merge starts from the state the feed had reached.
        expect(change.before, label).toEqual(map[change.entityId]);
      }
      if (change.action === 'update') {
        expect(change.after, label).toMatchObject({ id: change.entityId });
        expect(change.after, label).not.toEqual(change.before);
      }
      if (change.action === 'delete' || change.action === 'merge') expect(change.after, label).toBeNull();
      if (change.action === 'merge') {
        expect(change.mergedInto, label).toEqual(expect.any(String));
        expect(map[change.mergedInto!], `${label}: survivor exists`).toBeDefined();
      } else {
        expect(change.mergedInto, label).toBeNull();
      }
      if (change.action === 'create' || change.action === 'update') map[change.entityId] = change.after;
      else delete map[change.entityId];
    }
    const actions = new Set(changes.map((c) => `${c.action} ${c.entityType}`));
    for (const expected of [
      'create source',
      'create actor',
      'create location',
      'create event',
      'create claim',
      'update actor',
      'update event',
      'update claim',
      'update location',
      'delete claim',
      'merge actor',
      'merge location',
    ]) {
      expect(actions, expected).toContain(expected);
    }
  });
});

describe('polling the change feed with ?since=', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('never answers a null nextCursor: at the end it hands back a cursor to poll with, which then sees only new changes', async () => {
    const { cursor } = await readFeed(app());
    const idle = await getJson(app(), `/v1/changes?since=${encodeURIComponent(cursor)}`);

    expect(idle.status).toBe(200);
    expect(idle.body.data).toEqual([]);
    expect(idle.body.page).toEqual({ limit: 100, nextCursor: cursor, hasMore: false });

    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Polled actor', kind: 'group' },
    });
    const next = await getJson(app(), `/v1/changes?since=${encodeURIComponent(cursor)}`);

    expect(next.body.data).toHaveLength(1);
    expect(next.body.data[0]).toMatchObject({
      action: 'create',
      entityType: 'actor',
      entityId: created.body.id,
      by: 'test-writer',
      before: null,
      after: created.body,
    });
    expect(next.body.page.nextCursor).not.toBe(cursor);
    const empty = await getJson(app(), `/v1/changes?since=${encodeURIComponent(next.body.page.nextCursor)}`);
    expect(empty.body.data).toEqual([]);
  });

  it('answers 400 naming `since` for a cursor it did not issue, and `limit` out of range', async () => {
    expectInvalid(await getJson(app(), '/v1/changes?since=not-a-cursor'), ['query.since']);
    const notASeq = Buffer.from(JSON.stringify(['seq', 'abc'])).toString('base64url');
    expectInvalid(await getJson(app(), `/v1/changes?since=${notASeq}`), ['query.since']);
    expectInvalid(await getJson(app(), '/v1/changes?limit=0'), ['query.limit']);
    expectInvalid(await getJson(app(), '/v1/changes?cursor=abc'), ['query.cursor']);
  });
});

// Issue 10, finding 2: 100 small PATCHes grew the database by 57 MB and one GET /v1/changes?limit=1000
// answered 63 MB, because each write that changed a cited source's counts stored the whole article twice.
describe('the change feed keeps article text out and pages by size', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('records a source whose counts change without its text, as textSha256 and textLength, in the database and in the feed', async () => {
    const { cursor } = await readFeed(app());
    const claim = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: {
        speaker: 'apa',
        text: 'Reported it.',
        mode: 'reported_speech',
        stance: 'reports',
        saidAt: UNKNOWN_TIME,
        evidence: quote('APA reported late Tuesday'),
      },
    });
    expect(claim.status, claim.raw).toBe(201);
    const source = (await getJson(app(), `/v1/sources/${SEED_SOURCE}`)).body;

    const { changes } = await readFeed(app(), cursor);
    const update = changes.find((c) => c.entityType === 'source')!;
    expect(update).toMatchObject({ action: 'update', entityId: SEED_SOURCE });
    const text: string = source.text;
    const recorded = asRecorded(source) as typeof source;
    expect(update.after).toEqual(recorded);
    expect(update.before).toEqual({ ...recorded, counts: { ...recorded.counts, claims: recorded.counts.claims - 1 } });

    const stored = app().db.select().from(t.changes).all();
    const withText = stored.filter((row) => JSON.stringify([row.before, row.after]).includes(text.slice(0, 200)));
    expect(withText, 'no stored change holds the article').toEqual([]);
  });

  it('strips the text of snapshots stored before the rule, when they are read', async () => {
    const source = (await getJson(app(), `/v1/sources/${SEED_SOURCE}`)).body;
    const { cursor } = await readFeed(app());
    app()
      .db.insert(t.changes)
      .values({
        keyName: 'old',
        action: 'update',
        entityType: 'source',
        entityId: SEED_SOURCE,
        before: source,
        after: source,
      })
      .run();

    const [legacy] = (await readFeed(app(), cursor)).changes;
    expect(legacy!.after).not.toHaveProperty('text');
    expect(legacy!.after).toMatchObject({
      id: SEED_SOURCE,
      textLength: source.text.length,
      textSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('ends a page early once it passes about 1 MB, with hasMore, and the cursor carries on from there', async () => {
    const { cursor } = await readFeed(app());
    // 30 changes of about 100 KB each (a big representation, such as an event with many long spans).
    const big = { id: 'x', description: 'y'.repeat(100_000) };
    app()
      .db.insert(t.changes)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          keyName: 'bulk',
          action: 'update' as const,
          entityType: 'actor' as const,
          entityId: `big-${i}`,
          before: big,
          after: big,
        })),
      )
      .run();

    const first = await call(app(), 'GET', `/v1/changes?limit=1000&since=${encodeURIComponent(cursor)}`);
    expect(first.status).toBe(200);
    expect(first.raw.length).toBeLessThan(1_100_000);
    expect(first.body.data.length).toBe(4); // 200 KB of before and after each: a fifth would pass 1 MB
    expect(first.body.page).toMatchObject({ limit: 1000, hasMore: true });
    const rest = await readFeed(app(), first.body.page.nextCursor, 1000);
    expect([...first.body.data, ...rest.changes].map((c: { entityId: string }) => c.entityId)).toEqual(
      Array.from({ length: 30 }, (_, i) => `big-${i}`),
    );
    expect(rest.pages).toBe(7);
  });

  it('serves a single change larger than the cap on a page of its own rather than stalling', async () => {
    const { cursor } = await readFeed(app());
    const huge = { id: 'h', description: 'z'.repeat(1_200_000) };
    app()
      .db.insert(t.changes)
      .values([
        { keyName: 'bulk', action: 'update', entityType: 'actor', entityId: 'huge', before: null, after: huge },
        {
          keyName: 'bulk',
          action: 'update',
          entityType: 'actor',
          entityId: 'after-huge',
          before: null,
          after: { id: 'a' },
        },
      ])
      .run();
    const page = await call(app(), 'GET', `/v1/changes?limit=10&since=${encodeURIComponent(cursor)}`);
    expect(page.body.data.map((c: { entityId: string }) => c.entityId)).toEqual(['huge']);
    expect(page.body.page.hasMore).toBe(true);
  });
});
