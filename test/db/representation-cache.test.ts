// The claim representation cache: reused while the database is unchanged, emptied by any commit
// (this connection's, another connection's, another process's), never read or filled inside a
// transaction, bounded; it holds JSON texts, each parsed at most once into a frozen value readers share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import {
  configureClaimCache,
  getClaim,
  getClaimText,
  listClaims,
  listClaimTexts,
} from '../../src/db/queries/claims.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { updateClaim } from '../../src/domain/curation.ts';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { claimListQuery } from '../../src/schemas/claims.ts';

const CLAIM = 'dmitry-peskov-confirms';

describe('claim representation cache', () => {
  let dir: string;
  let app: App;
  let otherDb: Db;
  let admin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eventkg-cache-'));
    app = await buildApp({ databasePath: join(dir, 'cache.db'), checkResponses: true });
    admin = createApiKey(app.db, { name: 'cache-admin', scopes: ['admin'] }).key;
    // A second connection to the same file: what another process writing would look like.
    otherDb = openDatabase(join(dir, 'cache.db'));
  });
  afterAll(async () => {
    otherDb.$client.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands back the same JSON text while nothing changes, in a page as by id, and one frozen value to read', () => {
    const first = getClaimText(app.db, CLAIM)!;
    expect(first.value().id).toBe(CLAIM);
    expect(getClaimText(app.db, CLAIM)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const page = listClaimTexts(app.db, claimListQuery.parse({ limit: '100' }));
    expect(page.data.find((text) => text.value().id === CLAIM)).toBe(first);
    // Read as a value: parsed once, shared by every reader, frozen so that none can alter another's answer.
    const value = getClaim(app.db, CLAIM)!;
    expect(getClaim(app.db, CLAIM)).toBe(value);
    expect(listClaims(app.db, claimListQuery.parse({ limit: '100' })).data.find((c) => c.id === CLAIM)).toBe(value);
    expect(Object.isFrozen(value.about.events)).toBe(true);
    expect(() => {
      (value as { text: string }).text = 'altered';
    }).toThrow(TypeError);
    expect(JSON.stringify(value)).toBe(first.json);
  });

  it('shows a write made through the API at once (a rename shows in every claim that embeds the actor)', async () => {
    const before = await app.inject({ method: 'GET', url: `/v1/claims/${CLAIM}` });
    const speaker = before.json().speaker as { id: string; name: string };

    const rename = await app.inject({
      method: 'PATCH',
      url: `/v1/actors/${speaker.id}`,
      headers: {
        authorization: `Bearer ${admin}`,
        'if-match': String((await app.inject({ method: 'GET', url: `/v1/actors/${speaker.id}` })).headers.etag),
      },
      payload: { name: `${speaker.name} (renamed)` },
    });
    expect(rename.statusCode).toBe(200);

    const after = await app.inject({ method: 'GET', url: `/v1/claims/${CLAIM}` });
    expect(after.json().speaker).toEqual({ id: speaker.id, name: `${speaker.name} (renamed)` });
    expect(after.json().attribution[0].name).toBe(`${speaker.name} (renamed)`);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('shows a commit made by another connection at the next read', () => {
    const cached = getClaim(app.db, CLAIM)!;
    // Through the write path, as another process of the service writes (it keeps the claim's JSON too).
    updateClaim(otherDb, { keyName: 'other-process' }, CLAIM, { channel: 'written by another connection' });
    const read = getClaim(app.db, CLAIM)!;
    expect(read).not.toBe(cached);
    expect(read.channel).toBe('written by another connection');
  });

  it('neither serves nor keeps what a transaction saw when it rolls back', () => {
    const committed = getClaim(app.db, CLAIM)!.channel;
    const sqlite = app.db.$client;
    const attempt = sqlite.transaction(() => {
      sqlite.prepare('UPDATE claims SET channel = ? WHERE id = ?').run('never committed', CLAIM);
      expect(getClaim(app.db, CLAIM)!.channel).toBe('never committed');
      throw new Error('roll back');
    });
    expect(attempt).toThrow('roll back');
    expect(getClaim(app.db, CLAIM)!.channel).toBe(committed);
  });

  it('keeps at most its capacity, least recently used out first, and nothing when set to 0', () => {
    const ids = listClaims(app.db, claimListQuery.parse({ limit: '3' })).data.map((claim) => claim.id);
    expect(ids).toHaveLength(3);

    configureClaimCache(app.db, 2);
    const [a, b, c] = ids.map((id) => getClaimText(app.db, id)!);
    expect(getClaimText(app.db, ids[2]!)).toBe(c);
    expect(getClaimText(app.db, ids[1]!)).toBe(b);
    expect(getClaimText(app.db, ids[0]!)).not.toBe(a); // the oldest was dropped

    configureClaimCache(app.db, 0);
    const uncached = getClaimText(app.db, CLAIM)!;
    expect(getClaim(app.db, CLAIM)).not.toBe(getClaim(app.db, CLAIM));
    // Read from its kept JSON (db/kept-representations.ts) each time: a new text, the same JSON.
    expect(getClaimText(app.db, CLAIM)).not.toBe(uncached);
    expect(getClaimText(app.db, CLAIM)!.json).toBe(uncached.json);
  });
});
