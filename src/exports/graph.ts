// The graph export: GraphML (the XML that yEd, Gephi, Cytoscape and networkx read) of the
// `{ nodes, edges, ... }` answers of GET /v1/graph and /v1/graph/path, every scalar a typed <data>.
import type { GraphEdge, GraphNode } from '../schemas/graph.ts';

/** What both graph answers share; their other top-level scalars (truncated, focus, found, ...) describe the graph. */
export type GraphAnswer = { nodes: GraphNode[]; edges: GraphEdge[]; [property: string]: unknown };

type Scalar = string | number | boolean;

/** Scalars as they are, nested objects flattened to dotted names (time.start), arrays as JSON text; nulls left out. */
export function flatten(
  value: Record<string, unknown>,
  prefix = '',
  into: Record<string, Scalar> = {},
): Record<string, Scalar> {
  for (const [name, child] of Object.entries(value)) {
    const key = prefix + name;
    if (child === null || child === undefined) continue;
    if (typeof child === 'string' || typeof child === 'number' || typeof child === 'boolean') into[key] = child;
    else if (Array.isArray(child)) into[key] = JSON.stringify(child);
    else if (typeof child === 'object') flatten(child as Record<string, unknown>, `${key}.`, into);
  }
  return into;
}

/** XML 1.0 text: the five markup characters escaped, and the characters XML cannot carry dropped. */
export function xmlEscape(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

type KeyFor = 'graph' | 'node' | 'edge';
type KeyDef = { id: string; for: KeyFor; name: string; type: 'boolean' | 'long' | 'double' | 'string' };

/** One GraphML <key> per property name and element kind, typed by the values it takes. */
function keysFor(kind: KeyFor, records: ReadonlyArray<Record<string, Scalar>>): Map<string, KeyDef> {
  const types = new Map<string, Set<KeyDef['type']>>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      const type =
        typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? 'long'
              : 'double'
            : 'string';
      if (!types.has(name)) types.set(name, new Set());
      types.get(name)!.add(type);
    }
  }
  const keys = new Map<string, KeyDef>();
  [...types.entries()].forEach(([name, seen], index) => {
    const type =
      seen.size === 1 ? [...seen][0]! : [...seen].every((t) => t === 'long' || t === 'double') ? 'double' : 'string';
    keys.set(name, { id: `${kind[0]}${index}`, for: kind, name, type });
  });
  return keys;
}

const dataElements = (keys: Map<string, KeyDef>, record: Record<string, Scalar>, indent: string) =>
  Object.entries(record).map(
    ([name, value]) => `${indent}<data key="${keys.get(name)!.id}">${xmlEscape(String(value))}</data>\n`,
  );

export function toGraphMl(answer: GraphAnswer): string {
  const { nodes, edges, ...rest } = answer;
  const graphData = flatten(rest);
  // id, source and target are already the element's attributes.
  const nodeData = nodes.map(({ id: _id, ...node }) => flatten(node));
  const edgeData = edges.map(({ id: _id, source: _source, target: _target, ...edge }) => flatten(edge));
  const keys = {
    graph: keysFor('graph', [graphData]),
    node: keysFor('node', nodeData),
    edge: keysFor('edge', edgeData),
  };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
  ];
  for (const key of [...keys.graph.values(), ...keys.node.values(), ...keys.edge.values()]) {
    out.push(`  <key id="${key.id}" for="${key.for}" attr.name="${xmlEscape(key.name)}" attr.type="${key.type}"/>\n`);
  }
  out.push('  <graph id="G" edgedefault="directed">\n', ...dataElements(keys.graph, graphData, '    '));
  nodes.forEach((node, index) => {
    out.push(
      `    <node id="${xmlEscape(node.id)}">\n`,
      ...dataElements(keys.node, nodeData[index]!, '      '),
      '    </node>\n',
    );
  });
  edges.forEach((edge, index) => {
    out.push(
      `    <edge id="${xmlEscape(edge.id)}" source="${xmlEscape(edge.source)}" target="${xmlEscape(edge.target)}">\n`,
      ...dataElements(keys.edge, edgeData[index]!, '      '),
      '    </edge>\n',
    );
  });
  out.push('  </graph>\n', '</graphml>\n');
  return out.join('');
}
