// SQLITE_BUSY for writers: several processes share one database file, and WAL still answers BUSY now
// and then (BUSY_SNAPSHOT, BUSY_RECOVERY, or a lock held longer than busy_timeout). A write transaction
// is retried a few times with a short, jittered backoff; a busy error that persists becomes a 503.
import type Database from 'better-sqlite3';
import { DatabaseBusyError, isBusyError } from '../errors.ts';

/**
 * How long SQLite itself waits for a lock before answering BUSY. Short on purpose: better-sqlite3 is
 * synchronous, so every millisecond here blocks the event loop.
 */
export const BUSY_TIMEOUT_MS = 100;

/** Attempts of one write transaction before giving up with a 503 (worst case ~ 4 x 100 ms + 70 ms of backoff). */
export const WRITE_ATTEMPTS = 4;

/** Since the process started: write transactions retried after a busy answer, and given up on (503). */
export const busyStats = { retries: 0, gaveUp: 0 };

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms`: the retry runs inside synchronous better-sqlite3 code, which cannot await. */
function sleepSync(ms: number) {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** 10, 20, 40 ms ... each with up to 50 % jitter so that competing processes do not retry in step. */
function backoffMs(attempt: number): number {
  const base = 10 * 2 ** (attempt - 1);
  return base / 2 + Math.random() * base;
}

/**
 * Runs `transaction` (a whole transaction: it begins and ends inside) and retries it when SQLite
 * answers BUSY; throws DatabaseBusyError (503, Retry-After) when every attempt was busy. Inside an
 * enclosing transaction it runs once: retrying there would replay only part of the work.
 */
export function withBusyRetry<T>(sqlite: Database.Database, transaction: () => T, attempts = WRITE_ATTEMPTS): T {
  if (sqlite.inTransaction) return transaction();
  for (let attempt = 1; ; attempt++) {
    try {
      return transaction();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      if (attempt >= attempts) {
        busyStats.gaveUp++;
        throw new DatabaseBusyError();
      }
      busyStats.retries++;
      sleepSync(backoffMs(attempt));
    }
  }
}
