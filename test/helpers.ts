// Test helpers: a fresh app on a fresh in-memory database (seeded unless asked not to).
import { afterAll, beforeAll } from 'vitest';
import { type App, buildApp } from '../src/app.ts';

/** Builds one seeded app for the whole test file and closes it afterwards. */
export function useApp(options: { seed?: boolean; requireIfMatch?: boolean } = {}): () => App {
  let app: App | undefined;
  beforeAll(async () => {
    app = await buildApp({
      databasePath: ':memory:',
      seed: options.seed ?? true,
      checkResponses: true,
      requireIfMatch: options.requireIfMatch,
    });
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('app not built yet: call inside a test');
    return app;
  };
}

/** GET a JSON URL and return status, content type and parsed body. */
export async function getJson(app: App, url: string) {
  const response = await app.inject({ method: 'GET', url });
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type'] ?? ''),
    body: response.json(),
  };
}

/** Follows nextCursor from `url` to the end and returns every item in order. */
export async function walkPages<T = { id: string }>(app: App, url: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let next: string | null = url;
  while (next) {
    const { status, body } = await getJson(app, next);
    if (status !== 200) throw new Error(`${next} answered ${status}: ${JSON.stringify(body)}`);
    items.push(...(body.data as T[]));
    pages++;
    const cursor: string | null = body.page.nextCursor;
    next = cursor ? `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : null;
    if (pages > 1000) throw new Error('pagination does not end');
  }
  return { items, pages };
}
