// WORKERS > 1: the primary process of a node:cluster. It serves nothing itself: it migrates and seeds
// the database once, then forks WORKERS copies of server.ts, each with its own connection and caches
// (db/context.ts), all accepting on the one listening socket the primary holds. Writes stay
// serialized by SQLite (WAL, BEGIN IMMEDIATE, db/busy.ts retries), whichever worker takes them; the
// change stream of every worker polls the feed, so it sees the other workers' commits.
//
// Signals: SIGTERM or SIGINT to the primary asks every worker to close gracefully (each finishes its
// requests in flight, as a single process does), then the primary exits 0 if every worker did.
// Workers ignore SIGINT: a Ctrl-C reaches the whole process group, and a second signal would make a
// worker give up its requests. A worker that dies otherwise is replaced; more than
// RESTART_LIMIT.deaths deaths within RESTART_LIMIT.windowMs stop the service with one log line.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.ts';
import { DatabaseOpenError, openDatabase, openFailureReason } from './db/client.ts';
import { loadSeedIfEmpty } from './domain/seed.ts';
import type { Integrity } from './db/storage-health.ts';

/** A crash loop: this many worker deaths inside the window stop the service instead of forking again. */
export const RESTART_LIMIT = { deaths: 5, windowMs: 60_000 };

/** How long the primary waits for its workers to close after a signal before killing them (ms). */
const SHUTDOWN_GRACE_MS = 15_000;

/** The environment variable that tells a worker its index (0 runs the start-up integrity check). */
export const WORKER_INDEX_ENV = 'EVENTKG_WORKER_INDEX';

/** Messages between the primary and its workers (worker → primary, and primary → every worker). */
export type ClusterMessage = { type: 'eventkg:integrity'; integrity: Integrity };

export function isClusterMessage(message: unknown): message is ClusterMessage {
  return (
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'eventkg:integrity'
  );
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;

/** The primary's log lines, in the same JSON shape as the workers' (pino's: level, time, pid, msg). */
function primaryLogger(level: Config['LOG_LEVEL']) {
  const threshold = LEVELS[level];
  const write = (at: keyof typeof LEVELS, fields: Record<string, unknown>, msg: string) => {
    if (LEVELS[at] < threshold) return;
    process.stdout.write(
      `${JSON.stringify({ level: LEVELS[at], time: Date.now(), pid: process.pid, role: 'primary', ...fields, msg })}\n`,
    );
  };
  return {
    info: (fields: Record<string, unknown>, msg: string) => write('info', fields, msg),
    warn: (fields: Record<string, unknown>, msg: string) => write('warn', fields, msg),
    error: (fields: Record<string, unknown>, msg: string) => write('error', fields, msg),
    fatal: (fields: Record<string, unknown>, msg: string) => write('fatal', fields, msg),
  };
}

/**
 * Migrates the database and loads the seed into an empty one, then closes it: done once, here, before
 * any worker opens the file. A file it cannot use throws a DatabaseOpenError, as buildApp does.
 */
export function prepareDatabase(path: string): void {
  const db = openDatabase(path, { claimCacheSize: 0 });
  try {
    loadSeedIfEmpty(db);
  } catch (error) {
    const reason = openFailureReason(error);
    throw reason ? new DatabaseOpenError(path, reason, { cause: error }) : error;
  } finally {
    db.$client.close();
  }
}

/** Runs the primary: prepares the database, forks `config.WORKERS` workers and looks after them. */
export function startPrimary(config: Config): void {
  const log = primaryLogger(config.LOG_LEVEL);
  const started = performance.now();
  prepareDatabase(config.DATABASE_PATH);
  log.info(
    { workers: config.WORKERS, prepareMs: Math.round(performance.now() - started) },
    `database ready; starting ${config.WORKERS} workers`,
  );

  const indexOf = new Map<Worker, number>();
  const deaths: number[] = [];
  let integrity: Integrity | undefined;
  let stopping = false;
  let exitCode = 0;

  const broadcast = (message: ClusterMessage, except?: Worker) => {
    for (const worker of indexOf.keys()) if (worker !== except && worker.isConnected()) worker.send(message);
  };

  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    indexOf.set(worker, index);
    worker.on('message', (message: unknown) => {
      if (!isClusterMessage(message)) return;
      integrity = message.integrity;
      broadcast(message, worker);
    });
    // A replacement learns what the check found before it started.
    worker.once('online', () => {
      if (integrity && index !== 0) worker.send({ type: 'eventkg:integrity', integrity } satisfies ClusterMessage);
    });
  };

  const finish = () => {
    if (indexOf.size > 0) return;
    log.info({ exitCode }, exitCode === 0 ? 'every worker closed; exiting' : 'exiting after a worker failed');
    process.exit(exitCode);
  };

  const stop = (code: number, signal?: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    log.info(signal ? { signal } : {}, 'closing: every worker finishes its requests in flight, then exits');
    for (const worker of indexOf.keys()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      log.error({ left: indexOf.size }, `workers still open after ${SHUTDOWN_GRACE_MS} ms; killing them`);
      for (const worker of indexOf.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    finish();
  };

  cluster.on('exit', (worker, code, signal) => {
    const index = indexOf.get(worker) ?? 0;
    indexOf.delete(worker);
    if (stopping) {
      if (code !== 0) exitCode = 1;
      finish();
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! <= now - RESTART_LIMIT.windowMs) deaths.shift();
    if (deaths.length > RESTART_LIMIT.deaths) {
      log.fatal(
        { workerPid: worker.process.pid, code, signal },
        `worker ${index} died: ${deaths.length} worker deaths within ${RESTART_LIMIT.windowMs / 1000} s, more than the ${RESTART_LIMIT.deaths} allowed; stopping the service (read the workers' last error lines above)`,
      );
      stop(1);
      return;
    }
    log.error(
      { workerPid: worker.process.pid, code, signal },
      `worker ${index} died (${signal ?? `exit code ${code}`}); starting a new one`,
    );
    fork(index);
  });

  process.on('SIGTERM', () => stop(0, 'SIGTERM'));
  process.on('SIGINT', () => stop(0, 'SIGINT'));
  for (let index = 0; index < config.WORKERS; index++) fork(index);
}
