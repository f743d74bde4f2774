// The extraction review queue: submit an article, read and correct the draft, accept it into the
// graph (all or nothing) or reject it; every write behind a key, with If-Match, in the change feed.
// Only two behaviours of the extractor are relied on: `“…,” said Name.` is one direct quote by an
// actor of that name, and a text without quotes or reporting verbs has no claims.
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/domain/api-keys.ts';
import { BUNDLE_LIMITS, bundleSchema } from '../../../src/schemas/bundle.ts';
import { EXAMPLE_ARTICLE } from '../../../src/schemas/extractions.ts';
import { getJson, useApp, walkPages } from '../../helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';
import { SEED_SOURCE, call, callFresh, readFeed, useKeys } from './curation/curation-helpers.ts';

const PESKOV_ARTICLE = {
  text: 'The troops have all come home.\n\n“We will leave nothing behind,” said Dmitry Peskov.',
  publishedAt: '2024-06-13',
  title: 'Troops home, Moscow says',
};
const QUIET_ARTICLE = {
  text: 'Rain fell on the valley for three days. The river rose by a metre.',
  publishedAt: '2024-06-14',
};
const petrova = (n: number) => ({
  text: `Talks ended in round ${n}.\n\n“We will leave,” said Anna Petrova.`,
  publishedAt: '2024-06-15',
});

function rowCounts(app: ReturnType<ReturnType<typeof useApp>>) {
  const count = (table: string) =>
    (app.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return Object.fromEntries(
    ['sources', 'actors', 'locations', 'events', 'claims', 'evidence_spans', 'changes', 'entity_names'].map((t) => [
      t,
      count(t),
    ]),
  );
}

describe('the extraction lifecycle: submit, read, correct, accept', () => {
  const app = useApp();
  const keys = useKeys(app);
  let id: string;
  let etag: string;
  let sourceId: string;
  let feedCursor: string;

  it('when an article quoting a stored person is submitted, then it answers 201 with a pending draft linked to the stored actor', async () => {
    feedCursor = (await readFeed(app())).cursor;

    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: PESKOV_ARTICLE });

    expect(created.status, created.raw).toBe(201);
    id = created.body.id;
    expect(created.headers.location).toBe(`/v1/extractions/${id}`);
    expect(created.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(created.body).toMatchObject({
      status: 'pending',
      by: 'test-writer',
      sourceId: null,
      input: {
        text: PESKOV_ARTICLE.text,
        publishedAt: '2024-06-13',
        title: 'Troops home, Moscow says',
        publisher: null,
        url: null,
        language: 'en',
      },
    });
    const { draft, notes } = created.body;
    expect(bundleSchema.safeParse(draft).success).toBe(true);
    expect(draft.source).toMatchObject({
      text: PESKOV_ARTICLE.text,
      publishedAt: '2024-06-13',
      title: 'Troops home, Moscow says',
    });
    expect(draft.claims).toHaveLength(1);
    expect(draft.claims[0]).toMatchObject({ speaker: 'dmitry-peskov', mode: 'direct_quote' });
    // Linked: the stored id is referenced and the draft holds no second Dmitry Peskov.
    expect(draft.actors.map((a: { name: string }) => a.name)).not.toContain('Dmitry Peskov');
    const peskovNote = Object.values(notes.actors).find((n: any) => n.linkedTo === 'dmitry-peskov') as any;
    expect(peskovNote).toBeDefined();
    expect(peskovNote.mentions.map((m: { text: string }) => m.text)).toContain('Dmitry Peskov');
    for (const m of peskovNote.mentions) expect(PESKOV_ARTICLE.text.slice(m.start, m.end)).toBe(m.text);
    const claimNote = notes.claims[draft.claims[0].key];
    expect(claimNote.confidence).toBeGreaterThan(0);
    expect(PESKOV_ARTICLE.text.slice(claimNote.evidence.start, claimNote.evidence.end)).toBe(claimNote.evidence.text);
    etag = created.headers.etag as string;
  });

  it('then GET serves it with the same ETag, and If-None-Match with it is a 304', async () => {
    const got = await call(app(), 'GET', `/v1/extractions/${id}`);
    const notModified = await call(app(), 'GET', `/v1/extractions/${id}`, { headers: { 'if-none-match': etag } });

    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe(etag);
    expect(got.body.status).toBe('pending');
    expect(notModified.status).toBe(304);
    expect(notModified.raw).toBe('');
  });

  it('when the draft is corrected with If-Match, then it is replaced and gets a new ETag; the old ETag is then a 412', async () => {
    const draft = (await call(app(), 'GET', `/v1/extractions/${id}`)).body.draft;
    draft.claims[0].stance = 'confirms';
    draft.claims[0].about.actors = ['russia'];

    const patched = await callFresh(app(), 'PATCH', `/v1/extractions/${id}`, {
      key: keys.writer,
      body: { draft },
      headers: { 'if-match': etag },
    });
    const stale = await callFresh(app(), 'PATCH', `/v1/extractions/${id}`, {
      key: keys.writer,
      body: { draft },
      headers: { 'if-match': etag },
    });

    expect(patched.status, patched.raw).toBe(200);
    expect(patched.body.draft.claims[0]).toMatchObject({ stance: 'confirms', about: { actors: ['russia'] } });
    expect(patched.body.status).toBe('pending');
    expect(patched.headers.etag).not.toBe(etag);
    expect(expectProblem(stale, 412).detail).toContain(id);
    const acceptStale = await callFresh(app(), 'POST', `/v1/extractions/${id}/accept`, {
      key: keys.writer,
      headers: { 'if-match': etag },
    });
    expectProblem(acceptStale, 412);
    etag = patched.headers.etag as string;
  });

  it('when it is accepted, then the draft is imported: 201 with the import result, and the extraction names its source', async () => {
    const accepted = await callFresh(app(), 'POST', `/v1/extractions/${id}/accept`, {
      key: keys.writer,
      headers: { 'if-match': etag },
    });

    expect(accepted.status, accepted.raw).toBe(201);
    sourceId = accepted.body.source.id;
    expect(accepted.headers.location).toBe(`/v1/sources/${sourceId}`);
    expect(accepted.body.source).toMatchObject({
      title: 'Troops home, Moscow says',
      publishedAt: '2024-06-13',
      counts: { claims: 1 },
    });
    expect(accepted.body.created.claims).toHaveLength(1);
    expect(accepted.body.linked.actors).toEqual(
      expect.arrayContaining([
        { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
        { id: 'russia', name: 'Russia' },
      ]),
    );
    expect(accepted.body.warnings).toEqual([]);
    const extraction = await call(app(), 'GET', `/v1/extractions/${id}`);
    expect(extraction.body).toMatchObject({ status: 'accepted', sourceId });
    expect(extraction.body.updatedAt >= extraction.body.createdAt).toBe(true);
  });

  it('then the claim is in /v1/claims, said by the stored Dmitry Peskov, about Russia', async () => {
    const { status, body } = await getJson(app(), `/v1/claims?speaker=dmitry-peskov&source=${sourceId}`);

    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      speaker: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
      mode: 'direct_quote',
      stance: 'confirms',
      about: { actors: [{ id: 'russia', name: 'Russia' }] },
      source: { id: sourceId, title: 'Troops home, Moscow says' },
    });
    expect(PESKOV_ARTICLE.text.slice(body.data[0].evidence.start, body.data[0].evidence.end)).toBe(
      body.data[0].evidence.text,
    );
  });

  it('then the change feed has the submission, the correction, the imported source and claim, then the acceptance', async () => {
    const { changes } = await readFeed(app(), feedCursor);

    const summary = changes.map((c) => [
      c.action,
      c.entityType,
      (c.entityType as string) === 'extraction'
        ? c.entityId
        : c.entityType === 'claim' || c.entityType === 'source'
          ? c.entityId
          : '*',
    ]);
    expect(summary.filter(([, type]) => type !== 'actor' && type !== 'location')).toEqual([
      ['create', 'extraction', id],
      ['update', 'extraction', id],
      ['create', 'source', sourceId],
      ['create', 'claim', expect.any(String)],
      ['update', 'extraction', id],
    ]);
    const acceptance = changes.at(-1)!;
    expect(acceptance).toMatchObject({
      by: 'test-writer',
      before: { status: 'pending', sourceId: null },
      after: { status: 'accepted', sourceId },
    });
  });

  it('then a second accept, a correction or a rejection is a 409 naming the source, and nothing changes', async () => {
    const before = rowCounts(app());

    const again = await callFresh(app(), 'POST', `/v1/extractions/${id}/accept`, { key: keys.writer });
    const patch = await callFresh(app(), 'PATCH', `/v1/extractions/${id}`, {
      key: keys.writer,
      body: { draft: (await call(app(), 'GET', `/v1/extractions/${id}`)).body.draft },
    });
    const reject = await callFresh(app(), 'POST', `/v1/extractions/${id}/reject`, { key: keys.writer });

    expect(expectProblem(again, 409).detail).toContain(`accepted as source "${sourceId}"`);
    expectProblem(patch, 409);
    expectProblem(reject, 409);
    expect(rowCounts(app())).toEqual(before);
  });

  it('then submitting the same text again is a 409 naming the source it became', async () => {
    const again = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: PESKOV_ARTICLE });

    const problem = expectProblem(again, 409);
    expect(problem.errors).toEqual([{ path: 'body.text', message: `already stored as source "${sourceId}"` }]);
  });
});

describe('POST /v1/extractions', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('when the text has a quote said by an unknown person, then the draft has that one direct quote by a new actor, not linked', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(1) });

    expect(created.status, created.raw).toBe(201);
    const { draft, notes } = created.body;
    expect(draft.claims).toHaveLength(1);
    const speaker = draft.actors.find((a: { key: string }) => a.key === draft.claims[0].speaker);
    expect(speaker).toMatchObject({ name: 'Anna Petrova' });
    expect(draft.claims[0]).toMatchObject({ mode: 'direct_quote' });
    expect(notes.actors[speaker.key].linkedTo).toBeNull();
    expect(draft.source.title.length).toBeGreaterThan(0);
  });

  it('when the text has no attributable statement, then it is a valid draft with no claims', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: QUIET_ARTICLE });

    expect(created.status, created.raw).toBe(201);
    expect(created.body.draft.claims).toEqual([]);
    expect(created.body.notes.claims).toEqual({});
    expect(bundleSchema.safeParse(created.body.draft).success).toBe(true);
  });

  it('when the text is already pending review, then it is a 409 naming that extraction', async () => {
    const first = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(2) });
    const second = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: { ...petrova(2), title: 'Another title' },
    });

    expect(first.status).toBe(201);
    const problem = expectProblem(second, 409);
    expect(problem.errors).toEqual([
      { path: 'body.text', message: `already pending as extraction "${first.body.id}"` },
    ]);
    expect(problem.detail).toContain(first.body.id);
  });

  it('when the text is already stored as a source, then it is a 409 naming the source', async () => {
    const seedText = (await getJson(app(), `/v1/sources/${SEED_SOURCE}`)).body.text;

    const answer = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: { text: seedText, publishedAt: '2024-04-17' },
    });

    expect(expectProblem(answer, 409).errors).toEqual([
      { path: 'body.text', message: `already stored as source "${SEED_SOURCE}"` },
    ]);
  });

  it('when fields are missing or wrong, then a 400 names every one, and nothing is stored', async () => {
    const before = rowCounts(app());

    const missing = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: {} });
    const empty = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: { text: '  \n ', publishedAt: '2024-02-30' },
    });
    const wrong = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: {
        text: 'Fine text.',
        publishedAt: '17/04/2024',
        language: 'English',
        url: 'javascript:alert(1)',
        title: '',
        extra: 1,
      },
    });

    expectInvalid(missing, ['body.text', 'body.publishedAt']);
    const emptyProblem = expectInvalid(empty, ['body.text', 'body.publishedAt']);
    expect(emptyProblem.errors!.find((e) => e.path === 'body.text')!.message).toMatch(/empty/);
    expect(emptyProblem.errors!.find((e) => e.path === 'body.publishedAt')!.message).toMatch(
      /not a real calendar date/,
    );
    expectInvalid(wrong, ['body.publishedAt', 'body.language', 'body.url', 'body.title', 'body.extra']);
    expect(rowCounts(app())).toEqual(before);
  });

  it('when the text is longer than the limit, then the 400 on body.text says the limit', async () => {
    const answer = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: { text: 'a'.repeat(BUNDLE_LIMITS.sourceTextChars + 1), publishedAt: '2024-06-13' },
    });

    const problem = expectInvalid(answer, ['body.text']);
    expect(problem.errors![0]!.message).toContain('1,000,000 characters');
  });

  it('when there is no key, a bad key or a read-only key, then 401 / 401 / 403 on every write, and GETs need none', async () => {
    const reader = createApiKey(app().db, { name: 'reader', scopes: ['read'] }).key;
    const pending = (await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(3) })).body.id;
    const writes = [
      ['POST', '/v1/extractions', petrova(4)],
      ['PATCH', `/v1/extractions/${pending}`, { draft: {} }],
      ['POST', `/v1/extractions/${pending}/accept`, undefined],
      ['POST', `/v1/extractions/${pending}/reject`, undefined],
    ] as const;

    for (const [method, url, body] of writes) {
      const none = await call(app(), method, url, { body });
      expectProblem(none, 401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expectProblem(await call(app(), method, url, { body, key: 'ekg_nope_nope' }), 401);
      expect(expectProblem(await call(app(), method, url, { body, key: reader }), 403).detail).toContain('"write"');
    }
    expect((await call(app(), 'GET', `/v1/extractions/${pending}`)).body.status).toBe('pending');
    expect((await call(app(), 'GET', '/v1/extractions')).status).toBe(200);
  });

  it('when the id is unknown, then GET, PATCH, accept and reject are 404s', async () => {
    expectProblem(await call(app(), 'GET', '/v1/extractions/ext-000000000000'), 404);
    expectProblem(await call(app(), 'POST', '/v1/extractions/ext-000000000000/accept', { key: keys.writer }), 404);
    expectProblem(await call(app(), 'POST', '/v1/extractions/ext-000000000000/reject', { key: keys.writer }), 404);
    const draft = bundleSchema.parse({ source: { title: 't', publishedAt: '2024-06-13', language: 'en', text: 'x' } });
    expectProblem(
      await call(app(), 'PATCH', '/v1/extractions/ext-000000000000', { key: keys.writer, body: { draft } }),
      404,
    );
  });

  it('when If-Match is missing, then PATCH, accept and reject are 428s naming the header, and nothing changes', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(5) });
    expect(created.status, created.raw).toBe(201);
    const id = created.body.id;
    const before = await call(app(), 'GET', `/v1/extractions/${id}`);

    const patch = await call(app(), 'PATCH', `/v1/extractions/${id}`, {
      key: keys.writer,
      body: { draft: created.body.draft },
    });
    const accept = await call(app(), 'POST', `/v1/extractions/${id}/accept`, { key: keys.writer });
    const reject = await call(app(), 'POST', `/v1/extractions/${id}/reject`, { key: keys.writer });
    // A weak tag naming the current ETag never satisfies If-Match (RFC 9110 strong comparison).
    const weak = await call(app(), 'POST', `/v1/extractions/${id}/reject`, {
      key: keys.writer,
      headers: { 'if-match': `W/${before.headers.etag}` },
    });

    for (const answer of [patch, accept, reject]) {
      expect(expectProblem(answer, 428).errors).toEqual([
        { path: 'headers.if-match', message: 'is required: send the ETag you read' },
      ]);
    }
    expect(expectProblem(accept, 428).detail).toContain(`GET /v1/extractions/${id}`);
    expectProblem(weak, 412);
    const after = await call(app(), 'GET', `/v1/extractions/${id}`);
    expect(after.body.status).toBe('pending');
    expect(after.headers.etag).toBe(before.headers.etag);
  });

  it('the Swagger UI example works on the seed: a draft that links Dmitry Peskov', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: EXAMPLE_ARTICLE });

    expect(created.status, created.raw).toBe(201);
    expect(created.body.draft.claims.map((c: { speaker: string }) => c.speaker)).toContain('dmitry-peskov');
  });
});

describe('PATCH /v1/extractions/{id} with a bad draft', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('when the draft breaks the bundle schema or the import rules, then a 400 names every problem under body.draft and nothing changes', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(1) });
    const etag = created.headers.etag as string;
    const shape = structuredClone(created.body.draft);
    shape.claims[0].mode = 'quoted';
    delete shape.source.publishedAt;
    const rules = structuredClone(created.body.draft);
    rules.claims[0].evidence = 'words that are not in the article';
    rules.claims[0].speaker = 'nobody-we-know';

    const badShape = await callFresh(app(), 'PATCH', `/v1/extractions/${created.body.id}`, {
      key: keys.writer,
      body: { draft: shape },
      headers: { 'if-match': etag },
    });
    const badRules = await callFresh(app(), 'PATCH', `/v1/extractions/${created.body.id}`, {
      key: keys.writer,
      body: { draft: rules },
      headers: { 'if-match': etag },
    });

    expectInvalid(badShape, ['body.draft.claims[0].mode', 'body.draft.source.publishedAt']);
    const problem = expectInvalid(badRules, ['body.draft.claims[0].evidence', 'body.draft.claims[0].speaker']);
    expect(problem.errors!.find((e) => e.path === 'body.draft.claims[0].evidence')!.message).toContain(
      'not in the source text',
    );
    const after = await call(app(), 'GET', `/v1/extractions/${created.body.id}`);
    expect(after.headers.etag).toBe(etag);
    expect(after.body.draft).toEqual(created.body.draft);
  });
});

describe('POST /v1/extractions/{id}/accept when the import fails', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('when a stored actor the draft names was deleted since, then a 400 names draft.claims[0].speaker; nothing is written and it stays pending', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(1) });
    const actor = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Anna Petrova', kind: 'person' },
    });
    expect(actor.status, actor.raw).toBe(201);
    // Only the claim, said by the new stored actor: nothing else in the draft can refer to what is dropped.
    const draft = structuredClone(created.body.draft);
    draft.claims = [
      {
        ...draft.claims[0],
        speaker: actor.body.id,
        reportedBy: null,
        respondsTo: null,
        about: { events: [], actors: [] },
      },
    ];
    draft.actors = [];
    draft.events = [];
    draft.locations = [];
    const patched = await callFresh(app(), 'PATCH', `/v1/extractions/${created.body.id}`, {
      key: keys.writer,
      body: { draft },
    });
    expect(patched.status, patched.raw).toBe(200);
    expect((await callFresh(app(), 'DELETE', `/v1/actors/${actor.body.id}`, { key: keys.admin })).status).toBe(204);
    const before = rowCounts(app());

    const accept = await callFresh(app(), 'POST', `/v1/extractions/${created.body.id}/accept`, { key: keys.writer });

    const problem = expectInvalid(accept, ['draft.claims[0].speaker']);
    expect(problem.errors![0]!.message).toContain(actor.body.id);
    expect(rowCounts(app())).toEqual(before);
    expect((await call(app(), 'GET', `/v1/extractions/${created.body.id}`)).body).toMatchObject({
      status: 'pending',
      sourceId: null,
    });
  });

  it('when the text was imported as a source meanwhile, then accept is the import’s 409 naming it; nothing is written and it stays pending', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(2) });
    const imported = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: created.body.draft });
    expect(imported.status, imported.raw).toBe(201);
    const before = rowCounts(app());

    const accept = await callFresh(app(), 'POST', `/v1/extractions/${created.body.id}/accept`, { key: keys.writer });

    expect(expectProblem(accept, 409).detail).toContain(imported.body.source.id);
    expect(rowCounts(app())).toEqual(before);
    expect((await call(app(), 'GET', `/v1/extractions/${created.body.id}`)).body.status).toBe('pending');
  });
});

describe('POST /v1/extractions/{id}/reject', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('when a pending extraction is rejected, then it is marked rejected (in the feed), nothing is imported, and the text may be submitted again', async () => {
    const created = await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(1) });
    const cursor = (await readFeed(app())).cursor;
    const before = rowCounts(app());

    const stale = await callFresh(app(), 'POST', `/v1/extractions/${created.body.id}/reject`, {
      key: keys.writer,
      headers: { 'if-match': '"stale"' },
    });
    const rejected = await callFresh(app(), 'POST', `/v1/extractions/${created.body.id}/reject`, {
      key: keys.writer,
      headers: { 'if-match': created.headers.etag as string },
    });

    expectProblem(stale, 412);
    expect(rejected.status, rejected.raw).toBe(200);
    expect(rejected.body).toMatchObject({ id: created.body.id, status: 'rejected', sourceId: null });
    const { changes } = await readFeed(app(), cursor);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      action: 'update',
      entityType: 'extraction',
      entityId: created.body.id,
      before: { status: 'pending' },
      after: { status: 'rejected' },
    });
    const after = rowCounts(app());
    expect({ ...after, changes: after.changes! - 1 }).toEqual(before);
    expect((await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(1) })).status).toBe(201);
  });
});

describe('GET /v1/extractions', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('lists newest first in keyset pages, filtered by status', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++)
      ids.push((await call(app(), 'POST', '/v1/extractions', { key: keys.writer, body: petrova(n) })).body.id);
    await callFresh(app(), 'POST', `/v1/extractions/${ids[1]}/reject`, { key: keys.writer });

    const all = await walkPages<{ id: string; status: string; title: string; counts: Record<string, number> }>(
      app(),
      '/v1/extractions?limit=2',
    );
    const pending = await walkPages<{ id: string }>(app(), '/v1/extractions?status=pending&limit=2');
    const rejected = await getJson(app(), '/v1/extractions?status=rejected');

    expect(all.items.map((e) => e.id)).toEqual([...ids].reverse());
    expect(all.pages).toBe(3);
    expect(all.items[0]).toMatchObject({
      status: 'pending',
      by: 'test-writer',
      sourceId: null,
      publishedAt: '2024-06-15',
      counts: { claims: 1, actors: 1, linked: 0 },
    });
    expect(all.items[0]).not.toHaveProperty('draft');
    expect(pending.items.map((e) => e.id)).toEqual([ids[4], ids[3], ids[2], ids[0]]);
    expect(rejected.body.data.map((e: { id: string }) => e.id)).toEqual([ids[1]]);
  });

  it('when the status or the cursor is wrong, then a 400 names it', async () => {
    expectInvalid(await getJson(app(), '/v1/extractions?status=done'), ['query.status']);
    expectInvalid(await getJson(app(), '/v1/extractions?cursor=nonsense'), ['query.cursor']);
    expectInvalid(await getJson(app(), '/v1/extractions?stats=pending'), ['query.stats']);
  });
});
