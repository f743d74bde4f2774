// What the service keeps between requests for one database, in one object created with the
// connection (client.ts, connectDatabase) and reached as `db.$context`. Nothing here lives in a
// module-level map: two databases open in one process (tests, an export's snapshot connection, a
// worker per core each with its own connection) never see each other's claims, statements or
// counts. The caches' rules (what empties them, how big they grow) stay with the modules that use
// them; this is only where they live.
import type Database from 'better-sqlite3';
import type { Claim } from '../schemas/claims.ts';
import type { JsonText } from '../json.ts';
import type { StampState } from './database-stamp.ts';
import type { KeptType } from './kept-representations.ts';
import { AnswerCache, DEFAULT_ANSWER_CACHE_CHARS } from './answer-cache.ts';
import { DEFAULT_CLAIM_CACHE_SIZE, RepresentationCache } from './representation-cache.ts';
import { StatementCache } from './statement-cache.ts';

/** SQL text and parameters built once for a query (queries/claims.ts keeps recent claim page queries). */
export type BuiltQuery = {
  sql: string;
  params: unknown[];
  /** Per parameter: the index of the query's id it takes (a placeholder when built), or -1 (queries/claims.ts). */
  slots?: number[];
};

export type DbContextOptions = {
  /** Hydrated claims kept while the database is unchanged (default DEFAULT_CLAIM_CACHE_SIZE; 0: none). */
  claimCacheSize?: number;
  /** Characters of whole list answers kept while the database is unchanged (default DEFAULT_ANSWER_CACHE_CHARS; 0: none). */
  answerCacheChars?: number;
  /** Compiled statements kept per connection (default 500). */
  statementCacheSize?: number;
};

export class DbContext {
  /** Compiled statements by SQL text (statement-cache.ts); installed on the connection's prepare(). */
  readonly statements: StatementCache;
  /** Claims as JSON texts, emptied by any commit (representation-cache.ts; used by queries/claims.ts). */
  claims: RepresentationCache<JsonText<Claim>>;
  /** Whole answers of list URLs, emptied by any commit (answer-cache.ts; used by plugins/http-cache.ts). */
  readonly answers: AnswerCache;
  /** SQL of recent claim page queries, by the query (queries/claims.ts bounds it). */
  readonly claimPageSql = new Map<string, BuiltQuery>();
  /** Search phrases found common, with when that stops being trusted (queries/search.ts bounds it). */
  readonly commonTerms = new Map<string, number>();
  /**
   * Kept-representation types whose stored JSON differed from this code's at start: not read from the
   * table by this connection (kept-representations.ts, checkKeptRepresentations fills it).
   */
  keptUntrusted: ReadonlySet<KeptType> = new Set();
  /** The database stamp's statements and last value (database-stamp.ts), made on first use. */
  stamp: StampState | undefined;
  /** Statements a query module prepares once per database, by the function that prepares them. */
  readonly #prepared = new Map<(db: never) => unknown, unknown>();

  constructor(
    readonly sqlite: Database.Database,
    options: DbContextOptions = {},
  ) {
    // First: the claim cache's own statements are prepared through it.
    this.statements = new StatementCache(sqlite, options.statementCacheSize);
    this.claims = new RepresentationCache(sqlite, options.claimCacheSize ?? DEFAULT_CLAIM_CACHE_SIZE);
    this.answers = new AnswerCache(options.answerCacheChars ?? DEFAULT_ANSWER_CACHE_CHARS);
  }

  /** Replaces the claim cache by an empty one holding at most `capacity` claims (0: none). */
  resizeClaimCache(capacity: number): void {
    this.claims = new RepresentationCache(this.sqlite, capacity);
  }

  /**
   * What `prepare(db)` returns, made the first time it is asked for on this database and kept (a
   * drizzle prepared query, say). `prepare` is the key: pass a module-level function, not a closure.
   */
  prepared<D, T>(prepare: (db: D) => T, db: D): T {
    if (this.#prepared.has(prepare)) return this.#prepared.get(prepare) as T;
    const made = prepare(db);
    this.#prepared.set(prepare, made);
    return made;
  }
}
