// What the fuzzers draw "real" values from: ids that exist, exact words of stored sources, ETags, API keys.
import type { App } from '../../../src/app.ts';
import { createApiKey } from '../../../src/domain/api-keys.ts';
import { occurrences } from '../../../src/text/spans.ts';

export const KINDS = ['actors', 'locations', 'events', 'claims', 'sources', 'extractions'] as const;
export type Kind = (typeof KINDS)[number];

export type EvidenceRef = { sourceId: string; quote: string; occurrence: number };

export type Pools = {
  ids: Record<Kind, string[]>;
  /** ETags of single resources, by path (`/v1/actors/kremlin`). */
  etags: Record<string, string>;
  /** Exact words of stored sources, with the occurrence that makes each unambiguous. */
  evidence: EvidenceRef[];
  /** Words and fragments of names, titles and claim texts, for `q`. */
  words: string[];
  keys: { admin: string; write: string; read: string };
  /** Drafts of the pending extractions, valid bodies for PATCH /v1/extractions/{id}. */
  drafts: unknown[];
};

/** The review queue starts empty: queue two articles (one quoting a stored person) so its routes have ids. */
export async function queueExtractions(
  app: App,
): Promise<{ ids: string[]; etags: Record<string, string>; drafts: unknown[] }> {
  const key = createApiKey(app.db, { name: 'fuzz-extractions', scopes: ['write'] }).key;
  const articles = [
    {
      text: 'Talks ended.\n\n“We will leave nothing behind,” said Dmitry Peskov.',
      publishedAt: '2024-06-13',
      title: 'Talks end',
    },
    { text: 'Talks resumed.\n\n“We will stay,” said Anna Petrova.', publishedAt: '2024-06-14' },
  ];
  const queued = { ids: [] as string[], etags: {} as Record<string, string>, drafts: [] as unknown[] };
  for (const article of articles) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/extractions',
      headers: { authorization: `Bearer ${key}` },
      payload: article,
    });
    if (response.statusCode !== 201)
      throw new Error(`queueing an extraction answered ${response.statusCode}: ${response.body}`);
    const { id, draft } = response.json();
    queued.ids.push(id);
    queued.etags[`/v1/extractions/${id}`] = String(response.headers.etag);
    queued.drafts.push(draft);
  }
  return queued;
}

async function all(app: App, url: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const response: { statusCode: number; body: string; json: () => any } = await app.inject(
      `${url}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
    const body: { data: any[]; page: { nextCursor: string | null } } = response.json();
    items.push(...body.data);
    cursor = body.page.nextCursor;
  } while (cursor);
  return items;
}

/** Reads the pools from the app's current state and creates one key of each scope. */
export async function collectPools(app: App): Promise<Pools> {
  const ids = {} as Record<Kind, string[]>;
  const etags: Record<string, string> = {};
  const spans: Array<{ sourceId: string; start: number; text: string }> = [];
  const words = new Set<string>();
  const texts = new Map<string, string>();
  for (const kind of KINDS) {
    const items = await all(app, `/v1/${kind}`);
    ids[kind] = items.map((item) => item.id);
    for (const item of items) {
      for (const label of [item.name, item.title, item.text]) {
        if (typeof label !== 'string') continue;
        const parts = label.split(/\s+/).filter((w) => w.length > 3);
        for (const word of parts.slice(0, 3)) words.add(word.replace(/[^\p{L}\p{N}-]/gu, ''));
        if (parts[0]) words.add(parts[0].slice(1, 5).toLowerCase());
      }
      const evidence = Array.isArray(item.evidence) ? item.evidence : item.evidence ? [item.evidence] : [];
      spans.push(...evidence);
    }
  }
  const drafts: unknown[] = [];
  for (const id of ids.extractions) {
    const response = await app.inject(`/v1/extractions/${id}`);
    if (response.json().status === 'pending') drafts.push(response.json().draft);
  }
  for (const id of ids.sources) {
    const response = await app.inject(`/v1/sources/${id}`);
    texts.set(id, response.json().text);
  }
  for (const kind of KINDS) {
    for (const id of ids[kind]) {
      const response = await app.inject(`/v1/${kind}/${id}`);
      const etag = response.headers.etag;
      if (typeof etag === 'string') etags[`/v1/${kind}/${id}`] = etag;
    }
  }
  const evidence = new Map<string, EvidenceRef>();
  for (const span of spans) {
    const text = texts.get(span.sourceId);
    if (!text) continue;
    const occurrence = occurrences(text, span.text).indexOf(span.start) + 1;
    if (occurrence > 0)
      evidence.set(`${span.sourceId}:${span.start}:${span.text}`, {
        sourceId: span.sourceId,
        quote: span.text,
        occurrence,
      });
  }
  return {
    ids,
    etags,
    evidence: [...evidence.values()],
    words: [...words].filter(Boolean),
    keys: createKeys(app),
    drafts,
  };
}

/** One API key of each scope, stored in this app's database. */
export function createKeys(app: App): Pools['keys'] {
  return {
    admin: createApiKey(app.db, { name: 'fuzz-admin', scopes: ['admin'] }).key,
    write: createApiKey(app.db, { name: 'fuzz-writer', scopes: ['write'] }).key,
    read: createApiKey(app.db, { name: 'fuzz-reader', scopes: ['read'] }).key,
  };
}
