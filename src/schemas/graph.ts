// Graph shapes: the neighbourhood of one entity and the shortest connection between two, as nodes and
// edges a graph-drawing library (cytoscape, vis-network, d3-force) takes as they are.
import { z } from 'zod';
import { ACTOR_KINDS } from './actors.ts';
import { CLAIM_MODES, CLAIM_STANCES } from './claims.ts';
import { dateOrDateTimeSchema, formatQuery, idSchema, timeSpecSchema, wholeNumberQuery } from './common.ts';
import { EVENT_STATUSES } from './events.ts';
import { LOCATION_KINDS } from './locations.ts';

export const NODE_KINDS = ['actor', 'location', 'event', 'claim', 'source'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Every edge type, in the order a node's neighbours are walked. */
export const EDGE_TYPES = [
  'said',
  'about',
  'participated',
  'located_in',
  'within',
  'causes',
  'part_of',
  'precedes',
  'ends',
  'responds_to',
  'supports',
  'contradicts',
  'denies',
  'repeats',
  'reported_by',
  'affiliated_with',
  'extracted_from',
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Limits of a walk: documented in the OpenAPI document and echoed in every answer. */
export const GRAPH_LIMITS = {
  /**
   * Default and maximum number of nodes in a neighbourhood. The default keeps a drawing legible and
   * the answer small: a hub's depth-2 neighbourhood is about 55 KB at 100 nodes (115 KB at 200) and
   * costs half as much to walk and serialize; a client that wants more asks for it.
   */
  defaultNodes: 100,
  maxNodes: 1000,
  /** Neighbours taken per node, edge type and direction: a hub (a speaker with a million claims) shows this many. */
  perNode: 50,
  maxDepth: 3,
  /** Path search: hops, and nodes visited before it gives up. */
  maxPathDepth: 6,
  maxPathVisits: 10_000,
} as const;

const NODE_REF = new RegExp(`^(${NODE_KINDS.join('|')}):([a-z0-9][a-z0-9-]{0,199})$`);

/** `actor:dmitry-peskov` -> { kind, id }; undefined when the value does not have that shape. */
export function parseNodeRef(value: unknown): { kind: NodeKind; id: string } | undefined {
  const match = typeof value === 'string' ? NODE_REF.exec(value) : null;
  return match ? { kind: match[1] as NodeKind, id: match[2]! } : undefined;
}

const nodeRefSchema = z
  .string()
  .max(209) // the longest kind, ":" and a 200-character id; stated so the document bounds every request string
  .regex(NODE_REF, `must be kind:id with kind one of ${NODE_KINDS.join(', ')}, e.g. "actor:dmitry-peskov"`)
  .describe(
    'An entity as `kind:id` (ids are unique per kind only): kind one of actor, location, event, claim, source.',
  );

export const graphQuery = z
  .object({
    focus: nodeRefSchema
      .describe(
        'The entity at the centre, as `kind:id`, e.g. `actor:dmitry-peskov` or `event:russian-peacekeepers-withdraw-from-nagorno-karabakh`.',
      )
      .meta({ example: 'actor:dmitry-peskov' }),
    depth: wholeNumberQuery(1, GRAPH_LIMITS.maxDepth, 1).describe(`Hops from the focus, 1..${GRAPH_LIMITS.maxDepth}.`),
    limit: wholeNumberQuery(1, GRAPH_LIMITS.maxNodes, GRAPH_LIMITS.defaultNodes).describe(
      `Most nodes to return, 1..${GRAPH_LIMITS.maxNodes} (default ${GRAPH_LIMITS.defaultNodes}); nearer nodes are kept first and \`truncated\` says when some were left out.`,
    ),
    ...formatQuery,
  })
  .strict();
export type GraphQuery = z.infer<typeof graphQuery>;

export const pathQuery = z
  .object({
    from: nodeRefSchema.describe('Where the path starts, as `kind:id`.').meta({ example: 'actor:dmitry-peskov' }),
    to: nodeRefSchema.describe('Where the path ends, as `kind:id`.').meta({ example: 'location:kalbajar-district' }),
    maxDepth: wholeNumberQuery(1, GRAPH_LIMITS.maxPathDepth, GRAPH_LIMITS.maxPathDepth).describe(
      `Longest path searched, in edges, 1..${GRAPH_LIMITS.maxPathDepth}.`,
    ),
    ...formatQuery,
  })
  .strict();
export type PathQuery = z.infer<typeof pathQuery>;

const NODE_EXAMPLES: Record<NodeKind, string> = {
  actor: 'actor:dmitry-peskov',
  location: 'location:kalbajar-district',
  event: 'event:russian-peacekeepers-withdraw-from-nagorno-karabakh',
  claim: 'claim:dmitry-peskov-confirms',
  source: 'source:russian-peacekeepers-start-withdrawal-from-nagorno-karabakh',
};

/** The fields every node has, `kind` second so a node reads `{ id, kind, ... }`. */
const nodeOf = <K extends NodeKind, F extends z.ZodRawShape>(kind: K, description: string, fields: F) =>
  z.object({
    id: z
      .string()
      .describe('Graph id: `kind:id`, unique across kinds (edges name it as source and target).')
      .meta({ example: NODE_EXAMPLES[kind] }),
    kind: z.literal(kind).describe(description),
    entityId: idSchema
      .describe('The resource id: GET /v1/{kind}s/{entityId} answers the whole entity.')
      .meta({ example: NODE_EXAMPLES[kind].slice(kind.length + 1) }),
    label: z.string().describe('Display text: the name, title or claim text (shortened to 140 characters).'),
    depth: z
      .number()
      .int()
      .min(0)
      .describe('Hops from the focus (0 for the focus itself; on a path, the position from `from`).'),
    ...fields,
  });

export const graphNodeSchema = z
  .discriminatedUnion('kind', [
    nodeOf('actor', 'An actor.', { actorKind: z.enum(ACTOR_KINDS).describe('What sort of actor.') }),
    nodeOf('location', 'A location.', { locationKind: z.enum(LOCATION_KINDS).describe('What sort of place.') }),
    nodeOf('event', 'An event.', {
      eventKind: z.string().describe('What sort of event (withdrawal, offensive, ...).'),
      status: z.enum(EVENT_STATUSES).describe('occurred, ongoing, planned or cancelled.'),
      time: timeSpecSchema.describe('When it happened.'),
    }),
    nodeOf('claim', 'A claim.', {
      stance: z.enum(CLAIM_STANCES).describe('What the speaker does with the words.'),
      mode: z.enum(CLAIM_MODES).describe('direct_quote or reported_speech.'),
      saidAt: timeSpecSchema.describe('When it was said.'),
    }),
    nodeOf('source', 'A source document.', {
      publisher: z.string().nullable().describe('Who published it, as the source names them.'),
      publishedAt: dateOrDateTimeSchema.describe('When it was published.').meta({ example: '2024-04-17' }),
    }),
  ])
  .meta({
    id: 'GraphNode',
    description:
      'An entity in a graph answer, with a display label and a few fields to style it by; `kind` says which.',
  });
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z
  .object({
    id: z
      .string()
      .describe('Stable edge id: `source|type|target` (plus `|role` where the same pair is linked in several roles).'),
    source: z.string().describe('Graph id of the node the edge starts at.'),
    target: z.string().describe('Graph id of the node the edge points to.'),
    type: z
      .enum(EDGE_TYPES)
      .describe(
        'said (actor->claim), about (claim->event|actor), participated (actor->event, role), located_in (event->location), within (location->parent), ' +
          'causes/part_of/precedes/ends (event->event; caused_by, has_part, follows and ended_by are drawn reversed), responds_to, supports, contradicts, denies, repeats (claim->claim), ' +
          'reported_by (claim->outlet), affiliated_with (actor->organization, role), extracted_from (claim|event->source).',
      ),
    role: z
      .string()
      .nullable()
      .describe('The participant role (participated) or affiliation role (affiliated_with); null for other types.'),
    label: z.string().describe('Display text: the role where there is one, else the type in words.'),
  })
  .meta({ id: 'GraphEdge', description: 'A directed, typed link between two nodes of the answer.' });
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const cappedSchema = z
  .object({
    node: z.string().describe('Graph id of the node whose neighbours were cut.'),
    types: z
      .array(z.enum(EDGE_TYPES))
      .describe('The edge types cut (event relations of all four types are walked, and cut, together).'),
    direction: z
      .enum(['outgoing', 'incoming'])
      .describe('outgoing: what the node points at (as stored, for event relations); incoming: what points at it.'),
    shown: z.number().int().describe('How many of those neighbours were walked (the per-node cap).'),
  })
  .meta({ id: 'GraphCap', description: 'A hub whose neighbours over some edge types were cut to the per-node cap.' });

const limitsSchema = z
  .object({
    nodes: z.number().int().describe('The node limit applied.'),
    perNode: z.number().int().describe('Neighbours walked per node, edge type and direction.'),
  })
  .describe('The limits this answer was computed with.');

export const graphSchema = z
  .object({
    focus: z.string().describe('Graph id of the focus node.'),
    depth: z.number().int().describe('The depth walked.'),
    nodes: z.array(graphNodeSchema).describe('The focus first, then nodes by hop distance.'),
    edges: z.array(graphEdgeSchema).describe('Every edge between two returned nodes.'),
    truncated: z.boolean().describe('True when the node limit or a per-node cap left out some nodes within `depth`.'),
    capped: z.array(cappedSchema).describe('The hubs cut to the per-node cap, and which of their edges.'),
    limits: limitsSchema,
  })
  .meta({
    id: 'Graph',
    description:
      `The neighbourhood of an entity. Walked breadth-first; per node, edge type and direction at most ${GRAPH_LIMITS.perNode} neighbours are taken ` +
      '(claims newest said first, events latest first, others in id order), so a hub costs what an ordinary node does.',
  });
export type Graph = z.infer<typeof graphSchema>;

export const pathSchema = z
  .object({
    from: z.string().describe('Graph id the path starts at.'),
    to: z.string().describe('Graph id the path ends at.'),
    found: z.boolean().describe('Whether a connection was found within maxDepth.'),
    length: z.number().int().nullable().describe('Number of edges on the path; null when none was found.'),
    nodes: z
      .array(graphNodeSchema)
      .describe("The path's nodes in order from `from` to `to`; empty when none was found."),
    edges: z
      .array(graphEdgeSchema)
      .describe(
        'edges[i] links nodes[i] and nodes[i+1]; an edge keeps its own direction, so it may point back along the path.',
      ),
    exhaustive: z
      .boolean()
      .describe(
        'True when no per-node cap or visit bound cut the search: then `found: false` means no connection within maxDepth exists, and a path found is a shortest one. When false, a path found is the shortest among those searched.',
      ),
  })
  .meta({
    id: 'GraphPath',
    description: 'The shortest connection between two entities, edges walked in either direction.',
  });
export type GraphPath = z.infer<typeof pathSchema>;
