// What the service knows about its database file beyond "it answers": whether a write can succeed,
// whether a request met a damaged page, and (on the server) what PRAGMA quick_check found at start.
// /ready reads it, so that an orchestrator stops sending traffic to an instance whose storage fails
// instead of watching every write answer 5xx while /ready says 200.
import { createRequire } from 'node:module';
import { type ChildProcess, spawn } from 'node:child_process';
import type Database from 'better-sqlite3';
import { type StorageFault, isBusyError, storageFaultOf } from '../errors.ts';

/** At most one committing probe per this many ms while a write fault is outstanding. */
export const WRITE_PROBE_INTERVAL_MS = 5_000;

/** Problems quick_check reports at most (it stops after this many). */
const QUICK_CHECK_MAX_ERRORS = 10;

export type Integrity =
  | { state: 'unchecked' }
  | { state: 'checking' }
  | { state: 'ok'; ms: number }
  | { state: 'damaged'; problems: string[] };

export type Unready = { detail: string; retryAfterSeconds?: number };

type Seen = { fault: StorageFault; at: string };

// Runs in a child process on its own read-only connection: quick_check reads the whole file (seconds,
// a minute on a large database), and the service keeps answering meanwhile. A process, not a worker
// thread: a thread inside SQLite cannot be stopped, and Node's exit waits for it, so a SIGTERM soon
// after start would wait for the check to end; a process is killed at once. Plain CommonJS, run by
// `node -e`: it works the same under tsx and in an esbuild bundle.
const QUICK_CHECK_PROCESS = `
const { module, path, maxErrors } = JSON.parse(process.argv[1]);
const Database = require(module);
let db;
let answer;
try {
  const started = performance.now();
  db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const rows = db.pragma('quick_check(' + maxErrors + ')', { simple: false }).map((row) => row.quick_check);
  answer = { problems: rows.filter((line) => line !== 'ok'), ms: performance.now() - started };
} catch (error) {
  answer = { problems: [(error.code ? error.code + ': ' : '') + error.message], ms: 0 };
} finally {
  if (db) db.close();
}
process.send(answer, () => process.disconnect());
`;

export class StorageHealth {
  integrity: Integrity = { state: 'unchecked' };
  /** The first damaged page a request met (SQLITE_CORRUPT, SQLITE_NOTADB); stays until a restart. */
  private damaged?: Seen;
  /** The last write that failed on the disk (full, I/O error); cleared by a write that succeeds. */
  private writeFault?: Seen;
  private lastProbeAt = 0;
  private checker?: ChildProcess;

  constructor(private readonly sqlite: Database.Database) {}

  /** Remembers a fault a request met (called by the error handler). */
  record(fault: StorageFault) {
    const seen = { fault, at: new Date().toISOString() };
    if (fault.kind === 'damaged') this.damaged ??= seen;
    else if (fault.kind === 'disk-full' || fault.kind === 'io-error') {
      this.writeFault = seen;
      // The first committing probe waits an interval: right after a failed write, /ready says so.
      this.lastProbeAt = Date.now();
    }
  }

  /** A write committed: the disk takes writes again. */
  wrote() {
    this.writeFault = undefined;
  }

  /**
   * Starts PRAGMA quick_check of the file at `path` in a child process; `onDone` gets what it found. The
   * result is kept: a file damaged at start keeps /ready failing until an operator restores it.
   */
  checkIntegrity(path: string, onDone?: (integrity: Integrity) => void): Promise<Integrity> {
    this.integrity = { state: 'checking' };
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const checker = spawn(
      process.execPath,
      ['-e', QUICK_CHECK_PROCESS, JSON.stringify({ module, path, maxErrors: QUICK_CHECK_MAX_ERRORS })],
      { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] },
    );
    this.checker = checker;
    return new Promise((resolve) => {
      const finish = (integrity: Integrity) => {
        if (this.checker !== checker) return;
        this.checker = undefined;
        this.integrity = integrity;
        onDone?.(integrity);
        resolve(integrity);
      };
      checker.once('message', (message) => {
        const { problems, ms } = message as { problems: string[]; ms: number };
        finish(problems.length ? { state: 'damaged', problems } : { state: 'ok', ms: Math.round(ms) });
      });
      checker.once('error', (error) =>
        finish({ state: 'damaged', problems: [`the check could not run: ${error.message}`] }),
      );
      checker.once('exit', () => finish({ state: 'unchecked' }));
    });
  }

  /** Stops a quick_check still running (on close). */
  async stop() {
    const checker = this.checker;
    this.checker = undefined;
    if (this.integrity.state === 'checking') this.integrity = { state: 'unchecked' };
    if (checker && checker.exitCode === null && checker.signalCode === null) {
      const exited = new Promise((resolve) => checker.once('exit', resolve));
      checker.kill('SIGKILL');
      await exited;
    }
  }

  /** Why writes or reads cannot be trusted to succeed now, or undefined when storage looks sound. */
  unready(): Unready | undefined {
    if (this.integrity.state === 'damaged') {
      return {
        detail: `The database file is damaged: PRAGMA quick_check at start found ${this.integrity.problems.length === 1 ? 'a problem' : 'problems'} (${this.integrity.problems.slice(0, 3).join('; ')}). Restore it from a backup.`,
      };
    }
    if (this.damaged) {
      return {
        detail: `The database file is damaged: a request met ${this.damaged.fault.code} at ${this.damaged.at}. Restore it from a backup.`,
      };
    }
    const probe = this.probeWriteLock();
    if (probe) return probe;
    if (this.writeFault) return this.probeCommit();
    return undefined;
  }

  /**
   * Takes the write lock and rewrites one header field, then rolls back: finds a read-only file (SQLite
   * opened it read-only) or one it cannot lock, with no disk write and no change other readers see.
   * A lock held by another writer is no fault: that write will end.
   */
  private probeWriteLock(): Unready | undefined {
    if (this.sqlite.inTransaction) return undefined;
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
      try {
        const version = this.sqlite.pragma('user_version', { simple: true }) as number;
        this.sqlite.pragma(`user_version = ${version}`);
      } finally {
        this.sqlite.exec('ROLLBACK');
      }
      return undefined;
    } catch (error) {
      if (isBusyError(error)) return undefined;
      const fault = storageFaultOf(error);
      if (!fault) throw error;
      return {
        detail: `Writes cannot succeed: ${fault.kind} (${fault.code}).`,
        ...(fault.retryAfterSeconds ? { retryAfterSeconds: fault.retryAfterSeconds } : {}),
      };
    }
  }

  /**
   * After a write failed on the disk: commits the same one-field rewrite (one page into the WAL), at
   * most every WRITE_PROBE_INTERVAL_MS, to learn whether the disk takes writes again.
   */
  private probeCommit(): Unready | undefined {
    const seen = this.writeFault!;
    const failing: Unready = {
      detail: `Writes fail: the last one met ${seen.fault.kind} (${seen.fault.code}) at ${seen.at}. Free disk space or check the device.`,
      retryAfterSeconds: WRITE_PROBE_INTERVAL_MS / 1000,
    };
    const now = Date.now();
    if (now - this.lastProbeAt < WRITE_PROBE_INTERVAL_MS) return failing;
    this.lastProbeAt = now;
    try {
      const version = this.sqlite.pragma('user_version', { simple: true }) as number;
      this.sqlite.pragma(`user_version = ${version}`);
      this.writeFault = undefined;
      return undefined;
    } catch (error) {
      if (isBusyError(error)) return failing;
      const fault = storageFaultOf(error);
      if (!fault) throw error;
      this.writeFault = { fault, at: new Date().toISOString() };
      return {
        ...failing,
        detail: `Writes fail: a probe write met ${fault.kind} (${fault.code}) just now. Free disk space or check the device.`,
      };
    }
  }
}
