// Graceful shutdown of the real server process (src/server.ts): a request in flight when SIGTERM
// arrives completes and is stored; new connections are refused; the process then exits 0.
// The request is held in flight by its client: a bundle import whose body is sent in two halves,
// SIGTERM in between. Nothing is added to the API for this.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { bigBundle } from './big-bundle.ts';
import {
  type ServerProcess,
  answeredBy,
  startServerProcess,
  stopServerProcess,
  waitForLog as waitForServerLog,
} from '../support/server-process.ts';

type Server = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
};

const dir = mkdtempSync(join(tmpdir(), 'eventkg-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `src/server.ts` on a free port and resolves once it listens. */
function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(String(entry.msg));
        if (listening) resolve({ child, port: Number(listening[1]), logs, exited });
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr.slice(-2000)}`)));
  });
}

/** Resolves once a log line satisfies `match`. */
async function waitForLog(server: Server, match: (entry: Record<string, unknown>) => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.logs.some(match)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no such log line within ${timeoutMs} ms; got ${JSON.stringify(server.logs.map((l) => l.msg))}`);
}

/** Whether a new TCP connection to the port is refused. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM to the server process', () => {
  it('lets a request in flight finish (201, stored), refuses new connections, then exits 0', async () => {
    const databasePath = join(dir, 'graph.db');
    const setup = await buildApp({ databasePath });
    const { key } = createApiKey(setup.db, { name: 'shutdown', scopes: ['write'] });
    await setup.close();
    const server = await startServer({ DATABASE_PATH: databasePath, WORKERS: '1' });

    // The in-flight request: headers and half the body now, the rest after SIGTERM.
    const body = Buffer.from(JSON.stringify(bigBundle(20, 'shutdown')));
    const half = Math.floor(body.length / 2);
    let sendRest = () => {};
    const response = new Promise<{
      status: number;
      json: { source?: { id: string } };
      headers: Record<string, unknown>;
    }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/v1/sources',
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization: `Bearer ${key}`,
            'x-request-id': 'in-flight-1',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, half));
      sendRest = () => req.end(body.subarray(half));
    });
    // Give the server time to accept the connection and start reading the body.
    await new Promise((resolve) => setTimeout(resolve, 500));

    server.child.kill('SIGTERM');
    await waitForLog(server, (entry) => entry.msg === 'closing' && entry.signal === 'SIGTERM');
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await connectionRefused(server.port);
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refused, 'a new connection after SIGTERM is refused').toBe(true);

    sendRest();
    const answer = await response;
    const answeredAt = performance.now();
    const code = await server.exited;
    const exitMs = performance.now() - answeredAt;
    console.log(
      `in-flight import after SIGTERM: ${answer.status} (connection: ${answer.headers.connection}); new connections refused: ${refused}; ` +
        `server exited ${exitMs.toFixed(0)} ms after the answer with code ${code}`,
    );

    expect(answer.status).toBe(201);
    expect(answer.headers['x-request-id']).toBe('in-flight-1');
    const sourceId = answer.json.source?.id;
    expect(sourceId).toBeTruthy();
    expect(code).toBe(0);
    // It closed the finished connection instead of waiting out close-with-grace's 10 s.
    expect(exitMs).toBeLessThan(5_000);
    expect(server.logs).toContainEqual(
      expect.objectContaining({
        reqId: 'in-flight-1',
        method: 'POST',
        url: '/v1/sources',
        statusCode: 201,
        msg: 'request completed',
      }),
    );

    const sqlite = new Database(databasePath, { readonly: true });
    try {
      expect(sqlite.prepare('SELECT count(*) FROM sources WHERE id = ?').pluck().get(sourceId)).toBe(1);
      expect(
        sqlite
          .prepare("SELECT count(*) FROM changes WHERE entity_type = 'claim' AND key_name = 'shutdown'")
          .pluck()
          .get(),
      ).toBe(20);
    } finally {
      sqlite.close();
    }
  }, 60_000);
});

describe('SIGTERM to a service of two workers (WORKERS=2)', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await stopServerProcess(server);
  });

  it('every worker finishes its requests in flight (all 201, stored), new connections are refused, then the primary exits 0', async () => {
    const databasePath = join(dir, 'workers.db');
    const setup = await buildApp({ databasePath });
    const { key } = createApiKey(setup.db, { name: 'shutdown-workers', scopes: ['write'] });
    await setup.close();
    server = await startServerProcess({ DATABASE_PATH: databasePath, WORKERS: '2' }, 2);
    const { port } = server;

    // Six imports in flight, each on its own connection (so on both workers): half a body each now.
    const inFlight = Array.from({ length: 6 }, (_, i) => {
      const body = Buffer.from(JSON.stringify(bigBundle(5, `workers-${i}`)));
      const half = Math.floor(body.length / 2);
      let sendRest = () => {};
      const answer = new Promise<{ status: number; json: { source?: { id: string } } }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/sources',
            agent: false,
            headers: {
              'content-type': 'application/json',
              'content-length': body.length,
              authorization: `Bearer ${key}`,
              'x-request-id': `in-flight-w${i}`,
            },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.write(body.subarray(0, half));
        sendRest = () => req.end(body.subarray(half));
      });
      return { answer, sendRest: () => sendRest() };
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    server.child.kill('SIGTERM');
    for (const pid of server.listening)
      await waitForServerLog(
        server,
        (entry) => entry.pid === pid && entry.msg === 'closing' && entry.signal === 'SIGTERM',
      );
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await connectionRefused(port);
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refused, 'a new connection after SIGTERM is refused').toBe(true);

    for (const request of inFlight) request.sendRest();
    const answers = await Promise.all(inFlight.map((request) => request.answer));
    const code = await server.exited;
    console.log(
      `WORKERS=2, SIGTERM with ${inFlight.length} imports in flight: ${answers.map((a) => a.status).join(', ')}; primary exited ${code}`,
    );
    expect(answers.map((a) => a.status)).toEqual(Array(inFlight.length).fill(201));
    expect(code).toBe(0);
    // Both workers had requests in flight, and each logged them answered.
    const by = answeredBy(server);
    const pids = new Set(inFlight.map((_, i) => by.get(`in-flight-w${i}`)));
    expect(pids).toEqual(new Set(server.listening));
    expect(server.logs).toContainEqual(expect.objectContaining({ msg: 'every worker closed; exiting', exitCode: 0 }));

    const sqlite = new Database(databasePath, { readonly: true });
    try {
      for (const answer of answers)
        expect(sqlite.prepare('SELECT count(*) FROM sources WHERE id = ?').pluck().get(answer.json.source?.id)).toBe(1);
    } finally {
      sqlite.close();
    }
  }, 120_000);
});
