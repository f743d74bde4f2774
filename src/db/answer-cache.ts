// Whole answers of list URLs (the JSON body a GET built), kept while the database is unchanged, so
// that a page asked for again costs a lookup instead of its walk, its claims and their JSON.
//
// Why: under real traffic popular pages repeat (the first page of the most quoted speakers, the news
// of the day); the claim cache spares a repeated page its hydration but not its walk, its kept rows
// for claims evicted meanwhile, nor the stitching of its body. The answer is a function of the data,
// the URL and what the list ETag already names (plugins/http-cache.ts, listEtag), so it is kept under
// that tag. Rules, as for the claim cache (representation-cache.ts):
// - any commit, by this process or another, empties it: it is tagged with the connection's local
//   stamp (`data_version` and `total_changes()`), compared on every use;
// - an answer is stored only when that stamp did not move while it was built;
// - bounded by characters held (least recently used out), not by count: one page of a month's claims
//   weighs as much as a hundred pages of a minor speaker;
// - an answer is kept the second time it is built, not the first (a doorkeeper of recently seen tags,
//   a few bytes each): most URLs of real traffic are asked once, and keeping each of them only to
//   evict it later made every page a long-lived object, old-generation garbage that grew the heap
//   (peak RSS up 80-150 MB in the mixed benchmark) for no hit.
// The plugin decides what is kept (200 JSON answers to reads without a key).

/** Characters of answers kept unless configured otherwise (ANSWER_CACHE_MB): 8 M characters, 8-16 MB. */
export const DEFAULT_ANSWER_CACHE_CHARS = 8 * 1024 * 1024;
/** An answer larger than this share of the cache is never kept (an export page would flush the rest). */
const LARGEST_SHARE = 1 / 16;

/** A kept answer: its body and the headers that describe it (content type; which merged ids it answers for). */
export type KeptAnswer = { body: string; contentType: string; headers?: Record<string, string> };
/** Tags remembered as seen once (the doorkeeper), at most. */
const SEEN_MAX = 50_000;

export class AnswerCache {
  readonly #entries = new Map<string, KeptAnswer>();
  readonly #seen = new Set<string>();
  #chars = 0;
  #local = '';

  constructor(readonly capacityChars: number) {}

  /** Empties the cache when the database moved since its answers were kept (`local`: its local stamp). */
  #at(local: string): void {
    if (local !== this.#local) {
      this.#entries.clear();
      this.#seen.clear();
      this.#chars = 0;
      this.#local = local;
    }
  }

  get(key: string, local: string): KeptAnswer | undefined {
    if (this.capacityChars === 0) return undefined;
    this.#at(local);
    const answer = this.#entries.get(key);
    if (answer !== undefined) {
      // Least recently used first: a hit moves to the end.
      this.#entries.delete(key);
      this.#entries.set(key, answer);
    }
    return answer;
  }

  /** Keeps `answer` under `key` if `key` was offered before (since the last commit); else remembers it was. */
  set(key: string, local: string, answer: KeptAnswer): void {
    const size = answer.body.length;
    if (size > this.capacityChars * LARGEST_SHARE) return;
    this.#at(local);
    if (!this.#seen.delete(key)) {
      if (this.#seen.size >= SEEN_MAX) this.#seen.delete(this.#seen.values().next().value!);
      this.#seen.add(key);
      return;
    }
    const old = this.#entries.get(key);
    if (old) {
      this.#entries.delete(key);
      this.#chars -= old.body.length;
    }
    this.#entries.set(key, answer);
    this.#chars += size;
    for (const [oldest, value] of this.#entries) {
      if (this.#chars <= this.capacityChars) break;
      this.#entries.delete(oldest);
      this.#chars -= value.body.length;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  get chars(): number {
    return this.#chars;
  }
}
