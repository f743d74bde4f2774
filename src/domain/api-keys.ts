// API keys for writes: created with a secret shown once, stored as a hash, verified in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { InvalidRequestError, formatPath } from '../errors.ts';

/** `read` grants nothing beyond the public reads: a key for identifying a client, never for writing. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: what a verified key tells a route, never its secret. */
export type ApiKey = { id: string; name: string; scopes: Scope[] };

export type ApiKeyListing = ApiKey & { createdAt: string; revokedAt: string | null };

export const newApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    // Names are printed one per line by `npm run apikey -- list`.
    .regex(/^\P{Cc}*$/u, 'must not contain control characters'),
  scopes: z
    .array(z.enum(SCOPES, { error: 'must be "read", "write" or "admin"' }))
    .min(1, 'needs at least one scope')
    .transform((scopes) => [...new Set(scopes)]),
});

// The secret part is base64url, which may itself contain "_", so the token is parsed by shape, not split.
const TOKEN_PATTERN = /^ekg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

// Compared against when the id is unknown, so a miss costs the same as a wrong secret.
const DUMMY_DIGEST = Buffer.alloc(32);

// The exact secret string is hashed, not its decoded bytes: base64url decoding ignores the unused low
// bits of the last character, so several spellings would otherwise verify as the same key.
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Stores a new key and returns it with its token (`ekg_<id>_<secret>`), which is never recoverable later. */
export function createApiKey(db: Db, input: { name: string; scopes: readonly string[] }): ApiKey & { key: string } {
  const parsed = newApiKeySchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidRequestError(
      parsed.error.issues.map((issue) => {
        const [root = 'input', ...rest] = issue.path;
        return { path: formatPath(String(root), rest), message: issue.message };
      }),
      'The API key is invalid; nothing was stored.',
    );
  }
  const { name, scopes } = parsed.data;
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  db.insert(t.apiKeys)
    .values({ id, name, scopes, secretHash: digest(secret).toString('hex') })
    .run();
  return { id, name, scopes, key: `ekg_${id}_${secret}` };
}

/** The key a token stands for, or null when it is malformed, unknown, revoked or its secret is wrong. */
export function verifyApiKey(db: Db, token: string): ApiKey | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id = '', secret = ''] = match;
  const presented = digest(secret);
  const row = db
    .select({ id: t.apiKeys.id, name: t.apiKeys.name, scopes: t.apiKeys.scopes, secretHash: t.apiKeys.secretHash })
    .from(t.apiKeys)
    .where(and(eq(t.apiKeys.id, id), isNull(t.apiKeys.revokedAt)))
    .get();
  const decoded = row ? Buffer.from(row.secretHash, 'hex') : DUMMY_DIGEST;
  // timingSafeEqual throws on a length mismatch; a corrupt stored hash must fail, not crash the request.
  const stored = decoded.length === presented.length ? decoded : DUMMY_DIGEST;
  const equal = timingSafeEqual(stored, presented);
  if (!row || stored === DUMMY_DIGEST || !equal) return null;
  return { id: row.id, name: row.name, scopes: row.scopes };
}

/** Revokes the active key with that id, or every active key with that name; returns how many were revoked. */
export function revokeApiKey(db: Db, target: { id: string } | { name: string }): number {
  const which = 'id' in target ? eq(t.apiKeys.id, target.id) : eq(t.apiKeys.name, target.name);
  const result = db
    .update(t.apiKeys)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(which, isNull(t.apiKeys.revokedAt)))
    .run();
  return result.changes;
}

/** Every key, revoked ones included, oldest first; never the hash. */
export function listApiKeys(db: Db): ApiKeyListing[] {
  return db
    .select({
      id: t.apiKeys.id,
      name: t.apiKeys.name,
      scopes: t.apiKeys.scopes,
      createdAt: t.apiKeys.createdAt,
      revokedAt: t.apiKeys.revokedAt,
    })
    .from(t.apiKeys)
    .orderBy(asc(t.apiKeys.createdAt), asc(t.apiKeys.id))
    .all();
}

const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

/** Whether a key with `scopes` may do what `needed` allows: admin implies write, write implies read. */
export function hasScope(scopes: readonly Scope[], needed: Scope): boolean {
  return scopes.some((scope) => RANK[scope] >= RANK[needed]);
}
