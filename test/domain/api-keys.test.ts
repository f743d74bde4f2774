// API keys: created with a one-time secret, stored hashed, verified, revoked, listed, scoped.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { createApiKey, hasScope, listApiKeys, revokeApiKey, verifyApiKey } from '../../src/domain/api-keys.ts';
import { InvalidRequestError } from '../../src/errors.ts';

const KEY_SHAPE = /^ekg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => {
  db.$client.close();
});

function storedRows() {
  return db.$client
    .prepare('SELECT id, name, scopes, secret_hash, revoked_at FROM api_keys ORDER BY id')
    .all() as Array<{
    id: string;
    name: string;
    scopes: string;
    secret_hash: string;
    revoked_at: string | null;
  }>;
}

/** Replaces the character at `index` of `key` with a different base64url character. */
function tamper(key: string, index: number): string {
  const replacement = key[index] === 'A' ? 'B' : 'A';
  return key.slice(0, index) + replacement + key.slice(index + 1);
}

describe('createApiKey', () => {
  it('returns ekg_<12 hex id>_<43-char base64url secret>, with the id, name and scopes it stored', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    const [, id, secret] = KEY_SHAPE.exec(created.key) ?? [];
    expect(id).toBe(created.id);
    expect(Buffer.from(secret!, 'base64url')).toHaveLength(32);
    expect(created).toEqual({ id: created.id, name: 'ci', scopes: ['write'], key: created.key });
  });

  it('stores the sha256 of the secret and never the key or the secret itself', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    const secret = KEY_SHAPE.exec(created.key)![2]!;
    const [row] = storedRows();
    expect(row).toEqual({
      id: created.id,
      name: 'ci',
      scopes: '["write"]',
      secret_hash: createHash('sha256').update(secret).digest('hex'),
      revoked_at: null,
    });
    const everything = JSON.stringify(db.$client.prepare('SELECT * FROM api_keys').all());
    expect(everything).not.toContain(secret);
  });

  it('gives every key a different id and secret', () => {
    const keys = Array.from({ length: 20 }, () => createApiKey(db, { name: 'same', scopes: ['write'] }));
    expect(new Set(keys.map((k) => k.id)).size).toBe(20);
    expect(new Set(keys.map((k) => k.key.slice(17))).size).toBe(20);
  });

  it('trims the name and stores each scope once', () => {
    const created = createApiKey(db, { name: '  ops  ', scopes: ['admin', 'write', 'admin'] });
    expect(created).toMatchObject({ name: 'ops', scopes: ['admin', 'write'] });
    expect(verifyApiKey(db, created.key)).toEqual({ id: created.id, name: 'ops', scopes: ['admin', 'write'] });
  });

  it.each([
    ['an empty name', { name: '  ', scopes: ['write'] }, [{ path: 'name', message: 'must not be empty' }]],
    [
      'a name over 100 characters',
      { name: 'x'.repeat(101), scopes: ['write'] },
      [{ path: 'name', message: 'must be at most 100 characters' }],
    ],
    [
      'a name with a line break',
      { name: 'a\nb', scopes: ['write'] },
      [{ path: 'name', message: 'must not contain control characters' }],
    ],
    ['no scope', { name: 'ci', scopes: [] }, [{ path: 'scopes', message: 'needs at least one scope' }]],
    [
      'an unknown scope',
      { name: 'ci', scopes: ['write', 'root'] },
      [{ path: 'scopes[1]', message: 'must be "read", "write" or "admin"' }],
    ],
  ])('rejects %s with an InvalidRequestError naming the field, and stores nothing', (_, input, errors) => {
    let thrown: unknown;
    try {
      createApiKey(db, input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError);
    expect((thrown as InvalidRequestError).errors).toEqual(errors);
    expect(storedRows()).toEqual([]);
  });

  it('accepts a name of exactly 100 characters', () => {
    expect(createApiKey(db, { name: 'x'.repeat(100), scopes: ['write'] }).name).toHaveLength(100);
  });
});

describe('verifyApiKey', () => {
  it('answers the id, name and scopes of a valid key', () => {
    const created = createApiKey(db, { name: 'editor', scopes: ['write'] });
    expect(verifyApiKey(db, created.key)).toEqual({ id: created.id, name: 'editor', scopes: ['write'] });
  });

  it('tells two keys apart', () => {
    const writer = createApiKey(db, { name: 'writer', scopes: ['write'] });
    const admin = createApiKey(db, { name: 'admin', scopes: ['admin'] });
    expect(verifyApiKey(db, writer.key)?.name).toBe('writer');
    expect(verifyApiKey(db, admin.key)?.name).toBe('admin');
  });

  it('rejects a key whose secret was changed in one character, at the start, middle or end', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    for (const index of [17, 35, created.key.length - 1]) {
      expect(verifyApiKey(db, tamper(created.key, index)), `changed at ${index}`).toBeNull();
    }
  });

  it('rejects another spelling of the secret even when it decodes to the same bytes', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last of 43 base64url characters carries 4 bits; its 2 low bits are ignored by decoders.
    const last = alphabet.indexOf(created.key.at(-1)!);
    const respelled = created.key.slice(0, -1) + alphabet[last ^ 1];
    expect(Buffer.from(respelled.slice(17), 'base64url')).toEqual(Buffer.from(created.key.slice(17), 'base64url'));
    expect(verifyApiKey(db, respelled)).toBeNull();
  });

  it("rejects one key's id with another key's secret", () => {
    const a = createApiKey(db, { name: 'a', scopes: ['write'] });
    const b = createApiKey(db, { name: 'b', scopes: ['write'] });
    expect(verifyApiKey(db, `ekg_${a.id}_${b.key.slice(17)}`)).toBeNull();
  });

  it('rejects a well-formed key whose id is unknown', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    const otherId = created.id === '000000000000' ? '111111111111' : '000000000000';
    expect(verifyApiKey(db, `ekg_${otherId}_${created.key.slice(17)}`)).toBeNull();
  });

  it('rejects a revoked key', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['admin'] });
    revokeApiKey(db, { id: created.id });
    expect(verifyApiKey(db, created.key)).toBeNull();
  });

  it('rejects a key whose stored hash is corrupt instead of throwing', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    db.$client.prepare("UPDATE api_keys SET secret_hash = 'abc'").run();
    expect(verifyApiKey(db, created.key)).toBeNull();
  });

  it('rejects malformed tokens', () => {
    const { key, id } = createApiKey(db, { name: 'ci', scopes: ['write'] });
    const malformed = [
      '',
      'ekg_',
      key.slice(0, -1),
      `${key}A`,
      ` ${key}`,
      key.toUpperCase(),
      key.replace('ekg_', 'abc_'),
      `ekg_${id.toUpperCase()}_${key.slice(17)}`,
      `ekg_${id}_${key.slice(17, -1)}=`,
      `ekg_${id}_${key.slice(17, -1)}+`,
      `Bearer ${key}`,
    ];
    for (const token of malformed) expect(verifyApiKey(db, token), JSON.stringify(token)).toBeNull();
  });
});

describe('revokeApiKey', () => {
  it('revokes by id, records when, and answers how many keys it revoked', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    const before = new Date().toISOString();
    expect(revokeApiKey(db, { id: created.id })).toBe(1);
    const [row] = storedRows();
    expect(row?.revoked_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(row!.revoked_at! >= before).toBe(true);
  });

  it('revokes every active key of a name and leaves the others working', () => {
    const first = createApiKey(db, { name: 'laptop', scopes: ['write'] });
    const second = createApiKey(db, { name: 'laptop', scopes: ['admin'] });
    const other = createApiKey(db, { name: 'ci', scopes: ['write'] });
    expect(revokeApiKey(db, { name: 'laptop' })).toBe(2);
    expect(verifyApiKey(db, first.key)).toBeNull();
    expect(verifyApiKey(db, second.key)).toBeNull();
    expect(verifyApiKey(db, other.key)?.name).toBe('ci');
  });

  it('answers 0 for an unknown id or name, and for a key already revoked (keeping the first revocation time)', () => {
    const created = createApiKey(db, { name: 'ci', scopes: ['write'] });
    expect(revokeApiKey(db, { id: 'ffffffffffff' })).toBe(0);
    expect(revokeApiKey(db, { name: 'nobody' })).toBe(0);
    expect(revokeApiKey(db, { id: created.id })).toBe(1);
    const revokedAt = storedRows()[0]?.revoked_at;
    expect(revokeApiKey(db, { id: created.id })).toBe(0);
    expect(storedRows()[0]?.revoked_at).toBe(revokedAt);
  });
});

describe('listApiKeys', () => {
  it('lists every key, revoked ones included, with id, name, scopes and dates but no hash or secret', () => {
    const ci = createApiKey(db, { name: 'ci', scopes: ['write'] });
    const ops = createApiKey(db, { name: 'ops', scopes: ['admin'] });
    revokeApiKey(db, { id: ci.id });
    const listed = listApiKeys(db);
    expect(listed).toHaveLength(2);
    const byName = Object.fromEntries(listed.map((k) => [k.name, k]));
    expect(byName.ci).toEqual({
      id: ci.id,
      name: 'ci',
      scopes: ['write'],
      createdAt: expect.any(String),
      revokedAt: expect.any(String),
    });
    expect(byName.ops).toEqual({
      id: ops.id,
      name: 'ops',
      scopes: ['admin'],
      createdAt: expect.any(String),
      revokedAt: null,
    });
    const text = JSON.stringify(listed);
    expect(text).not.toContain(ci.key.slice(17));
    expect(text).not.toContain(storedRows()[0]!.secret_hash);
  });

  it('answers an empty list when there is no key', () => {
    expect(listApiKeys(db)).toEqual([]);
  });
});

describe('hasScope', () => {
  it.each([
    [['write'], 'write', true],
    [['write'], 'admin', false],
    [['admin'], 'admin', true],
    [['admin'], 'write', true],
    [['write', 'admin'], 'admin', true],
    [[], 'write', false],
    [['read'], 'read', true],
    [['read'], 'write', false],
    [['read'], 'admin', false],
    [['write'], 'read', true],
  ] as const)('a key with %j may do what %s allows: %s', (scopes, needed, expected) => {
    expect(hasScope(scopes, needed)).toBe(expected);
  });
});
