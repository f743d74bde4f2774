// Shared by the curation tests: API keys, a request helper for writes, the whole served state, the change feed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, expect } from 'vitest';
import type { App } from '../../../../src/app.ts';
import { createApiKey } from '../../../../src/domain/api-keys.ts';
import { getJson, walkPages } from '../../../helpers.ts';

export const SEED_SOURCE = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
export const WITHDRAWAL = 'russian-peacekeepers-withdraw-from-nagorno-karabakh';

/** A fixture bundle, parsed fresh on every call so tests can change their copy. */
export function loadBundle(name = 'withdrawal-completed'): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.bundle.json`, import.meta.url), 'utf8'));
}

export type Keys = { writer: string; admin: string };

/** Creates a `write` key named "test-writer" and an `admin` key named "test-admin" once the app is built. */
export function useKeys(app: () => App): Keys {
  const keys: Keys = { writer: '', admin: '' };
  beforeAll(() => {
    keys.writer = createApiKey(app().db, { name: 'test-writer', scopes: ['write'] }).key;
    keys.admin = createApiKey(app().db, { name: 'test-admin', scopes: ['admin'] }).key;
  });
  return keys;
}

export type Reply = {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  contentType: string;
  body: any;
  raw: string;
};

/** One request; `body` is sent as JSON unless `payload` (raw) is given. */
export async function call(
  app: App,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  options: { key?: string; body?: unknown; payload?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
    ...options.headers,
  };
  const response = await app.inject({
    method,
    url,
    headers,
    ...(options.payload !== undefined
      ? { payload: options.payload }
      : options.body !== undefined
        ? { payload: options.body as object }
        : {}),
  });
  const contentType = String(response.headers['content-type'] ?? '');
  let body: any = null;
  if (response.body && /json/.test(contentType)) body = response.json();
  return { status: response.statusCode, headers: response.headers, contentType, body, raw: response.body };
}

/**
 * A change to a stored resource (PATCH, DELETE, merge) sent as a careful client sends it: GET the
 * resource, then the write with its ETag as If-Match (none when the GET has no ETag, e.g. a 404).
 */
export async function callFresh(
  app: App,
  method: 'PATCH' | 'DELETE' | 'POST',
  url: string,
  options: { key?: string; body?: unknown; payload?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const etag = (await app.inject({ method: 'GET', url: url.replace(/\/(merge|accept|reject)$/, '') })).headers.etag;
  return call(app, method, url, {
    ...options,
    headers: { ...(etag ? { 'if-match': String(etag) } : {}), ...options.headers },
  });
}

export type State = Record<'sources' | 'actors' | 'locations' | 'events' | 'claims', Record<string, any>>;

/** Everything the API serves: every list walked to the end, and each source's detail (with its text). */
export async function servedState(app: App): Promise<State> {
  const byId = (items: Array<{ id: string }>) => Object.fromEntries(items.map((item) => [item.id, item]));
  const state: State = { sources: {}, actors: {}, locations: {}, events: {}, claims: {} };
  for (const kind of ['actors', 'locations', 'events', 'claims'] as const) {
    state[kind] = byId((await walkPages(app, `/v1/${kind}?limit=100`)).items);
  }
  for (const { id } of (await walkPages(app, '/v1/sources?limit=100')).items) {
    const { status, body } = await getJson(app, `/v1/sources/${id}`);
    expect(status).toBe(200);
    state.sources[id] = body;
  }
  return state;
}

export type Change = {
  seq: number;
  at: string;
  by: string;
  action: 'create' | 'update' | 'delete' | 'merge';
  entityType: 'source' | 'actor' | 'location' | 'event' | 'claim';
  entityId: string;
  mergedInto: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
};

/** Reads the change feed from `since` (or the start) to its end; returns the changes and the cursor to poll with. */
export async function readFeed(
  app: App,
  since?: string,
  limit = 50,
): Promise<{ changes: Change[]; cursor: string; pages: number }> {
  const changes: Change[] = [];
  let cursor = since;
  let pages = 0;
  for (;;) {
    const url = `/v1/changes?limit=${limit}${cursor ? `&since=${encodeURIComponent(cursor)}` : ''}`;
    const { status, body } = await getJson(app, url);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(typeof body.page.nextCursor).toBe('string');
    changes.push(...body.data);
    cursor = body.page.nextCursor as string;
    pages++;
    if (!body.page.hasMore) return { changes, cursor, pages };
    if (pages > 1000) throw new Error('the change feed does not end');
  }
}

/** A source as the change feed records it: its text as `textSha256` and `textLength`. */
export function asRecorded({ text, ...source }: Record<string, any>): Record<string, unknown> {
  return { ...source, textSha256: createHash('sha256').update(text, 'utf8').digest('hex'), textLength: text.length };
}

/** An EvidenceRef for a write body. */
export const quote = (text: string, sourceId = SEED_SOURCE, occurrence?: number) => ({
  sourceId,
  quote: text,
  ...(occurrence ? { occurrence } : {}),
});

/** A TimeSpec with nothing known. */
export const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false } as const;

/** A TimeSpec for one known day. */
export const onDay = (date: string, text: string | null = null) => ({
  text,
  start: date,
  end: date,
  precision: 'day' as const,
  approximate: false,
});
