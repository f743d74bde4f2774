// Hydrated representations kept between requests while the database is unchanged.
//
// A claim as the API shows it embeds its speaker, events, actors, source, attribution and links: six
// statements for a page and ~20 columns per row to marshal, about 1 ms for a page of 20 claims on a
// million-claim database, against a few µs to reuse what the last request built. Reads outnumber
// writes by far, so the rule is simple: any commit anywhere empties the cache. Before each use the
// cache compares one stamp (~3 µs): SQLite's `data_version` (changes when
// another connection, in this process or another, commits) and this connection's `total_changes()`
// (changes with its own writes). Inside a transaction the cache is neither read nor filled: what a
// transaction sees may still roll back.
//
// Cached values are deep-frozen: they are shared by every answer that shows them (claims are kept as
// JSON texts, json.ts, whose parsed value is frozen and shared too).
import type Database from 'better-sqlite3';
import { deepFreeze } from '../json.ts';

/** Claims kept hydrated between requests unless configured otherwise (CLAIM_CACHE_SIZE; a JSON text of about 2 kB each). */
export const DEFAULT_CLAIM_CACHE_SIZE = 10_000;

export class RepresentationCache<T> {
  readonly #entries = new Map<string, T>();
  readonly #dataVersion: Database.Statement<[], number>;
  readonly #totalChanges: Database.Statement<[], number>;
  #stamp = '';

  constructor(
    private readonly sqlite: Database.Database,
    readonly capacity: number,
  ) {
    // Two statements: the table-valued pragma_data_version costs 4.7 µs a call, these 3 µs together.
    this.#dataVersion = sqlite.prepare<[], number>('PRAGMA data_version');
    this.#totalChanges = sqlite.prepare<[], number>('SELECT total_changes()');
  }

  /**
   * The cache, current as of now, or undefined when it must not be used (off, or inside a
   * transaction). Call once per request, then get/set freely until the request's next write.
   */
  current(): this | undefined {
    if (this.capacity === 0 || this.sqlite.inTransaction) return undefined;
    const stamp = `${this.#dataVersion.pluck().get()}:${this.#totalChanges.pluck().get()}`;
    if (stamp !== this.#stamp) {
      this.#entries.clear();
      this.#stamp = stamp;
    }
    return this;
  }

  get(key: string): T | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Least recently used first: a hit moves to the end.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): T {
    this.#entries.delete(key);
    this.#entries.set(key, deepFreeze(value));
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
