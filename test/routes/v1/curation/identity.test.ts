// Identity across articles: names stored in NFC and trimmed (invisible characters refused), external
// ids on actors and locations, the same article text a 409, and merged-away ids accepted everywhere.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../../helpers.ts';
import { SEED_SOURCE, call, callFresh, useKeys } from './curation-helpers.ts';

const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false };
const TEXT =
  'The harbour of Nordby reopened on Monday. "Ships are welcome again," said Renée Dahl, the harbour master.';

/** A small bundle of `text` with one actor and one location; `change` alters a copy. */
function bundle(text = TEXT, change: (b: any) => void = () => {}) {
  const b: any = {
    source: { title: 'Harbour reopens', publishedAt: '2024-05-06', language: 'en', text },
    actors: [{ key: 'dahl', name: 'Renée Dahl', kind: 'person', evidence: ['Renée Dahl'] }],
    locations: [{ key: 'nordby', name: 'Nordby', kind: 'city', evidence: ['Nordby'] }],
  };
  change(b);
  return b;
}

describe('names, aliases, titles and source texts are stored in NFC and trimmed', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('stores an NFD name with spaces around it as the NFC name, so both spellings are one name', async () => {
    const nfd = '  Rene\u0301e Lund  ';
    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: nfd, kind: 'person', aliases: [' Rene\u0301e '] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'renee-lund', name: 'Ren\u00e9e Lund', aliases: ['Ren\u00e9e'] });
    const found = await getJson(app(), `/v1/actors?q=${encodeURIComponent('Ren\u00e9e Lund')}`);
    expect(found.body.data.map((a: { id: string }) => a.id)).toEqual(['renee-lund']);
  });

  it('refuses a zero-width, bidi-override or control character in a name, naming the field and the character, the same way in POST, PATCH and a bundle', async () => {
    const post = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Dmitry\u200BPeskov', kind: 'person' },
    });
    expect(post.status).toBe(400);
    expect(post.body.errors).toEqual([{ path: 'body.name', message: 'contains U+200B ZERO WIDTH SPACE; remove it' }]);

    const patch = await callFresh(app(), 'PATCH', '/v1/locations/azerbaijan', {
      key: keys.writer,
      body: { aliases: ['Azer\u202Ebaijan'] },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.errors).toEqual([
      { path: 'body.aliases[0]', message: 'contains U+202E RIGHT-TO-LEFT OVERRIDE; remove it' },
    ]);

    const imported = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: bundle(TEXT, (b) => {
        b.actors[0].aliases = ['Dahl\u2066'];
        b.locations[0].name = 'Nord\tby';
      }),
    });
    expect(imported.status).toBe(400);
    expect(imported.body.errors).toEqual([
      { path: 'body.actors[0].aliases[0]', message: 'contains U+2066 LEFT-TO-RIGHT ISOLATE; remove it' },
      { path: 'body.locations[0].name', message: 'contains U+0009 CHARACTER TABULATION; remove it' },
    ]);
  });

  it('refuses a name of white space only, and a wrong type stays a 400 (nothing is coerced)', async () => {
    const blank = await call(app(), 'POST', '/v1/actors', { key: keys.writer, body: { name: '   ', kind: 'group' } });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ path: 'body.name', message: 'is only white space; give a name' }]);
    const title = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: {
        title: ' ',
        kind: 'test',
        time: UNKNOWN_TIME,
        status: 'planned',
        evidence: [{ sourceId: SEED_SOURCE, quote: 'did not give further details' }],
      },
    });
    expect(title.body.errors).toEqual([{ path: 'body.title', message: 'is only white space; give a name' }]);
    const numeric = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 42, kind: 'group', description: 7 },
    });
    expect(numeric.status).toBe(400);
    expect(numeric.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.description', 'body.name']);
  });

  it('stores a source text in NFC and trimmed, and locates NFD mentions in the stored text', async () => {
    const nfdText = `\n  ${TEXT.replace('Renée', 'Rene\u0301e')}  \n`;
    const imported = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: bundle(nfdText, (b) => {
        b.source.title = '  Harbour reopens ';
        b.actors[0].evidence = ['Rene\u0301e Dahl'];
      }),
    });
    expect(imported.status, imported.raw).toBe(201);
    const source = await getJson(app(), `/v1/sources/${imported.body.source.id}`);
    expect(source.body.text).toBe(TEXT);
    expect(source.body.title).toBe('Harbour reopens');
    const dahl = await getJson(app(), `/v1/actors/${imported.body.created.actors[0].id}`);
    expect(dahl.body.name).toBe('Renée Dahl');
    const span = dahl.body.evidence[0];
    const start = TEXT.indexOf('Renée Dahl');
    expect(span).toEqual({ sourceId: imported.body.source.id, start, end: start + 10, text: 'Renée Dahl' });
  });

  it('still finds the exact words of a source stored in NFD before the rule (its spans forbid rewriting it)', async () => {
    const legacy = TEXT.replace('Renée', 'Rene\u0301e');
    app()
      .db.$client.prepare(
        `INSERT INTO sources (id, title, published_at, language, text, text_hash, text_key)
         VALUES ('legacy-nfd', 'Stored in NFD', '2023-01-02', 'en', ?, 'legacy-hash', NULL)`,
      )
      .run(legacy);

    const created = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Renée Dahl', kind: 'person', evidence: [{ sourceId: 'legacy-nfd', quote: 'Rene\u0301e Dahl' }] },
    });
    expect(created.status, created.raw).toBe(201);
    const start = legacy.indexOf('Rene\u0301e Dahl');
    expect(created.body.name).toBe('Renée Dahl');
    expect(created.body.evidence).toEqual([
      { sourceId: 'legacy-nfd', start, end: start + 11, text: 'Rene\u0301e Dahl' },
    ]);
  });
});

describe('the same article text is one source', () => {
  const app = useApp();
  const keys = useKeys(app);
  const text = 'Ferries to Vesterö resume today.\nThe port authority said the storm damage was repaired.';

  it('answers 409 naming the stored source for the same text with other line endings, spaces, tabs and Unicode form', async () => {
    const first = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: { source: { title: 'Ferries resume', publishedAt: '2024-05-07', language: 'en', text } },
    });
    expect(first.status).toBe(201);
    const id = first.body.source.id;
    const variant = ` Ferries to  Vestero\u0308 resume today.\r\nThe port\tauthority said the storm damage was repaired. \n`;
    const again = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: { source: { title: 'Another title', publishedAt: '2024-05-08', language: 'en', text: variant } },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(`This source text is already stored as source "${id}"; nothing was written.`);
    expect(again.body.errors).toEqual([{ path: 'body.source.text', message: `already stored as source "${id}"` }]);
  });

  it('answers 409 naming the stored source when an extraction of it is submitted, or accepted after the text was stored', async () => {
    const stored = await call(app(), 'GET', '/v1/sources?limit=100');
    const id = stored.body.data.find((s: { title: string }) => s.title === 'Ferries resume').id;
    const submitted = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: { text: text.replace('\n', '\r\n'), publishedAt: '2024-05-07' },
    });
    expect(submitted.status).toBe(409);
    expect(submitted.body.errors).toEqual([{ path: 'body.text', message: `already stored as source "${id}"` }]);

    const other = 'The bridge at Lyngby closed for repairs.\n"It will take a week," said Ole Berg.';
    const extraction = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: { text: other, publishedAt: '2024-05-09' },
    });
    expect(extraction.status, extraction.raw).toBe(201);
    const direct = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: {
        source: { title: 'Bridge closes', publishedAt: '2024-05-09', language: 'en', text: `${other}   ` },
      },
    });
    expect(direct.status).toBe(201);
    const accepted = await callFresh(app(), 'POST', `/v1/extractions/${extraction.body.id}/accept`, {
      key: keys.writer,
    });
    expect(accepted.status).toBe(409);
    expect(accepted.body.errors).toEqual([
      { path: 'draft.source.text', message: `already stored as source "${direct.body.source.id}"` },
    ]);
  });
});

describe('a draft never proposes a name its import would refuse', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('drops a zero-width space the article carries inside a name, so the extraction is made and imports', async () => {
    const text = 'The talks ended late.\n\nIvar Holm\u200B said on Monday that the ferries will run.';
    const created = await call(app(), 'POST', '/v1/extractions', {
      key: keys.writer,
      body: { text, publishedAt: '2024-06-13' },
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body.draft.source.text).toBe(text);
    expect(created.body.draft.actors.map((a: { name: string }) => a.name)).toContain('Ivar Holm');
    const accepted = await callFresh(app(), 'POST', `/v1/extractions/${created.body.id}/accept`, {
      key: keys.writer,
    });
    expect(accepted.status, accepted.raw).toBe(201);
    expect(accepted.body.created.actors).toContainEqual({ id: expect.any(String), name: 'Ivar Holm' });
  });
});

describe('external ids of actors and locations', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('are shown on every actor and location, {} when none', async () => {
    expect((await getJson(app(), '/v1/actors/dmitry-peskov')).body.externalIds).toEqual({});
    expect((await getJson(app(), '/v1/locations/azerbaijan')).body.externalIds).toEqual({});
  });

  it('are set by POST and PATCH, found by ?externalId=, and replaced whole', async () => {
    const patched = await callFresh(app(), 'PATCH', '/v1/actors/dmitry-peskov', {
      key: keys.writer,
      body: { externalIds: { wikidata: 'Q2087617' } },
    });
    expect(patched.status, patched.raw).toBe(200);
    expect(patched.body.externalIds).toEqual({ wikidata: 'Q2087617' });
    const location = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: {
        name: 'Lachin',
        kind: 'city',
        parent: 'azerbaijan',
        externalIds: { geonames: '147271', wikidata: 'Q4147' },
      },
    });
    expect(location.status).toBe(201);
    expect(location.body.externalIds).toEqual({ wikidata: 'Q4147', geonames: '147271' });

    const byWikidata = await getJson(app(), '/v1/actors?externalId=wikidata:Q2087617');
    expect(byWikidata.body.data.map((a: { id: string }) => a.id)).toEqual(['dmitry-peskov']);
    const byGeonames = await getJson(app(), '/v1/locations?externalId=geonames:147271');
    expect(byGeonames.body.data.map((l: { id: string }) => l.id)).toEqual([location.body.id]);
    expect((await getJson(app(), '/v1/actors?externalId=wikidata:Q1')).body.data).toEqual([]);
    // JSON-LD says the same with the registries' own IRIs.
    const ld = await app().inject('/v1/locations?externalId=geonames:147271&format=jsonld');
    expect(ld.json()['@graph'][0]['schema:sameAs']).toEqual([
      { '@id': 'http://www.wikidata.org/entity/Q4147' },
      { '@id': 'https://sws.geonames.org/147271/' },
    ]);

    const cleared = await callFresh(app(), 'PATCH', `/v1/locations/${location.body.id}`, {
      key: keys.writer,
      body: { externalIds: { geonames: '147271' } },
    });
    expect(cleared.body.externalIds).toEqual({ geonames: '147271' });
  });

  it('are checked: the format of each scheme, known schemes only, and the filter as scheme:value', async () => {
    const bad = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Someone', kind: 'person', externalIds: { wikidata: '42', geonames: 'Q1', viaf: '1' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.externalIds.wikidata', message: 'must be a Wikidata item id: "Q" and digits, e.g. "Q42"' },
        { path: 'body.externalIds.geonames', message: 'must be a GeoNames id: digits, e.g. "2950159"' },
        { path: 'body.externalIds.viaf', message: 'is not a known parameter of this endpoint' },
      ]),
    );
    for (const [value, message] of [
      ['Q42', 'must be scheme:value with scheme one of wikidata, geonames, e.g. "wikidata:Q42"'],
      ['wikidata:42', 'the wikidata id must be a Wikidata item id: "Q" and digits, e.g. "Q42"'],
    ]) {
      const answer = await getJson(app(), `/v1/actors?externalId=${value}`);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ path: 'query.externalId', message }]);
    }
  });

  it('have one holder per kind: a second is a 409 naming the holder, from POST, PATCH or a bundle', async () => {
    const post = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'D. Peskov', kind: 'person', externalIds: { wikidata: 'Q2087617' } },
    });
    expect(post.status).toBe(409);
    expect(post.body.detail).toBe('wikidata id "Q2087617" is already held by actor "dmitry-peskov"');
    expect(post.body.errors).toEqual([
      { path: 'body.externalIds.wikidata', message: 'wikidata id "Q2087617" is already held by actor "dmitry-peskov"' },
    ]);
    const patch = await callFresh(app(), 'PATCH', '/v1/actors/kremlin', {
      key: keys.writer,
      body: { externalIds: { wikidata: 'Q2087617' } },
    });
    expect(patch.status).toBe(409);
    expect(patch.body.errors[0].message).toContain('"dmitry-peskov"');
    // The same value on another kind is another id: a location may hold Q2087617.
    const imported = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: bundle(TEXT, (b) => {
        b.actors[0].externalIds = { wikidata: 'Q2087617' };
      }),
    });
    expect(imported.status).toBe(409);
    expect(imported.body.errors).toEqual([
      {
        path: 'body.actors[0].externalIds.wikidata',
        message: 'wikidata id "Q2087617" is already held by actor "dmitry-peskov"',
      },
    ]);
    const twice = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: bundle(TEXT, (b) => {
        b.locations.push({ key: 'nordby-2', name: 'Nordby harbour', kind: 'site', externalIds: { geonames: '99' } });
        b.locations[0].externalIds = { geonames: '99' };
      }),
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([
      {
        path: 'body.locations[1].externalIds.geonames',
        message: 'geonames id "99" is also given to locations[0]; an id has one holder',
      },
    ]);
  });

  it('move to the survivor of a merge; different ids of one scheme make the merge a 409 saying so', async () => {
    const a = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { id: 'peskov-dup', name: 'Peskov', kind: 'person', externalIds: { wikidata: 'Q99' } },
    });
    expect(a.status).toBe(201);
    const refused = await callFresh(app(), 'POST', '/v1/actors/peskov-dup/merge', {
      key: keys.admin,
      body: { into: 'dmitry-peskov' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      'Cannot merge actor "peskov-dup" into "dmitry-peskov": their wikidata ids differ ("Q99" and "Q2087617"); remove the wrong one (PATCH externalIds) first.',
    );
    await callFresh(app(), 'PATCH', '/v1/actors/dmitry-peskov', { key: keys.writer, body: { externalIds: {} } });
    const merged = await callFresh(app(), 'POST', '/v1/actors/peskov-dup/merge', {
      key: keys.admin,
      body: { into: 'dmitry-peskov' },
    });
    expect(merged.status, merged.raw).toBe(200);
    expect(merged.body.externalIds).toEqual({ wikidata: 'Q99' });
    expect((await getJson(app(), '/v1/actors?externalId=wikidata:Q99')).body.data[0].id).toBe('dmitry-peskov');
  });

  it('are freed when their holder is deleted', async () => {
    const made = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { id: 'short-lived', name: 'Short Lived', kind: 'group', externalIds: { wikidata: 'Q777' } },
    });
    expect(made.status).toBe(201);
    expect((await callFresh(app(), 'DELETE', '/v1/actors/short-lived', { key: keys.admin })).status).toBe(204);
    const again = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Long Lived', kind: 'group', externalIds: { wikidata: 'Q777' } },
    });
    expect(again.status).toBe(201);
  });
});

describe('a merged-away id works wherever an id is accepted', () => {
  const app = useApp();
  const keys = useKeys(app);

  it('merges two duplicates for the tests below', async () => {
    for (const [path, body] of [
      ['/v1/actors', { id: 'kremlin-spokesman', name: 'Kremlin spokesman', kind: 'person' }],
      ['/v1/locations', { id: 'karabakh-region', name: 'Karabakh region', kind: 'region', parent: 'azerbaijan' }],
    ] as const)
      expect((await call(app(), 'POST', path, { key: keys.writer, body })).status).toBe(201);
    for (const [path, into] of [
      ['/v1/actors/kremlin-spokesman/merge', 'dmitry-peskov'],
      ['/v1/locations/karabakh-region/merge', 'nagorno-karabakh'],
    ] as const)
      expect((await callFresh(app(), 'POST', path, { key: keys.admin, body: { into } })).status).toBe(200);
  });

  it('as a filter: answers for the survivor and says so in Merged-Into', async () => {
    for (const [old, survivor] of [
      ['/v1/claims?speaker=kremlin-spokesman', '/v1/claims?speaker=dmitry-peskov'],
      ['/v1/timeline?actor=kremlin-spokesman&limit=5', '/v1/timeline?actor=dmitry-peskov&limit=5'],
      ['/v1/events?location=karabakh-region', '/v1/events?location=nagorno-karabakh'],
      ['/v1/timeline?location=karabakh-region', '/v1/timeline?location=nagorno-karabakh'],
    ]) {
      const a = await app().inject(old!);
      const b = await app().inject(survivor!);
      expect(a.statusCode, old).toBe(200);
      expect(a.json(), old).toEqual(b.json());
      expect(a.json().data.length, old).toBeGreaterThan(0);
      expect(a.headers['merged-into'], old).toBe(
        old!.includes('spokesman') ? 'kremlin-spokesman=dmitry-peskov' : 'karabakh-region=nagorno-karabakh',
      );
      expect(b.headers['merged-into']).toBeUndefined();
    }
    const within = await app().inject('/v1/locations?within=karabakh-region');
    expect(within.statusCode).toBe(200);
    expect(within.headers['merged-into']).toBe('karabakh-region=nagorno-karabakh');
    const both = await app().inject('/v1/claims?speaker=kremlin-spokesman&actor=kremlin-spokesman');
    expect(both.headers['merged-into']).toBe('kremlin-spokesman=dmitry-peskov');
    const unknown = await getJson(app(), '/v1/claims?speaker=nobody-at-all');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'query.speaker', message: 'no actor with id "nobody-at-all"' }]);
  });

  it('as a filter answered again from the answer cache: still says Merged-Into', async () => {
    const url = '/v1/claims?speaker=kremlin-spokesman&limit=2';
    const answers = app().db.$context.answers;
    const first = await app().inject(url);
    // Built twice, kept the second time, then sent from the cache without validation or the route.
    await app().inject(url);
    const before = answers.size;
    const third = await app().inject(url);
    expect(answers.size).toBe(before);
    expect(third.body).toBe(first.body);
    expect(third.headers['merged-into']).toBe('kremlin-spokesman=dmitry-peskov');
    expect((await app().inject('/v1/claims?speaker=dmitry-peskov&limit=2')).headers['merged-into']).toBeUndefined();
  });

  it('as the focus or an end of a graph path', async () => {
    const graph = await app().inject('/v1/graph?focus=actor:kremlin-spokesman');
    expect(graph.statusCode).toBe(200);
    expect(graph.json()).toEqual((await getJson(app(), '/v1/graph?focus=actor:dmitry-peskov')).body);
    expect(graph.json().focus).toBe('actor:dmitry-peskov');
    expect(graph.headers['merged-into']).toBe('kremlin-spokesman=dmitry-peskov');
    const path = await app().inject('/v1/graph/path?from=actor:kremlin-spokesman&to=location:karabakh-region');
    expect(path.statusCode).toBe(200);
    expect(path.json()).toEqual(
      (await getJson(app(), '/v1/graph/path?from=actor:dmitry-peskov&to=location:nagorno-karabakh')).body,
    );
    expect(path.headers['merged-into']).toBe('kremlin-spokesman=dmitry-peskov, karabakh-region=nagorno-karabakh');
  });

  it('in PATCH and DELETE (308 to the survivor) and in an actor’s claims and events (308)', async () => {
    const patch = await call(app(), 'PATCH', '/v1/actors/kremlin-spokesman', {
      key: keys.writer,
      body: { description: 'x' },
    });
    expect(patch.status).toBe(308);
    expect(patch.headers.location).toBe('/v1/actors/dmitry-peskov');
    const remove = await call(app(), 'DELETE', '/v1/locations/karabakh-region', { key: keys.admin });
    expect(remove.status).toBe(308);
    expect(remove.headers.location).toBe('/v1/locations/nagorno-karabakh');
    const claims = await app().inject('/v1/actors/kremlin-spokesman/claims?limit=5');
    expect(claims.statusCode).toBe(308);
    expect(claims.headers.location).toBe('/v1/actors/dmitry-peskov/claims?limit=5');
    const events = await app().inject('/v1/actors/kremlin-spokesman/events');
    expect(events.headers.location).toBe('/v1/actors/dmitry-peskov/events');
    expect((await call(app(), 'PATCH', '/v1/actors/never-was', { key: keys.writer, body: {} })).status).toBe(404);
  });

  it('in the references of a POST or PATCH body: they name the survivor', async () => {
    const evidence = { sourceId: SEED_SOURCE, quote: 'did not give further details' };
    const claim = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: {
        speaker: 'kremlin-spokesman',
        text: 'No details were given',
        mode: 'reported_speech',
        stance: 'states',
        saidAt: UNKNOWN_TIME,
        about: { actors: ['kremlin-spokesman'] },
        evidence,
      },
    });
    expect(claim.status, claim.raw).toBe(201);
    expect(claim.body.speaker).toEqual({ id: 'dmitry-peskov', name: 'Dmitry Peskov' });
    expect(claim.body.about.actors).toEqual([{ id: 'dmitry-peskov', name: 'Dmitry Peskov' }]);
    const event = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: {
        title: 'Details withheld',
        kind: 'statement',
        time: UNKNOWN_TIME,
        status: 'occurred',
        locations: [{ id: 'karabakh-region', role: 'at' }],
        participants: [{ actor: 'kremlin-spokesman', role: 'agent' }],
        evidence: [evidence],
      },
    });
    expect(event.status, event.raw).toBe(201);
    expect(event.body.locations).toEqual([{ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', role: 'at' }]);
    expect(event.body.participants).toEqual([{ actor: { id: 'dmitry-peskov', name: 'Dmitry Peskov' }, role: 'agent' }]);
    const place = await call(app(), 'POST', '/v1/locations', {
      key: keys.writer,
      body: { name: 'A village in Karabakh', kind: 'city', parent: 'karabakh-region' },
    });
    expect(place.body.parent).toEqual({ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' });
    const aide = await callFresh(app(), 'PATCH', '/v1/actors/hikmet-hajiyev', {
      key: keys.writer,
      body: {
        affiliations: [
          { organization: 'kremlin-spokesman', role: 'counterpart' },
          { organization: 'dmitry-peskov', role: 'counterpart' },
        ],
      },
    });
    expect(aide.status, aide.raw).toBe(200);
    // Naming the old id and its survivor is one affiliation, as a merge keeps it.
    expect(aide.body.affiliations).toEqual([
      expect.objectContaining({ organization: { id: 'dmitry-peskov', name: 'Dmitry Peskov' }, role: 'counterpart' }),
    ]);
  });

  it('in a bundle: a location merged away links to its survivor', async () => {
    const text = 'Shelling was reported near the old road, officials in Karabakh said.';
    const imported = await call(app(), 'POST', '/v1/sources', {
      key: keys.writer,
      body: {
        source: { title: 'Shelling reported', publishedAt: '2024-05-10', language: 'en', text },
        events: [
          {
            key: 'shelling',
            title: 'Shelling near the old road',
            kind: 'shelling',
            time: UNKNOWN_TIME,
            status: 'occurred',
            location: 'karabakh-region',
            evidence: ['Shelling was reported near the old road'],
          },
        ],
      },
    });
    expect(imported.status, imported.raw).toBe(201);
    expect(imported.body.linked.locations).toContainEqual({ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' });
    const event = await getJson(app(), `/v1/events/${imported.body.created.events[0].id}`);
    expect(event.body.locations).toEqual([{ id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', role: 'at' }]);
  });
});
