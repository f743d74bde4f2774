// Keyset pagination, the same on every list: walking pages of any size yields each item once, in the
// order of one big page; the last page says so; the limit is echoed; cursors survive inserts.
import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { getJson, useApp } from '../../helpers.ts';
import { buildAppWith, onDay } from './extra-bundles.ts';

const app = useApp();

type Page = { data: Array<Record<string, any>>; page: { limit: number; nextCursor: string | null } };

/** The identity of a list item: its id, or `type:id` on the timeline. */
const identity = (item: Record<string, any>): string => (item.type ? `${item.type}:${item[item.type].id}` : item.id);

/** Every page from `url` on, following nextCursor. */
async function pagesOf(target: App, url: string): Promise<Page[]> {
  const pages: Page[] = [];
  let next: string | null = url;
  while (next !== null) {
    const { status, body } = await getJson(target, next);
    expect(status, `${next}: ${JSON.stringify(body)}`).toBe(200);
    pages.push(body);
    const cursor: string | null = body.page.nextCursor;
    next = cursor === null ? null : `${url}&cursor=${encodeURIComponent(cursor)}`;
    expect(pages.length, 'pagination ends').toBeLessThan(200);
  }
  return pages;
}

const LISTS = [
  '/v1/claims',
  '/v1/claims?sort=-saidAt',
  '/v1/claims?speaker=hikmet-hajiyev',
  '/v1/claims?event=russian-peacekeepers-withdraw-from-nagorno-karabakh&sort=-saidAt',
  '/v1/events',
  '/v1/events?sort=-time',
  '/v1/events?location=azerbaijan',
  '/v1/actors',
  '/v1/actors?q=armenia',
  '/v1/locations',
  '/v1/locations?within=south-caucasus',
  '/v1/timeline',
  '/v1/timeline?sort=-time',
  '/v1/timeline?event=russian-peacekeepers-withdraw-from-nagorno-karabakh',
  '/v1/sources',
  '/v1/actors/hikmet-hajiyev/claims?sort=-saidAt',
  '/v1/actors/russian-peacekeepers/events',
];

/** `url` with a limit, ready for `&cursor=` to be appended. */
const withLimit = (url: string, limit: number) => `${url}${url.includes('?') ? '&' : '?'}limit=${limit}`;

describe('pagination of every list', () => {
  describe.each(LISTS)('GET %s', (url) => {
    it.each([1, 2, 3])(
      'walking pages of %i yields every item exactly once, in the order of one page of 100',
      async (limit) => {
        const { body: whole } = await getJson(app(), withLimit(url, 100));
        expect(whole.page.nextCursor).toBeNull();
        const expected = whole.data.map(identity);
        expect(expected.length, 'the list is not empty').toBeGreaterThan(0);

        const pages = await pagesOf(app(), withLimit(url, limit));

        const walked = pages.flatMap((page) => page.data.map(identity));
        expect(walked).toEqual(expected);
        expect(new Set(walked).size).toBe(walked.length);
        expect(pages).toHaveLength(Math.ceil(expected.length / limit));
      },
    );

    it('echoes the limit on every page, fills every page but the last, and ends with a null nextCursor', async () => {
      const pages = await pagesOf(app(), withLimit(url, 2));

      for (const page of pages) expect(page.page.limit).toBe(2);
      for (const page of pages.slice(0, -1)) {
        expect(page.data).toHaveLength(2);
        expect(page.page.nextCursor).toEqual(expect.any(String));
      }
      expect(pages.at(-1)!.page.nextCursor).toBeNull();
      expect(pages.at(-1)!.data.length).toBeGreaterThan(0);
    });

    it('serves 20 items per page by default and says so', async () => {
      const { body: whole } = await getJson(app(), withLimit(url, 100));
      const { body } = await getJson(app(), url);

      expect(body.page.limit).toBe(20);
      expect(body.data.map(identity)).toEqual(whole.data.slice(0, 20).map(identity));
      expect(body.page.nextCursor === null).toBe(whole.data.length <= 20);
    });
  });

  it('serves a last page that is exactly full with a null nextCursor, not an empty extra page', async () => {
    // 10 claims in pages of 5: two full pages, nothing after.
    const pages = await pagesOf(app(), '/v1/claims?limit=5');

    expect(pages.map((page) => page.data.length)).toEqual([5, 5]);
    expect(pages[1]!.page.nextCursor).toBeNull();
  });

  it('answers an empty result with one empty page and a null nextCursor', async () => {
    const { body } = await getJson(app(), '/v1/claims?speaker=kremlin&limit=1');

    expect(body).toEqual({ data: [], page: { limit: 1, nextCursor: null } });
  });

  it('accepts the bounds of limit, 1 and 100', async () => {
    const one = await getJson(app(), '/v1/events?limit=1');
    const hundred = await getJson(app(), '/v1/events?limit=100');

    expect(one.body.data).toHaveLength(1);
    expect(one.body.page.limit).toBe(1);
    expect(hundred.body.data).toHaveLength(15);
    expect(hundred.body.page).toEqual({ limit: 100, nextCursor: null });
  });

  it('pages sources newest first, one at a time, when there are several', async () => {
    const { app: own, load } = await buildAppWith({ seed: true });
    try {
      load(
        {
          source: {
            id: 'older-article',
            title: 'An older article',
            publishedAt: '2023-09-20',
            language: 'en',
            text: 'An older text.',
          },
        },
        {
          source: {
            id: 'newer-article',
            title: 'A newer article',
            publishedAt: '2024-05-01',
            language: 'en',
            text: 'A newer text.',
          },
        },
      );

      const pages = await pagesOf(own, '/v1/sources?limit=1');

      expect(pages.map((page) => page.data.map(identity))).toEqual([
        ['newer-article'],
        ['russian-peacekeepers-start-withdrawal-from-nagorno-karabakh'],
        ['older-article'],
      ]);
      expect(pages.map((page) => page.page.nextCursor === null)).toEqual([false, false, true]);
      expect(pages[0]!.data[0]).toEqual({
        id: 'newer-article',
        title: 'A newer article',
        publisher: null,
        url: null,
        publishedAt: '2024-05-01',
        language: 'en',
        counts: { actors: 0, locations: 0, events: 0, claims: 0 },
      });
    } finally {
      await own.close();
    }
  });

  it('keeps a cursor valid across inserts: no item is repeated or skipped, and items inserted before it stay behind', async () => {
    const { app: own, load } = await buildAppWith({ seed: true });
    try {
      const first = await getJson(own, '/v1/claims?limit=3');
      expect(first.body.data.map(identity)).toEqual([
        'azerbaijan-alleges',
        'armenias-political-leadership-accuses',
        'russia-rejects',
      ]);

      const text = 'Peskov said in 2020 that the deployment would last. On Tuesday he denied any change of plan.';
      load({
        source: { title: 'A later article', publishedAt: '2024-04-18', language: 'en', text },
        claims: [
          {
            key: 'before',
            speaker: 'dmitry-peskov',
            text: 'The deployment would last.',
            mode: 'reported_speech',
            stance: 'states',
            saidAt: onDay('2020-06-01'),
            evidence: 'Peskov said in 2020 that the deployment would last.',
          },
          {
            key: 'after',
            speaker: 'dmitry-peskov',
            text: 'Denied any change of plan.',
            mode: 'reported_speech',
            stance: 'denies',
            saidAt: onDay('2024-04-16', 'On Tuesday'),
            evidence: 'On Tuesday he denied any change of plan.',
          },
        ],
      });
      const walked: string[] = [];
      let cursor: string | null = first.body.page.nextCursor;
      while (cursor !== null) {
        const { status, body } = await getJson(own, `/v1/claims?limit=3&cursor=${encodeURIComponent(cursor)}`);
        expect(status).toBe(200);
        walked.push(...body.data.map(identity));
        cursor = body.page.nextCursor;
      }

      const { body: now } = await getJson(own, '/v1/claims?limit=100');
      const all = now.data.map(identity);
      expect(all).toContain('dmitry-peskov-states');
      expect(all).toContain('dmitry-peskov-denies');
      expect(walked).toEqual(all.slice(all.indexOf('russia-rejects') + 1));
      expect(walked).toContain('dmitry-peskov-denies');
      expect(walked).not.toContain('dmitry-peskov-states');
    } finally {
      await own.close();
    }
  });
});
