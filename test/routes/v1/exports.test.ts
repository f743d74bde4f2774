// Exports: any list page (and the graph) as JSON-LD, GeoJSON, CSV or GraphML, chosen by Accept or ?format=.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/domain/api-keys.ts';
import { CLAIM_COLUMNS, EVENT_COLUMNS } from '../../../src/exports/csv.ts';
import { getJson, useApp, walkPages } from '../../helpers.ts';
import { expectInvalid, expectProblem } from './expect-problem.ts';
import { csvRecords, findAll, parseCsv, parseXml } from './export-parsers.ts';

const app = useApp();
const ORIGIN = 'http://localhost';

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await app().inject({ method: 'GET', url, headers });
  const contentType = String(response.headers['content-type'] ?? '');
  return {
    status: response.statusCode,
    contentType,
    headers: response.headers,
    text: response.body,
    body: /json/.test(contentType) ? response.json() : undefined,
  };
}

/** A made-up article whose claims hold what CSV must quote or defuse: quotes, commas, newlines, formulas. */
const TRICKY_SOURCE = 'export-test-article';
const TRICKY_TEXT =
  'A spokesman said the army would "leave, and soon".\n' +
  '=HYPERLINK("http://evil.example","click")\n' +
  '+7 units and -3 units were counted.';
const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false };
const TRICKY_PARAPHRASE = 'Said the army would "leave, and soon";\nnothing else.';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

beforeAll(async () => {
  const { key } = createApiKey(app().db, { name: 'export-tests', scopes: ['write'] });
  const claim = (key: string, text: string, evidence: string, channel: string | null = null) => ({
    key,
    speaker: 'dmitry-peskov',
    text,
    mode: 'reported_speech',
    stance: 'states',
    saidAt: UNKNOWN_TIME,
    channel,
    reportedBy: null,
    about: { events: [], actors: [] },
    respondsTo: null,
    evidence,
  });
  const response = await app().inject({
    method: 'POST',
    url: '/v1/sources',
    headers: { authorization: `Bearer ${key}` },
    payload: {
      source: {
        id: TRICKY_SOURCE,
        title: 'Export test article',
        publisher: null,
        url: null,
        publishedAt: '2024-05-01',
        language: 'en',
        text: TRICKY_TEXT,
      },
      actors: [],
      locations: [],
      events: [],
      claims: [
        claim('quotes', TRICKY_PARAPHRASE, 'A spokesman said the army would "leave, and soon".'),
        claim('formula', FORMULA, FORMULA, '@admin on a forum'),
        claim('signs', '+7 units and -3 units were counted.', '+7 units and -3 units were counted'),
      ],
    },
  });
  expect(response.statusCode, response.body).toBe(201);
});

/** Every node object in a JSON-LD document (anything but a value object or a bare reference). */
function nodesOf(value: unknown, into: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) value.forEach((item) => nodesOf(item, into));
  else if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (!('@value' in node) && !('@context' in node)) into.push(node);
    for (const [key, child] of Object.entries(node)) if (key !== '@context') nodesOf(child, into);
  }
  return into;
}

describe('GET /v1/claims as CSV (text/csv)', () => {
  it('answers RFC 4180 CSV: a header row, CRLF after every record, one row per claim of the page, in page order', async () => {
    const json = await getJson(
      app(),
      '/v1/claims?limit=100&source=russian-peacekeepers-start-withdrawal-from-nagorno-karabakh',
    );
    const csv = await get(
      '/v1/claims?limit=100&source=russian-peacekeepers-start-withdrawal-from-nagorno-karabakh&format=csv',
    );

    expect(csv.status).toBe(200);
    expect(csv.contentType).toBe('text/csv; charset=utf-8; header=present');
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual([...CLAIM_COLUMNS]);
    expect(rows.slice(1).map((row) => row[0])).toEqual(json.body.data.map((claim: { id: string }) => claim.id));
    expect(rows).toHaveLength(11);
  });

  it('flattens a seed claim into readable columns: speaker, saidAt, about ids joined by |, source and evidence', async () => {
    const { body: peskov } = await getJson(app(), '/v1/claims/dmitry-peskov-confirms');
    const { body: hajiyev } = await getJson(app(), '/v1/claims/hikmet-hajiyev-confirms-3');
    const records = csvRecords((await get('/v1/claims?limit=100&format=csv')).text, CLAIM_COLUMNS);
    const byId = Object.fromEntries(records.map((record) => [record.id, record]));

    expect(byId['dmitry-peskov-confirms']).toEqual({
      id: 'dmitry-peskov-confirms',
      url: `${ORIGIN}/v1/claims/dmitry-peskov-confirms`,
      text: peskov.text,
      mode: 'reported_speech',
      stance: 'confirms',
      speaker_id: 'dmitry-peskov',
      speaker_name: 'Dmitry Peskov',
      said_text: 'on Wednesday',
      said_start: '2024-04-17',
      said_end: '2024-04-17',
      said_precision: 'day',
      said_approximate: 'false',
      channel: 'conference call with journalists',
      reported_by_id: '',
      reported_by_name: '',
      about_event_ids: 'russian-peacekeepers-withdraw-from-nagorno-karabakh',
      about_event_titles: 'Russian peacekeepers withdraw from Nagorno-Karabakh',
      about_actor_ids: 'russian-peacekeepers',
      about_actor_names: 'Russian peacekeepers',
      responds_to_id: '',
      responds_to_text: '',
      source_id: 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh',
      source_title: peskov.source.title,
      evidence_start: String(peskov.evidence.start),
      evidence_end: String(peskov.evidence.end),
      evidence_text: peskov.evidence.text,
      source_count: '1',
      independent_sources: '1',
    });
    // A direct quote with commas in it, about three events, carried by an outlet.
    const quote = byId['hikmet-hajiyev-confirms-3']!;
    expect(quote.text).toBe(hajiyev.text);
    expect(quote.text).toContain('November 10, 2020,');
    expect(quote.mode).toBe('direct_quote');
    expect(quote.said_precision).toBe('unknown');
    expect(quote.said_start).toBe('');
    expect(quote.reported_by_id).toBe('azertac');
    expect(quote.about_event_ids.split('|')).toEqual(hajiyev.about.events.map((event: { id: string }) => event.id));
    expect(quote.about_event_ids.split('|')).toHaveLength(3);
  });

  it('tells a missing value (empty field) from text (a quoted field) in the raw CSV', async () => {
    const csv = await get('/v1/claims?limit=100&format=csv');
    const line = csv.text.split('\r\n').find((row) => row.startsWith('"dmitry-peskov-confirms"'))!;

    expect(line).toContain(
      '"day",false,"conference call with journalists",,,"russian-peacekeepers-withdraw-from-nagorno-karabakh"',
    );
    expect(line).toMatch(/,\d+,\d+,"Kremlin spokesman Dmitry Peskov, in a conference call/);
  });

  it('quotes a field holding quotes, commas and a newline, so it reads back unchanged', async () => {
    const csv = await get(`/v1/claims?source=${TRICKY_SOURCE}&format=csv`);
    const records = csvRecords(csv.text, CLAIM_COLUMNS);
    const tricky = records.find((record) => record.text.startsWith('Said the army'))!;

    expect(tricky.text).toBe(TRICKY_PARAPHRASE);
    expect(tricky.evidence_text).toBe('A spokesman said the army would "leave, and soon".');
    expect(csv.text).toContain('"Said the army would ""leave, and soon"";\nnothing else."');
  });

  it('prefixes a cell that starts with = + - @ with a single quote, so a spreadsheet shows it as text instead of running it', async () => {
    const csv = await get(`/v1/claims?source=${TRICKY_SOURCE}&format=csv`);
    const records = csvRecords(csv.text, CLAIM_COLUMNS);
    const formula = records.find((record) => record.text.includes('HYPERLINK'))!;
    const signs = records.find((record) => record.text.includes('units'))!;

    expect(formula.text).toBe(`'${FORMULA}`);
    expect(formula.evidence_text).toBe(`'${FORMULA}`);
    expect(formula.channel).toBe("'@admin on a forum");
    expect(signs.text).toBe("'+7 units and -3 units were counted.");
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    // Numbers are not text and are never prefixed.
    expect(formula.evidence_start).toMatch(/^\d+$/);
    // The JSON keeps the words as they are.
    const { body } = await getJson(app(), `/v1/claims?source=${TRICKY_SOURCE}`);
    expect(body.data.map((claim: { text: string }) => claim.text)).toContain(FORMULA);
  });

  it('serves the claims of /v1/actors/{id}/claims as CSV too', async () => {
    const records = csvRecords((await get('/v1/actors/hikmet-hajiyev/claims?format=csv')).text, CLAIM_COLUMNS);

    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(new Set(records.map((record) => record.speaker_id))).toEqual(new Set(['hikmet-hajiyev']));
  });
});

describe('GET /v1/events as CSV', () => {
  it('has one row per event with time, location and |-joined participants, roles and evidence', async () => {
    const { body } = await getJson(app(), '/v1/events?limit=100');
    const csv = await get('/v1/events?limit=100&format=csv');
    const rows = parseCsv(csv.text);
    const records = csvRecords(csv.text, EVENT_COLUMNS);
    const event = body.data.find((e: { id: string }) => e.id === 'early-withdrawal-agreed-by-azerbaijan-and-russia');
    const record = records.find((r) => r.id === event.id)!;

    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(rows[0]).toEqual([...EVENT_COLUMNS]);
    expect(records.map((r) => r.id)).toEqual(body.data.map((e: { id: string }) => e.id));
    expect(record.title).toBe(event.title);
    expect(record.time_start).toBe(event.time.start ?? '');
    expect(record.time_precision).toBe(event.time.precision);
    expect(record.participant_ids.split('|')).toEqual(event.participants.map((p: any) => p.actor.id));
    expect(record.participant_roles.split('|')).toEqual(event.participants.map((p: any) => p.role));
    expect(record.evidence_text.split('|')).toEqual(event.evidence.map((span: any) => span.text));
    expect(record.evidence_start.split('|').map(Number)).toEqual(event.evidence.map((span: any) => span.start));
    const kalbajar = records.find((r) => r.id === 'first-peacekeepers-leave-the-kalbajar-monastery')!;
    expect(kalbajar.location_id).toBe('kalbajar-monastery');
  });

  it('puts the next page in a Link header; following the links walks the same list as the JSON cursors', async () => {
    const { items } = await walkPages(app(), '/v1/events?limit=4');
    const ids: string[] = [];
    let url: string | undefined = '/v1/events?limit=4&format=csv';
    let pages = 0;
    while (url) {
      const page = await get(url);
      expect(page.status).toBe(200);
      ids.push(...csvRecords(page.text, EVENT_COLUMNS).map((record) => record.id));
      const link = page.headers.link as string | undefined;
      const next: string | undefined = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      if (next) expect(next.startsWith(`${ORIGIN}/v1/events?`)).toBe(true);
      url = next ? next.slice(ORIGIN.length) : undefined;
      pages++;
    }

    expect(ids).toEqual(items.map((item) => item.id));
    expect(pages).toBe(Math.ceil(items.length / 4));
  });
});

describe('GeoJSON (application/geo+json)', () => {
  it('GET /v1/locations?format=geojson: a FeatureCollection with a Point at [lon, lat] for kalbajar-district', async () => {
    const { body: json } = await getJson(app(), '/v1/locations?limit=100');
    const geo = await get('/v1/locations?limit=100&format=geojson');

    expect(geo.status).toBe(200);
    expect(geo.contentType).toBe('application/geo+json');
    const collection = JSON.parse(geo.text);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f: { id: string }) => f.id)).toEqual(json.data.map((l: { id: string }) => l.id));
    const kalbajar = collection.features.find((f: { id: string }) => f.id === 'kalbajar-district');
    expect(kalbajar).toMatchObject({
      type: 'Feature',
      id: 'kalbajar-district',
      geometry: { type: 'Point', coordinates: [46.04, 40.1] },
      properties: {
        name: 'Kalbajar district',
        kind: 'district',
        parentId: 'azerbaijan',
        url: `${ORIGIN}/v1/locations/kalbajar-district`,
      },
    });
  });

  it('lists a location without coordinates with geometry null (RFC 7946 §3.2)', async () => {
    const collection = JSON.parse((await get('/v1/locations?limit=100&format=geojson')).text);
    const region = collection.features.find((f: { id: string }) => f.id === 'south-caucasus');

    expect(region).toMatchObject({
      type: 'Feature',
      geometry: null,
      properties: { name: 'South Caucasus', precision: null },
    });
    const district = collection.features.find((f: { id: string }) => f.id === 'kalbajar-district');
    expect(district.properties.precision).toBe('district');
  });

  it("GET /v1/events as GeoJSON: each event at its location's point, or its nearest located ancestor's (named in pointOf), else null", async () => {
    const collection = JSON.parse((await get('/v1/events?limit=100', { accept: 'application/geo+json' })).text);
    const feature = (id: string) => collection.features.find((f: { id: string }) => f.id === id);

    expect(collection.features).toHaveLength(15);
    expect(feature('six-weeks-of-fighting-in-2020')).toMatchObject({
      geometry: { type: 'Point', coordinates: [46.75, 39.82] },
      properties: {
        locationId: 'nagorno-karabakh',
        pointOf: 'nagorno-karabakh',
        precision: 'region',
        timeStart: '2020-09-29',
      },
    });
    // Drawn at Azerbaijan's centroid, and the feature says that is all it knows.
    expect(feature('russian-peacekeepers-withdraw-from-nagorno-karabakh')).toMatchObject({
      geometry: { type: 'Point', coordinates: [47.6, 40.1] },
      properties: { locationId: 'azerbaijan', pointOf: 'azerbaijan', precision: 'country' },
    });
    // The monastery has no coordinates: the event is drawn at Kalbajar district, which says so.
    expect(feature('first-peacekeepers-leave-the-kalbajar-monastery')).toMatchObject({
      geometry: { type: 'Point', coordinates: [46.04, 40.1] },
      properties: { locationId: 'kalbajar-monastery', pointOf: 'kalbajar-district', precision: 'district' },
    });
    expect(feature('moscow-brokered-trilateral-statement-of-november-2020')).toMatchObject({
      geometry: null,
      properties: { locationId: null, pointOf: null, precision: null },
    });
  });
});

describe('JSON-LD (application/ld+json)', () => {
  it('GET /v1/claims: @context with the schema.org and SEM prefixes, one schema:Claim per claim, ids absolute on this host', async () => {
    const { body: json } = await getJson(app(), '/v1/claims?limit=100');
    const ld = await get('/v1/claims?limit=100', { accept: 'application/ld+json' });

    expect(ld.status).toBe(200);
    expect(ld.contentType).toBe('application/ld+json');
    const doc = ld.body;
    expect(doc['@context']).toMatchObject({
      schema: 'http://schema.org/',
      sem: 'http://semanticweb.cs.vu.nl/2009/11/sem/',
    });
    expect(doc['@graph'].map((node: { '@id': string }) => node['@id'])).toEqual(
      json.data.map((claim: { id: string }) => `${ORIGIN}/v1/claims/${claim.id}`),
    );
    for (const node of doc['@graph']) expect(node['@type']).toContain('schema:Claim');
    const peskov = doc['@graph'].find((node: { '@id': string }) => node['@id'].endsWith('/dmitry-peskov-confirms'));
    expect(peskov).toMatchObject({
      'schema:text': json.data.find((c: { id: string }) => c.id === 'dmitry-peskov-confirms').text,
      'schema:author': {
        '@id': `${ORIGIN}/v1/actors/dmitry-peskov`,
        '@type': ['sem:Actor'],
        'schema:name': 'Dmitry Peskov',
      },
      'schema:dateCreated': { '@value': '2024-04-17', '@type': 'xsd:date' },
      'ekg:stance': 'confirms',
      'schema:appearance': {
        '@id': `${ORIGIN}/v1/sources/russian-peacekeepers-start-withdrawal-from-nagorno-karabakh`,
        '@type': ['schema:NewsArticle'],
      },
      'ekg:evidence': {
        '@type': ['schema:Quotation'],
        'schema:text': expect.stringContaining('Kremlin spokesman Dmitry Peskov'),
      },
    });
    expect(peskov['schema:about'].map((ref: { '@id': string }) => ref['@id'])).toEqual([
      `${ORIGIN}/v1/events/russian-peacekeepers-withdraw-from-nagorno-karabakh`,
      `${ORIGIN}/v1/actors/russian-peacekeepers`,
    ]);
    const quote = doc['@graph'].find((node: { '@id': string }) => node['@id'].endsWith('/hikmet-hajiyev-confirms-3'));
    expect(quote['@type']).toEqual(['schema:Claim', 'schema:Quotation']);
  });

  it('GET /v1/events: sem:Event with sem:eventType, time stamps, sem:hasPlace, and sem:hasActor as a sem:Role with a sem:roleType', async () => {
    const doc = (await get('/v1/events?limit=100&format=jsonld')).body;
    const event = doc['@graph'].find(
      (node: { '@id': string }) =>
        node['@id'] === `${ORIGIN}/v1/events/first-peacekeepers-leave-the-kalbajar-monastery`,
    );

    for (const node of doc['@graph']) expect(node['@type']).toEqual(['sem:Event']);
    expect(event).toMatchObject({
      'schema:name': 'First peacekeepers leave the Kalbajar monastery',
      'sem:eventType': {
        '@id': `${ORIGIN}/v1/events?kind=departure`,
        '@type': ['sem:EventType'],
        'rdfs:label': 'departure',
      },
      'sem:hasBeginTimeStamp': { '@value': '2024-04-11', '@type': 'xsd:date' },
      'sem:hasEndTimeStamp': { '@value': '2024-04-15', '@type': 'xsd:date' },
      'sem:hasTime': { '@type': ['sem:Time'], 'rdfs:label': 'a few days ago', 'ekg:approximate': true },
      'sem:hasPlace': { '@id': `${ORIGIN}/v1/locations/kalbajar-monastery`, '@type': ['sem:Place', 'schema:Place'] },
      'sem:hasActor': [
        {
          '@type': ['sem:Role'],
          'rdf:value': { '@id': `${ORIGIN}/v1/actors/russian-peacekeepers`, '@type': ['sem:Actor'] },
          'sem:roleType': { '@type': ['sem:RoleType'], 'rdfs:label': 'agent' },
        },
      ],
      'sem:subEventOf': [{ '@id': `${ORIGIN}/v1/events/russian-peacekeepers-withdraw-from-nagorno-karabakh` }],
    });
  });

  it('GET /v1/locations and /v1/actors: places with schema:GeoCoordinates, people as schema:Person', async () => {
    const places = (await get('/v1/locations?limit=100&format=jsonld')).body['@graph'];
    const actors = (await get('/v1/actors?limit=100&format=jsonld')).body['@graph'];
    const kalbajar = places.find(
      (node: { '@id': string }) => node['@id'] === `${ORIGIN}/v1/locations/kalbajar-district`,
    );
    const peskov = actors.find((node: { '@id': string }) => node['@id'] === `${ORIGIN}/v1/actors/dmitry-peskov`);

    expect(kalbajar).toMatchObject({
      '@type': ['sem:Place', 'schema:Place', 'schema:AdministrativeArea'],
      'schema:geo': { '@type': ['schema:GeoCoordinates'], 'schema:latitude': 40.1, 'schema:longitude': 46.04 },
      'schema:containedInPlace': { '@id': `${ORIGIN}/v1/locations/azerbaijan` },
    });
    expect(peskov['@type']).toEqual(['sem:Actor', 'schema:Person']);
    expect(peskov['schema:memberOf'][0]).toMatchObject({
      '@type': ['schema:OrganizationRole'],
      'schema:roleName': 'spokesman',
      'schema:memberOf': { '@id': `${ORIGIN}/v1/actors/kremlin` },
    });
  });

  it('gives every node of every list an @id, absolute on the public URL (not the Host the request named), and an @type', async () => {
    for (const list of ['claims', 'events', 'locations', 'actors', 'sources', 'timeline']) {
      const doc = (await get(`/v1/${list}?limit=100&format=jsonld`, { host: 'kg.example.org' })).body;
      const nodes = nodesOf(doc['@graph']);
      expect(nodes.length, list).toBeGreaterThan(0);
      for (const node of nodes) {
        expect(node['@id'], `${list}: ${JSON.stringify(node).slice(0, 200)}`).toMatch(/^https?:\/\/\S+$/);
        if (Object.keys(node).length > 1) expect(node['@type'], `${list}: ${node['@id']}`).toEqual(expect.any(Array));
      }
      const own = nodes.filter((node) => String(node['@id']).includes('/v1/'));
      for (const node of own) expect(node['@id']).toMatch(/^http:\/\/localhost\/v1\//);
    }
  });

  it('GET /v1/timeline: events as sem:Event and claims as schema:Claim, in timeline order', async () => {
    const { body: json } = await getJson(app(), '/v1/timeline?limit=100');
    const doc = (await get('/v1/timeline?limit=100&format=jsonld')).body;

    expect(doc['@graph'].map((node: { '@id': string }) => node['@id'])).toEqual(
      json.data.map((item: any) => `${ORIGIN}/v1/${item.type}s/${item[item.type].id}`),
    );
    for (const [index, item] of json.data.entries()) {
      expect(doc['@graph'][index]['@type']).toContain(item.type === 'event' ? 'sem:Event' : 'schema:Claim');
    }
  });
});

describe('GraphML (application/graphml+xml) of GET /v1/graph', () => {
  const focus = '/v1/graph?focus=event:russian-peacekeepers-withdraw-from-nagorno-karabakh&depth=2';

  it('is well-formed XML with as many <node>s and <edge>s as the JSON graph, ids and endpoints as there', async () => {
    const { body: json } = await getJson(app(), focus);
    const graphml = await get(`${focus}&format=graphml`);

    expect(graphml.status).toBe(200);
    expect(graphml.contentType).toBe('application/graphml+xml; charset=utf-8');
    const root = parseXml(graphml.text);
    expect(root.name).toBe('graphml');
    expect(root.attributes.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    const [graph] = findAll(root, 'graph');
    expect(graph!.attributes.edgedefault).toBe('directed');
    const nodes = findAll(root, 'node');
    const edges = findAll(root, 'edge');
    expect(json.nodes.length).toBeGreaterThan(5);
    expect(nodes.map((node) => node.attributes.id)).toEqual(json.nodes.map((node: { id: string }) => node.id));
    expect(edges.map((edge) => [edge.attributes.source, edge.attributes.target])).toEqual(
      json.edges.map((edge: { source: string; target: string }) => [edge.source, edge.target]),
    );
  });

  it('declares a typed <key> per property and gives each node and edge its values as <data>', async () => {
    const { body: json } = await getJson(app(), focus);
    const root = parseXml((await get(focus, { accept: 'application/graphml+xml' })).text);
    const keys = Object.fromEntries(
      findAll(root, 'key').map((key) => [`${key.attributes.for}:${key.attributes['attr.name']}`, key.attributes]),
    );
    const dataOf = (element: ReturnType<typeof parseXml>) =>
      Object.fromEntries(
        element.children
          .filter((c) => c.name === 'data')
          .map((d) => [
            findAll(root, 'key').find((k) => k.attributes.id === d.attributes.key)!.attributes['attr.name'],
            d.text,
          ]),
      );

    expect(keys['node:label']).toMatchObject({ 'attr.type': 'string' });
    expect(keys['node:depth']).toMatchObject({ 'attr.type': 'long' });
    expect(keys['edge:type']).toMatchObject({ 'attr.type': 'string' });
    expect(keys['graph:truncated']).toMatchObject({ 'attr.type': 'boolean' });
    const first = findAll(root, 'node')[0]!;
    expect(dataOf(first)).toMatchObject({
      kind: 'event',
      label: json.nodes[0].label,
      depth: '0',
      'time.precision': json.nodes[0].time.precision,
    });
    const edge = findAll(root, 'edge')[0]!;
    expect(dataOf(edge).type).toBe(json.edges[0].type);
    expect(dataOf(findAll(root, 'graph')[0]!).truncated).toBe(String(json.truncated));
  });

  it('GET /v1/graph as JSON-LD: nodes typed as their resources, participations as sem:Role', async () => {
    const doc = (await get(`${focus}&format=jsonld`)).body;
    const withdrawal = doc['@graph'].find(
      (node: { '@id': string }) =>
        node['@id'] === `${ORIGIN}/v1/events/russian-peacekeepers-withdraw-from-nagorno-karabakh`,
    );

    expect(withdrawal['@type']).toEqual(['sem:Event']);
    expect(withdrawal['sem:hasActor'][0]).toMatchObject({
      '@type': ['sem:Role'],
      'rdf:value': { '@id': expect.stringContaining('/v1/actors/') },
    });
  });

  it('GET /v1/graph/path as GraphML: the nodes and edges of the path', async () => {
    const url = '/v1/graph/path?from=actor:dmitry-peskov&to=location:kalbajar-district';
    const { body: json } = await getJson(app(), url);
    const root = parseXml((await get(`${url}&format=graphml`)).text);

    expect(json.found).toBe(true);
    expect(findAll(root, 'node')).toHaveLength(json.nodes.length);
    expect(findAll(root, 'edge')).toHaveLength(json.edges.length);
  });
});

describe('choosing the format', () => {
  it('follows the Accept header: text/csv gives CSV, application/ld+json JSON-LD, */* and no header JSON', async () => {
    expect((await get('/v1/claims', { accept: 'text/csv' })).contentType).toMatch(/^text\/csv/);
    expect((await get('/v1/claims', { accept: 'application/ld+json' })).contentType).toBe('application/ld+json');
    expect((await get('/v1/claims', { accept: '*/*' })).contentType).toMatch(/^application\/json/);
    expect((await get('/v1/claims')).contentType).toMatch(/^application\/json/);
    expect(
      (await get('/v1/claims', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }))
        .contentType,
    ).toMatch(/^application\/json/);
  });

  it('weighs q-values, then prefers the more specific range', async () => {
    expect((await get('/v1/claims', { accept: 'text/csv;q=0.5, application/ld+json' })).contentType).toBe(
      'application/ld+json',
    );
    expect((await get('/v1/events', { accept: 'application/*;q=0.9, application/geo+json' })).contentType).toBe(
      'application/geo+json',
    );
    expect((await get('/v1/events', { accept: '*/*;q=0.1, text/csv' })).contentType).toMatch(/^text\/csv/);
    expect((await get('/v1/events', { accept: 'application/json;q=0, */*' })).contentType).toBe('application/ld+json');
  });

  it('lets ?format= win over the Accept header', async () => {
    const json = await get('/v1/claims?format=json', { accept: 'text/csv' });

    expect(json.contentType).toMatch(/^application\/json/);
    expect(json.body.page).toMatchObject({ limit: 20 });
    expect((await get('/v1/claims?format=jsonld', { accept: 'text/csv' })).contentType).toBe('application/ld+json');
  });

  it('leaves the JSON answer as it was, and says the answer varies with Accept', async () => {
    const plain = await get('/v1/claims?limit=3');
    const explicit = await get('/v1/claims?limit=3&format=json');

    expect(explicit.text).toBe(plain.text);
    expect(plain.headers.vary).toMatch(/Accept/);
    expect(plain.headers.link).toBeUndefined();
  });

  it('answers 406 problem+json naming the formats when Accept names none the endpoint offers (csv of actors, geojson of claims)', async () => {
    const actors = expectProblem(await get('/v1/actors', { accept: 'text/csv' }), 406, '/v1/actors');
    const claims = expectProblem(await get('/v1/claims', { accept: 'application/geo+json' }), 406, '/v1/claims');

    expect(actors.detail).toContain('application/json, application/ld+json');
    expect(actors.detail).toContain('text/csv');
    expect(claims.detail).toContain('application/json, application/ld+json, text/csv');
  });

  it('answers 400 naming query.format when ?format names a format the endpoint does not offer, or none at all', async () => {
    const csvOfActors = expectInvalid(await get('/v1/actors?format=csv'), ['query.format']);
    const geoOfClaims = expectInvalid(await get('/v1/claims?format=geojson'), ['query.format']);

    expect(csvOfActors.errors![0]!.message).toContain('json, jsonld');
    expect(geoOfClaims.errors![0]!.message).toContain('json, jsonld, csv');
    expectInvalid(await get('/v1/claims?format=xml'), ['query.format']);
    expectInvalid(await get('/v1/claims?format=graphml&limit=0&speaker=nobody'), [
      'query.format',
      'query.limit',
      'query.speaker',
    ]);
  });

  it('keeps errors problem+json whatever format was asked for', async () => {
    expectInvalid(await get('/v1/claims?format=csv&speaker=nobody'), ['query.speaker']);
    expectProblem(await get('/v1/actors/nobody/claims?format=csv'), 404);
  });

  it('offers plain JSON only on a list that exports nothing, with the same 400 and 406', async () => {
    expect((await get('/v1/search?q=withdrawal&format=json')).status).toBe(200);
    expectInvalid(await get('/v1/search?q=withdrawal&format=csv'), ['query.format']);
    expectProblem(await get('/v1/search?q=withdrawal', { accept: 'text/csv' }), 406);
  });
});

describe('the OpenAPI document', () => {
  it('lists the content types each list answers with on its 200 response, and a 406', async () => {
    const { body: doc } = await getJson(app(), '/docs/json');
    const types = (path: string) => Object.keys(doc.paths[path].get.responses['200'].content);

    expect(types('/v1/claims')).toEqual(['application/json', 'application/ld+json', 'text/csv']);
    expect(types('/v1/actors/{id}/claims')).toEqual(['application/json', 'application/ld+json', 'text/csv']);
    expect(types('/v1/events')).toEqual([
      'application/json',
      'application/ld+json',
      'application/geo+json',
      'text/csv',
    ]);
    expect(types('/v1/locations')).toEqual(['application/json', 'application/ld+json', 'application/geo+json']);
    expect(types('/v1/actors')).toEqual(['application/json', 'application/ld+json']);
    expect(types('/v1/sources')).toEqual(['application/json', 'application/ld+json']);
    expect(types('/v1/timeline')).toEqual(['application/json', 'application/ld+json']);
    expect(types('/v1/graph')).toEqual(['application/json', 'application/ld+json', 'application/graphml+xml']);
    expect(doc.paths['/v1/claims'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ClaimPage',
    });
    expect(doc.paths['/v1/claims'].get.responses['200'].content['text/csv'].schema.description).toMatch(/single quote/);
    expect(doc.paths['/v1/claims'].get.responses['200'].headers).toHaveProperty('Link');
    expect(doc.paths['/v1/claims'].get.responses['406'].content).toHaveProperty('application/problem+json');
  });

  it('documents the format parameter on every list, with the values that list accepts', async () => {
    const { body: doc } = await getJson(app(), '/docs/json');
    const format = (path: string) => doc.paths[path].get.parameters.find((p: { name: string }) => p.name === 'format');

    for (const path of [
      '/v1/claims',
      '/v1/events',
      '/v1/locations',
      '/v1/actors',
      '/v1/sources',
      '/v1/timeline',
      '/v1/actors/{id}/claims',
      '/v1/actors/{id}/events',
    ]) {
      expect(format(path), path).toMatchObject({ in: 'query', required: false, description: expect.any(String) });
    }
    expect(format('/v1/claims').schema.enum).toEqual(['json', 'jsonld', 'csv']);
    expect(format('/v1/events').schema.enum).toEqual(['json', 'jsonld', 'geojson', 'csv']);
    expect(format('/v1/actors').schema.enum).toEqual(['json', 'jsonld']);
    expect(format('/v1/graph').schema.enum).toEqual(['json', 'jsonld', 'graphml']);
  });
});
