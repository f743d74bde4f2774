// Synthetic data at scale for the benchmarks: `npm run gen -- --claims 1000000 [--out PATH] [--seed N]`.
//
// The database is migrated by openDatabase and seeded through the import path, then filled with
// bulk SQL that keeps the import path's invariants: every span's text is source.text.slice(start, end),
// direct quotes stand verbatim in their evidence, every reference resolves, the location closure
// table is complete and the FTS indexes are filled. Sources are assembled from the sentences of
// their events and claims, so each evidence is a sentence of its source. Shape per million claims:
// ~50k actors whose claim counts follow a Zipf law (a few speakers with tens of thousands of
// claims), 200k events (a few about which tens of thousands of claims speak), 10k locations five
// levels deep, 20 years of claims in day/month/season/year/unknown precision. Same seed, same data.
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { openDatabase } from '../../src/db/client.ts';
import { fillKeptRepresentations } from '../../src/db/kept-representations.ts';
import { KEPT_GETTERS } from '../../src/domain/changes.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { spanClass } from '../../src/db/span-class.ts';
import { slugify } from '../../src/text/slug.ts';

export type GenOptions = {
  claims: number;
  out: string;
  seed?: number;
  /** Progress bar and phase timings on stderr. */
  progress?: boolean;
  /** How the FTS indexes are filled: per-row triggers, or one 'rebuild' at the end (default, faster). */
  fts?: 'triggers' | 'rebuild';
  /** Drop secondary indexes during the load and create them at the end (default true, faster). */
  deferIndexes?: boolean;
  /** Check the invariants in SQL at the end (default true). */
  verify?: boolean;
  /** Write the kept representation of every claim, event and actor (default true; `npm run db:keep` does it later). */
  keep?: boolean;
};

export type GenSummary = {
  path: string;
  counts: Record<'sources' | 'actors' | 'locations' | 'events' | 'claims' | 'claimEvents' | 'claimActors', number>;
  seconds: Record<string, number>;
  bytes: number;
};

const CREATED_AT = '2025-01-01T00:00:00.000Z';
const FIRST_DAY = Date.UTC(2005, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2024, 11, 31) / 86_400_000;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// ---------------------------------------------------------------------------------------------
// Randomness: sfc32, seeded, so the same seed gives the same database.

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9 ^ seed;
    this.b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 24; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** One of the keys, with the given weights. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let x = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      x -= w;
      if (x < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Draws indexes 0..n-1 with probability proportional to 1/(rank+1)^s, ranks shuffled by `r`. */
class Zipf {
  private readonly cdf: Float64Array;
  private readonly order: number[];

  constructor(
    n: number,
    s: number,
    private readonly r: Random,
  ) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) this.cdf[i] = sum += 1 / (i + 1) ** s;
    this.order = r.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** The index with the given rank (0 = most frequent). */
  ranked(rank: number): number {
    return this.order[rank]!;
  }

  sample(): number {
    const x = this.r.next() * this.cdf[this.cdf.length - 1]!;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.order[lo]!;
  }
}

/** Weighted sampling among items added so far (a Fenwick tree of weights). */
class GrowingSampler {
  private readonly tree: Float64Array;
  private total = 0;
  private size = 0;

  constructor(capacity: number) {
    this.tree = new Float64Array(capacity + 1);
  }

  get count() {
    return this.size;
  }

  add(weight: number): number {
    const index = this.size++;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += weight;
    this.total += weight;
    return index;
  }

  sample(r: Random): number {
    let x = r.next() * this.total;
    let pos = 0;
    for (let step = 1 << Math.floor(Math.log2(this.tree.length - 1)); step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next]! <= x) {
        pos = next;
        x -= this.tree[next]!;
      }
    }
    return Math.min(pos, this.size - 1);
  }
}

/** Readable ids as the import path gives them: a slug, then -2, -3, ... when taken. */
class Ids {
  private readonly next = new Map<string, number>();
  constructor(private readonly taken: Set<string>) {}

  allocate(base: string): string {
    if (!this.taken.has(base)) {
      this.taken.add(base);
      return base;
    }
    let n = this.next.get(base) ?? 2;
    while (this.taken.has(`${base}-${n}`)) n++;
    this.next.set(base, n + 1);
    const id = `${base}-${n}`;
    this.taken.add(id);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Words. Real news words, drawn by a Zipf law, so a few are very common; and a long tail of made-up
// words, so rare words exist at every scale.

export const NOUNS = (
  'troops ceasefire border talks government forces attack agreement sanctions region security elections refugees weapons peace ' +
  'villages negotiations aid strikes convoy parliament protesters prisoners city oil gas pipeline checkpoint airport bridge port hospital ' +
  'civilians militants soldiers ministry embassy officials journalists corridor offensive withdrawal deployment reforms budget economy ' +
  'inflation currency exports grain harvest drones missiles artillery tanks shelling curfew blockade evacuation camps shelters water ' +
  'electricity fuel roads railway highway dam reservoir factory mine mines coalition alliance summit delegation mediators observers ' +
  'monitors inspectors investigation report evidence casualties victims hostages detainees trial court verdict constitution referendum ' +
  'ballots turnout campaign opposition candidates coup mutiny rebellion insurgents militia police protests strike unions teachers doctors ' +
  'students farmers markets prices loans debt bonds investors tariffs treaty memorandum statement resolution mission mandate'
).split(' ');
export const ADJECTIVES = (
  'new military humanitarian illegal joint foreign local temporary full renewed heavy limited unilateral provisional disputed northern ' +
  'southern eastern western border regional national international economic political emergency major minor sporadic fragile lasting'
).split(' ');
const VERB_PHRASES = [
  'will withdraw from',
  'has violated',
  'is preparing',
  'shelled',
  'attacked',
  'has blocked',
  'will not accept',
  'agreed to extend',
  'is responsible for',
  'must respect',
  'continues to support',
  'has delayed',
  'is ready to discuss',
  'rejected',
  'will restore',
  'seized',
  'opened',
  'closed',
  'destroyed',
  'promised to rebuild',
  'is planning',
  'failed to protect',
  'has suspended',
  'will monitor',
  'welcomed',
  'condemned',
  'has expanded',
  'is blocking',
  'will fund',
  'cannot guarantee',
];
const SUBJECTS = [
  'the government',
  'our forces',
  'the army',
  'the opposition',
  'the rebels',
  'local authorities',
  'the coalition',
  'peacekeepers',
  'the delegation',
  'the occupying forces',
  'the international community',
  'the ministry',
  'the mission',
  'the security services',
  'the president',
  'the prime minister',
  'the other side',
  'the authorities',
  'the militia',
  'the police',
];
const SYLLABLES = (
  'ka ri mo sa len dor vi ta nor bel ra zan mi go lu ves ter an el ol ur ben cal dan fer gal hal jor kel lam mar nat pol quin ros sul ' +
  'tam vor wen yar zel bra cor dri fla gro kra pla sto tra vel mir sha kho ze no ba du fi ge hu ja ko le ma ne'
).split(' ');

function syllableWord(r: Random, min: number, max: number): string {
  let word = '';
  for (let i = r.between(min, max); i > 0; i--) word += r.pick(SYLLABLES);
  return word;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------
// Time: TimeSpecs with the words that say them (the words stand in the evidence sentence).

type Time = {
  text: string | null;
  start: string | null;
  end: string | null;
  precision: 'day' | 'month' | 'season' | 'year' | 'decade' | 'unknown';
  approximate: boolean;
};

const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

function timeOf(day: number, precision: Time['precision']): Time {
  const date = new Date(day * 86_400_000);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  switch (precision) {
    case 'day':
      return {
        text: `on ${date.getUTCDate()} ${MONTHS[m]} ${y}`,
        start: iso(day),
        end: iso(day),
        precision,
        approximate: false,
      };
    case 'month': {
      const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const mm = String(m + 1).padStart(2, '0');
      return {
        text: `in ${MONTHS[m]} ${y}`,
        start: `${y}-${mm}-01`,
        end: `${y}-${mm}-${last}`,
        precision,
        approximate: false,
      };
    }
    case 'season': {
      const [word, start, end] =
        m < 4 ? ['early', '01-01', '04-30'] : m < 8 ? ['mid', '05-01', '08-31'] : ['late', '09-01', '12-31'];
      return { text: `in ${word} ${y}`, start: `${y}-${start}`, end: `${y}-${end}`, precision, approximate: true };
    }
    case 'year':
      return { text: `in ${y}`, start: `${y}-01-01`, end: `${y}-12-31`, precision, approximate: false };
    case 'decade': {
      const d = y - (y % 10);
      return { text: `in the ${d}s`, start: `${d}-01-01`, end: `${d + 9}-12-31`, precision, approximate: false };
    }
    case 'unknown':
      return { text: null, start: null, end: null, precision, approximate: false };
  }
}

// ---------------------------------------------------------------------------------------------
// The generator.

type LocationKind = 'country' | 'region' | 'district' | 'city' | 'site' | 'route';
type Loc = { id: string; name: string; kind: LocationKind; parent: number | null; depth: number };
type ActorKind = 'person' | 'state' | 'organization' | 'military' | 'media' | 'group';
type Actor = { id: string; name: string; kind: ActorKind; short: string };
type Ev = { id: string; title: string; participants: number[]; location: number | null };

const STANCE_WEIGHTS = {
  states: 34,
  reports: 8,
  confirms: 10,
  denies: 10,
  rejects: 8,
  alleges: 8,
  accuses: 13,
  criticizes: 9,
} as const;
type Stance = keyof typeof STANCE_WEIGHTS;
const STANCE_VERBS: Record<Stance, string> = {
  states: 'said',
  reports: 'reported',
  confirms: 'confirmed',
  denies: 'denied',
  rejects: 'rejected claims',
  alleges: 'alleged',
  accuses: 'charged',
  criticizes: 'complained',
};
const EVENT_KINDS: Record<string, { title: string; verb: string; prep: string }> = {
  shelling: { title: 'Shelling of', verb: 'shelled', prep: '' },
  airstrike: { title: 'Airstrike on', verb: 'carried out an airstrike on', prep: '' },
  protest: { title: 'Protest in', verb: 'staged a protest in', prep: '' },
  talks: { title: 'Talks in', verb: 'held talks in', prep: '' },
  election: { title: 'Election in', verb: 'held an election in', prep: '' },
  ceasefire: { title: 'Ceasefire in', verb: 'agreed a ceasefire in', prep: '' },
  withdrawal: { title: 'Withdrawal from', verb: 'withdrew from', prep: '' },
  deployment: { title: 'Deployment to', verb: 'deployed to', prep: '' },
  sanctions: { title: 'Sanctions over', verb: 'imposed sanctions over', prep: '' },
  summit: { title: 'Summit in', verb: 'met at a summit in', prep: '' },
  offensive: { title: 'Offensive in', verb: 'launched an offensive in', prep: '' },
  arrest: { title: 'Arrests in', verb: 'made arrests in', prep: '' },
  evacuation: { title: 'Evacuation of', verb: 'evacuated', prep: '' },
  agreement: { title: 'Agreement on', verb: 'signed an agreement on', prep: '' },
};
const RELATION_TYPES = [
  'causes',
  'caused_by',
  'part_of',
  'has_part',
  'precedes',
  'follows',
  'ends',
  'ended_by',
] as const;
const CHANNELS = [
  'press conference',
  'televised address',
  'statement on social media',
  'briefing for reporters',
  'conference call with journalists',
  'radio interview',
  'speech to parliament',
];
const ROLES = [
  'spokesman',
  'spokeswoman',
  'minister',
  'deputy minister',
  'commander',
  'adviser',
  'ambassador',
  'analyst',
  'chairman',
  'envoy',
];

export function generate(options: GenOptions): GenSummary {
  const started = performance.now();
  const seconds: Record<string, number> = {};
  let phaseStart = started;
  const phase = (name: string) => {
    const now = performance.now();
    seconds[name] = Math.round(now - phaseStart) / 1000;
    phaseStart = now;
    if (options.progress) process.stderr.write(`\r\x1b[K  ${name}: ${seconds[name]!.toFixed(1)} s\n`);
  };

  const N = Math.max(10, Math.floor(options.claims));
  const r = new Random(options.seed ?? 1);
  const out = resolve(options.out);
  const tmp = `${out}.tmp`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });

  // Schema by the migrations, the seed by the import path.
  const db = openDatabase(tmp);
  loadSeed(db);
  const sqlite = db.$client;
  // No WAL while loading (it would grow by the whole load); OFF is refused in better-sqlite3's defensive mode.
  sqlite.pragma('journal_mode = MEMORY');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF'); // checked in full by verify()
  sqlite.pragma('cache_size = -1000000');
  sqlite.pragma('temp_store = MEMORY');

  const ftsTriggers =
    options.fts === 'triggers' ? [] : dropAll(sqlite, "type = 'trigger' AND name LIKE '%_fts_insert'");
  const indexes =
    options.deferIndexes === false
      ? []
      : dropAll(sqlite, "type = 'index' AND sql IS NOT NULL AND tbl_name NOT LIKE '%fts%'");
  const taken = (table: string) => new Set(sqlite.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]);
  const actorIds = new Ids(taken('actors'));
  const locationIds = new Ids(taken('locations'));
  const eventIds = new Ids(taken('events'));
  const claimIds = new Ids(taken('claims'));
  const sourceIds = new Ids(taken('sources'));
  phase('schema and seed');

  const insert = {
    source: sqlite.prepare(
      'INSERT INTO sources (id, title, publisher, url, published_at, language, text, text_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    actor: sqlite.prepare(
      'INSERT INTO actors (id, name, kind, aliases, description, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    affiliation: sqlite.prepare(
      'INSERT INTO affiliations (actor_id, organization_id, role, from_time, to_time, position) VALUES (?, ?, ?, NULL, NULL, 0)',
    ),
    location: sqlite.prepare(
      'INSERT INTO locations (id, name, kind, aliases, parent_id, lat, lon, area_km2, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)',
    ),
    ancestor: sqlite.prepare('INSERT INTO location_ancestors (ancestor_id, location_id, depth) VALUES (?, ?, ?)'),
    event: sqlite.prepare(
      'INSERT INTO events (id, title, kind, description, time_text, time_start, time_end, time_precision, time_approximate, status, location_id, source_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    place: sqlite.prepare("INSERT INTO event_locations (event_id, location_id, role, position) VALUES (?, ?, 'at', 0)"),
    participant: sqlite.prepare(
      'INSERT INTO event_participants (event_id, actor_id, role, position) VALUES (?, ?, ?, ?)',
    ),
    quantity: sqlite.prepare(
      'INSERT INTO event_quantities (event_id, value, unit, text, position) VALUES (?, ?, ?, ?, 0)',
    ),
    relation: sqlite.prepare('INSERT INTO event_relations (from_event_id, type, to_event_id) VALUES (?, ?, ?)'),
    evidence: sqlite.prepare(
      'INSERT INTO evidence_spans (subject_type, subject_id, source_id, start, "end", text, position) VALUES (?, ?, ?, ?, ?, ?, 0)',
    ),
    claim: sqlite.prepare(
      'INSERT INTO claims (id, speaker_id, text, mode, stance, said_text, said_start, said_end, said_precision, said_approximate, channel, reported_by_id, responds_to_id, source_id, evidence_start, evidence_end, evidence_text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // Where each claim was first seen: its one appearance (the claim home writes it for every new claim).
    appearance: sqlite.prepare(
      'INSERT INTO claim_appearances (claim_id, position, source_id, evidence_start, evidence_end, evidence_text, reported_by_id, published_at, created_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?)',
    ),
    claimEvent: sqlite.prepare('INSERT INTO claim_events (claim_id, event_id, position) VALUES (?, ?, ?)'),
    claimActor: sqlite.prepare('INSERT INTO claim_actors (claim_id, actor_id, position) VALUES (?, ?, ?)'),
  };

  // --- Locations: countries > regions > districts > cities > sites, and routes; with the closure.
  const L = Math.max(100, Math.round(N / 100));
  const share = { country: 0.02, region: 0.12, district: 0.3, city: 0.4, site: 0.13, route: 0.03 } as const;
  const locs: Loc[] = [];
  const byKind = (kind: LocationKind) => locs.flatMap((l, i) => (l.kind === kind ? [i] : []));
  const countryCount = Math.max(10, Math.round(L * share.country));
  const countryNames = new Set<string>();
  const addLocation = (kind: LocationKind, name: string, parent: number | null) => {
    const id = locationIds.allocate(slugify(name));
    locs.push({ id, name, kind, parent, depth: parent === null ? 0 : locs[parent]!.depth + 1 });
    return locs.length - 1;
  };
  while (countryNames.size < countryCount)
    countryNames.add(capitalize(syllableWord(r, 2, 3) + r.pick(['ia', 'stan', 'land', 'a', 'istan', 'ora'])));
  for (const name of countryNames) addLocation('country', name, null);
  const countries = byKind('country');
  const regionParent = new Zipf(countries.length, 0.8, r);
  for (let i = Math.round(L * share.region); i > 0; i--) {
    addLocation(
      'region',
      `${capitalize(syllableWord(r, 2, 3))} ${r.pick(['Region', 'Province', 'Oblast', 'Governorate'])}`,
      countries[regionParent.sample()]!,
    );
  }
  const regions = byKind('region');
  for (let i = Math.round(L * share.district); i > 0; i--)
    addLocation('district', `${capitalize(syllableWord(r, 2, 3))} District`, r.pick(regions));
  const districts = byKind('district');
  for (let i = Math.round(L * share.city); i > 0; i--) {
    const name = r.chance(0.2)
      ? `${r.pick(['Port', 'New', 'Upper', 'Lower', 'Fort'])} ${capitalize(syllableWord(r, 2, 3))}`
      : capitalize(syllableWord(r, 2, 3));
    addLocation('city', name, r.chance(0.7) ? r.pick(districts) : r.pick(regions));
  }
  const cities = byKind('city');
  for (let i = Math.round(L * share.site); i > 0; i--) {
    addLocation(
      'site',
      `${capitalize(syllableWord(r, 2, 3))} ${r.pick(['Airport', 'Bridge', 'Checkpoint', 'Dam', 'Power Plant', 'Base', 'Square'])}`,
      r.pick(cities),
    );
  }
  for (let i = Math.round(L * share.route); i > 0; i--)
    addLocation(
      'route',
      `${capitalize(syllableWord(r, 2, 2))} ${r.pick(['Highway', 'Corridor', 'Pass'])}`,
      r.pick(regions),
    );
  // Everything under each country, for "an event somewhere in this country".
  const ancestorsOf = (i: number) => {
    const chain: number[] = [];
    for (let at: number | null = i; at !== null; at = locs[at]!.parent) chain.push(at);
    return chain;
  };
  const inside = new Map<number, number[]>(countries.map((c) => [c, []]));
  sqlite.transaction(() => {
    locs.forEach((l, i) => {
      const lat = Math.round((r.next() * 120 - 60) * 1e4) / 1e4;
      const lon = Math.round((r.next() * 340 - 170) * 1e4) / 1e4;
      const area =
        l.kind === 'country'
          ? r.between(10_000, 900_000)
          : l.kind === 'region'
            ? r.between(1_000, 60_000)
            : l.kind === 'district'
              ? r.between(100, 5_000)
              : null;
      const aliases = l.kind === 'country' && r.chance(0.5) ? [`Republic of ${l.name}`] : [];
      insert.location.run(
        l.id,
        l.name,
        l.kind,
        JSON.stringify(aliases),
        l.parent === null ? null : locs[l.parent]!.id,
        lat,
        lon,
        area,
        CREATED_AT,
      );
      const chain = ancestorsOf(i);
      chain.forEach((a, depth) => insert.ancestor.run(locs[a]!.id, l.id, depth));
      inside.get(chain[chain.length - 1]!)!.push(i);
    });
  })();

  // --- Actors: one state per country, people, organisations, armed forces, outlets, groups.
  const A = Math.max(30, Math.round(N / 20));
  const actors: Actor[] = [];
  const addActor = (kind: ActorKind, name: string, short = name) => {
    actors.push({ id: actorIds.allocate(slugify(name)), name, kind, short });
    return actors.length - 1;
  };
  for (const c of countries) addActor('state', locs[c]!.name);
  const countryName = () => locs[r.pick(countries)]!.name;
  const rest = A - actors.length;
  const kinds = { person: 0.74, organization: 0.1, military: 0.05, media: 0.05, group: 0.06 } as const;
  for (let i = Math.round(rest * kinds.organization); i > 0; i--) {
    addActor(
      'organization',
      r.chance(0.6)
        ? `${countryName()} ${r.pick(['Ministry of Defence', 'Foreign Ministry', 'Interior Ministry', 'Central Bank', 'Parliament', 'Electoral Commission', 'Red Cross Society', 'Health Ministry'])}`
        : `${capitalize(syllableWord(r, 2, 3))} ${r.pick(['Party', 'Union', 'Front', 'Movement', 'Council', 'Institute', 'Foundation'])}`,
    );
  }
  for (let i = Math.round(rest * kinds.military); i > 0; i--) {
    addActor(
      'military',
      r.chance(0.5)
        ? `${countryName()} ${r.pick(['Armed Forces', 'Border Guard', 'Navy', 'Air Force', 'National Guard'])}`
        : `${capitalize(syllableWord(r, 2, 3))} Brigade`,
    );
  }
  for (let i = Math.round(rest * kinds.media); i > 0; i--) {
    addActor(
      'media',
      `${capitalize(syllableWord(r, 2, 3))} ${r.pick(['News', 'Times', 'Press Agency', 'Broadcasting', 'Herald', 'Daily', 'Radio'])}`,
    );
  }
  for (let i = Math.round(rest * kinds.group); i > 0; i--) {
    addActor(
      'group',
      `${capitalize(syllableWord(r, 2, 3))} ${r.pick(['Militia', 'Protest Movement', 'Residents Committee', 'Veterans Association', 'Volunteers'])}`,
    );
  }
  while (actors.length < A) {
    const last = capitalize(syllableWord(r, 2, 3));
    addActor(
      'person',
      `${capitalize(syllableWord(r, 1, 3))} ${last}${r.chance(0.15) ? r.pick(['ov', 'ova', 'yan', 'ic', 'son']) : ''}`,
      last,
    );
  }
  const ofKind = (...k: ActorKind[]) => actors.flatMap((a, i) => (k.includes(a.kind) ? [i] : []));
  const outlets = ofKind('media');
  const organisations = ofKind('organization', 'state');
  const speakers = ofKind('person', 'state', 'organization', 'military', 'group');
  const participantsPool = ofKind('state', 'military', 'organization', 'group');
  const speakerZipf = new Zipf(speakers.length, 1, r);
  const outletZipf = new Zipf(outlets.length, 1, r);
  const participantZipf = new Zipf(participantsPool.length, 1, r);
  const actorZipf = new Zipf(actors.length, 1, r);
  sqlite.transaction(() => {
    for (const a of actors) {
      const aliases = a.kind === 'person' && r.chance(0.3) ? [a.short] : [];
      let description: string | null = null;
      if (a.kind === 'person' && r.chance(0.4)) {
        const org = actors[r.pick(organisations)]!;
        const role = r.pick(ROLES);
        description = `${capitalize(role)} of ${org.name}`;
        insert.affiliation.run(a.id, org.id, role);
      }
      insert.actor.run(a.id, a.name, a.kind, JSON.stringify(aliases), description, CREATED_AT);
    }
  })();
  phase(`locations (${locs.length}) and actors (${actors.length})`);

  // --- Sources, each with the events first reported in it and its claims.
  const claimsPerSource: number[] = [];
  for (let left = N; left > 0; ) {
    const n = Math.min(left, r.between(4, 20));
    claimsPerSource.push(n);
    left -= n;
  }
  const S = claimsPerSource.length;
  const E = Math.max(20, Math.round(N / 5));
  const tailWords = new Zipf(Math.max(500, Math.round(N / 10)), 1.05, r);
  const tailWord = (i: number) => {
    const w = new Random(i * 7919 + 17);
    return syllableWord(w, 2, 4);
  };
  const nounZipf = new Zipf(NOUNS.length, 1, r);
  const events: Ev[] = [];
  const eventPopularity = new GrowingSampler(E);
  const eventWeight = new Zipf(E, 1, r); // only its shuffled ranks are used
  const rankOfEvent = new Float64Array(E);
  for (let rank = 0; rank < E; rank++) rankOfEvent[eventWeight.ranked(rank)] = rank;
  const recentClaims: string[] = [];
  let claimCount = 0;
  let claimEventCount = 0;
  let claimActorCount = 0;
  let lastDraw = 0;

  const place = (loc: number | null) => (loc === null ? countryName() : locs[loc]!.name);
  const clause = (near: number | null) => {
    const noun = NOUNS[nounZipf.sample()]!;
    const object = r.chance(0.5) ? `the ${r.pick(ADJECTIVES)} ${noun}` : `the ${noun}`;
    let s = `${r.pick(SUBJECTS)} ${r.pick(VERB_PHRASES)} ${object}`;
    const tail = r.next();
    if (tail < 0.35) s += ` near ${place(near)}`;
    else if (tail < 0.7)
      s += ` under the ${tailWord(tailWords.sample())} ${r.pick(['plan', 'accord', 'formula', 'protocol', 'initiative'])}`;
    else if (tail < 0.85) s += ` and the ${NOUNS[nounZipf.sample()]}`;
    return s;
  };
  const eventLocation = () => {
    if (r.chance(0.12)) return null;
    const country = countries[regionParent.sample()]!;
    const within = inside.get(country)!;
    return r.chance(0.15) ? country : r.pick(within);
  };

  const writeSource = (s: number) => {
    const published = Math.min(LAST_DAY, FIRST_DAY + Math.floor(((s + r.next()) * (LAST_DAY - FIRST_DAY + 1)) / S));
    const sentences: string[] = [];
    type Pending = {
      sentence: number;
      write: (sourceId: string, start: number, end: number, text: string, publishedAt: string) => void;
    };
    const pending: Pending[] = [];

    // Events first reported here: event e lives in source floor(e * S / E).
    const firstEvent = Math.ceil((s * E) / S);
    const endEvent = Math.ceil(((s + 1) * E) / S);
    const here: number[] = [];
    for (let e = firstEvent; e < endEvent && e < E; e++) {
      const kind = r.pick(Object.keys(EVENT_KINDS));
      const spec = EVENT_KINDS[kind]!;
      const location = eventLocation();
      const participants = [participantsPool[participantZipf.sample()]!];
      if (r.chance(0.5)) participants.push(participantsPool[participantZipf.sample()]!);
      if (r.chance(0.15)) participants.push(actorZipf.sample());
      const status = r.weighted({ occurred: 70, ongoing: 15, planned: 10, cancelled: 5 });
      const precision = r.weighted({ day: 55, month: 20, season: 8, year: 10, unknown: 7 });
      const day =
        status === 'planned' || status === 'cancelled' ? published + r.between(1, 60) : published - r.between(0, 30);
      const time = timeOf(day, precision);
      if (status === 'ongoing' && precision === 'day') {
        time.text = `since ${time.text!.slice(3)}`;
        time.end = null;
      }
      const where = place(location);
      const title = `${spec.title} ${where}`;
      const id = eventIds.allocate(slugify(title));
      const names = participants.map((p) => actors[p]!.name);
      const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]!;
      const quantity = r.chance(0.2)
        ? {
            value: r.between(2, 400),
            unit: r.pick(['people killed', 'people injured', 'people detained', 'families displaced']),
          }
        : null;
      const qText = quantity ? `at least ${quantity.value} ${quantity.unit.split(' ')[0]}` : '';
      const verb =
        status === 'planned'
          ? `announced plans for ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} in`
          : status === 'cancelled'
            ? `called off a planned ${kind} in`
            : spec.verb;
      const sentence = `${time.text ? `${capitalize(time.text)}, ` : ''}${who} ${verb} ${where}${quantity ? `, leaving ${qText} ${quantity.unit.split(' ').slice(1).join(' ')}` : ''}.`;
      const description = r.chance(0.5) ? `${capitalize(clause(location))}.` : null;
      const index = events.length;
      events.push({ id, title, participants, location });
      eventPopularity.add(1 / (rankOfEvent[index]! + 1));
      here.push(index);
      const relation = eventPopularity.count > 1 && r.chance(0.15) ? eventPopularity.sample(r) : -1;
      sentences.push(sentence);
      pending.push({
        sentence: sentences.length - 1,
        write: (sourceId, start, end, text) => {
          insert.event.run(
            id,
            title,
            kind,
            description,
            time.text,
            time.start,
            time.end,
            time.precision,
            time.approximate ? 1 : 0,
            status,
            location === null ? null : locs[location]!.id,
            sourceId,
            CREATED_AT,
          );
          if (location !== null) insert.place.run(id, locs[location]!.id);
          const seen = new Set<string>();
          participants.forEach((p, position) => {
            const role = position === 0 ? 'agent' : position === 1 ? 'target' : 'participant';
            if (seen.has(`${p}|${role}`)) return;
            seen.add(`${p}|${role}`);
            insert.participant.run(id, actors[p]!.id, role, position);
          });
          if (quantity) insert.quantity.run(id, quantity.value, quantity.unit, qText);
          if (relation >= 0 && relation !== index)
            insert.relation.run(id, r.pick(RELATION_TYPES), events[relation]!.id);
          insert.evidence.run('event', id, sourceId, start, end, text);
        },
      });
    }

    // Claims, each its own sentence.
    const claimsHere: string[] = [];
    let headline = '';
    for (let c = 0; c < claimsPerSource[s]!; c++) {
      const speaker = actors[speakers[speakerZipf.sample()]!]!;
      const stance = r.weighted(STANCE_WEIGHTS);
      const mode = r.chance(0.4) ? 'direct_quote' : 'reported_speech';
      // A few long ("in the 2010s") and open ("before 2012") times, as real sources have.
      const precision = r.weighted({ day: 60, month: 12, season: 5, year: 7, decade: 1, before: 0.5, unknown: 14.5 });
      const said = published - r.between(0, 3);
      const year = new Date(said * 86_400_000).getUTCFullYear();
      const saidAt: Time =
        precision === 'before'
          ? { text: `before ${year}`, start: null, end: `${year - 1}-12-31`, precision: 'year', approximate: true }
          : timeOf(said, precision);
      const channel = r.chance(0.3) ? r.pick(CHANNELS) : null;
      const outlet = r.chance(0.25) ? actors[outlets[outletZipf.sample()]!]! : null;
      const aboutEvents: number[] = [];
      const eventsWanted = r.weighted({ zero: 10, one: 75, two: 15 });
      for (
        let k = eventsWanted === 'zero' ? 0 : eventsWanted === 'one' ? 1 : 2;
        k > 0 && eventPopularity.count > 0;
        k--
      ) {
        const e = here.length > 0 && r.chance(0.5) ? r.pick(here) : eventPopularity.sample(r);
        if (!aboutEvents.includes(e)) aboutEvents.push(e);
      }
      const aboutActors: number[] = [];
      for (let k = r.weighted({ zero: 55, one: 35, two: 10 }) === 'zero' ? 0 : r.chance(0.78) ? 1 : 2; k > 0; k--) {
        const lead = aboutEvents[0] === undefined ? undefined : events[aboutEvents[0]];
        const a = lead && r.chance(0.6) ? r.pick(lead.participants) : actorZipf.sample();
        if (!aboutActors.includes(a)) aboutActors.push(a);
      }
      const near = aboutEvents[0] === undefined ? null : events[aboutEvents[0]]!.location;
      const respondsTo = r.chance(0.06)
        ? claimsHere.length > 0
          ? r.pick(claimsHere)
          : recentClaims.length > 0
            ? r.pick(recentClaims)
            : null
        : null;
      const when = saidAt.text ? ` ${saidAt.text}` : '';
      const via = channel ? ` in a ${channel}` : '';
      let sentence: string;
      let text: string;
      if (mode === 'direct_quote') {
        text = `${capitalize(clause(near))}.`;
        sentence = outlet
          ? `${speaker.name} told ${outlet.name}${when}${via}: "${text}"`
          : `${speaker.name} said${when}${via}: "${text}"`;
      } else {
        const body = clause(near);
        text = `${capitalize(STANCE_VERBS[stance])} that ${body}.`;
        sentence = `${speaker.name} ${STANCE_VERBS[stance]}${when}${via} that ${body}${outlet ? `, ${outlet.name} reported` : ''}.`;
      }
      const id = claimIds.allocate(slugify(`${speaker.name} ${stance}`));
      claimsHere.push(id);
      if (!headline) {
        const lead = aboutEvents[0] === undefined ? undefined : events[aboutEvents[0]]!.title;
        headline = lead
          ? `${speaker.name} on the ${lead.charAt(0).toLowerCase()}${lead.slice(1)}`
          : `${speaker.name} on the ${NOUNS[nounZipf.sample()]}`;
      }
      sentences.push(sentence);
      pending.push({
        sentence: sentences.length - 1,
        write: (sourceId, start, end, evidenceText, publishedAt) => {
          insert.claim.run(
            id,
            speaker.id,
            text,
            mode,
            stance,
            saidAt.text,
            saidAt.start,
            saidAt.end,
            saidAt.precision,
            saidAt.approximate ? 1 : 0,
            channel,
            outlet?.id ?? null,
            respondsTo,
            sourceId,
            start,
            end,
            evidenceText,
            CREATED_AT,
          );
          insert.appearance.run(id, sourceId, start, end, evidenceText, outlet?.id ?? null, publishedAt, CREATED_AT);
          aboutEvents.forEach((e, position) => insert.claimEvent.run(id, events[e]!.id, position));
          aboutActors.forEach((a, position) => insert.claimActor.run(id, actors[a]!.id, position));
          claimEventCount += aboutEvents.length;
          claimActorCount += aboutActors.length;
        },
      });
    }
    for (const id of claimsHere) {
      if (recentClaims.length < 2000) recentClaims.push(id);
      else recentClaims[r.int(recentClaims.length)] = id;
    }

    // The article: its sentences in paragraphs of one to three, with a little filler between.
    const order = r.shuffle(sentences.map((_, i) => i));
    let text = '';
    const at = new Array<[number, number]>(sentences.length);
    order.forEach((i, k) => {
      if (k > 0) text += r.chance(0.4) ? '\n\n' : ' ';
      if (r.chance(0.1)) text += `${capitalize(clause(null))}. `;
      at[i] = [text.length, text.length + sentences[i]!.length];
      text += sentences[i];
    });
    const title = headline || (here[0] === undefined ? 'News in brief' : events[here[0]]!.title);
    const sourceId = sourceIds.allocate(slugify(title));
    const publisher = r.chance(0.8) ? actors[outlets[outletZipf.sample()]!]!.name : null;
    const date = iso(published);
    insert.source.run(
      sourceId,
      title,
      publisher,
      `https://news.example.org/${date.slice(0, 4)}/${sourceId}`,
      date,
      'en',
      text,
      createHash('sha256').update(text, 'utf8').digest('hex'),
      `${date}T12:00:00.000Z`,
    );
    for (const p of pending) {
      const [start, end] = at[p.sentence]!;
      p.write(sourceId, start, end, text.slice(start, end), date);
    }
    claimCount += claimsPerSource[s]!;
  };

  const batch = sqlite.transaction((from: number, to: number) => {
    for (let s = from; s < to; s++) writeSource(s);
  });
  const BATCH = 2000;
  for (let s = 0; s < S; s += BATCH) {
    batch(s, Math.min(S, s + BATCH));
    if (options.progress && performance.now() - lastDraw > 250) {
      lastDraw = performance.now();
      drawBar('claims', claimCount, N, phaseStart);
    }
  }
  phase(`sources (${S}), events (${events.length}), claims (${claimCount})`);

  // --- Indexes, search indexes, statistics.
  for (const { sql } of indexes) sqlite.exec(sql);
  if (indexes.length) phase(`indexes (${indexes.length})`);
  if (ftsTriggers.length) {
    for (const table of ['actors', 'locations', 'events', 'claims', 'sources']) {
      sqlite.exec(`INSERT INTO ${table}_fts(${table}_fts) VALUES('rebuild')`);
    }
    for (const { sql } of ftsTriggers) sqlite.exec(sql);
    phase('fts rebuild');
  }
  for (const table of ['actors', 'locations', 'events', 'claims', 'sources'])
    sqlite.exec(`INSERT INTO ${table}_fts(${table}_fts) VALUES('optimize')`);
  phase('fts optimize');
  // What every write keeps (src/db/kept-representations.ts), as `npm run db:keep` writes it: after the
  // indexes, which hydration needs.
  if (options.keep !== false) {
    let drawn = 0;
    fillKeptRepresentations(db, KEPT_GETTERS, {
      batch: 2000,
      onProgress: (type, done, total) => {
        if (options.progress && performance.now() - drawn > 250) {
          drawn = performance.now();
          drawBar(`kept ${type}s`, done, total, phaseStart);
        }
      },
    });
    phase('kept representations');
  }
  sqlite.exec('ANALYZE');
  phase('analyze');
  if (options.verify !== false) {
    verify(sqlite);
    phase('verify');
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${out}${suffix}`, { force: true });
  renameSync(tmp, out);
  return {
    path: out,
    counts: {
      sources: S,
      actors: actors.length,
      locations: locs.length,
      events: events.length,
      claims: claimCount,
      claimEvents: claimEventCount,
      claimActors: claimActorCount,
    },
    seconds: { ...seconds, total: Math.round(performance.now() - started) / 1000 },
    bytes: statSync(out).size,
  };
}

/** Drops the schema objects matching `where` and returns them, to be created again from their SQL. */
function dropAll(sqlite: Database.Database, where: string): Array<{ name: string; type: string; sql: string }> {
  const objects = sqlite.prepare(`SELECT name, type, sql FROM sqlite_master WHERE ${where}`).all() as Array<{
    name: string;
    type: string;
    sql: string;
  }>;
  for (const o of objects) sqlite.exec(`DROP ${o.type.toUpperCase()} "${o.name}"`);
  return objects;
}

/** The import path's invariants, checked over the whole database. Throws on the first broken one. */
export function verify(sqlite: Database.Database) {
  const zero = (what: string, sql: string) => {
    const n = sqlite.prepare(sql).pluck().get() as number;
    if (n !== 0) throw new Error(`verify: ${n} ${what}`);
  };
  // JavaScript string indices are UTF-16 units, SQLite substr counts characters: equal for text
  // without characters outside the BMP, which the check itself asserts.
  for (const text of sqlite.prepare('SELECT text FROM sources').pluck().iterate() as IterableIterator<string>) {
    if (/[\uD800-\uDFFF]/.test(text))
      throw new Error('verify: a source text has characters outside the BMP; the span check below would not hold');
  }
  zero(
    'claim spans that are not source.text.slice(start, end)',
    'SELECT count(*) FROM claims c JOIN sources s ON s.id = c.source_id WHERE substr(s.text, c.evidence_start + 1, c.evidence_end - c.evidence_start) IS NOT c.evidence_text',
  );
  zero(
    'evidence spans that are not source.text.slice(start, end)',
    'SELECT count(*) FROM evidence_spans e JOIN sources s ON s.id = e.source_id WHERE substr(s.text, e.start + 1, e."end" - e.start) IS NOT e.text',
  );
  zero(
    'direct quotes not verbatim in their evidence',
    "SELECT count(*) FROM claims WHERE mode = 'direct_quote' AND instr(evidence_text, text) = 0",
  );
  zero(
    'claims whose saidAt words are not in their source',
    'SELECT count(*) FROM claims c JOIN sources s ON s.id = c.source_id WHERE c.said_text IS NOT NULL AND instr(s.text, c.said_text) = 0',
  );
  zero(
    'events without evidence',
    "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM evidence_spans x WHERE x.subject_type = 'event' AND x.subject_id = e.id)",
  );
  // The link rows' copies of their claim's keys, filled by the insert triggers (0006_claim_link_keys_triggers).
  zero(
    "claim_events rows whose sort keys or speaker differ from their claim's",
    `SELECT count(*) FROM claim_events l JOIN claims c ON c.id = l.claim_id
    WHERE l.said_sort_asc IS NOT c.said_sort_asc OR l.said_sort_desc IS NOT c.said_sort_desc OR l.speaker_id IS NOT c.speaker_id`,
  );
  zero(
    "claim_actors rows whose sort keys differ from their claim's",
    `SELECT count(*) FROM claim_actors l JOIN claims c ON c.id = l.claim_id
    WHERE l.said_sort_asc IS NOT c.said_sort_asc OR l.said_sort_desc IS NOT c.said_sort_desc`,
  );
  // claim_times: a row per claim with a known saidAt, equal to it (0009_claim_times_triggers).
  const span = new SQLiteSyncDialect().sqlToQuery(spanClass(sql.raw('c.said_start'), sql.raw('c.said_end'))).sql;
  zero(
    'claims with a known saidAt whose claim_times row is missing or differs',
    `SELECT count(*) FROM claims c LEFT JOIN claim_times x ON x.claim_id = c.id
    WHERE c.said_lo IS NOT NULL AND (x.claim_id IS NULL OR x.span_class IS NOT ${span} OR x.said_sort_asc IS NOT c.said_sort_asc
      OR x.said_sort_desc IS NOT c.said_sort_desc OR x.said_lo IS NOT c.said_lo OR x.said_hi IS NOT c.said_hi)`,
  );
  zero(
    'claim_times rows of no claim with a known saidAt',
    'SELECT count(*) FROM claim_times x LEFT JOIN claims c ON c.id = x.claim_id WHERE c.said_lo IS NULL',
  );
  const broken = sqlite.prepare('PRAGMA foreign_key_check').all();
  if (broken.length)
    throw new Error(`verify: ${broken.length} unresolved references, e.g. ${JSON.stringify(broken[0])}`);
  zero(
    'locations without their self row in the closure',
    'SELECT count(*) FROM locations l WHERE NOT EXISTS (SELECT 1 FROM location_ancestors a WHERE a.location_id = l.id AND a.ancestor_id = l.id AND a.depth = 0)',
  );
  zero(
    'closure rows missing (ancestors of the parent, one deeper)',
    `SELECT count(*) FROM locations l JOIN location_ancestors p ON p.location_id = l.parent_id
    WHERE NOT EXISTS (SELECT 1 FROM location_ancestors a WHERE a.location_id = l.id AND a.ancestor_id = p.ancestor_id AND a.depth = p.depth + 1)`,
  );
  const closureRows = sqlite.prepare('SELECT count(*) FROM location_ancestors').pluck().get() as number;
  const expected = sqlite
    .prepare(
      'SELECT (SELECT count(*) FROM locations) + (SELECT count(*) FROM locations l JOIN location_ancestors p ON p.location_id = l.parent_id)',
    )
    .pluck()
    .get() as number;
  if (closureRows !== expected) throw new Error(`verify: the closure has ${closureRows} rows, expected ${expected}`);
  // Search indexes: every table's rows are found by a word of their own text (a sample of rows).
  for (const [table, column] of [
    ['claims', 'text'],
    ['events', 'title'],
    ['sources', 'title'],
    ['actors', 'name'],
    ['locations', 'name'],
  ] as const) {
    const sample = sqlite
      .prepare(
        `SELECT rowid, ${column} AS value FROM ${table} WHERE rowid % ((SELECT max(rowid) FROM ${table}) / 200 + 1) = 0`,
      )
      .all() as Array<{ rowid: number; value: string }>;
    const find = sqlite
      .prepare(`SELECT count(*) FROM ${table}_fts WHERE ${table}_fts MATCH ? AND rowid = CAST(? AS INTEGER)`)
      .pluck();
    // (CAST: better-sqlite3 binds numbers as REAL, and FTS5 ignores a REAL rowid constraint.)
    for (const row of sample) {
      const word = row.value.match(/[A-Za-z]{3,}/)?.[0];
      if (word && find.get(`"${word}"`, row.rowid) !== 1)
        throw new Error(`verify: ${table} row ${row.rowid} is not found in ${table}_fts by "${word}"`);
    }
  }
}

function drawBar(label: string, done: number, total: number, since: number) {
  const width = 30;
  const fraction = total ? done / total : 1;
  const filled = Math.round(fraction * width);
  const elapsed = (performance.now() - since) / 1000;
  const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
  process.stderr.write(
    `\r\x1b[K  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${label} ${done}/${total}  ${elapsed.toFixed(0)} s, ~${eta.toFixed(0)} s left`,
  );
}

// CLI
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('test/bench/gen.ts')) {
  const { values } = parseArgs({
    options: {
      claims: { type: 'string', default: '1000000' },
      out: { type: 'string', default: 'data/bench.db' },
      seed: { type: 'string', default: '1' },
      fts: { type: 'string', default: 'rebuild' },
      'no-defer-indexes': { type: 'boolean', default: false },
      'no-verify': { type: 'boolean', default: false },
      'no-keep': { type: 'boolean', default: false },
    },
  });
  const claims = Number(values.claims);
  if (!Number.isInteger(claims) || claims < 10) {
    console.error(`--claims must be a whole number >= 10, got "${values.claims}"`);
    process.exit(1);
  }
  if (values.fts !== 'rebuild' && values.fts !== 'triggers') {
    console.error(`--fts must be "rebuild" or "triggers", got "${values.fts}"`);
    process.exit(1);
  }
  if (existsSync(values.out)) console.error(`replacing ${values.out}`);
  console.error(`generating ${claims} claims (seed ${values.seed}) into ${values.out}`);
  const summary = generate({
    claims,
    out: values.out,
    seed: Number(values.seed),
    progress: true,
    fts: values.fts,
    deferIndexes: !values['no-defer-indexes'],
    verify: !values['no-verify'],
    keep: !values['no-keep'],
  });
  console.log(JSON.stringify({ ...summary, megabytes: Math.round(summary.bytes / 1e5) / 10 }, null, 2));
}
