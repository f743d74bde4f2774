// GET /v1/locations and /v1/locations/{id}: places, their hierarchy and the `within` filter.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectProblem } from './expect-problem.ts';

const app = useApp();

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((item) => item.id);

describe('GET /v1/locations', () => {
  it('lists every place of the seed, ordered by id, on one default page', async () => {
    const { status, body } = await getJson(app(), '/v1/locations');

    expect(status).toBe(200);
    expect(ids(body)).toEqual([
      'armenia',
      'azerbaijan',
      'kalbajar-district',
      'kalbajar-monastery',
      'karabakh-armenia-road',
      'nagorno-karabakh',
      'south-caucasus',
    ]);
    expect(body.page).toEqual({ limit: 20, nextCursor: null });
  });

  it('gives each listed place the same fields as its detail', async () => {
    const { body: list } = await getJson(app(), '/v1/locations?kind=district');
    const { body: detail } = await getJson(app(), '/v1/locations/kalbajar-district');

    expect(list.data).toEqual([detail]);
  });

  it('when filtered by q, matches names and aliases case-insensitively', async () => {
    const karabakh = await getJson(app(), '/v1/locations?q=KARABAKH');
    const byAlias = await getJson(app(), '/v1/locations?q=republic%20of');

    expect(ids(karabakh.body)).toEqual(['karabakh-armenia-road', 'nagorno-karabakh']);
    expect(byAlias.body.data).toEqual([
      expect.objectContaining({ id: 'azerbaijan', aliases: ['Republic of Azerbaijan'] }),
    ]);
  });

  it('when filtered by kind, returns only places of that kind', async () => {
    const { body } = await getJson(app(), '/v1/locations?kind=country');

    expect(ids(body)).toEqual(['armenia', 'azerbaijan']);
  });

  it('when filtered by within, returns everything inside at any depth but not the place itself', async () => {
    const { body } = await getJson(app(), '/v1/locations?within=azerbaijan');

    // Kalbajar district and Nagorno-Karabakh are children, the monastery a grandchild.
    expect(ids(body)).toEqual(['kalbajar-district', 'kalbajar-monastery', 'nagorno-karabakh']);
    expect(ids(body)).not.toContain('azerbaijan');
  });

  it('when filtered by within a region, includes the countries and what lies inside them', async () => {
    const { body } = await getJson(app(), '/v1/locations?within=south-caucasus');

    expect(ids(body)).toEqual([
      'armenia',
      'azerbaijan',
      'kalbajar-district',
      'kalbajar-monastery',
      'karabakh-armenia-road',
      'nagorno-karabakh',
    ]);
  });

  it('when filtered by within a place with nothing inside, returns an empty page', async () => {
    const { status, body } = await getJson(app(), '/v1/locations?within=kalbajar-monastery');

    expect(status).toBe(200);
    expect(body).toEqual({ data: [], page: { limit: 20, nextCursor: null } });
  });

  it('combines within, kind and q', async () => {
    const sites = await getJson(app(), '/v1/locations?within=azerbaijan&kind=site');
    const kalbajar = await getJson(app(), '/v1/locations?within=south-caucasus&q=kalbajar');
    const route = await getJson(app(), '/v1/locations?q=karabakh&kind=route');

    expect(ids(sites.body)).toEqual(['kalbajar-monastery']);
    expect(ids(kalbajar.body)).toEqual(['kalbajar-district', 'kalbajar-monastery']);
    expect(ids(route.body)).toEqual(['karabakh-armenia-road']);
  });
});

describe('GET /v1/locations/{id}', () => {
  it('returns Nagorno-Karabakh with its parent Ref, alias, coordinates and area of 4,500 km²', async () => {
    const { status, body } = await getJson(app(), '/v1/locations/nagorno-karabakh');

    expect(status).toBe(200);
    expect(body).toEqual({
      id: 'nagorno-karabakh',
      name: 'Nagorno-Karabakh',
      kind: 'region',
      aliases: ['Karabakh'],
      parent: { id: 'azerbaijan', name: 'Azerbaijan' },
      coordinates: { lat: 39.82, lon: 46.75 },
      areaKm2: 4500,
      description: expect.any(String),
      evidence: expect.arrayContaining([expect.objectContaining({ text: 'the breakaway region of Nagorno-Karabakh' })]),
      externalIds: {},
    });
  });

  it('returns the monastery inside Kalbajar district, with null where the source gives nothing', async () => {
    const { body } = await getJson(app(), '/v1/locations/kalbajar-monastery');

    expect(body).toMatchObject({
      id: 'kalbajar-monastery',
      kind: 'site',
      parent: { id: 'kalbajar-district', name: 'Kalbajar district' },
      coordinates: null,
      areaKm2: null,
    });
  });

  it('returns a top-level place with a null parent', async () => {
    const { body } = await getJson(app(), '/v1/locations/south-caucasus');

    expect(body).toMatchObject({ id: 'south-caucasus', kind: 'region', parent: null });
  });

  it('answers an unknown id with a 404 problem naming it', async () => {
    const response = await getJson(app(), '/v1/locations/atlantis');

    const problem = expectProblem(response, 404, '/v1/locations/atlantis');
    expect(problem.detail).toContain('atlantis');
  });
});
