// Per-database context (db/context.ts): two databases open in one process each keep their own caches
// (claims, compiled statements, claim page SQL, common search terms), so a write to one never changes
// what the other answers from its cache, and nothing one database learned is reused by the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { getClaimText, listClaims } from '../../src/db/queries/claims.ts';
import { search } from '../../src/db/queries/search.ts';
import { databaseStamp } from '../../src/db/database-stamp.ts';
import { checkKeptRepresentations, keptTexts } from '../../src/db/kept-representations.ts';
import { KEPT_GETTERS } from '../../src/domain/changes.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { claimListQuery } from '../../src/schemas/claims.ts';
import { searchQuery } from '../../src/schemas/search.ts';

const CLAIM = 'dmitry-peskov-confirms';

describe('two databases in one process', () => {
  let a: Db;
  let b: Db;

  beforeAll(() => {
    a = openDatabase(':memory:');
    b = openDatabase(':memory:', { claimCacheSize: 50 });
    loadSeed(a);
    loadSeed(b);
  });
  afterAll(() => {
    a.$client.close();
    b.$client.close();
  });

  it('each has a context of its own, made with its connection and configured by it', () => {
    expect(a.$context).toBeDefined();
    expect(a.$context).not.toBe(b.$context);
    expect(a.$context.sqlite).toBe(a.$client);
    expect(b.$context.sqlite).toBe(b.$client);
    expect(a.$context.claims).not.toBe(b.$context.claims);
    expect(a.$context.claims.capacity).toBe(10_000);
    expect(b.$context.claims.capacity).toBe(50);
    expect(a.$context.statements).not.toBe(b.$context.statements);
  });

  it("a write to one leaves the other's cached claim as it was, and shows in the written one", () => {
    const cachedA = getClaimText(a, CLAIM)!;
    const cachedB = getClaimText(b, CLAIM)!;
    expect(cachedA).not.toBe(cachedB);
    expect(cachedA.json).toBe(cachedB.json);
    expect(a.$context.claims.size).toBeGreaterThan(0);
    expect(b.$context.claims.size).toBeGreaterThan(0);

    // A raw UPDATE bypasses recordWrite, which keeps the stored JSON (db/kept-representations.ts):
    // drop that row too, so the read below hydrates what a holds.
    a.$client.prepare('UPDATE claims SET channel = ? WHERE id = ?').run('written to a only', CLAIM);
    a.$client.prepare("DELETE FROM kept_representations WHERE entity_type = 'claim' AND entity_id = ?").run(CLAIM);

    const readA = getClaimText(a, CLAIM)!;
    expect(readA).not.toBe(cachedA);
    expect(readA.value().channel).toBe('written to a only');
    // b's cache still answers, with what b holds.
    const readB = getClaimText(b, CLAIM)!;
    expect(readB).toBe(cachedB);
    expect(readB.value().channel).not.toBe('written to a only');
    expect(b.$client.prepare('SELECT channel FROM claims WHERE id = ?').pluck().get(CLAIM)).toBe(readB.value().channel);
  });

  it('keeps compiled statements, claim page SQL and common search terms apart', () => {
    const sql = 'SELECT count(*) FROM claims WHERE stance = ?';
    a.$client.prepare(sql).pluck().get('confirms');
    expect(a.$context.statements.has(sql)).toBe(true);
    expect(b.$context.statements.has(sql)).toBe(false);

    const pagesBefore = b.$context.claimPageSql.size;
    listClaims(a, claimListQuery.parse({ speaker: 'dmitry-peskov', limit: '7' }));
    const key = [...a.$context.claimPageSql.keys()].find((k) => k.includes('"limit":7'));
    expect(key).toBeDefined();
    expect(b.$context.claimPageSql.size).toBe(pagesBefore);
    expect(b.$context.claimPageSql.has(key!)).toBe(false);

    // A word in every seed claim's index is "common" above a threshold of 0 matches.
    const page = search(a, searchQuery.parse({ q: 'peacekeepers' }), { cap: 1000, commonAbove: 0 });
    expect(page.data.length).toBeGreaterThan(0);
    expect(a.$context.commonTerms.size).toBeGreaterThan(0);
    expect(b.$context.commonTerms.size).toBe(0);
  });

  it('keeps the database stamp and the untrusted kept types apart', () => {
    expect(a.$context.stamp).toBeUndefined();
    const stampA = databaseStamp(a);
    expect(a.$context.stamp?.stamp).toBe(stampA);
    expect(b.$context.stamp).toBeUndefined();

    // A kept claim made to differ in a only: a stops trusting kept claims, b still reads them.
    a.$client
      .prepare(
        "UPDATE kept_representations SET json = json_set(json, '$.text', 'not what a holds') WHERE entity_type = 'claim'",
      )
      .run();
    expect(checkKeptRepresentations(a, KEPT_GETTERS).claim.differing).toBeGreaterThan(0);
    expect(checkKeptRepresentations(b, KEPT_GETTERS).claim.differing).toBe(0);
    expect([...a.$context.keptUntrusted]).toEqual(['claim']);
    expect([...b.$context.keptUntrusted]).toEqual([]);
    expect(keptTexts(a, 'claim', [CLAIM]).size).toBe(0);
    expect(keptTexts(b, 'claim', [CLAIM]).size).toBe(1);
  });
});
