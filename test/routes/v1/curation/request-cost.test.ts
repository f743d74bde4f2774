// Issue 10, finding 1, beyond evidence: no request may cost more than its size warrants. Each level
// of the location hierarchy costs a closure row per location under it, so a chain of 5,000 locations
// in one bundle would write 12.5 million rows; the depth is bounded (BUNDLE_LIMITS.locationDepth).
import { describe, expect, it } from 'vitest';
import { BUNDLE_LIMITS } from '../../../../src/schemas/bundle.ts';
import { useApp } from '../../../helpers.ts';
import { expectInvalid } from '../expect-problem.ts';
import { call, callFresh, useKeys } from './curation-helpers.ts';

const DEPTH = BUNDLE_LIMITS.locationDepth;

describe('the location hierarchy has a bounded depth', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('a bundle with a chain of 5,000 locations is refused once, at the first location too deep, and nothing is written', async () => {
    const names = Array.from({ length: 5_000 }, (_, i) => `Place ${i}`);
    const text = `${names.join(', ')}.`;
    const bundle = {
      source: { title: 'A chain of places', publishedAt: '2024-04-17', language: 'en', text },
      locations: names.map((name, i) => ({
        key: `p-${i}`,
        name,
        kind: 'region',
        parent: i ? `p-${i - 1}` : null,
        evidence: [`${name},`.replace(/,$/, i === names.length - 1 ? '.' : ',')],
      })),
    };
    const reply = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });
    const body = expectInvalid(reply, [`body.locations[${DEPTH + 1}].parent`]);
    expect(body.errors![0]!.message).toBe(
      `would put this location ${DEPTH + 1} levels deep; a location has at most ${DEPTH} levels of parents`,
    );
    expect((await call(app(), 'GET', '/v1/locations/p-0')).status).toBe(404);
  });

  it(`a bundle whose deepest location lies ${DEPTH} levels deep is stored`, async () => {
    const names = Array.from({ length: DEPTH + 1 }, (_, i) => `Level ${i}x`);
    const bundle = {
      source: { title: 'Levels', publishedAt: '2024-04-17', language: 'en', text: `${names.join('; ')}.` },
      locations: names.map((name, i) => ({
        key: `level-${i}`,
        name,
        kind: 'region',
        parent: i ? `level-${i - 1}` : null,
        evidence: [name],
      })),
    };
    const reply = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });
    expect(reply.status, reply.raw).toBe(201);
  });

  it('POST /v1/locations under the deepest location, or a PATCH that hangs a subtree too low, is a 400 naming body.parent', async () => {
    const deepest = `level-${DEPTH}`;
    const create = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { name: 'Too deep', kind: 'city', parent: deepest },
    });
    expect(expectInvalid(create, ['body.parent']).errors![0]!.message).toBe(
      `would put this location ${DEPTH + 1} levels deep; a location has at most ${DEPTH} levels of parents`,
    );

    // level-1 has DEPTH - 1 levels below it: under a root it reaches DEPTH; under Inner (south-caucasus >
    // azerbaijan > outer > inner, three levels deep) DEPTH + 3.
    const outer = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { name: 'Outer', kind: 'region', parent: 'azerbaijan' },
    });
    const inner = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { name: 'Inner', kind: 'region', parent: outer.body.id },
    });
    expect(inner.status, inner.raw).toBe(201);
    let etag = (await call(app(), 'GET', '/v1/locations/level-1')).headers.etag as string;
    const move = await callFresh(app(), 'PATCH', '/v1/locations/level-1', {
      key: keys.writer,
      headers: { 'if-match': etag },
      body: { parent: 'level-0' },
    });
    expect(move.status, move.raw).toBe(200);
    etag = move.headers.etag as string;
    const tooLow = await callFresh(app(), 'PATCH', '/v1/locations/level-1', {
      key: keys.writer,
      headers: { 'if-match': etag },
      body: { parent: inner.body.id },
    });
    expect(expectInvalid(tooLow, ['body.parent']).errors![0]!.message).toBe(
      `would put a location inside this one ${DEPTH + 3} levels deep; a location has at most ${DEPTH} levels of parents`,
    );
  });
});
