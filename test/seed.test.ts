// The seed's integrity: the bundle file is faithful to its raw page, and what the import stores is too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../src/db/client.ts';
import { SEED_FOLDER, loadSeed, loadSeedIfEmpty } from '../src/domain/seed.ts';
import { importBundle, parseBundle } from '../src/domain/import-bundle.ts';
import { occurrences, resolveMention } from '../src/text/spans.ts';
import { ConflictError } from '../src/errors.ts';
import { type MentionInput, type NewClaimsBundle as Bundle, newClaimsBundleSchema } from '../src/schemas/bundle.ts';
import type { TimeSpec } from '../src/schemas/common.ts';

const SEED_FILE = join(SEED_FOLDER, 'nagorno-karabakh-withdrawal.bundle.json');
const RAW_PAGE = '/work/shared/seeds/000_6d6813e04147ff4e.txt';
const SOURCE_ID = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';

const raw = JSON.parse(readFileSync(SEED_FILE, 'utf8'));
// The seed's claims are all new ones (no appearance of a stored claim): parsed as such.
const bundle: Bundle = newClaimsBundleSchema.parse(parseBundle(raw, 'seed'));
const text = bundle.source.text;
// Line 1 is the title, lines 2-5 page chrome; the article is lines 6..30.
const pageLines = readFileSync(RAW_PAGE, 'utf8').split('\n');

const quoteOf = (m: MentionInput) => (typeof m === 'string' ? m : m.quote);
const byKey = <T extends { key: string }>(items: T[], key: string): T => {
  const item = items.find((i) => i.key === key);
  if (!item) throw new Error(`no item with key "${key}" in the seed`);
  return item;
};
const spec = (
  text: string | null,
  start: string | null,
  end: string | null,
  precision: TimeSpec['precision'],
  approximate: boolean,
): TimeSpec => ({
  text,
  start,
  end,
  precision,
  approximate,
});
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday

/** Every TimeSpec of the bundle with where it stands: `events.<key>.time`, `claims.<key>.saidAt`, `actors.<key>.affiliations[i].from`. */
function timeSpecs(b: Bundle): Array<[string, TimeSpec]> {
  const found: Array<[string, TimeSpec]> = [];
  for (const a of b.actors) {
    a.affiliations.forEach((f, i) => {
      if (f.from) found.push([`actors.${a.key}.affiliations[${i}].from`, f.from]);
      if (f.to) found.push([`actors.${a.key}.affiliations[${i}].to`, f.to]);
    });
  }
  for (const e of b.events) found.push([`events.${e.key}.time`, e.time]);
  for (const c of b.claims) found.push([`claims.${c.key}.saidAt`, c.saidAt]);
  return found;
}

/** Every evidence mention of the bundle with where it stands. */
function mentions(b: Bundle): Array<[string, MentionInput]> {
  return [
    ...b.actors.flatMap((a) =>
      a.evidence.map((m, j) => [`actors.${a.key}.evidence[${j}]`, m] as [string, MentionInput]),
    ),
    ...b.locations.flatMap((l) =>
      l.evidence.map((m, j) => [`locations.${l.key}.evidence[${j}]`, m] as [string, MentionInput]),
    ),
    ...b.events.flatMap((e) =>
      e.evidence.map((m, j) => [`events.${e.key}.evidence[${j}]`, m] as [string, MentionInput]),
    ),
    ...b.claims.map((c) => [`claims.${c.key}.evidence`, c.evidence] as [string, MentionInput]),
  ];
}

// Every TimeSpec with words of the source, as resolved against publishedAt 2024-04-17 (a Wednesday).
const EXPECTED_TIMES: Record<string, TimeSpec> = {
  'events.russian-peacekeepers-withdrawal.time': spec('a few days ago', '2024-04-11', null, 'day', true), // began then, ongoing
  'events.first-peacekeepers-leave-kalbajar-monastery.time': spec(
    'a few days ago',
    '2024-04-11',
    '2024-04-15',
    'day',
    true,
  ),
  'events.trilateral-statement-2020.time': spec('November 10, 2020', '2020-11-10', '2020-11-10', 'day', false),
  'events.karabakh-fighting-2020.time': spec('six weeks', '2020-09-29', '2020-11-10', 'day', true),
  'events.russian-peacekeeping-deployment.time': spec('November 2020', '2020-11-01', '2020-11-30', 'month', false),
  'events.planned-peacekeeper-stay-until-2025.time': spec(
    'until November 2025',
    '2020-11-10',
    '2025-11-30',
    'month',
    false,
  ), // from the deal
  'events.karabakh-road-blockade.time': spec('late 2022', '2022-09-01', '2022-12-31', 'season', true),
  'events.karabakh-food-medicine-shortages.time': spec('months', '2022-09-01', '2023-09-30', 'month', true),
  'events.azerbaijan-september-2023-offensive.time': spec('September 2023', '2023-09-01', '2023-09-30', 'month', false),
  'claims.peskov-confirms-withdrawal.saidAt': spec('on Wednesday', '2024-04-17', '2024-04-17', 'day', false),
  'claims.apa-reports-withdrawal-began.saidAt': spec('late Tuesday', '2024-04-16', '2024-04-16', 'day', false),
  'claims.azerbaijan-alleges-road-used-for-weapons-and-smuggling.saidAt': spec(
    'late 2022',
    '2022-09-01',
    '2022-12-31',
    'season',
    true,
  ),
  'claims.armenia-accuses-russia-of-failing-to-protect-armenians.saidAt': spec(
    'at the time',
    '2023-09-01',
    '2023-09-30',
    'month',
    true,
  ),
};

describe('the seed bundle file', () => {
  it('has as source text the raw page minus its title and chrome, published 2024-04-17 (a Wednesday)', () => {
    expect(pageLines).toHaveLength(30);
    expect(raw.source.text).toBe(pageLines.slice(5, 30).join('\n'));
    expect(raw.source.title).toBe(pageLines[0]);
    expect(text).not.toContain('Total Views');
    expect(text).not.toContain('Zoom In');
    expect(text).not.toContain(pageLines[0]);
    expect(text.startsWith('The peacekeepers, whom Armenian Prime Minister Nikol Pashinyan')).toBe(true);
    expect(text.endsWith('It is internationally recognised as part of Azerbaijan.')).toBe(true);
    expect(bundle.source.publishedAt).toBe('2024-04-17');
    expect(weekday(bundle.source.publishedAt)).toBe(3);
    expect(bundle.source.language).toBe('en');
  });

  it('keeps the page’s exact characters: curly apostrophes and quotes, and its four non-breaking spaces', () => {
    expect(text.match(/\u00a0/g)).toHaveLength(4);
    expect(text).toContain('Azerbaijan’s\u00a0Nagorno-Karabakh\u00a0and other regions');
    expect(text).toContain('“The process has already begun');
  });

  it('has every evidence mention (actors, locations, events, claims) stand in the text exactly where it resolves', () => {
    const all = mentions(bundle);
    expect(all).toHaveLength(63 + bundle.claims.length);
    const unresolved = all.flatMap(([where, mention]) => {
      const result = resolveMention(SOURCE_ID, text, mention);
      if (!result.ok) return [`${where}: ${result.message}`];
      expect(text.slice(result.span.start, result.span.end)).toBe(result.span.text);
      expect(result.span.text).toBe(quoteOf(mention));
      return [];
    });
    expect(unresolved).toEqual([]);
  });

  it('has every direct_quote claim stand verbatim in the source and inside its own evidence', () => {
    const quotes = bundle.claims.filter((c) => c.mode === 'direct_quote');
    expect(quotes.map((c) => c.key)).toEqual([
      'hajiyev-quote-early-withdrawal-decided',
      'hajiyev-quote-withdrawal-process-begun',
    ]);
    for (const c of quotes) {
      expect(occurrences(text, c.text).length, c.key).toBeGreaterThan(0);
      expect(quoteOf(c.evidence), c.key).toContain(c.text);
    }
  });

  it('has the text of every TimeSpec stand in the source', () => {
    const missing = timeSpecs(bundle).filter(([, t]) => t.text !== null && occurrences(text, t.text).length === 0);
    expect(missing).toEqual([]);
  });

  it('resolves every time expression to the expected bounds (and has no other time words than these)', () => {
    const withText = Object.fromEntries(timeSpecs(bundle).filter(([, t]) => t.text !== null));
    expect(withText).toEqual(EXPECTED_TIMES);
  });

  it('resolves the relative expressions against publishedAt', () => {
    const published = bundle.source.publishedAt;
    // "on Wednesday": the Wednesday of the week of publication, which is the publication day itself.
    const peskov = byKey(bundle.claims, 'peskov-confirms-withdrawal').saidAt;
    expect(weekday(peskov.start!)).toBe(3);
    expect(peskov).toEqual(spec('on Wednesday', published, published, 'day', false));
    // "late Tuesday": the Tuesday before.
    const apa = byKey(bundle.claims, 'apa-reports-withdrawal-began').saidAt;
    expect(weekday(apa.start!)).toBe(2);
    expect(apa).toEqual(spec('late Tuesday', addDays(published, -1), addDays(published, -1), 'day', false));
    // "a few days ago" (in APA's report of Tuesday): approximate bounds within the week before 2024-04-16.
    for (const key of ['russian-peacekeepers-withdrawal', 'first-peacekeepers-leave-kalbajar-monastery']) {
      const time = byKey(bundle.events, key).time;
      expect(time.text).toBe('a few days ago');
      expect(time.approximate).toBe(true);
      expect(time.start! < '2024-04-16' && time.start! >= addDays('2024-04-16', -7)).toBe(true);
      if (time.end !== null) expect(time.end < '2024-04-16').toBe(true);
    }
    // "last year": Azerbaijan regained full control in 2023; the event that sentence is evidence of lies in 2023.
    const lastYear = bundle.events.filter((e) => e.evidence.some((m) => quoteOf(m).includes('last year')));
    expect(lastYear.map((e) => e.key)).toEqual(['azerbaijan-september-2023-offensive']);
    for (const e of lastYear) {
      expect(e.time.start! >= '2023-01-01' && e.time.end! <= '2023-12-31').toBe(true);
    }
  });

  it('has every reference name a key of the right kind in the bundle (the seed is the first import)', () => {
    const keys = {
      actor: new Set(bundle.actors.map((a) => a.key)),
      location: new Set(bundle.locations.map((l) => l.key)),
      event: new Set(bundle.events.map((e) => e.key)),
      claim: new Set(bundle.claims.map((c) => c.key)),
    };
    const refs: Array<[keyof typeof keys, string, string]> = [
      ...bundle.actors.flatMap((a) =>
        a.affiliations.map(
          (f, i) =>
            ['actor', f.organization, `actors.${a.key}.affiliations[${i}]`] as [keyof typeof keys, string, string],
        ),
      ),
      ...bundle.locations.flatMap((l) =>
        l.parent ? [['location', l.parent, `locations.${l.key}.parent`] as [keyof typeof keys, string, string]] : [],
      ),
      ...bundle.events.flatMap((e) => [
        ...(e.location
          ? [['location', e.location, `events.${e.key}.location`] as [keyof typeof keys, string, string]]
          : []),
        ...e.participants.map(
          (p, i) => ['actor', p.actor, `events.${e.key}.participants[${i}]`] as [keyof typeof keys, string, string],
        ),
        ...e.relations.map(
          (r, i) => ['event', r.event, `events.${e.key}.relations[${i}]`] as [keyof typeof keys, string, string],
        ),
      ]),
      ...bundle.claims.flatMap((c) => [
        ['actor', c.speaker, `claims.${c.key}.speaker`] as [keyof typeof keys, string, string],
        ...(c.reportedBy
          ? [['actor', c.reportedBy, `claims.${c.key}.reportedBy`] as [keyof typeof keys, string, string]]
          : []),
        ...(c.respondsTo
          ? [['claim', c.respondsTo, `claims.${c.key}.respondsTo`] as [keyof typeof keys, string, string]]
          : []),
        ...c.about.events.map(
          (ref, i) => ['event', ref, `claims.${c.key}.about.events[${i}]`] as [keyof typeof keys, string, string],
        ),
        ...c.about.actors.map(
          (ref, i) => ['actor', ref, `claims.${c.key}.about.actors[${i}]`] as [keyof typeof keys, string, string],
        ),
      ]),
    ];
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter(([kind, ref]) => !keys[kind].has(ref))).toEqual([]);
    for (const kind of ['actors', 'locations', 'events', 'claims'] as const) {
      const all = bundle[kind].map((item) => item.key);
      expect(new Set(all).size, kind).toBe(all.length);
    }
  });

  it('has the accusation by Armenia’s political leadership and Russia’s rejection both about the September 2023 offensive, the rejection responding to the accusation', () => {
    const accusation = byKey(bundle.claims, 'armenia-accuses-russia-of-failing-to-protect-armenians');
    const rejection = byKey(bundle.claims, 'russia-rejects-accusation-of-failing-armenians');
    expect(accusation).toMatchObject({ speaker: 'armenian-political-leadership', stance: 'accuses', respondsTo: null });
    expect(rejection).toMatchObject({ speaker: 'russia', stance: 'rejects', respondsTo: accusation.key });
    expect(accusation.about.events).toContain('azerbaijan-september-2023-offensive');
    expect(rejection.about.events).toContain('azerbaijan-september-2023-offensive');
    expect(byKey(bundle.events, 'azerbaijan-september-2023-offensive').time).toMatchObject({
      start: '2023-09-01',
      end: '2023-09-30',
    });
  });

  it('has Peskov’s claim made in a conference call with journalists, said on 2024-04-17', () => {
    expect(byKey(bundle.claims, 'peskov-confirms-withdrawal')).toMatchObject({
      speaker: 'dmitry-peskov',
      stance: 'confirms',
      channel: 'conference call with journalists',
      saidAt: spec('on Wednesday', '2024-04-17', '2024-04-17', 'day', false),
    });
  });

  it('has the planned stay until November 2025 cancelled, ended by the early-withdrawal decision', () => {
    expect(byKey(bundle.events, 'planned-peacekeeper-stay-until-2025')).toMatchObject({
      status: 'cancelled',
      time: spec('until November 2025', '2020-11-10', '2025-11-30', 'month', false),
    });
    expect(byKey(bundle.events, 'early-withdrawal-decision').relations).toContainEqual({
      type: 'ends',
      event: 'planned-peacekeeper-stay-until-2025',
    });
  });
});

describe('the seed as stored', () => {
  let db: Db;
  const eventId = new Map<string, string>(); // bundle key -> stored id
  const claimId = new Map<string, string>();

  beforeAll(() => {
    db = openDatabase(':memory:');
    const summaries = loadSeed(db);
    const summary = summaries.find((s) => s.source.id === SOURCE_ID);
    if (!summary) throw new Error('the seed source was not loaded');
    bundle.events.forEach((e, i) => eventId.set(e.key, summary.created.events[i]!.id));
    bundle.claims.forEach((c, i) => claimId.set(c.key, summary.created.claims[i]!.id));
  });
  afterAll(() => db.$client.close());

  const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
    db.$client.prepare(sql).all(...params) as T[];

  it('stores the source text unchanged, published 2024-04-17', () => {
    expect(rows('SELECT id, title, published_at AS publishedAt, text FROM sources WHERE id = ?', SOURCE_ID)).toEqual([
      { id: SOURCE_ID, title: pageLines[0], publishedAt: '2024-04-17', text: pageLines.slice(5, 30).join('\n') },
    ]);
  });

  it('gives readable ids: actors and locations their keys, events a slug of the title, claims speaker + stance', () => {
    expect(rows<{ id: string }>('SELECT id FROM actors ORDER BY id').map((r) => r.id)).toEqual(
      bundle.actors.map((a) => a.key).sort(),
    );
    expect(rows<{ id: string }>('SELECT id FROM locations ORDER BY id').map((r) => r.id)).toEqual(
      bundle.locations.map((l) => l.key).sort(),
    );
    expect(eventId.get('planned-peacekeeper-stay-until-2025')).toBe('planned-peacekeeping-stay-until-november-2025');
    expect(eventId.get('azerbaijan-september-2023-offensive')).toBe(
      'azerbaijans-lightning-offensive-retakes-nagorno-karabakh',
    );
    expect([...claimId.values()]).toEqual([
      'nikol-pashinyan-criticizes',
      'dmitry-peskov-confirms',
      'hikmet-hajiyev-confirms',
      'apa-reports',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-states',
      'azerbaijan-alleges',
      'armenias-political-leadership-accuses',
      'russia-rejects',
    ]);
  });

  it('stores every evidence span with text === source.text.slice(start, end), one per mention, in order', () => {
    const spans = rows<{
      subjectType: string;
      subjectId: string;
      start: number;
      end: number;
      text: string;
      position: number;
    }>(
      'SELECT subject_type AS subjectType, subject_id AS subjectId, start, "end", text, position FROM evidence_spans WHERE source_id = ? ORDER BY subject_type, subject_id, position',
      SOURCE_ID,
    );
    expect(spans).toHaveLength(63);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);

    const stored = (type: string, id: string) =>
      spans.filter((s) => s.subjectType === type && s.subjectId === id).map((s) => s.text);
    for (const a of bundle.actors) expect(stored('actor', a.key), a.key).toEqual(a.evidence.map(quoteOf));
    for (const l of bundle.locations) expect(stored('location', l.key), l.key).toEqual(l.evidence.map(quoteOf));
    for (const e of bundle.events) expect(stored('event', eventId.get(e.key)!), e.key).toEqual(e.evidence.map(quoteOf));
  });

  it('stores every claim’s evidence with text === source.text.slice(start, end), and direct quotes inside it', () => {
    const claims = rows<{ id: string; text: string; mode: string; start: number; end: number; evidence: string }>(
      'SELECT id, text, mode, evidence_start AS start, evidence_end AS "end", evidence_text AS evidence FROM claims WHERE source_id = ?',
      SOURCE_ID,
    );
    expect(claims).toHaveLength(10);
    for (const c of claims) {
      expect(text.slice(c.start, c.end), c.id).toBe(c.evidence);
      if (c.mode === 'direct_quote') expect(c.evidence, c.id).toContain(c.text);
    }
    for (const c of bundle.claims) {
      const row = claims.find((r) => r.id === claimId.get(c.key))!;
      expect(row.evidence, c.key).toBe(quoteOf(c.evidence));
    }
  });

  it('stores every TimeSpec as resolved', () => {
    const events = rows<{
      id: string;
      text: string | null;
      start: string | null;
      end: string | null;
      precision: string;
      approximate: number;
    }>(
      'SELECT id, time_text AS text, time_start AS start, time_end AS "end", time_precision AS precision, time_approximate AS approximate FROM events WHERE source_id = ?',
      SOURCE_ID,
    );
    const claims = rows<{
      id: string;
      text: string | null;
      start: string | null;
      end: string | null;
      precision: string;
      approximate: number;
    }>(
      'SELECT id, said_text AS text, said_start AS start, said_end AS "end", said_precision AS precision, said_approximate AS approximate FROM claims WHERE source_id = ?',
      SOURCE_ID,
    );
    const asSpec = (r: (typeof events)[number]) =>
      spec(r.text, r.start, r.end, r.precision as TimeSpec['precision'], r.approximate === 1);
    for (const e of bundle.events)
      expect(asSpec(events.find((r) => r.id === eventId.get(e.key))!), e.key).toEqual(e.time);
    for (const c of bundle.claims)
      expect(asSpec(claims.find((r) => r.id === claimId.get(c.key))!), c.key).toEqual(c.saidAt);
    const storedWithText = [
      ...bundle.events.map(
        (e) => [`events.${e.key}.time`, asSpec(events.find((r) => r.id === eventId.get(e.key))!)] as const,
      ),
      ...bundle.claims.map(
        (c) => [`claims.${c.key}.saidAt`, asSpec(claims.find((r) => r.id === claimId.get(c.key))!)] as const,
      ),
    ].filter(([, t]) => t.text !== null);
    expect(Object.fromEntries(storedWithText)).toEqual(EXPECTED_TIMES);
  });

  it('resolves every stored reference: no dangling foreign key, every span subject exists', () => {
    expect(rows('PRAGMA foreign_key_check')).toEqual([]);
    const dangling = rows(`
      SELECT s.subject_type, s.subject_id FROM evidence_spans s
      WHERE (s.subject_type = 'actor' AND s.subject_id NOT IN (SELECT id FROM actors))
         OR (s.subject_type = 'location' AND s.subject_id NOT IN (SELECT id FROM locations))
         OR (s.subject_type = 'event' AND s.subject_id NOT IN (SELECT id FROM events))`);
    expect(dangling).toEqual([]);
    expect(
      rows('SELECT count(*) AS n FROM claims WHERE source_id = ? AND responds_to_id IS NOT NULL', SOURCE_ID),
    ).toEqual([{ n: 1 }]);
  });

  it('stores the accusation and Russia’s rejection about the September 2023 offensive, the rejection responding to the accusation', () => {
    const accusation = claimId.get('armenia-accuses-russia-of-failing-to-protect-armenians')!;
    const rejection = claimId.get('russia-rejects-accusation-of-failing-armenians')!;
    const offensive = eventId.get('azerbaijan-september-2023-offensive')!;
    expect(
      rows(
        'SELECT id, speaker_id AS speaker, stance, responds_to_id AS respondsTo FROM claims WHERE id IN (?, ?) ORDER BY id',
        accusation,
        rejection,
      ),
    ).toEqual([
      {
        id: 'armenias-political-leadership-accuses',
        speaker: 'armenian-political-leadership',
        stance: 'accuses',
        respondsTo: null,
      },
      {
        id: 'russia-rejects',
        speaker: 'russia',
        stance: 'rejects',
        respondsTo: 'armenias-political-leadership-accuses',
      },
    ]);
    expect(
      rows(
        'SELECT claim_id AS claimId FROM claim_events WHERE event_id = ? AND claim_id IN (?, ?) ORDER BY claim_id',
        offensive,
        accusation,
        rejection,
      ),
    ).toEqual([{ claimId: 'armenias-political-leadership-accuses' }, { claimId: 'russia-rejects' }]);
  });

  it('stores Peskov’s claim with channel "conference call with journalists", said 2024-04-17', () => {
    expect(
      rows(
        "SELECT speaker_id AS speaker, channel, said_text AS saidText, said_start AS saidStart, said_end AS saidEnd, said_precision AS precision FROM claims WHERE id = 'dmitry-peskov-confirms'",
      ),
    ).toEqual([
      {
        speaker: 'dmitry-peskov',
        channel: 'conference call with journalists',
        saidText: 'on Wednesday',
        saidStart: '2024-04-17',
        saidEnd: '2024-04-17',
        precision: 'day',
      },
    ]);
  });

  it('stores the planned stay until November 2025 as cancelled', () => {
    expect(
      rows("SELECT status, time_end AS timeEnd FROM events WHERE id = 'planned-peacekeeping-stay-until-november-2025'"),
    ).toEqual([{ status: 'cancelled', timeEnd: '2025-11-30' }]);
  });

  it('refuses to load the seed a second time into the same database: a conflict, and nothing changes', () => {
    const before = tableCounts(db);
    expect(() => loadSeed(db)).toThrow(ConflictError);
    expect(() => loadSeed(db)).toThrow(`already stored as source "${SOURCE_ID}"`);
    expect(tableCounts(db)).toEqual(before);
  });

  it('does nothing in loadSeedIfEmpty once the database holds a source', () => {
    const before = tableCounts(db);
    expect(loadSeedIfEmpty(db)).toEqual([]);
    expect(tableCounts(db)).toEqual(before);
  });
});

describe('loadSeedIfEmpty', () => {
  it('loads the seed into an empty database', () => {
    const db = openDatabase(':memory:');
    const summaries = loadSeedIfEmpty(db);
    expect(summaries.map((s) => s.source.id)).toContain(SOURCE_ID);
    db.$client.close();
  });

  it('does nothing on a database that already holds another source', () => {
    const db = openDatabase(':memory:');
    importBundle(
      db,
      parseBundle({
        source: { title: 'A note', publishedAt: '2024-01-02', language: 'en', text: 'Nothing happened on Tuesday.' },
      }),
      { keyName: 'test' },
    );
    const before = tableCounts(db);
    expect(loadSeedIfEmpty(db)).toEqual([]);
    expect(tableCounts(db)).toEqual(before);
    expect(db.$client.prepare('SELECT id FROM sources').all()).toEqual([{ id: 'a-note' }]);
    db.$client.close();
  });
});

/** Row count of every table (migration bookkeeping aside). */
function tableCounts(db: Db): Record<string, number> {
  const tables = db.$client
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    )
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
    ]),
  );
}
