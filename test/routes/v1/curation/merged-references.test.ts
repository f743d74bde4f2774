// A bundle that names an id merged away links to the survivor, as GET of that id redirects to it.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../../helpers.ts';
import { call, callFresh, loadBundle, useKeys } from './curation-helpers.ts';

const app = useApp();
const keys = useKeys(app);

describe('POST /v1/sources after a merge', () => {
  it('resolves a reference to a merged-away actor id to the survivor, and lists the survivor as linked', async () => {
    const duplicate = await call(app(), 'POST', '/v1/actors', {
      key: keys.writer,
      body: { id: 'kremlin-press-secretary', name: 'Kremlin press secretary', kind: 'person' },
    });
    expect(duplicate.status).toBe(201);
    const merged = await callFresh(app(), 'POST', '/v1/actors/kremlin-press-secretary/merge', {
      key: keys.admin,
      body: { into: 'dmitry-peskov' },
    });
    expect(merged.status).toBe(200);
    const bundle = loadBundle();
    for (const claim of bundle.claims) if (claim.speaker === 'dmitry-peskov') claim.speaker = 'kremlin-press-secretary';

    const imported = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });

    expect(imported.status).toBe(201);
    expect(imported.body.linked.actors).toContainEqual({ id: 'dmitry-peskov', name: 'Dmitry Peskov' });
    expect(imported.body.linked.actors.map((a: { id: string }) => a.id)).not.toContain('kremlin-press-secretary');
    const claimId = imported.body.created.claims.find((c: { id: string }) => c.id.startsWith('dmitry-peskov-'))?.id;
    const claim = await call(app(), 'GET', `/v1/claims/${claimId}`);
    expect(claim.body.speaker).toEqual({ id: 'dmitry-peskov', name: 'Dmitry Peskov' });
  });
});
