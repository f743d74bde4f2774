// How much SQL an import runs: a fixed handful of statements per batch of rows, never one (or many)
// per item, so its cost follows the bundle's size. Counted, not timed: every execution of any
// prepared statement (run, get, all, iterate) while the import runs.
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { deleteClaim } from '../../src/domain/curation.ts';
import { type ImportSummary, importBundle, parseBundle } from '../../src/domain/import-bundle.ts';
import { bigBundle } from '../ops/big-bundle.ts';

const opened: Db[] = [];
function seededDb(): Db {
  const db = openDatabase(':memory:');
  opened.push(db);
  loadSeed(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

/** Runs `work`, counting the statements executed meanwhile on any connection of this process. */
function counted<T>(db: Db, work: () => T): { result: T; statements: number } {
  const statement = Object.getPrototypeOf(db.$client.prepare('SELECT 1')) as Record<
    'run' | 'get' | 'all' | 'iterate',
    (...args: unknown[]) => unknown
  >;
  const methods = (['run', 'get', 'all', 'iterate'] as const).map((name) => [name, statement[name]] as const);
  let statements = 0;
  for (const [name, method] of methods) {
    statement[name] = function (this: Database.Statement, ...args: unknown[]) {
      statements++;
      return method.apply(this, args);
    };
  }
  try {
    return { result: work(), statements };
  } finally {
    for (const [name, method] of methods) statement[name] = method;
  }
}

const importCounted = (db: Db, bundle: unknown) =>
  counted(db, () => importBundle(db, parseBundle(bundle), { keyName: 'test' }));

/** `size` claims by the seed's Dmitry Peskov, all "states": their ids form one chain, dmitry-peskov-states(-n). */
function peskovStatements(size: number, tag: string) {
  const lines = Array.from({ length: size }, (_, i) => `Statement ${tag} ${String(i + 1).padStart(4, '0')} was made.`);
  return {
    source: { title: `Peskov statements ${tag}`, publishedAt: '2024-05-01', language: 'en', text: lines.join('\n') },
    claims: lines.map((line, i) => ({
      key: `s-${i + 1}`,
      speaker: 'dmitry-peskov',
      text: line,
      mode: 'direct_quote',
      stance: 'states',
      saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
      evidence: line,
    })),
  };
}

const claimIds = (summary: ImportSummary) => summary.created.claims.map((c) => c.id);

describe('importBundle: statements executed', () => {
  it('when the bundle is ten times larger, then it runs at most one more statement per ten more items', () => {
    // Arrange: bigBundle(n) holds n actors, n events (each following the last) and n claims.
    const small = importCounted(seededDb(), bigBundle(20, 'small'));
    const large = importCounted(seededDb(), bigBundle(200, 'large'));

    // Assert: the extra items cost batches, not statements of their own (one per item or more before).
    expect(large.result.created.claims).toHaveLength(200);
    expect(large.statements - small.statements).toBeLessThanOrEqual((600 - 60) / 10);
  });

  it('when a speaker already has a long chain of claim ids of one stance, then more of them cost no more statements than the first ones', () => {
    // Arrange: the first import makes dmitry-peskov-states, -2 ... -150.
    const db = seededDb();
    const first = importCounted(db, peskovStatements(150, 'first'));

    // Act: the next 150 find their ids past the stored chain.
    const second = importCounted(db, peskovStatements(150, 'second'));

    // Assert: the chain is read once, not walked id by id for each claim.
    expect(claimIds(first.result).slice(0, 3)).toEqual([
      'dmitry-peskov-states',
      'dmitry-peskov-states-2',
      'dmitry-peskov-states-3',
    ]);
    expect(claimIds(second.result)[0]).toBe('dmitry-peskov-states-151');
    expect(claimIds(second.result)[149]).toBe('dmitry-peskov-states-300');
    expect(second.statements).toBeLessThanOrEqual(first.statements + 5);
  });

  it('when an id in the middle of a chain is free again, then the next claim takes it, as the first free id', () => {
    // Arrange
    const db = seededDb();
    importCounted(db, peskovStatements(10, 'first'));
    deleteClaim(db, { keyName: 'test' }, 'dmitry-peskov-states-4');

    // Act
    const { result } = importCounted(db, peskovStatements(2, 'second'));

    // Assert
    expect(claimIds(result)).toEqual(['dmitry-peskov-states-4', 'dmitry-peskov-states-11']);
  });
});
