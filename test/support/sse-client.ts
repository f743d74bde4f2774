// A small EventSource-style client for tests: connects over a real socket, parses text/event-stream
// as the HTML spec's EventSource does (fields id/event/data/retry, comments, blank line dispatches,
// the last event id kept across events), and lets a test await the next event that matches.
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';

export type SseEvent = { id: string; event: string; data: string };

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  lastEventId = '';
  retry: number | undefined;
  ended = false;
  private buffer = '';
  private pending: { id: string; event: string; data: string[]; hasData: boolean } = {
    id: '',
    event: '',
    data: [],
    hasData: false,
  };
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    readonly body: string,
    private readonly abort: () => void,
  ) {}

  /** Opens the stream; a non-200 answer resolves too, with its body read whole (a problem). */
  static connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let body = '';
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(new SseClient(res.statusCode ?? 0, res.headers, body, () => req.destroy())));
          return;
        }
        const client = new SseClient(200, res.headers, '', () => req.destroy());
        res.on('data', (chunk: string) => client.feed(chunk));
        const end = () => {
          client.ended = true;
          client.notify();
        };
        res.on('end', end);
        res.on('close', end);
        resolve(client);
      });
      req.on('error', reject);
      req.end();
    });
  }

  close() {
    this.abort();
  }

  /** The first event (from `after` on) that matches, waiting for it up to `timeoutMs`. */
  async next(
    match: (event: SseEvent) => boolean = () => true,
    { after = 0, timeoutMs = 5_000 } = {},
  ): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(after).find(match);
      if (found) return found;
      if (this.ended)
        throw new Error(`stream ended; events so far: ${JSON.stringify(this.events.map((e) => e.event))}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching event within ${timeoutMs} ms; events so far: ${JSON.stringify(this.events.map((e) => e.event))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.listeners.add(done);
      });
    }
  }

  /** Resolves when the server ends the stream (or after timeoutMs, rejecting). */
  async waitForEnd(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the stream did not end');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.listeners.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify() {
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }

  private feed(chunk: string) {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop()!;
    for (const line of lines) this.line(line);
    this.notify();
  }

  private line(line: string) {
    if (line === '') {
      // Dispatch: the id is kept even by a block without data; a block without data fires nothing.
      if (this.pending.id !== '') this.lastEventId = this.pending.id;
      if (this.pending.hasData)
        this.events.push({
          id: this.lastEventId,
          event: this.pending.event || 'message',
          data: this.pending.data.join('\n'),
        });
      this.pending = { id: '', event: '', data: [], hasData: false };
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'id') this.pending.id = value;
    else if (field === 'event') this.pending.event = value;
    else if (field === 'data') {
      this.pending.data.push(value);
      this.pending.hasData = true;
    } else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }
}
