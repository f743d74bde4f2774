// src/server.ts as a real process on 127.0.0.1 and a free port, for tests of process behaviour
// (WORKERS, signals): resolves once every worker listens, keeps every JSON log line, and knows how to
// wait for one.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import type { Readable } from 'node:stream';

export type Log = Record<string, unknown>;

export type ServerProcess = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  logs: Log[];
  stderr: () => string;
  exited: Promise<number | null>;
  /** The pids of the processes that logged "Server listening", in order. */
  listening: number[];
};

/** Starts src/server.ts with `env` and resolves once `workers` processes listen (one for WORKERS=1). */
export function startServerProcess(env: Record<string, string>, workers = 1): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Log[] = [];
  const listening: number[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let port = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Log;
        logs.push(entry);
        const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(String(entry.msg));
        if (!match) continue;
        port = Number(match[1]);
        listening.push(Number(entry.pid));
        if (listening.length === workers) resolve({ child, port, logs, stderr: () => stderr, exited, listening });
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr.slice(-2000)}`)));
  });
}

/** Resolves with the first log line `match` accepts, waiting for it up to `timeoutMs`. */
export async function waitForLog(server: ServerProcess, match: (entry: Log) => boolean, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = server.logs.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no such log line within ${timeoutMs} ms; got ${JSON.stringify(server.logs.map((l) => l.msg))}`);
}

/** The pid of the process that answered each request id, from the "request completed" log lines. */
export function answeredBy(server: ServerProcess): Map<string, number> {
  return new Map(
    server.logs
      .filter((entry) => entry.msg === 'request completed' && typeof entry.reqId === 'string')
      .map((entry) => [entry.reqId as string, Number(entry.pid)]),
  );
}

export type Answer = { status: number; headers: Record<string, unknown>; body: string };

/** One request on a connection of its own (no keep-alive), so that a cluster spreads them over its workers. */
export function send(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Stops the server (SIGTERM) if it still runs, SIGKILL after `graceMs`; resolves with its exit code. */
export async function stopServerProcess(server: ServerProcess | undefined, graceMs = 20_000) {
  if (!server) return undefined;
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
    const code = await server.exited;
    clearTimeout(timer);
    return code;
  }
  return server.exited;
}
