// Issue 10, finding 1: evidence in a periodic text. A 312 KB import whose text is "a" x 300,000 with
// two quotes of "a" x 6,000 held the event loop (and /health) for 7.7 s; evidence is now found in
// linear time, only as often as needed, and a write whose quotes would cost too much is a 400.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../../helpers.ts';
import { expectInvalid, expectProblem } from '../expect-problem.ts';
import { call, callFresh, useKeys } from './curation-helpers.ts';

const RUN = 'a'.repeat(300_000);
const QUOTE = 'a'.repeat(6_000);

const bundleOf = (text: string, title: string, evidence: unknown[]) => ({
  source: { title, publishedAt: '2024-04-17', language: 'en', text },
  actors: [{ key: 'runner', name: 'Runner', kind: 'person', evidence }],
});

describe('evidence in a text that is one letter repeated', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('a plain quote that stands many times is refused as standing more than once', async () => {
    const reply = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: bundleOf(RUN, 'Run', [QUOTE, QUOTE]),
    });
    const body = expectInvalid(reply, ['body.actors[0].evidence[0]', 'body.actors[0].evidence[1]']);
    expect(body.errors![0]!.message).toMatch(
      /^stands more than once in the source text; give \{ "quote": \.\.\., "occurrence": n \}/,
    );
  });

  it('{ quote, occurrence } picks one of them, and the import is stored', async () => {
    const reply = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: bundleOf(RUN, 'Run', [
        { quote: QUOTE, occurrence: 1 },
        { quote: QUOTE, occurrence: 250_000 },
      ]),
    });
    expect(reply.status, reply.raw).toBe(201);
    const actor = await call(app(), 'GET', '/v1/actors/runner');
    expect(actor.body.evidence.map((s: { start: number; end: number }) => [s.start, s.end])).toEqual([
      [0, 6_000],
      [249_999, 255_999],
    ]);
  });

  it('a PATCH of evidence against that source finds the occurrences it needs', async () => {
    const quotes = Array.from({ length: 5 }, (_, i) => ({
      sourceId: 'run',
      quote: 'a'.repeat(5_000),
      occurrence: 1 + i * 1_000,
    }));
    const reply = await callFresh(app(), 'PATCH', '/v1/actors/runner', {
      key: keys.writer,
      body: { evidence: quotes },
    });
    expect(reply.status, reply.raw).toBe(200);
    expect(reply.body.evidence.map((s: { start: number }) => s.start)).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    const plain = await callFresh(app(), 'PATCH', '/v1/actors/runner', {
      key: keys.writer,
      body: { evidence: [{ sourceId: 'run', quote: 'a'.repeat(5_000) }] },
    });
    expectInvalid(plain, ['body.evidence[0].quote']);
  });

  it('a bundle whose quotes would take more than the work limit to locate is refused as a whole, naming the body', async () => {
    // 25 quotes, each asking for an occurrence beyond the last one, make 25 full scans of a million letters.
    const evidence = Array.from({ length: 25 }, (_, i) => ({ quote: 'a'.repeat(i + 1), occurrence: 999_999 }));
    const reply = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: bundleOf('a'.repeat(1_000_000), 'Long run', evidence),
    });
    const body = expectProblem(reply, 400, '/v1/sources');
    expect(body.detail).toBe(
      'Locating the evidence of this request in its source text would take too long; nothing was written.',
    );
    expect(body.errors).toEqual([
      {
        path: 'body',
        message:
          'locating the evidence would take more than 20,000,000 steps (the limit per request); send fewer or more distinctive quotes, or split it into several requests',
      },
    ]);
    expect((await call(app(), 'GET', '/v1/sources/long-run')).status).toBe(404);
  });
});
