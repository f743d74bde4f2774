// GET /v1/graph: the neighbourhood of any entity as nodes and edges, bounded by depth, a node limit
// and a per-node cap for hubs.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectInvalid } from './expect-problem.ts';
import { onDay, useAppWith } from './extra-bundles.ts';
import { OFFENSIVE, SEED_SOURCE, WITHDRAWAL, lakeOrlinBundle, townCrierBundle } from './graph-fixtures.ts';

type Node = { id: string; kind: string; entityId: string; label: string; depth: number };
type Edge = { id: string; source: string; target: string; type: string; role: string | null; label: string };
type Graph = {
  focus: string;
  depth: number;
  nodes: Node[];
  edges: Edge[];
  truncated: boolean;
  capped: unknown[];
  limits: { nodes: number; perNode: number };
};

const app = useApp();

const graph = async (query: string): Promise<Graph> => {
  const { status, body } = await getJson(app(), `/v1/graph?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
};
/** Nodes as `kind:id@depth`, in answer order. */
const nodesOf = (g: Graph) => g.nodes.map((n) => `${n.id}@${n.depth}`);
/** Edges as `source -type(role)-> target`, in answer order. */
const edgesOf = (g: Graph) => g.edges.map((e) => `${e.source} -${e.type}${e.role ? `(${e.role})` : ''}-> ${e.target}`);

const PESKOV = 'actor:dmitry-peskov';
const PESKOV_CLAIM = 'claim:dmitry-peskov-confirms';
const SOURCE = `source:${SEED_SOURCE}`;

describe('GET /v1/graph', () => {
  it('at depth 1 around the Kremlin spokesman, returns his claim and his organisation, joined by said and affiliated_with', async () => {
    const g = await graph(`focus=${PESKOV}`);

    expect(g).toEqual({
      focus: PESKOV,
      depth: 1,
      nodes: [
        { id: PESKOV, kind: 'actor', entityId: 'dmitry-peskov', label: 'Dmitry Peskov', depth: 0, actorKind: 'person' },
        {
          id: PESKOV_CLAIM,
          kind: 'claim',
          entityId: 'dmitry-peskov-confirms',
          label: 'Confirmed reports of the Russian peacekeepers’ withdrawal but gave no further details.',
          depth: 1,
          stance: 'confirms',
          mode: 'reported_speech',
          saidAt: {
            text: 'on Wednesday',
            start: '2024-04-17',
            end: '2024-04-17',
            precision: 'day',
            approximate: false,
          },
        },
        {
          id: 'actor:kremlin',
          kind: 'actor',
          entityId: 'kremlin',
          label: 'Kremlin',
          depth: 1,
          actorKind: 'organization',
        },
      ],
      edges: [
        {
          id: `${PESKOV}|said|${PESKOV_CLAIM}`,
          source: PESKOV,
          target: PESKOV_CLAIM,
          type: 'said',
          role: null,
          label: 'said',
        },
        {
          id: `${PESKOV}|affiliated_with|actor:kremlin|spokesman`,
          source: PESKOV,
          target: 'actor:kremlin',
          type: 'affiliated_with',
          role: 'spokesman',
          label: 'spokesman',
        },
      ],
      truncated: false,
      capped: [],
      limits: { nodes: 100, perNode: 50 },
    });
  });

  it('at depth 2 around the Kremlin spokesman, reaches the withdrawal, the peacekeepers, the source and Russia, with every edge among them', async () => {
    const g = await graph(`focus=${PESKOV}&depth=2`);

    expect(nodesOf(g)).toEqual([
      `${PESKOV}@0`,
      `${PESKOV_CLAIM}@1`,
      'actor:kremlin@1',
      `event:${WITHDRAWAL}@2`,
      'actor:russian-peacekeepers@2',
      `${SOURCE}@2`,
      'actor:russia@2',
    ]);
    expect(edgesOf(g)).toEqual([
      `${PESKOV} -said-> ${PESKOV_CLAIM}`,
      `${PESKOV} -affiliated_with(spokesman)-> actor:kremlin`,
      `${PESKOV_CLAIM} -about-> event:${WITHDRAWAL}`,
      `${PESKOV_CLAIM} -about-> actor:russian-peacekeepers`,
      `${PESKOV_CLAIM} -extracted_from-> ${SOURCE}`,
      'actor:kremlin -affiliated_with(government)-> actor:russia',
      // Edges between two nodes of the last hop are drawn too.
      `actor:russian-peacekeepers -participated(agent)-> event:${WITHDRAWAL}`,
      `event:${WITHDRAWAL} -extracted_from-> ${SOURCE}`,
      'actor:russian-peacekeepers -affiliated_with(peacekeeping force)-> actor:russia',
    ]);
    expect(g.truncated).toBe(false);
  });

  it('around the September 2023 offensive, draws who took part, who spoke about it, where it happened and how it relates to other events', async () => {
    const g = await graph(`focus=event:${OFFENSIVE}`);

    expect(nodesOf(g)).toEqual([
      `event:${OFFENSIVE}@0`,
      'actor:azerbaijan@1',
      // Claims about an event newest said first; these two share their date, so by id, descending.
      'claim:russia-rejects@1',
      'claim:armenias-political-leadership-accuses@1',
      'location:nagorno-karabakh@1',
      'event:arrest-of-the-breakaway-areas-ethnic-armenian-leaders@1',
      'event:exodus-of-120-000-ethnic-armenians@1',
      'event:armenia-azerbaijan-conflict-over-nagorno-karabakh@1',
      'event:food-and-medicine-shortages-in-karabakh@1',
      `${SOURCE}@1`,
    ]);
    expect(edgesOf(g).slice(0, 9)).toEqual([
      `actor:azerbaijan -participated(agent)-> event:${OFFENSIVE}`,
      `claim:russia-rejects -about-> event:${OFFENSIVE}`,
      `claim:armenias-political-leadership-accuses -about-> event:${OFFENSIVE}`,
      `event:${OFFENSIVE} -located_in-> location:nagorno-karabakh`,
      `event:${OFFENSIVE} -causes-> event:arrest-of-the-breakaway-areas-ethnic-armenian-leaders`,
      `event:${OFFENSIVE} -causes-> event:exodus-of-120-000-ethnic-armenians`,
      `event:${OFFENSIVE} -part_of-> event:armenia-azerbaijan-conflict-over-nagorno-karabakh`,
      // Stored on the shortages ("precedes the offensive"): found from either end.
      `event:food-and-medicine-shortages-in-karabakh -precedes-> event:${OFFENSIVE}`,
      `event:${OFFENSIVE} -extracted_from-> ${SOURCE}`,
    ]);
    expect(edgesOf(g)).toContain('claim:russia-rejects -responds_to-> claim:armenias-political-leadership-accuses');
  });

  it('around Kalbajar at depth 2, climbs and descends the location hierarchy and finds the events located there', async () => {
    const g = await graph('focus=location:kalbajar-district&depth=2');

    expect(nodesOf(g)).toEqual([
      'location:kalbajar-district@0',
      'location:azerbaijan@1',
      'location:kalbajar-monastery@1',
      'location:south-caucasus@2',
      'location:nagorno-karabakh@2',
      `event:${WITHDRAWAL}@2`,
      'event:first-peacekeepers-leave-the-kalbajar-monastery@2',
    ]);
    expect(edgesOf(g)).toEqual([
      'location:kalbajar-district -within-> location:azerbaijan',
      'location:kalbajar-monastery -within-> location:kalbajar-district',
      'location:azerbaijan -within-> location:south-caucasus',
      'location:nagorno-karabakh -within-> location:azerbaijan',
      `event:${WITHDRAWAL} -located_in-> location:azerbaijan`,
      'event:first-peacekeepers-leave-the-kalbajar-monastery -located_in-> location:kalbajar-monastery',
      `event:first-peacekeepers-leave-the-kalbajar-monastery -part_of-> event:${WITHDRAWAL}`,
    ]);
  });

  it('around a claim, shows its speaker, what it is about, the claim it answers and its source', async () => {
    const g = await graph('focus=claim:russia-rejects');

    expect(nodesOf(g)).toEqual([
      'claim:russia-rejects@0',
      'actor:russia@1',
      `event:${OFFENSIVE}@1`,
      'actor:armenian-political-leadership@1',
      'claim:armenias-political-leadership-accuses@1',
      `${SOURCE}@1`,
    ]);
    expect(edgesOf(g).slice(0, 6)).toEqual([
      'actor:russia -said-> claim:russia-rejects',
      'claim:russia-rejects -about-> actor:russia',
      `claim:russia-rejects -about-> event:${OFFENSIVE}`,
      'claim:russia-rejects -about-> actor:armenian-political-leadership',
      'claim:russia-rejects -responds_to-> claim:armenias-political-leadership-accuses',
      `claim:russia-rejects -extracted_from-> ${SOURCE}`,
    ]);
  });

  it('around an outlet, shows the claims it relayed as reported_by', async () => {
    const g = await graph('focus=actor:azertac');

    expect(edgesOf(g)).toEqual([
      'claim:hikmet-hajiyev-confirms-2 -reported_by-> actor:azertac',
      'claim:hikmet-hajiyev-confirms-3 -reported_by-> actor:azertac',
      'claim:hikmet-hajiyev-states -reported_by-> actor:azertac',
      'actor:azertac -affiliated_with(state news agency)-> actor:azerbaijan',
      'claim:hikmet-hajiyev-confirms-3 -about-> actor:azerbaijan',
    ]);
  });

  it('gives each kind of node the fields to style it by: event status and time, location kind, source publication', async () => {
    const g = await graph(`focus=event:first-peacekeepers-leave-the-kalbajar-monastery`);
    const byId = new Map(g.nodes.map((n) => [n.id, n]));

    expect(byId.get('event:first-peacekeepers-leave-the-kalbajar-monastery')).toEqual({
      id: 'event:first-peacekeepers-leave-the-kalbajar-monastery',
      kind: 'event',
      entityId: 'first-peacekeepers-leave-the-kalbajar-monastery',
      label: 'First peacekeepers leave the Kalbajar monastery',
      depth: 0,
      eventKind: 'departure',
      status: 'occurred',
      time: { text: 'a few days ago', start: '2024-04-11', end: '2024-04-15', precision: 'day', approximate: true },
    });
    expect(byId.get('location:kalbajar-monastery')).toEqual({
      id: 'location:kalbajar-monastery',
      kind: 'location',
      entityId: 'kalbajar-monastery',
      label: 'Monastery revered by Armenians in Kalbajar district',
      depth: 1,
      locationKind: 'site',
    });
    expect(byId.get(SOURCE)).toEqual({
      id: SOURCE,
      kind: 'source',
      entityId: SEED_SOURCE,
      label: 'Russian Peacekeepers Start Withdrawal from Azerbaijan’s Nagorno-Karabakh',
      depth: 1,
      publisher: null,
      publishedAt: '2024-04-17',
    });
  });

  it('shortens a long claim text to a 140-character label', async () => {
    const g = await graph('focus=claim:hikmet-hajiyev-confirms-3');

    const label = g.nodes[0]!.label;
    expect(label).toHaveLength(140);
    expect(label.endsWith('…')).toBe(true);
    expect(label.startsWith('The early withdrawal of Russian peacekeepers')).toBe(true);
  });

  it('when the node limit is reached, keeps the nearest nodes first, says truncated, and draws only edges between returned nodes', async () => {
    const g = await graph(`focus=event:${WITHDRAWAL}&limit=4`);

    expect(nodesOf(g)).toEqual([
      `event:${WITHDRAWAL}@0`,
      'actor:russian-peacekeepers@1',
      'claim:dmitry-peskov-confirms@1',
      'claim:apa-reports@1',
    ]); // newest said first
    expect(edgesOf(g)).toEqual([
      `actor:russian-peacekeepers -participated(agent)-> event:${WITHDRAWAL}`,
      `claim:dmitry-peskov-confirms -about-> event:${WITHDRAWAL}`,
      `claim:apa-reports -about-> event:${WITHDRAWAL}`,
      'claim:dmitry-peskov-confirms -about-> actor:russian-peacekeepers',
      'claim:apa-reports -about-> actor:russian-peacekeepers',
    ]);
    expect(g.truncated).toBe(true);
    expect(g.limits).toEqual({ nodes: 4, perNode: 50 });
  });

  it('at depth 3, returns each node once, nearer nodes first, and only edges whose both ends are returned', async () => {
    const g = await graph(`focus=event:${WITHDRAWAL}&depth=3&limit=1000`);
    const ids = g.nodes.map((n) => n.id);

    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
    const depths = g.nodes.map((n) => n.depth);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    expect(Math.max(...depths)).toBe(3);
    for (const e of g.edges) expect(ids, e.id).toEqual(expect.arrayContaining([e.source, e.target]));
    // The whole seed is within three hops of the withdrawal, and nothing was cut.
    expect(g.truncated).toBe(false);
    expect(ids).toEqual(
      expect.arrayContaining(['actor:nikol-pashinyan', 'location:south-caucasus', 'claim:azerbaijan-alleges']),
    );
  });

  it('answers an unknown focus with a 400 naming query.focus', async () => {
    const response = await getJson(app(), '/v1/graph?focus=actor:no-such-actor');

    const problem = expectInvalid(response, ['query.focus']);
    expect(problem.errors![0]!.message).toBe('no actor with id "no-such-actor"');
  });

  it('answers a focus without a kind, with an unknown kind or of the wrong kind with a 400 naming query.focus', async () => {
    expectInvalid(await getJson(app(), '/v1/graph?focus=dmitry-peskov'), ['query.focus']);
    expectInvalid(await getJson(app(), '/v1/graph?focus=person:dmitry-peskov'), ['query.focus']);
    expectInvalid(await getJson(app(), '/v1/graph?focus=location:dmitry-peskov'), ['query.focus']);
    expectInvalid(await getJson(app(), '/v1/graph'), ['query.focus']);
  });

  it('answers a depth outside 1..3 or not a whole number with a 400 naming query.depth', async () => {
    for (const depth of ['0', '4', '1.5', 'two']) {
      expectInvalid(await getJson(app(), `/v1/graph?focus=${PESKOV}&depth=${depth}`), ['query.depth']);
    }
  });

  it('names every bad parameter at once: an unknown focus, a bad depth and limit, and an unknown parameter', async () => {
    const response = await getJson(app(), '/v1/graph?focus=event:no-such-event&depth=9&limit=1001&fokus=x');

    expectInvalid(response, ['query.focus', 'query.depth', 'query.limit', 'query.fokus']);
  });
});

describe('GET /v1/graph with hubs and stored inverse relations', () => {
  const hubApp = useAppWith({ seed: false }, townCrierBundle(48, 7), lakeOrlinBundle());

  it('when a speaker has more claims than the per-node cap, walks the newest 50, dated before undated, and names the hub in capped', async () => {
    const { status, body } = await getJson(hubApp(), '/v1/graph?focus=actor:town-crier');

    expect(status).toBe(200);
    const claims = body.nodes.filter((n: Node) => n.kind === 'claim');
    expect(claims).toHaveLength(50);
    // 48 dated notices, latest first (notice 48 on 2024-02-17 down to notice 1 on 2024-01-01), then undated ones.
    expect(claims[0]).toMatchObject({ label: 'Notice 048 was read aloud.', saidAt: { start: '2024-02-17' } });
    expect(claims[47]).toMatchObject({ label: 'Notice 001 was read aloud.', saidAt: { start: '2024-01-01' } });
    expect(claims.slice(48).map((c: Node) => c.label)).toEqual([
      'Notice 049 was read aloud.',
      'Notice 050 was read aloud.',
    ]);
    expect(body.truncated).toBe(true);
    expect(body.capped).toEqual([{ node: 'actor:town-crier', types: ['said'], direction: 'outgoing', shown: 50 }]);
  });

  it('walks the claims about an event newest said first too, dated before undated', async () => {
    const { body } = await getJson(hubApp(), '/v1/graph?focus=event:reading-of-the-notices&depth=1');

    const claims = body.nodes.filter((n: Node) => n.kind === 'claim');
    expect(claims).toHaveLength(50);
    expect(claims[0]).toMatchObject({ label: 'Notice 048 was read aloud.', saidAt: { start: '2024-02-17' } });
    expect(claims[47]).toMatchObject({ label: 'Notice 001 was read aloud.', saidAt: { start: '2024-01-01' } });
    expect(claims.slice(48).map((c: Node) => c.label)).toEqual([
      'Notice 049 was read aloud.',
      'Notice 050 was read aloud.',
    ]);
    expect(body.capped).toEqual([
      { node: 'event:reading-of-the-notices', types: ['about'], direction: 'incoming', shown: 50 },
    ]);
  });

  it('treats a source with more claims than the cap as a hub too', async () => {
    const { body } = await getJson(hubApp(), '/v1/graph?focus=source:town-crier-notices');

    expect(body.nodes.filter((n: Node) => n.kind === 'claim')).toHaveLength(50);
    expect(body.capped).toEqual([
      { node: 'source:town-crier-notices', types: ['extracted_from'], direction: 'incoming', shown: 50 },
    ]);
  });

  it('when the node limit is reached first, cuts there and stops walking', async () => {
    const { body } = await getJson(hubApp(), '/v1/graph?focus=actor:town-crier&depth=3&limit=10');

    expect(body.nodes).toHaveLength(10);
    expect(body.nodes.slice(1).every((n: Node) => n.depth === 1)).toBe(true);
    expect(body.truncated).toBe(true);
  });

  it('draws an event relation stored from the effect ("caused_by") as the cause pointing at the effect', async () => {
    const { body } = await getJson(hubApp(), '/v1/graph?focus=event:orlin-ferry-service-suspended');

    expect(edgesOf(body)).toContain(
      'event:repairs-to-the-orlin-ferry-boats -causes-> event:orlin-ferry-service-suspended',
    );
    expect(body.edges.map((e: Edge) => e.type)).not.toContain('caused_by');
  });
});

/**
 * The Weavers Guild and its `members` members, each affiliated with it and each with one statement
 * (member n on day n of 2024); the last member also praises the guild, last of all: a hub of members
 * beyond the per-node cap, and a source of more statements than the cap.
 */
function guildBundle(members: number) {
  const name = (n: number) => `Member ${String(n).padStart(3, '0')}`;
  const key = (n: number) => `member-${String(n).padStart(3, '0')}`;
  const lines = Array.from({ length: members }, (_, i) => `${name(i + 1)} of the Weavers Guild spoke.`);
  const praise = `${name(members)} praised the Weavers Guild.`;
  return {
    source: {
      id: 'weavers-guild-meeting',
      title: 'The Weavers Guild meets',
      publisher: null,
      url: null,
      publishedAt: '2024-06-01',
      language: 'en',
      text: [...lines, praise].join('\n'),
    },
    actors: [
      { key: 'weavers-guild', name: 'Weavers Guild', kind: 'organization' },
      ...lines.map((_, i) => ({
        key: key(i + 1),
        name: name(i + 1),
        kind: 'person',
        affiliations: [{ organization: 'weavers-guild', role: 'member' }],
      })),
    ],
    claims: [
      ...lines.map((line, i) => ({
        key: `${key(i + 1)}-spoke`,
        speaker: key(i + 1),
        text: line,
        mode: 'direct_quote',
        stance: 'states',
        saidAt: onDay(new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)),
        evidence: line,
      })),
      {
        key: 'praise',
        speaker: key(members),
        text: praise,
        mode: 'direct_quote',
        stance: 'states',
        saidAt: onDay('2024-12-31'),
        about: { events: [], actors: ['weavers-guild'] },
        evidence: praise,
      },
    ],
  };
}

describe('GET /v1/graph around a hub of more neighbours than the default node limit', () => {
  const guildApp = useAppWith({ seed: false }, guildBundle(60));

  const guildGraph = async (query: string): Promise<Graph> => {
    const { status, body } = await getJson(guildApp(), `/v1/graph?${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };

  it('without a limit, returns the nearest 100 nodes, says truncated, and names the limit it applied', async () => {
    const cut = await guildGraph('focus=source:weavers-guild-meeting&depth=2');
    const whole = await guildGraph('focus=source:weavers-guild-meeting&depth=2&limit=1000');

    expect(cut.limits).toEqual({ nodes: 100, perNode: 50 });
    expect(cut.nodes).toHaveLength(100);
    expect(cut.truncated).toBe(true);
    // The source, the newest 50 of its 61 statements (the per-node cap: the praise and those of members
    // 60 down to 12), their 49 speakers and the guild the praise is about.
    expect(whole.nodes).toHaveLength(1 + 50 + 49 + 1);
    expect(nodesOf(cut)).toEqual(nodesOf(whole).slice(0, 100));
    const kept = new Set(cut.nodes.map((n) => n.id));
    expect(cut.edges).toEqual(whole.edges.filter((e) => kept.has(e.source) && kept.has(e.target)));
  });

  it('when a hub was cut to the per-node cap, still draws its edges to the nodes reached another way', async () => {
    const g = await guildGraph('focus=actor:weavers-guild&depth=2&limit=1000');

    expect(g.capped).toEqual([
      { node: 'actor:weavers-guild', types: ['affiliated_with'], direction: 'incoming', shown: 50 },
    ]);
    // The last member is not among the 50 members walked: it is reached through its praise of the guild.
    expect(nodesOf(g)).toContain('actor:member-060@2');
    expect(edgesOf(g)).toContain('actor:member-060 -affiliated_with(member)-> actor:weavers-guild');
    const members = g.nodes.filter((n) => n.id.startsWith('actor:member-'));
    expect(members).toHaveLength(51);
    for (const member of members)
      expect(edgesOf(g)).toContain(`${member.id} -affiliated_with(member)-> actor:weavers-guild`);
  });

  it('draws the same edges whichever end the walk started from', async () => {
    const fromGuild = await guildGraph('focus=actor:weavers-guild&depth=2&limit=1000');
    const fromMember = await guildGraph('focus=actor:member-060&depth=3&limit=1000');

    const among = (g: Graph, ids: Set<string>) =>
      g.edges
        .filter((e) => ids.has(e.source) && ids.has(e.target))
        .map((e) => e.id)
        .sort();
    const shared = new Set(fromGuild.nodes.map((n) => n.id).filter((id) => fromMember.nodes.some((n) => n.id === id)));
    expect(shared.size).toBeGreaterThan(50);
    expect(among(fromMember, shared)).toEqual(among(fromGuild, shared));
  });
});
