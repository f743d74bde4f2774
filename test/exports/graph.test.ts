// The GraphML writer: well-formed whatever the labels hold, one typed key per property.
import { describe, expect, it } from 'vitest';
import { toGraphMl } from '../../src/exports/graph.ts';
import type { GraphEdge, GraphNode } from '../../src/schemas/graph.ts';
import { findAll, parseXml } from '../routes/v1/export-parsers.ts';

const TIME = { text: null, start: '2024-04-16', end: null, precision: 'day', approximate: false } as const;

const nodes: GraphNode[] = [
  {
    id: 'actor:a',
    entityId: 'a',
    label: 'A <&> "quoted" \'single\'\u0001',
    depth: 0,
    kind: 'actor',
    actorKind: 'person',
  },
  {
    id: 'event:e',
    entityId: 'e',
    label: 'E',
    depth: 1,
    kind: 'event',
    eventKind: 'withdrawal',
    status: 'ongoing',
    time: TIME,
  },
];
const edges: GraphEdge[] = [
  {
    id: 'actor:a|participated|event:e|agent',
    source: 'actor:a',
    target: 'event:e',
    type: 'participated',
    role: 'agent',
    label: 'agent',
  },
];

describe('toGraphMl', () => {
  it('escapes markup characters and drops the characters XML 1.0 cannot carry', () => {
    const root = parseXml(toGraphMl({ nodes, edges, truncated: false }));
    const label = findAll(root, 'node')[0]!.children.find((data) => data.attributes.key === 'n1')!;

    expect(findAll(root, 'key').find((key) => key.attributes.id === 'n1')!.attributes['attr.name']).toBe('label');
    expect(label.text).toBe('A <&> "quoted" \'single\'');
  });

  it('flattens nested values to dotted keys and leaves nulls out', () => {
    const root = parseXml(toGraphMl({ nodes, edges, truncated: true }));
    const names = findAll(root, 'key').map(
      (key) => `${key.attributes.for}:${key.attributes['attr.name']}:${key.attributes['attr.type']}`,
    );

    expect(names).toEqual(
      expect.arrayContaining([
        'graph:truncated:boolean',
        'node:time.start:string',
        'node:time.approximate:boolean',
        'node:depth:long',
        'edge:role:string',
      ]),
    );
    expect(names.some((name) => name.includes('time.end') || name.includes('time.text'))).toBe(false);
    expect(findAll(root, 'edge')[0]!.attributes).toEqual({ id: edges[0]!.id, source: 'actor:a', target: 'event:e' });
  });
});
