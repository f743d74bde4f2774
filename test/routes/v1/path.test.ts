// GET /v1/graph/path: the shortest connection between two entities, over the edges /v1/graph draws.
import { describe, expect, it } from 'vitest';
import { getJson } from '../../helpers.ts';
import { expectInvalid } from './expect-problem.ts';
import { useAppWith } from './extra-bundles.ts';
import { WITHDRAWAL, lakeOrlinBundle } from './graph-fixtures.ts';

type Node = { id: string; depth: number };
type Edge = { source: string; target: string; type: string };
type Path = {
  from: string;
  to: string;
  found: boolean;
  length: number | null;
  nodes: Node[];
  edges: Edge[];
  exhaustive: boolean;
};

// The seed plus Lake Orlin, a small world no edge joins to the seed.
const app = useAppWith({ seed: true }, lakeOrlinBundle());

const path = async (query: string): Promise<Path> => {
  const { status, body } = await getJson(app(), `/v1/graph/path?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
};

/** edges[i] must join nodes[i] and nodes[i+1], in either direction. */
function expectChained(p: Path) {
  expect(p.edges).toHaveLength(p.nodes.length - 1);
  p.edges.forEach((e, i) => {
    expect([e.source, e.target].sort(), `edge ${i}`).toEqual([p.nodes[i]!.id, p.nodes[i + 1]!.id].sort());
  });
  p.nodes.forEach((n, i) => expect(n.depth).toBe(i));
}

describe('GET /v1/graph/path', () => {
  it('from the Kremlin spokesman to Kalbajar, goes through what he said about the withdrawal', async () => {
    const p = await path('from=actor:dmitry-peskov&to=location:kalbajar-district');

    expect(p).toMatchObject({
      from: 'actor:dmitry-peskov',
      to: 'location:kalbajar-district',
      found: true,
      length: 4,
      exhaustive: true,
    });
    expect(p.nodes.map((n) => n.id)).toEqual([
      'actor:dmitry-peskov',
      'claim:dmitry-peskov-confirms',
      `event:${WITHDRAWAL}`,
      'location:azerbaijan',
      'location:kalbajar-district',
    ]);
    expect(p.edges.map((e) => `${e.source} -${e.type}-> ${e.target}`)).toEqual([
      'actor:dmitry-peskov -said-> claim:dmitry-peskov-confirms',
      `claim:dmitry-peskov-confirms -about-> event:${WITHDRAWAL}`,
      `event:${WITHDRAWAL} -located_in-> location:azerbaijan`,
      // Edges keep their own direction: Kalbajar lies within Azerbaijan, walked backwards here.
      'location:kalbajar-district -within-> location:azerbaijan',
    ]);
    expectChained(p);
  });

  it('from Kalbajar back to the spokesman, is as short and still goes through the withdrawal', async () => {
    const p = await path('from=location:kalbajar-district&to=actor:dmitry-peskov');

    expect(p.found).toBe(true);
    expect(p.length).toBe(4);
    expect(p.nodes[0]!.id).toBe('location:kalbajar-district');
    expect(p.nodes.at(-1)!.id).toBe('actor:dmitry-peskov');
    expect(p.nodes.map((n) => n.id)).toContain(`event:${WITHDRAWAL}`);
    expectChained(p);
  });

  it('gives path nodes in the same shape as /v1/graph nodes', async () => {
    const p = await path('from=actor:azertac&to=actor:hikmet-hajiyev');

    expect(p.length).toBe(2);
    expect(p.nodes[1]).toMatchObject({
      kind: 'claim',
      stance: expect.any(String),
      mode: expect.any(String),
      saidAt: expect.any(Object),
    });
    expect(p.nodes[2]).toEqual({
      id: 'actor:hikmet-hajiyev',
      kind: 'actor',
      entityId: 'hikmet-hajiyev',
      label: 'Hikmet Hajiyev',
      depth: 2,
      actorKind: 'person',
    });
    expectChained(p);
  });

  it('between directly linked entities, is one edge, whichever end the search reaches first', async () => {
    const forward = await path('from=actor:dmitry-peskov&to=actor:kremlin');
    const backward = await path('from=actor:kremlin&to=actor:dmitry-peskov');

    for (const p of [forward, backward]) {
      expect(p).toMatchObject({ found: true, length: 1 });
      expect(p.edges).toEqual([
        expect.objectContaining({
          source: 'actor:dmitry-peskov',
          target: 'actor:kremlin',
          type: 'affiliated_with',
          role: 'spokesman',
        }),
      ]);
      expectChained(p);
    }
  });

  it('from an entity to itself, is found with no edges', async () => {
    const p = await path(`from=event:${WITHDRAWAL}&to=event:${WITHDRAWAL}`);

    expect(p).toMatchObject({ found: true, length: 0, edges: [], exhaustive: true });
    expect(p.nodes.map((n) => n.id)).toEqual([`event:${WITHDRAWAL}`]);
  });

  it('between entities no chain of edges joins, is not found, and says the search was exhaustive', async () => {
    const p = await path('from=actor:dmitry-peskov&to=actor:mara-vels');

    expect(p).toEqual({
      from: 'actor:dmitry-peskov',
      to: 'actor:mara-vels',
      found: false,
      length: null,
      nodes: [],
      edges: [],
      exhaustive: true,
    });
  });

  it('inside the unconnected world, still finds its own connections', async () => {
    const p = await path('from=actor:mara-vels&to=location:lake-orlin');

    expect(p.found).toBe(true);
    expect(p.length).toBe(3);
    expectChained(p);
  });

  it('when maxDepth is shorter than the shortest connection, is not found', async () => {
    const short = await path('from=actor:dmitry-peskov&to=location:kalbajar-district&maxDepth=3');
    const enough = await path('from=actor:dmitry-peskov&to=location:kalbajar-district&maxDepth=4');

    expect(short).toMatchObject({ found: false, length: null, nodes: [], edges: [] });
    expect(enough).toMatchObject({ found: true, length: 4 });
  });

  it('answers unknown entities with a 400 naming query.from and query.to', async () => {
    const response = await getJson(app(), '/v1/graph/path?from=actor:nobody&to=location:nowhere');

    const problem = expectInvalid(response, ['query.from', 'query.to']);
    expect(problem.errors!.map((e) => e.message)).toEqual([
      'no actor with id "nobody"',
      'no location with id "nowhere"',
    ]);
  });

  it('answers a malformed entity, a missing end or a maxDepth outside 1..6 with a 400 naming each', async () => {
    expectInvalid(await getJson(app(), '/v1/graph/path?from=dmitry-peskov&to=location:kalbajar-district'), [
      'query.from',
    ]);
    expectInvalid(await getJson(app(), '/v1/graph/path?from=actor:dmitry-peskov'), ['query.to']);
    expectInvalid(
      await getJson(app(), '/v1/graph/path?from=actor:dmitry-peskov&to=location:kalbajar-district&maxDepth=7'),
      ['query.maxDepth'],
    );
    expectInvalid(
      await getJson(app(), '/v1/graph/path?from=actor:dmitry-peskov&to=location:kalbajar-district&depth=2'),
      ['query.depth'],
    );
  });
});
