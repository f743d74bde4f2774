// GET /v1/search: full-text search over claims, events, actors, locations and sources, ranked by type
// then bm25, with marked snippets, keyset pages, a syntax that never ends in a 500, and an index that
// follows every write.
import { describe, expect, it } from 'vitest';
import { getJson, useApp, walkPages } from '../../helpers.ts';
import { call, callFresh, quote, UNKNOWN_TIME, useKeys } from './curation/curation-helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';

const app = useApp();
const keys = useKeys(app);

type Hit = {
  type: string;
  id: string;
  title: string;
  snippet: string;
  score: number | null;
  item: Record<string, unknown>;
};
const refs = (body: { data: Hit[] }) => body.data.map((hit) => [hit.type, hit.id]);
const search = async (params: string) => getJson(app(), `/v1/search?${params}`);

const WITHDRAWAL_HITS = [
  ['claim', 'hikmet-hajiyev-confirms-2'],
  ['claim', 'dmitry-peskov-confirms'],
  ['claim', 'hikmet-hajiyev-confirms'],
  ['claim', 'apa-reports'],
  ['claim', 'hikmet-hajiyev-confirms-3'],
  ['event', 'defence-ministries-implement-the-withdrawal-decision'],
  ['event', 'early-withdrawal-agreed-by-azerbaijan-and-russia'],
  ['event', 'russian-peacekeepers-withdraw-from-nagorno-karabakh'],
  ['event', 'planned-peacekeeping-stay-until-november-2025'],
  ['event', 'first-peacekeepers-leave-the-kalbajar-monastery'],
  ['event', 'russian-peacekeepers-deployed-to-nagorno-karabakh'],
  ['actor', 'ministry-of-defence-of-russia'],
  ['actor', 'ministry-of-defence-of-azerbaijan'],
  ['location', 'kalbajar-monastery'],
  ['source', 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh'],
];

describe('GET /v1/search', () => {
  it('ranks the claims about the withdrawal first, then events, actors, locations and the source, each by bm25', async () => {
    const { status, body } = await search('q=withdrawal&limit=100');

    expect(status).toBe(200);
    expect(refs(body)).toEqual(WITHDRAWAL_HITS);
    // Shorter texts that say "withdrawal" rank above longer ones; within a type the best scores 1.
    for (const type of ['claim', 'event', 'actor', 'location', 'source']) {
      const scores = body.data.filter((hit: Hit) => hit.type === type).map((hit: Hit) => hit.score);
      expect(scores[0], type).toBe(1);
      expect(
        [...scores].sort((a, b) => b - a),
        type,
      ).toEqual(scores);
      for (const score of scores) expect(score).toBeGreaterThan(0);
    }
    expect(body.page).toEqual({
      limit: 100,
      nextCursor: null,
      ranking: {
        cap: 500,
        commonAbove: 2000,
        candidates: 15,
        capped: false,
        types: [
          { type: 'claim', candidates: 5, capped: false, rankedBy: 'bm25' },
          { type: 'event', candidates: 6, capped: false, rankedBy: 'bm25' },
          { type: 'actor', candidates: 2, capped: false, rankedBy: 'bm25' },
          { type: 'location', candidates: 1, capped: false, rankedBy: 'bm25' },
          { type: 'source', candidates: 1, capped: false, rankedBy: 'bm25' },
        ],
      },
    });
  });

  it('answers each hit with type, id, a display title, the marked snippet, a score and a short reference', async () => {
    const { body } = await search('q=withdrawal&limit=100');
    const byType = (type: string) => body.data.find((hit: Hit) => hit.type === type);

    expect(body.data[0]).toEqual({
      type: 'claim',
      id: 'hikmet-hajiyev-confirms-2',
      title: 'Hikmet Hajiyev confirms',
      snippet: 'Confirmed that a <mark>withdrawal</mark> agreement had been struck.',
      score: 1,
      item: {
        id: 'hikmet-hajiyev-confirms-2',
        text: 'Confirmed that a withdrawal agreement had been struck.',
        speaker: { id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' },
      },
    });
    expect(byType('event')).toMatchObject({
      title: 'Defence ministries implement the withdrawal decision',
      item: {
        id: 'defence-ministries-implement-the-withdrawal-decision',
        title: 'Defence ministries implement the withdrawal decision',
      },
    });
    expect(byType('actor').item).toEqual({
      id: 'ministry-of-defence-of-russia',
      name: 'Ministry of Defence of Russia',
    });
    expect(byType('location').item).toEqual({
      id: 'kalbajar-monastery',
      name: 'Monastery revered by Armenians in Kalbajar district',
    });
    expect(byType('source').item).toEqual({
      id: 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh',
      title: 'Russian Peacekeepers Start Withdrawal from Azerbaijan’s Nagorno-Karabakh',
    });
  });

  it('marks every matched word in the snippet, takes the passage around it from long text, and shows matched aliases', async () => {
    const { body: stems } = await search('q=withdrawal&type=claim');
    const { body: source } = await search('q=timeframe&type=source');
    const { body: alias } = await search('q=%22Republic%20of%20Azerbaijan%22&type=location');

    // Stemming finds "withdrawing" too, and marks it as it stands.
    expect(stems.data.find((hit: Hit) => hit.id === 'apa-reports').snippet).toBe(
      'Reported that Russian peacekeepers had begun <mark>withdrawing</mark> and that the first personnel and equipment had left a monastery in Kalbajar district a few days…',
    );
    for (const hit of stems.data) expect(hit.snippet).toMatch(/<mark>withdraw(al|ing)<\/mark>/);
    expect(source.data).toHaveLength(1);
    expect(source.data[0].snippet).toMatch(/^….*No <mark>timeframe<\/mark> was given for the withdrawal\..*…$/s);
    expect(alias.data).toEqual([
      {
        type: 'location',
        id: 'azerbaijan',
        title: 'Azerbaijan',
        snippet: '<mark>Republic of Azerbaijan</mark>',
        score: 1,
        item: { id: 'azerbaijan', name: 'Azerbaijan' },
      },
    ]);
  });

  it('when filtered by type, returns only those types, still in rank order', async () => {
    const events = await search('q=withdrawal&type=event');
    const several = await search('q=withdrawal&type=source,claim,source');

    expect(refs(events.body)).toEqual(WITHDRAWAL_HITS.filter(([type]) => type === 'event'));
    expect(refs(several.body)).toEqual(WITHDRAWAL_HITS.filter(([type]) => type === 'claim' || type === 'source'));
    expect(several.body.page.ranking.types.map((r: { type: string }) => r.type)).toEqual(['claim', 'source']);
  });

  it('matches a quoted phrase only where its words stand together, in order', async () => {
    const phrase = await search('q=%22early%20withdrawal%22&limit=100');

    expect(refs(phrase.body)).toEqual([
      ['claim', 'hikmet-hajiyev-confirms-3'],
      ['event', 'early-withdrawal-agreed-by-azerbaijan-and-russia'],
      ['event', 'defence-ministries-implement-the-withdrawal-decision'],
      ['event', 'planned-peacekeeping-stay-until-november-2025'],
      ['event', 'russian-peacekeepers-withdraw-from-nagorno-karabakh'],
      ['actor', 'ministry-of-defence-of-russia'],
      ['actor', 'ministry-of-defence-of-azerbaijan'],
      ['source', 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh'],
    ]);
    expect(phrase.body.data[0].snippet).toMatch(/^The <mark>early withdrawal<\/mark> of Russian peacekeepers/);
    expect((await search('q=%22withdrawal%20early%22')).body.data).toEqual([]);
  });

  it('without quotes, matches the words anywhere: a phrase narrows the same words to where they stand together', async () => {
    const phrase = await search('q=%22peacekeepers%20withdrawal%22&type=claim');
    const words = await search('q=peacekeepers%20withdrawal&type=claim');

    expect(refs(phrase.body)).toEqual([['claim', 'dmitry-peskov-confirms']]);
    expect(phrase.body.data[0].snippet).toBe(
      'Confirmed reports of the Russian <mark>peacekeepers’ withdrawal</mark> but gave no further details.',
    );
    expect(refs(words.body)).toEqual([
      ['claim', 'dmitry-peskov-confirms'],
      ['claim', 'apa-reports'],
      ['claim', 'hikmet-hajiyev-confirms-3'],
    ]);
  });

  it('matches a prefix: withdr* finds withdrawal and withdrawing, withdr alone finds nothing', async () => {
    const prefix = await search('q=withdr*&limit=100');
    const bare = await search('q=withdr');

    expect(refs(prefix.body)).toEqual(WITHDRAWAL_HITS);
    expect(prefix.body.data.find((hit: Hit) => hit.id === 'apa-reports').snippet).toMatch(
      /had begun <mark>withdrawing<\/mark> and/,
    );
    expect(bare.body.data).toEqual([]);
  });

  it('folds case and diacritics: KÄLBAJAR finds Kalbajar, WITHDRAWAL finds withdrawal', async () => {
    const plain = await search('q=kalbajar');
    const shouted = await search(`q=${encodeURIComponent('KÄLBAJAR')}`);
    const upper = await search('q=WITHDRAWAL&limit=100');

    expect(refs(plain.body)).toEqual([
      ['claim', 'apa-reports'],
      ['event', 'first-peacekeepers-leave-the-kalbajar-monastery'],
      ['location', 'kalbajar-district'],
      ['location', 'kalbajar-monastery'],
      ['source', 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh'],
    ]);
    expect(shouted.body.data).toEqual(plain.body.data);
    expect(refs(upper.body)).toEqual(WITHDRAWAL_HITS);
  });

  it('searches a hyphenated or punctuated name as a phrase instead of refusing it', async () => {
    const { status, body } = await search('q=Nagorno-Karabakh&type=location');

    expect(status).toBe(200);
    expect(refs(body)).toEqual([
      ['location', 'nagorno-karabakh'],
      ['location', 'azerbaijan'],
    ]);
    expect(body.data[0].snippet).toBe('<mark>Nagorno-Karabakh</mark>');
  });

  it('combines terms with OR and NOT', async () => {
    const either = await search('q=monastery%20OR%20timeframe&type=source,location');
    const without = await search('q=withdrawal%20NOT%20early&type=claim');

    expect(refs(either.body)).toEqual([
      ['location', 'kalbajar-monastery'],
      ['source', 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh'],
    ]);
    expect(refs(without.body)).toEqual(
      WITHDRAWAL_HITS.filter(([type, id]) => type === 'claim' && id !== 'hikmet-hajiyev-confirms-3'),
    );
  });

  it('walks every hit exactly once, in the order of one big page, whatever the page size', async () => {
    for (const limit of [1, 2, 4, 7]) {
      const { items, pages } = await walkPages<Hit>(app(), `/v1/search?q=withdrawal&limit=${limit}`);

      expect(
        items.map((hit) => [hit.type, hit.id]),
        `limit ${limit}`,
      ).toEqual(WITHDRAWAL_HITS);
      expect(pages).toBe(Math.ceil(WITHDRAWAL_HITS.length / limit));
    }
  });

  it('answers an empty page when nothing matches', async () => {
    const { status, body } = await search('q=zanzibar');

    expect(status).toBe(200);
    expect(body.data).toEqual([]);
    expect(body.page).toMatchObject({ limit: 20, nextCursor: null, ranking: { candidates: 0, capped: false } });
  });

  it('refuses an unknown parameter and a type that is not searchable, naming both', async () => {
    const response = await search('q=withdrawal&type=claim,person&speakr=russia');

    const problem = expectInvalid(response, ['query.type', 'query.speakr']);
    expect(problem.errors!.find((e) => e.path === 'query.type')!.message).toMatch(
      /claim, event, actor, location, source/,
    );
  });

  it.each([
    ['"unbalanced', /unclosed double quote/],
    ['AND', /uses AND without a term on each side/],
    ['*', /"\*" that does not end a word/],
    ['withdrawal OR', /uses OR without a term/],
    ['(withdrawal', /never closed/],
    ['()', /empty parentheses/],
    ['---', /no letter or digit/],
  ])('refuses q=%s, an unparsable search, with a 400 naming query.q and saying how to write it', async (q, message) => {
    const response = await search(`q=${encodeURIComponent(q)}`);

    const problem = expectInvalid(response, ['query.q']);
    expect(problem.errors![0]!.message).toMatch(message);
  });

  it('refuses an empty or missing q', async () => {
    const empty = expectInvalid(await search('q='), ['query.q']);
    const missing = expectInvalid(await getJson(app(), '/v1/search'), ['query.q']);

    expect(empty.errors![0]!.message).toMatch(/must not be empty/);
    expect(missing.errors![0]!.message).toMatch(/is required/);
  });

  it('refuses a cursor issued for another search, and one it never issued', async () => {
    const { body } = await search('q=withdrawal&limit=2');
    const cursor = encodeURIComponent(body.page.nextCursor);

    expectInvalid(await search(`q=peacekeepers&limit=2&cursor=${cursor}`), ['query.cursor']);
    expectInvalid(await search(`q=withdrawal&type=claim&limit=2&cursor=${cursor}`), ['query.cursor']);
    expectInvalid(await search('q=withdrawal&cursor=bm90LWEtY3Vyc29y'), ['query.cursor']);
    expect((await search(`q=withdrawal&limit=2&cursor=${cursor}`)).status).toBe(200);
  });
});

describe('GET /v1/search follows every write', () => {
  it('finds a created claim by its words, the new words after a PATCH and not the old, and nothing after DELETE', async () => {
    const created = await call(app(), 'POST', '/v1/claims', {
      key: keys.writer,
      body: {
        speaker: 'dmitry-peskov',
        text: 'Said the convoy crossed the Lachin corridor & reached Goris.',
        mode: 'reported_speech',
        stance: 'states',
        saidAt: UNKNOWN_TIME,
        evidence: quote('did not give further details'),
      },
    });
    expect(created.status, created.raw).toBe(201);
    const id = created.body.id as string;

    const found = await search('q=convoy%20Goris');
    expect(found.body.data).toEqual([
      {
        type: 'claim',
        id,
        title: 'Dmitry Peskov states',
        snippet: 'Said the <mark>convoy</mark> crossed the Lachin corridor &amp; reached <mark>Goris</mark>.',
        score: 1,
        item: {
          id,
          text: 'Said the convoy crossed the Lachin corridor & reached Goris.',
          speaker: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
        },
      },
    ]);

    const patched = await callFresh(app(), 'PATCH', `/v1/claims/${id}`, {
      key: keys.writer,
      body: { text: 'Said the <b>column</b> waited at Kornidzor.' },
    });
    expect(patched.status, patched.raw).toBe(200);
    expect((await search('q=convoy')).body.data).toEqual([]);
    const renamed = await search('q=Kornidzor');
    expect(refs(renamed.body)).toEqual([['claim', id]]);
    expect(renamed.body.data[0].snippet).toBe('Said the &lt;b&gt;column&lt;/b&gt; waited at <mark>Kornidzor</mark>.');

    const deleted = await callFresh(app(), 'DELETE', `/v1/claims/${id}`, { key: keys.admin });
    expect(deleted.status, deleted.raw).toBe(204);
    expect((await search('q=Kornidzor')).body.data).toEqual([]);
  });

  it('finds an actor by an alias added with PATCH, and stops finding the alias once removed', async () => {
    const added = await callFresh(app(), 'PATCH', '/v1/actors/dmitry-peskov', {
      key: keys.writer,
      body: { aliases: ['Dmitriy Peskoff'] },
    });
    expect(added.status, added.raw).toBe(200);

    const { body } = await search('q=Peskoff&type=actor');
    expect(body.data).toEqual([
      {
        type: 'actor',
        id: 'dmitry-peskov',
        title: 'Dmitry Peskov',
        snippet: 'Dmitriy <mark>Peskoff</mark>',
        score: 1,
        item: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
      },
    ]);

    await callFresh(app(), 'PATCH', '/v1/actors/dmitry-peskov', { key: keys.writer, body: { aliases: [] } });
    expect((await search('q=Peskoff')).body.data).toEqual([]);
  });

  it('finds a created event by its title, ranked among the others by bm25', async () => {
    const created = await call(app(), 'POST', '/v1/events', {
      key: keys.writer,
      body: {
        title: 'Withdrawal withdrawal',
        kind: 'test',
        time: UNKNOWN_TIME,
        status: 'occurred',
        evidence: [quote('No timeframe was given for the withdrawal.')],
      },
    });
    expect(created.status, created.raw).toBe(201);

    const { body } = await search('q=withdrawal&type=event');
    expect(body.data[0]).toMatchObject({
      type: 'event',
      id: created.body.id,
      snippet: '<mark>Withdrawal</mark> <mark>withdrawal</mark>',
      score: 1,
    });
    expect(body.data).toHaveLength(7);
  });
});

// Issue 10, finding 6: snippets mark hits with U+E000 / U+E001; a description holding "\uE001" gave
// an unbalanced </mark>.
describe('GET /v1/search and the characters that mark hits', () => {
  it('refuses a write whose text holds U+E000 or U+E001, naming the field', async () => {
    const response = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { name: 'Marker Person', kind: 'person', description: 'Closes\uE001 a mark, opens\uE000 one.' },
    });
    expect(response.status, response.raw).toBe(400);
    expect(response.body.errors).toEqual([
      {
        path: 'body.description',
        message:
          'must not hold U+E000 or U+E001: search reserves these private-use characters to mark hits; remove them',
      },
    ]);
  });

  it('keeps snippets balanced for text stored before that rule', async () => {
    app()
      .db.$client.prepare("UPDATE actors SET description = ? WHERE id = 'apa'")
      .run('Stray\uE001 close and \uE000 stray open of the zyxwvut agency');
    const hit = (await getJson(app(), '/v1/search?q=zyxwvut&type=actor')).body.data[0] as Hit;
    expect(hit.id).toBe('apa');
    // The stray close is dropped; the stray open cannot be told from a real one, but it is closed once.
    expect(hit.snippet).toBe('Stray close and <mark> stray open of the zyxwvut</mark> agency');
    expect(hit.snippet.match(/<mark>/g)).toHaveLength(hit.snippet.match(/<\/mark>/g)!.length);
  });
});

describe('GET /v1/search errors', () => {
  it('never answers a 500 or leaks SQL, whatever q holds', async () => {
    for (const q of [
      '"',
      '""',
      'NEAR(a b)',
      'a:b',
      '^withdrawal',
      '+withdrawal',
      'title:withdrawal',
      "'; DROP TABLE claims; --",
      'a OR OR b',
      '((a)',
      '*a',
      'a**',
      '🙂',
      'AND OR NOT',
    ]) {
      const response = await search(`q=${encodeURIComponent(q)}`);
      if (response.status !== 200) expectProblem(response, 400);
    }
  });
});
