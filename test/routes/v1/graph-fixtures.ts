// Bundles for the graph, path, perspective and link tests: a small world unconnected to the seed,
// and a hub (one speaker with more claims than the per-node cap).
import { onDay } from './extra-bundles.ts';

export const SEED_SOURCE = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
export const WITHDRAWAL = 'russian-peacekeepers-withdraw-from-nagorno-karabakh';
export const OFFENSIVE = 'azerbaijans-lightning-offensive-retakes-nagorno-karabakh';
export const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false } as const;

/** Lake Orlin: a ferry company, its director and her statement. Nothing in it names a seed entity. */
export function lakeOrlinBundle() {
  const text =
    'The Orlin Ferry Company suspended its service across Lake Orlin on Monday. ' +
    'Its director, Mara Vels, said the boats needed repairs before the winter.';
  return {
    source: {
      id: 'orlin-ferry-suspended',
      title: 'Orlin ferry suspended',
      publisher: 'Orlin Courier',
      url: null,
      publishedAt: '2024-05-02',
      language: 'en',
      text,
    },
    actors: [
      {
        key: 'orlin-ferry-company',
        name: 'Orlin Ferry Company',
        kind: 'organization',
        evidence: ['The Orlin Ferry Company'],
      },
      {
        key: 'mara-vels',
        name: 'Mara Vels',
        kind: 'person',
        affiliations: [{ organization: 'orlin-ferry-company', role: 'director' }],
        evidence: ['Mara Vels'],
      },
    ],
    locations: [{ key: 'lake-orlin', name: 'Lake Orlin', kind: 'region', evidence: ['Lake Orlin'] }],
    events: [
      {
        key: 'ferry-suspended',
        title: 'Orlin ferry service suspended',
        kind: 'suspension',
        time: onDay('2024-04-29', 'on Monday'),
        status: 'occurred',
        location: 'lake-orlin',
        participants: [{ actor: 'orlin-ferry-company', role: 'agent' }],
        // Stored from the effect's side: drawn as "boat repairs causes ferry suspended".
        relations: [{ type: 'caused_by', event: 'boat-repairs' }],
        evidence: ['suspended its service across Lake Orlin on Monday'],
      },
      {
        key: 'boat-repairs',
        title: 'Repairs to the Orlin ferry boats',
        kind: 'repair',
        time: UNKNOWN_TIME,
        status: 'planned',
        evidence: ['the boats needed repairs'],
      },
    ],
    claims: [
      {
        key: 'vels-repairs',
        speaker: 'mara-vels',
        text: 'Said the boats needed repairs before the winter.',
        mode: 'reported_speech',
        stance: 'states',
        saidAt: UNKNOWN_TIME,
        about: { events: ['ferry-suspended'], actors: [] },
        evidence: 'Mara Vels, said the boats needed repairs before the winter',
      },
    ],
  };
}

/**
 * A town crier who read `dated` notices on consecutive days from 2024-01-01 and `undated` more whose
 * date the source does not give: a hub for the per-node cap.
 */
export function townCrierBundle(dated: number, undated: number) {
  const notices = Array.from(
    { length: dated + undated },
    (_, i) => `Notice ${String(i + 1).padStart(3, '0')} was read aloud.`,
  );
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
  return {
    source: {
      id: 'town-crier-notices',
      title: 'The town crier’s notices',
      publisher: null,
      url: null,
      publishedAt: '2024-06-01',
      language: 'en',
      text: notices.join('\n'),
    },
    actors: [{ key: 'town-crier', name: 'Town Crier', kind: 'person' }],
    // Every notice is about the reading: an event with as many claims about it as the crier said.
    events: [
      {
        key: 'reading',
        title: 'Reading of the notices',
        kind: 'announcement',
        time: UNKNOWN_TIME,
        status: 'occurred',
        evidence: [notices[0]!],
      },
    ],
    claims: notices.map((notice, i) => ({
      key: `notice-${i + 1}`,
      speaker: 'town-crier',
      text: notice,
      mode: 'direct_quote',
      stance: 'states',
      saidAt: i < dated ? onDay(day(i)) : UNKNOWN_TIME,
      about: { events: ['reading'], actors: [] },
      evidence: notice,
    })),
  };
}
