// Claim.attribution: the hands the words passed through, from the speaker to the source.
import { describe, expect, it } from 'vitest';
import { getJson } from '../../helpers.ts';
import { useAppWith } from './extra-bundles.ts';
import { SEED_SOURCE, UNKNOWN_TIME, lakeOrlinBundle } from './graph-fixtures.ts';

const SOURCE_REF = {
  id: SEED_SOURCE,
  title: 'Russian Peacekeepers Start Withdrawal from Azerbaijan’s Nagorno-Karabakh',
};
const PUBLISHED_BY_SEED = {
  role: 'published_by',
  actor: null,
  name: null,
  at: { text: null, start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
  source: SOURCE_REF,
};

const app = useAppWith({ seed: true }, lakeOrlinBundle());

const attributionOf = async (claimId: string) => {
  const { status, body } = await getJson(app(), `/v1/claims/${claimId}`);
  expect(status).toBe(200);
  return body.attribution;
};

describe('Claim.attribution', () => {
  it('for a quote Azertac relayed: Hajiyev said it, Azertac relayed it, the source published it', async () => {
    expect(await attributionOf('hikmet-hajiyev-confirms-3')).toEqual([
      {
        role: 'speaker',
        actor: { id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' },
        name: 'Hikmet Hajiyev',
        at: UNKNOWN_TIME,
        source: null,
      },
      { role: 'relayed_by', actor: { id: 'azertac', name: 'Azertac' }, name: 'Azertac', at: null, source: null },
      PUBLISHED_BY_SEED,
    ]);
  });

  it('for Peskov’s confirmation: he said it on Wednesday, and the source published it the same day', async () => {
    expect(await attributionOf('dmitry-peskov-confirms')).toEqual([
      {
        role: 'speaker',
        actor: { id: 'dmitry-peskov', name: 'Dmitry Peskov' },
        name: 'Dmitry Peskov',
        at: { text: 'on Wednesday', start: '2024-04-17', end: '2024-04-17', precision: 'day', approximate: false },
        source: null,
      },
      PUBLISHED_BY_SEED,
    ]);
  });

  it('for an outlet reporting in its own name (APA), has no relayed_by step', async () => {
    const attribution = await attributionOf('apa-reports');

    expect(attribution.map((step: { role: string }) => step.role)).toEqual(['speaker', 'published_by']);
    expect(attribution[0].actor).toEqual({ id: 'apa', name: 'APA' });
  });

  it('names the publisher as the source names it, when it does', async () => {
    const attribution = await attributionOf('mara-vels-states');

    expect(attribution.at(-1)).toEqual({
      role: 'published_by',
      actor: null,
      name: 'Orlin Courier',
      at: { text: null, start: '2024-05-02', end: '2024-05-02', precision: 'day', approximate: false },
      source: { id: 'orlin-ferry-suspended', title: 'Orlin ferry suspended' },
    });
  });

  it('is the same in lists as in the detail', async () => {
    const { body } = await getJson(app(), '/v1/claims?reportedBy=azertac');

    for (const claim of body.data) expect(claim.attribution, claim.id).toEqual(await attributionOf(claim.id));
  });
});
