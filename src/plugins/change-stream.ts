// GET /v1/changes/stream: the change feed pushed as Server-Sent Events. What a stream sends is what
// /v1/changes pages hold (the same listChanges, the same filters), one event per change.
//
// How a stream learns of new writes: every open stream waits on one ChangeHub per app, which reads
// the feed's latest seq (`max(seq)`, one step down the primary key) every `pollMs` while at least one
// stream is open, and at once after any write this process answers. Polling is what sees writes by
// other processes (`npm run import`, a second server on the same file); the check after a write only
// makes this process's own writes arrive without the poll's delay.
import { once } from 'node:events';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { changeCursor, latestSeq, listChanges, sinceSeq } from '../db/queries/changes.ts';
import { TooManyRequestsError } from '../errors.ts';
import type { ChangeStreamQuery } from '../schemas/changes.ts';
import { rateLimitKey } from './rate-limit.ts';
import { startRawResponse } from './raw-response.ts';

export type ChangeStreamOptions = {
  /** A comment line is sent this often (ms) so proxies and idle timeouts keep the connection open. */
  heartbeatMs?: number;
  /** How often the feed is checked for writes by other processes while a stream is open (ms). */
  pollMs?: number;
  /** Open streams per client (its API key, else its IP address); one more is a 429. */
  maxPerClient?: number;
};

export const CHANGE_STREAM_DEFAULTS = {
  heartbeatMs: 15_000,
  pollMs: 500,
  maxPerClient: 5,
} as const satisfies Required<ChangeStreamOptions>;

/** Changes read per query while a stream catches up. */
const BATCH = 100;
/** What an EventSource waits before it reconnects after the connection drops (ms). */
const RETRY_MS = 2_000;

/** The feed's latest seq as this process last saw it, and who waits for it to move. */
class ChangeHub {
  // Read when first needed, not when the app is built: a damaged file must not stop the service from
  // starting (it answers 503 and fails /ready instead).
  private latestSeen: number | undefined;
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly pollMs: number,
  ) {}

  private get latest(): number {
    this.latestSeen ??= latestSeq(this.db);
    return this.latestSeen;
  }

  private set latest(seq: number) {
    this.latestSeen = seq;
  }

  /** Reads the latest seq; wakes every waiter when it moved. Cheap: one index step. */
  check() {
    if (this.waiters.size === 0) return;
    let seq: number;
    try {
      seq = latestSeq(this.db);
    } catch {
      // A storage fault (a damaged page, an I/O error): thrown from a timer it would end the process.
      // The streams meet it on their own next read, which ends them; the next check tries again.
      return;
    }
    if (seq <= this.latest) return;
    this.latest = seq;
    for (const wake of [...this.waiters]) wake();
  }

  /** The latest seq known now: a stream that read the feed up to here waits for a later one. */
  get known(): number {
    return this.latest;
  }

  /** Resolves once a change after `seq` is known, or when `signal` aborts. */
  async waitBeyond(seq: number, signal: AbortSignal): Promise<void> {
    if (this.latest > seq || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        if (this.waiters.size === 0) this.stopPolling();
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
      this.startPolling();
    });
  }

  private startPolling() {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.pollMs);
    this.timer.unref();
  }

  private stopPolling() {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

// x-accel-buffering: a proxy that buffers answers (nginx) would hold events back.
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
};

/** One SSE event: `id:` the feed cursor after it, `event:` a name, `data:` one line of JSON. */
function sseEvent(id: string, event: string, data: unknown): string {
  // JSON.stringify escapes CR and LF, the only line ends SSE knows: the data is always one line.
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class ChangeStreams {
  private readonly hub: ChangeHub;
  private readonly options: Required<ChangeStreamOptions>;
  private readonly perClient = new Map<string, number>();
  private readonly open = new Set<AbortController>();

  constructor(
    private readonly db: Db,
    options: ChangeStreamOptions = {},
  ) {
    this.options = { ...CHANGE_STREAM_DEFAULTS, ...options };
    this.hub = new ChangeHub(db, this.options.pollMs);
  }

  /** After a write answered by this process: its changes go out now, not at the next poll. */
  written() {
    this.hub.check();
  }

  /** Ends every open stream (server shutdown): each response ends cleanly, so close() does not wait on them. */
  closeAll() {
    for (const stream of [...this.open]) stream.abort();
  }

  get openCount(): number {
    return this.open.size;
  }

  /**
   * Answers the request with the stream. Everything that can be refused (a bad Last-Event-ID or
   * since, one stream too many) is thrown before the response starts, as problem+json.
   */
  async serve(request: FastifyRequest, reply: FastifyReply, query: ChangeStreamQuery): Promise<void> {
    if (request.method === 'HEAD') {
      // What a GET would start with, and no stream to hold open.
      startRawResponse(request, reply, STREAM_HEADERS).end();
      return;
    }
    const lastEventId = request.headers['last-event-id'];
    const from =
      typeof lastEventId === 'string' && lastEventId !== ''
        ? sinceSeq(lastEventId, 'headers.last-event-id')
        : query.since
          ? sinceSeq(query.since)
          : latestSeq(this.db);
    const client = rateLimitKey(request);
    const opened = this.perClient.get(client) ?? 0;
    if (opened >= this.options.maxPerClient) {
      const who = client.startsWith('key:') ? 'this API key' : 'this address';
      throw new TooManyRequestsError(
        `${who[0]!.toUpperCase()}${who.slice(1)} already has ${opened} change streams open, the most allowed; close one (an EventSource per page, not per component) before opening another.`,
        Math.ceil(this.options.heartbeatMs / 1000),
      );
    }

    const stream = new AbortController();
    this.perClient.set(client, opened + 1);
    this.open.add(stream);
    const res = startRawResponse(request, reply, STREAM_HEADERS);
    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain) res.write(': heartbeat\n\n');
    }, this.options.heartbeatMs);
    const finish = () => {
      if (!this.open.delete(stream)) return;
      clearInterval(heartbeat);
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
      stream.abort();
      if (!res.writableEnded) res.end();
    };
    stream.signal.addEventListener('abort', finish, { once: true });
    res.on('close', finish);

    try {
      res.write(`retry: ${RETRY_MS}\n\n`);
      res.write(sseEvent(changeCursor(from), 'ready', { cursor: changeCursor(from) }));
      let cursor = changeCursor(from);
      while (!stream.signal.aborted) {
        const known = this.hub.known;
        const page = listChanges(this.db, { since: cursor, limit: BATCH, kind: query.kind, id: query.id });
        let flowing = true;
        for (const change of page.data)
          flowing = res.write(sseEvent(changeCursor(change.seq), change.entityType, change));
        cursor = page.page.nextCursor;
        // A slow reader: wait until it has taken what was written, reading nothing more meanwhile.
        if (!flowing) await once(res, 'drain', { signal: stream.signal }).catch(() => undefined);
        else if (!page.page.hasMore) await this.hub.waitBeyond(Math.max(known, sinceSeq(cursor)), stream.signal);
      }
    } catch (error) {
      request.log.error({ err: error }, 'change stream failed');
    } finally {
      finish();
    }
  }
}

export function installChangeStreams(app: FastifyInstance, db: Db, options: ChangeStreamOptions = {}): ChangeStreams {
  const streams = new ChangeStreams(db, options);
  // buildApp calls streams.written() after every write it answers (one hook for all that follows a write).
  app.addHook('preClose', async () => streams.closeAll());
  return streams;
}
