// The concurrency test against the real service with WORKERS=2: many writes at once over HTTP, each on
// a connection of its own, so the cluster spreads them over both worker processes (each with its own
// connection and caches). Every acknowledged write is stored and in the change feed, the feed is
// complete and in order, a change stream held by one worker delivers the other worker's commits, and a
// worker that dies is replaced while the service keeps answering.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { integrityProblems } from '../ops/support/database-facts.ts';
import { SseClient } from '../support/sse-client.ts';
import {
  answeredBy,
  send,
  startServerProcess,
  stopServerProcess,
  waitForLog,
  type ServerProcess,
} from '../support/server-process.ts';

const WRITES = 120;
const CONCURRENCY = 12;

type Change = { seq: number; action: string; entityType: string; entityId: string };

function smallBundle(tag: string) {
  const name = `Reporter ${tag}`;
  return {
    source: {
      title: `Note ${tag}`,
      publishedAt: '2024-05-01',
      language: 'en',
      text: `${name} said that note ${tag} was filed.`,
    },
    actors: [{ key: 'reporter', name, kind: 'person', evidence: [name] }],
    claims: [
      {
        key: 'filed',
        speaker: 'reporter',
        text: `Said that note ${tag} was filed.`,
        mode: 'reported_speech',
        stance: 'states',
        saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
        evidence: `${name} said that note ${tag} was filed.`,
      },
    ],
  };
}

describe('WORKERS=2: concurrent writes through two worker processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventkg-workers-'));
  const databasePath = join(dir, 'graph.db');
  let server: ServerProcess | undefined;
  let key = '';

  beforeAll(async () => {
    const setup = await buildApp({ databasePath });
    key = createApiKey(setup.db, { name: 'workers', scopes: ['write'] }).key;
    await setup.close();
    server = await startServerProcess({ DATABASE_PATH: databasePath, WORKERS: '2' }, 2);
  }, 120_000);

  afterAll(async () => {
    await stopServerProcess(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('two workers listen on one port, each its own process, after the primary prepared the file once', () => {
    expect(new Set(server!.listening).size).toBe(2);
    expect(server!.listening).not.toContain(server!.child.pid);
    const prepared = server!.logs.filter((entry) => String(entry.msg).startsWith('database ready; starting 2 workers'));
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.pid).toBe(server!.child.pid);
  });

  it('loses no acknowledged write; the change feed and a change stream have every one, in order', async () => {
    const { port } = server!;
    const authorization = `Bearer ${key}`;
    const ready = await send(port, 'GET', '/v1/changes?limit=1');
    expect(ready.status).toBe(200);
    // The stream starts now; it is held by one worker while the writes land on both.
    const stream = await SseClient.connect(`http://127.0.0.1:${port}/v1/changes/stream?kind=actor,source`);
    expect(stream.status).toBe(200);
    const opened = await stream.next((e) => e.event === 'ready');

    const results: Array<{ tag: string; kind: 'actor' | 'import'; status: number; id?: string; reqId: string }> = [];
    let next = 0;
    const worker = async () => {
      while (next < WRITES) {
        const i = next++;
        const tag = `t${i}`;
        const kind = i % 5 === 4 ? 'import' : 'actor';
        const reqId = `write-${tag}`;
        const answer =
          kind === 'import'
            ? await send(port, 'POST', '/v1/sources', {
                headers: { authorization, 'x-request-id': reqId },
                body: smallBundle(tag),
              })
            : await send(port, 'POST', '/v1/actors', {
                headers: { authorization, 'x-request-id': reqId },
                body: { name: `Writer ${tag}`, kind: 'person' },
              });
        const body = answer.body ? (JSON.parse(answer.body) as { id?: string; source?: { id: string } }) : {};
        results.push({ tag, kind, status: answer.status, id: kind === 'import' ? body.source?.id : body.id, reqId });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const acknowledged = results.filter((r) => r.status === 201);
    // A write refused because the file stayed busy is a 503 (never a 500), and the client may retry it.
    expect(results.filter((r) => r.status !== 201 && r.status !== 503)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(WRITES * 0.9);

    // Both workers took writes.
    await waitForLog(server!, (entry) => entry.reqId === results.at(-1)!.reqId && entry.msg === 'request completed');
    const by = answeredBy(server!);
    const pids = new Set(results.map((r) => by.get(r.reqId)));
    expect(pids).toEqual(new Set(server!.listening));

    // Stored: every acknowledged id is in the file.
    const sqlite = new Database(databasePath, { readonly: true });
    try {
      for (const r of acknowledged) {
        const table = r.kind === 'import' ? 'sources' : 'actors';
        expect(sqlite.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(r.id), `${table} ${r.id}`).toBeDefined();
      }
    } finally {
      sqlite.close();
    }

    // The feed: every acknowledged create once, seqs strictly increasing, nothing else after the start.
    const feed: Change[] = [];
    let cursor = opened.id;
    for (;;) {
      const page = await send(port, 'GET', `/v1/changes?kind=actor,source&limit=100&since=${cursor}`);
      expect(page.status).toBe(200);
      const json = JSON.parse(page.body) as { data: Change[]; page: { nextCursor: string; hasMore: boolean } };
      feed.push(...json.data);
      cursor = json.page.nextCursor;
      if (!json.page.hasMore) break;
    }
    const seqs = feed.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const created = (type: string) =>
      feed.filter((c) => c.action === 'create' && c.entityType === type).map((c) => c.entityId);
    for (const r of acknowledged) {
      if (r.kind === 'import') expect(created('source')).toContain(r.id);
      else expect(created('actor')).toContain(r.id);
    }
    // Each actor write adds one actor, each import a source and its reporter.
    const imports = acknowledged.filter((r) => r.kind === 'import').length;
    expect(created('source')).toHaveLength(imports);
    expect(created('actor')).toHaveLength(acknowledged.length);

    // The stream, held by one worker, delivered the same changes in the same order: the other
    // worker's commits reach it through its poll of the feed.
    const last = feed.at(-1)!;
    await stream.next((e) => Number(JSON.parse(e.data).seq) === last.seq, { timeoutMs: 10_000 });
    const streamed = stream.events.filter((e) => e.event !== 'ready').map((e) => (JSON.parse(e.data) as Change).seq);
    stream.close();
    expect(streamed).toEqual(seqs);

    console.log(
      `WORKERS=2: ${results.length} writes at ${CONCURRENCY} at once, ${acknowledged.length} acknowledged, ` +
        `${results.filter((r) => r.status === 503).length} refused busy (503); per worker ` +
        [...pids].map((pid) => results.filter((r) => by.get(r.reqId) === pid).length).join(' + ') +
        `; feed ${feed.length} changes in order; stream ${streamed.length} events`,
    );
    expect(integrityProblems(databasePath)).toEqual([]);
  }, 180_000);

  it('replaces a worker that dies; the service keeps answering and writing meanwhile', async () => {
    const victim = server!.listening[1]!;
    process.kill(victim, 'SIGKILL');
    await waitForLog(
      server!,
      (entry) => entry.workerPid === victim && String(entry.msg).includes('starting a new one'),
    );
    // The other worker still answers while the replacement starts.
    const during = await send(server!.port, 'GET', '/health');
    expect(during.status).toBe(200);
    await waitForLog(
      server!,
      (entry) =>
        String(entry.msg).startsWith('Server listening') && !server!.listening.slice(0, 2).includes(Number(entry.pid)),
      60_000,
    );
    expect(server!.listening).toHaveLength(3);
    const replacement = server!.listening[2]!;
    expect(replacement).not.toBe(victim);
    // Requests on new connections reach both live workers again.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        send(server!.port, 'POST', '/v1/actors', {
          headers: { authorization: `Bearer ${key}`, 'x-request-id': `after-restart-${i}` },
          body: { name: `After restart ${i}`, kind: 'person' },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    await waitForLog(server!, (entry) => entry.reqId === 'after-restart-7' && entry.msg === 'request completed');
    const by = answeredBy(server!);
    const pids = new Set(answers.map((_, i) => by.get(`after-restart-${i}`)));
    expect(pids.has(replacement)).toBe(true);
  }, 120_000);
});
