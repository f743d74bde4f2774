// Entity linking: exact (normalized) names and aliases link, partial matches only suggest; the draft
// stays a valid bundle whose references name the stored ids. Then the same through the name index.
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/schemas/bundle.ts';
import { bundleSchema, newClaimsBundleSchema } from '../../src/schemas/bundle.ts';
import { type StoredMatches, linkEntities, nameKey } from '../../src/extraction/linking.ts';
import type { ExtractionResult } from '../../src/extraction/types.ts';
import { LOOKUP_SQL, findStoredMatches } from '../../src/db/queries/entity-lookup.ts';
import { useApp } from '../helpers.ts';
import { call, callFresh, useKeys } from '../routes/v1/curation/curation-helpers.ts';

const TEXT = 'Kremlin spokesman Dmitry Peskov spoke in Moscow. Peskov said the Karabakh mission was over.';
const NONE = { text: null, start: null, end: null, precision: 'unknown', approximate: false } as const;

const person = (key: string, name: string, extra: Partial<Bundle['actors'][number]> = {}) => ({
  key,
  name,
  kind: 'person' as const,
  aliases: [],
  description: null,
  evidence: [],
  affiliations: [],
  externalIds: {},
  ...extra,
});
const place = (key: string, name: string, extra: Partial<Bundle['locations'][number]> = {}) => ({
  key,
  name,
  kind: 'city' as const,
  aliases: [],
  description: null,
  evidence: [],
  parent: null,
  coordinates: null,
  areaKm2: null,
  externalIds: {},
  ...extra,
});
const claim = (key: string, speaker: string, extra: Partial<Bundle['claims'][number]> = {}) => ({
  key,
  speaker,
  text: 'The mission was over.',
  mode: 'reported_speech' as const,
  stance: 'states' as const,
  saidAt: NONE,
  channel: null,
  reportedBy: null,
  about: { events: [], actors: [] },
  respondsTo: null,
  evidence: 'Peskov said the Karabakh mission was over.',
  ...extra,
});

function result(draft: Partial<Bundle>): ExtractionResult {
  const full = newClaimsBundleSchema.parse({
    source: { title: 'T', publishedAt: '2024-06-13', language: 'en', text: TEXT },
    ...draft,
  });
  return { draft: full, notes: { claims: {}, actors: {}, locations: {} } };
}

const STORED: StoredMatches = {
  actors: [
    { id: 'dmitry-peskov', name: 'Dmitry Peskov', aliases: [], kind: 'person' },
    { id: 'kremlin', name: 'Kremlin', aliases: [], kind: 'organization' },
    { id: 'ilham-aliyev', name: 'Ilham Aliyev', aliases: [], kind: 'person' },
    { id: 'russia', name: 'Russia', aliases: ['Moscow'], kind: 'state' },
    { id: 'jose-nunez', name: 'José Núñez', aliases: [], kind: 'person' },
    { id: 'moscow-government', name: 'Moscow', aliases: [], kind: 'organization' },
  ],
  locations: [
    { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', aliases: ['Karabakh'], kind: 'region' },
    { id: 'moscow-city', name: 'Moscow', aliases: [], kind: 'city' },
  ],
  merged: { actor: new Map([['dmitri-peskov', 'dmitry-peskov']]), location: new Map() },
};

describe('nameKey', () => {
  it('compares in NFC, case-folded, with runs of spaces collapsed and ends trimmed', () => {
    expect(nameKey('  JOSE\u0301   Nu\u0301n\u0303ez ')).toBe(nameKey('José Núñez'));
    expect(nameKey('Dmitry\tPeskov')).toBe('dmitry peskov');
  });
});

describe('linkEntities', () => {
  it('when a draft actor has a stored name (any case, spacing, Unicode form), then every reference names the stored id and the draft actor is gone', () => {
    const linked = linkEntities(
      result({
        actors: [
          person('peskov', 'DMITRY  peskov'),
          person('nunez', 'JOSE\u0301 NU\u0301N\u0303EZ'),
          person('anna', 'Anna Petrova', {
            affiliations: [{ organization: 'peskov', role: 'aide', from: null, to: null }],
          }),
        ],
        events: [
          {
            key: 'talks',
            title: 'Talks',
            kind: 'talks',
            description: null,
            time: NONE,
            status: 'occurred',
            location: null,
            participants: [{ actor: 'peskov', role: 'agent' }],
            quantities: [],
            relations: [],
            evidence: ['spoke in Moscow'],
          },
        ],
        claims: [
          claim('c1', 'peskov', { reportedBy: 'nunez', about: { events: ['talks'], actors: ['peskov', 'anna'] } }),
        ],
      }),
      STORED,
    );

    expect(linked.draft.actors.map((a) => a.key)).toEqual(['anna']);
    expect(linked.draft.actors[0]!.affiliations[0]!.organization).toBe('dmitry-peskov');
    expect(linked.draft.events[0]!.participants).toEqual([{ actor: 'dmitry-peskov', role: 'agent' }]);
    expect(linked.draft.claims[0]).toMatchObject({
      speaker: 'dmitry-peskov',
      reportedBy: 'jose-nunez',
      about: { events: ['talks'], actors: ['dmitry-peskov', 'anna'] },
    });
    expect(linked.notes.actors.peskov).toMatchObject({ linkedTo: 'dmitry-peskov', candidates: [] });
    expect(linked.notes.actors.nunez!.linkedTo).toBe('jose-nunez');
    expect(linked.notes.actors.anna!.linkedTo).toBeNull();
    expect(bundleSchema.safeParse(linked.draft).success).toBe(true);
  });

  it('when the draft name is a stored alias, then it links: "Moscow" the actor is Russia, "Karabakh" the place is Nagorno-Karabakh', () => {
    const linked = linkEntities(
      result({
        actors: [{ ...person('moscow', 'Moscow'), kind: 'state' }],
        locations: [
          place('karabakh', 'Karabakh', { kind: 'region' }),
          place('stepanakert', 'Stepanakert', { parent: 'karabakh' }),
        ],
        events: [
          {
            key: 'e',
            title: 'E',
            kind: 'talks',
            description: null,
            time: NONE,
            status: 'occurred',
            location: 'karabakh',
            participants: [],
            quantities: [],
            relations: [],
            evidence: ['spoke in Moscow'],
          },
        ],
        claims: [claim('c1', 'moscow')],
      }),
      STORED,
    );

    expect(linked.draft.claims[0]!.speaker).toBe('russia');
    expect(linked.draft.locations.map((l) => [l.key, l.parent])).toEqual([['stepanakert', 'nagorno-karabakh']]);
    expect(linked.draft.events[0]!.location).toBe('nagorno-karabakh');
    expect(linked.notes.locations.karabakh!.linkedTo).toBe('nagorno-karabakh');
  });

  it('when only the surname matches a stored person, then that person is a scored candidate and nothing is linked', () => {
    const linked = linkEntities(
      result({ actors: [person('peskov', 'Peskov')], claims: [claim('c1', 'peskov')] }),
      STORED,
    );

    expect(linked.draft.claims[0]!.speaker).toBe('peskov');
    expect(linked.draft.actors.map((a) => a.key)).toEqual(['peskov']);
    expect(linked.notes.actors.peskov).toMatchObject({
      linkedTo: null,
      candidates: [{ id: 'dmitry-peskov', name: 'Dmitry Peskov', score: 0.8 }],
    });
  });

  it('when the name carries a title, then the stored person without it is the best candidate, before a shared word', () => {
    const linked = linkEntities(
      result({
        actors: [person('aliyev', 'President Ilham Aliyev'), person('spokesman', 'Kremlin spokesman Dmitry Peskov')],
      }),
      STORED,
    );

    expect(linked.notes.actors.aliyev!.linkedTo).toBeNull();
    expect(linked.notes.actors.aliyev!.candidates[0]).toEqual({ id: 'ilham-aliyev', name: 'Ilham Aliyev', score: 0.9 });
    expect(linked.notes.actors.spokesman!.candidates[0]).toEqual({
      id: 'dmitry-peskov',
      name: 'Dmitry Peskov',
      score: 0.9,
    });
    const scores = linked.notes.actors.spokesman!.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('when the name’s id was merged into another actor, then it links to the survivor', () => {
    const linked = linkEntities(
      result({ actors: [person('dmitri', 'Dmitri Peskov')], claims: [claim('c1', 'dmitri')] }),
      STORED,
    );

    expect(linked.draft.claims[0]!.speaker).toBe('dmitry-peskov');
    expect(linked.notes.actors.dmitri!.linkedTo).toBe('dmitry-peskov');
  });

  it('when two stored entities share the name, then the one of the same kind is linked, and with none of its kind both are candidates', () => {
    const linked = linkEntities(
      result({
        actors: [
          { ...person('city-hall', 'Moscow'), kind: 'organization' },
          { ...person('state', 'Moscow'), kind: 'state' },
          person('someone', 'Moscow'),
        ],
      }),
      STORED,
    );

    expect(linked.notes.actors['city-hall']!.linkedTo).toBe('moscow-government');
    expect(linked.notes.actors.state!.linkedTo).toBe('russia');
    expect(linked.notes.actors.someone).toMatchObject({
      linkedTo: null,
      candidates: [
        { id: 'moscow-government', score: 0.95 },
        { id: 'russia', score: 0.95 },
      ],
    });
    expect(linked.draft.actors.map((a) => a.key)).toEqual(['someone']);
  });

  it('when a remaining draft key spells a linked id, then it is renamed so the link cannot resolve to it', () => {
    const linked = linkEntities(
      result({
        actors: [person('peskov', 'Dmitry Peskov'), person('dmitry-peskov', 'Dmitry Peskov Jr')],
        claims: [claim('c1', 'peskov'), claim('c2', 'dmitry-peskov')],
      }),
      STORED,
    );

    expect(linked.draft.actors.map((a) => a.key)).toEqual(['dmitry-peskov-new']);
    expect(linked.draft.claims.map((c) => c.speaker)).toEqual(['dmitry-peskov', 'dmitry-peskov-new']);
    expect(linked.notes.actors['dmitry-peskov-new']).toBeDefined();
  });
});

describe('findStoredMatches on the stored graph (the name index)', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('finds the seed’s entities by name, alias and word, without reading every actor', () => {
    const found = findStoredMatches(app().db, {
      actors: [
        { name: 'MOSCOW', aliases: [] },
        { name: 'Peskov', aliases: [] },
      ],
      locations: [{ name: 'karabakh', aliases: [] }],
    });

    expect(found.actors.map((a) => a.id)).toEqual(expect.arrayContaining(['russia', 'dmitry-peskov']));
    expect(found.locations.map((l) => l.id)).toContain('nagorno-karabakh');
  });

  it('keeps up with writes: a new alias is found, a renamed actor is found by its new name only, a merged one through its survivor', async () => {
    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Dmitri Peskov', kind: 'person' },
    });
    expect(created.status, created.raw).toBe(201);
    const merged = await callFresh(app(), 'POST', `/v1/actors/${created.body.id}/merge`, {
      key: keys.admin,
      body: { into: 'dmitry-peskov' },
    });
    expect(merged.status, merged.raw).toBe(200);
    const renamed = await callFresh(app(), 'PATCH', '/v1/actors/hikmet-hajiyev', {
      key: keys.writer,
      body: { name: 'Hikmat Hajiyev', aliases: ['Hajiyev the aide'] },
    });
    expect(renamed.status, renamed.raw).toBe(200);

    const found = findStoredMatches(app().db, {
      actors: [
        { name: 'dmitri peskov', aliases: [] },
        { name: 'Hikmet Hajiyev', aliases: [] },
        { name: 'Hikmat Hajiyev', aliases: [] },
      ],
      locations: [],
    });
    const linked = linkEntities(
      result({ actors: [person('a', 'dmitri peskov'), person('b', 'Hikmat Hajiyev'), person('c', 'Hikmet Hajiyev')] }),
      found,
    );

    expect(linked.notes.actors.a!.linkedTo).toBe('dmitry-peskov');
    expect(linked.notes.actors.b!.linkedTo).toBe('hikmet-hajiyev');
    expect(linked.notes.actors.c!.linkedTo).toBeNull();
  });

  it('looks names up through the index: by key on entity_names_key_idx, by word in entity_names_fts, never a scan', () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (
        app()
          .db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params) as Array<{ detail: string }>
      )
        .map((r) => r.detail)
        .join(' | ');

    expect(plan(LOOKUP_SQL.byKey, 'actor', '["dmitry peskov"]')).toMatch(
      /SEARCH entity_names USING COVERING INDEX entity_names_key_idx \(entity_type=\? AND key=\?\)/,
    );
    const words = plan(LOOKUP_SQL.withWords, '"peskov"', 'actor');
    expect(words).toMatch(/VIRTUAL TABLE INDEX/);
    expect(words).toMatch(/SEARCH n USING INTEGER PRIMARY KEY/);
    expect(plan(LOOKUP_SQL.unkeyed)).toMatch(/USING INDEX entity_names_unkeyed_idx/);
  });
});

describe('POST /v1/sources warns about a new actor or location named like a stored one', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('when a new actor has a stored name and a new place a stored alias, then the import succeeds with a warning naming each stored id', async () => {
    const text = 'Dmitry Peskov visited Karabakh on Monday, where Anna Petrova met him.';
    const bundle = {
      source: { title: 'A visit', publishedAt: '2024-06-20', language: 'en', text },
      actors: [
        { key: 'anna', name: 'Anna Petrova', kind: 'person' },
        { key: 'peskov', name: 'dmitry  PESKOV', kind: 'person' },
      ],
      locations: [{ key: 'kb', name: 'Karabakh', kind: 'region' }],
    };

    const imported = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    expect(imported.status, imported.raw).toBe(201);
    expect(imported.body.created.actors.map((a: { name: string }) => a.name)).toEqual([
      'Anna Petrova',
      'dmitry  PESKOV',
    ]);
    expect(imported.body.warnings).toEqual([
      {
        path: 'body.actors[1]',
        message: expect.stringContaining('same name as stored actor dmitry-peskov'),
        id: 'dmitry-peskov',
      },
      {
        path: 'body.locations[0]',
        message: expect.stringContaining('same name as stored location nagorno-karabakh'),
        id: 'nagorno-karabakh',
      },
    ]);
  });
});
