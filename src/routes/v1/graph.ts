// GET /v1/graph (the neighbourhood of an entity) and GET /v1/graph/path (how two entities connect).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { neighbourhood, shortestPath } from '../../db/queries/graph.ts';
import { problemResponses } from '../../schemas/common.ts';
import { GRAPH_LIMITS, graphQuery, graphSchema, pathQuery, pathSchema } from '../../schemas/graph.ts';

export const graphRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/graph',
    {
      config: { nodeFilters: ['focus'], exports: 'graph' },
      schema: {
        summary: 'Neighbourhood of an entity',
        description:
          'Nodes and edges around any actor, location, event, claim or source, shaped for graph-drawing libraries. `focus` is `kind:id` because ids are unique per kind only. ' +
          `Walked breadth-first to \`depth\` hops; nearer nodes are kept first up to \`limit\` (default ${GRAPH_LIMITS.defaultNodes}, which keeps a drawing legible and a hub's answer small; up to ${GRAPH_LIMITS.maxNodes} on request). ` +
          `A hub shows at most ${GRAPH_LIMITS.perNode} neighbours per edge type and direction ` +
          '(claims newest said first, events latest first, others in id order); `capped` names each hub cut that way and `truncated` is true whenever something within `depth` was left out. ' +
          '`edges` holds every edge between two returned nodes.',
        tags: ['graph'],
        querystring: graphQuery,
        response: { 200: graphSchema, ...problemResponses(400) },
      },
    },
    async (request) => neighbourhood(app.db, request.query),
  );

  app.get(
    '/graph/path',
    {
      config: { nodeFilters: ['from', 'to'], exports: 'graph' },
      schema: {
        summary: 'Shortest connection between two entities',
        description:
          'The fewest edges (of those /v1/graph draws, walked in either direction) from one entity to another, searched from both ends at once up to `maxDepth` edges. ' +
          `The search takes the same ${GRAPH_LIMITS.perNode} neighbours per hub and edge type as /v1/graph and visits at most ${GRAPH_LIMITS.maxPathVisits} nodes; ` +
          '`exhaustive` says whether a `found: false` is certain.',
        tags: ['graph'],
        querystring: pathQuery,
        response: { 200: pathSchema, ...problemResponses(400) },
      },
    },
    async (request) => shortestPath(app.db, request.query),
  );
};
