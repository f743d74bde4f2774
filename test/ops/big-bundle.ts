// A generated bundle as large as a test needs: `size` actors, events and claims, each with its own
// evidence sentence in one long source text. `tag` keeps the text (and so the source) unique.
import type { z } from 'zod';
import type { bundleSchema } from '../../src/schemas/bundle.ts';

/** The bundle as sent (defaults not filled in); parseBundle or POST /v1/sources turn it into a Bundle. */
export type BundleInput = z.input<typeof bundleSchema>;

const pad = (i: number) => String(i).padStart(5, '0');

export function bigBundle(size: number, tag: string): BundleInput {
  const lines: string[] = [];
  const actors = [];
  const events = [];
  const claims = [];
  for (let i = 0; i < size; i++) {
    const n = pad(i);
    const name = `Speaker ${tag} ${n}`;
    const happened = `incident ${tag}-${n} took place`;
    const said = `${name} stated that incident ${tag}-${n} was observed`;
    lines.push(`${said}; the ${happened} on 2 January 2024.`);
    actors.push({
      key: `a-${n}`,
      name,
      kind: 'person' as const,
      aliases: [],
      description: null,
      affiliations: [],
      evidence: [name],
    });
    events.push({
      key: `e-${n}`,
      title: `Incident ${tag} ${n}`,
      kind: 'incident',
      description: null,
      time: { text: null, start: '2024-01-02', end: '2024-01-02', precision: 'day' as const, approximate: false },
      status: 'occurred' as const,
      location: null,
      participants: [{ actor: `a-${n}`, role: 'agent' as const }],
      quantities: [],
      relations: i > 0 ? [{ type: 'follows' as const, event: `e-${pad(i - 1)}` }] : [],
      evidence: [happened],
    });
    claims.push({
      key: `c-${n}`,
      speaker: `a-${n}`,
      text: `Stated that incident ${tag}-${n} was observed.`,
      mode: 'reported_speech' as const,
      stance: 'states' as const,
      saidAt: { text: null, start: null, end: null, precision: 'unknown' as const, approximate: false },
      channel: null,
      reportedBy: null,
      about: { events: [`e-${n}`], actors: [] },
      respondsTo: null,
      evidence: said,
    });
  }
  return {
    source: {
      title: `Generated report ${tag}`,
      publisher: null,
      url: null,
      publishedAt: '2024-01-03',
      language: 'en',
      text: lines.join('\n'),
    },
    actors,
    locations: [],
    events,
    claims,
  };
}
