// GET /v1/sources and /v1/sources/{id}: the documents, their counts, and the text every Span indexes into.
import { describe, expect, it } from 'vitest';
import { getJson, useApp, walkPages } from '../../helpers.ts';
import { expectProblem } from './expect-problem.ts';

const app = useApp();

const SOURCE_ID = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
const SEED_SUMMARY = {
  id: SOURCE_ID,
  title: 'Russian Peacekeepers Start Withdrawal from Azerbaijan’s Nagorno-Karabakh',
  publisher: null,
  url: null,
  publishedAt: '2024-04-17',
  language: 'en',
  counts: { actors: 19, locations: 7, events: 15, claims: 10 },
};

type Span = { sourceId: string; start: number; end: number; text: string };

describe('GET /v1/sources', () => {
  it('lists the seeded article with its counts and without its text', async () => {
    const { status, contentType, body } = await getJson(app(), '/v1/sources');

    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/json/);
    expect(body).toEqual({ data: [SEED_SUMMARY], page: { limit: 20, nextCursor: null } });
    expect(body.data[0]).not.toHaveProperty('text');
  });

  it('counts exactly the claims, events, actors and locations extracted from the source', async () => {
    const claims = await walkPages(app(), `/v1/claims?source=${SOURCE_ID}&limit=100`);
    const events = await walkPages<{ evidence: Span[] }>(app(), '/v1/events?limit=100');
    const actors = await walkPages<{ evidence: Span[] }>(app(), '/v1/actors?limit=100');
    const locations = await walkPages<{ evidence: Span[] }>(app(), '/v1/locations?limit=100');
    const mentionedHere = (items: Array<{ evidence: Span[] }>) =>
      items.filter((item) => item.evidence.some((span) => span.sourceId === SOURCE_ID)).length;

    const { body } = await getJson(app(), '/v1/sources');

    expect(body.data[0].counts).toEqual({
      claims: claims.items.length,
      events: mentionedHere(events.items),
      actors: mentionedHere(actors.items),
      locations: mentionedHere(locations.items),
    });
  });
});

describe('GET /v1/sources/{id}', () => {
  it('returns the source with its full text and the same fields and counts as the list', async () => {
    const { status, body } = await getJson(app(), `/v1/sources/${SOURCE_ID}`);

    expect(status).toBe(200);
    expect(body).toEqual({ ...SEED_SUMMARY, text: expect.any(String) });
    expect(body.text.startsWith('The peacekeepers, whom Armenian Prime Minister Nikol Pashinyan had criticised')).toBe(
      true,
    );
    expect(body.text.endsWith('It is internationally recognised as part of Azerbaijan.')).toBe(true);
  });

  it('holds the text every claim, event, actor and location span indexes into', async () => {
    const { body: source } = await getJson(app(), `/v1/sources/${SOURCE_ID}`);
    const claims = await walkPages<{ id: string; evidence: Span }>(app(), '/v1/claims?limit=100');
    const others = await Promise.all(
      ['events', 'actors', 'locations'].map((kind) =>
        walkPages<{ id: string; evidence: Span[] }>(app(), `/v1/${kind}?limit=100`),
      ),
    );
    const spans: Array<[string, Span]> = [
      ...claims.items.map((c): [string, Span] => [`claim ${c.id}`, c.evidence]),
      ...others.flatMap((page) =>
        page.items.flatMap((item) => item.evidence.map((span): [string, Span] => [item.id, span])),
      ),
    ];

    expect(spans.length).toBeGreaterThan(40);
    for (const [owner, span] of spans) {
      expect(span.sourceId, owner).toBe(SOURCE_ID);
      expect(span.start, owner).toBeLessThan(span.end);
      expect(span.end, owner).toBeLessThanOrEqual(source.text.length);
      expect(source.text.slice(span.start, span.end), owner).toBe(span.text);
    }
  });

  it('answers an unknown id with a 404 problem', async () => {
    const response = await getJson(app(), '/v1/sources/no-such-source');

    const problem = expectProblem(response, 404, '/v1/sources/no-such-source');
    expect(problem.detail).toContain('no-such-source');
  });
});
