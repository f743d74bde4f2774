// The whole graph in one download (GET /v1/export, `npm run db:export`): every source, actor,
// location, event and claim as the API shows it, consistent with one position of the change feed, so
// a client can load the dump and then follow /v1/changes (or its stream) from that cursor.
//
// Constant memory: entities are read a batch at a time (a keyset page of ids, then the page
// hydrators the API uses) and handed out as chunks; the writer pulls the next chunk only when the
// previous one has been taken (backpressure). Consistency: it all runs in one read transaction, on a
// connection of its own (SQLite in WAL mode keeps that snapshot while other connections write), so
// the dump is the graph exactly at its cursor, however long the download takes.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { asc, count, gt } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { BUSY_TIMEOUT_MS } from '../db/busy.ts';
import { type Db, connectDatabase } from '../db/client.ts';
import * as schema from '../db/schema.ts';
import { getActorsByIds } from '../db/queries/actors.ts';
import { changeCursor, latestSeq } from '../db/queries/changes.ts';
import { getClaimsByIds } from '../db/queries/claims.ts';
import { getEventsByIds } from '../db/queries/events.ts';
import { getLocationsByIds } from '../db/queries/locations.ts';
import { getSourcesByIds } from '../db/queries/sources.ts';
import { Iris, JSONLD_CONTEXT, actorNode, claimNode, eventNode, locationNode, sourceNode } from '../exports/jsonld.ts';
import type { Actor } from '../schemas/actors.ts';
import type { Claim } from '../schemas/claims.ts';
import type { Event } from '../schemas/events.ts';
import type { Location } from '../schemas/locations.ts';
import type { SourceSummary } from '../schemas/sources.ts';
import type { EntityType } from './changes.ts';

export const EXPORT_FORMATS = ['ndjson', 'jsonld'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
};

/** Entities per batch: one keyset page of ids, hydrated together. */
const BATCH = 200;

type Kind = {
  table: SQLiteTable;
  id: SQLiteColumn;
  /** The representation GET /v1/{type}s/{id} answers, a batch at a time (the change feed's snapshots use the same). */
  get: (db: Db, ids: string[]) => Map<string, object>;
  node: (iris: Iris, entity: never) => object;
};

/** What a dump holds: the graph. Extractions are the review queue's drafts, not part of it (GET /v1/extractions). */
type GraphType = Exclude<EntityType, 'extraction'>;

/** In the order a loader wants them: what is referred to before what refers to it. */
const KINDS: Record<GraphType, Kind> = {
  source: {
    table: schema.sources,
    id: schema.sources.id,
    get: getSourcesByIds,
    node: (iris, source: SourceSummary) => sourceNode(iris, source),
  },
  actor: {
    table: schema.actors,
    id: schema.actors.id,
    get: getActorsByIds,
    node: (iris, actor: Actor) => actorNode(iris, actor),
  },
  location: {
    table: schema.locations,
    id: schema.locations.id,
    get: getLocationsByIds,
    node: (iris, location: Location) => locationNode(iris, location),
  },
  event: {
    table: schema.events,
    id: schema.events.id,
    get: getEventsByIds,
    node: (iris, event: Event) => eventNode(iris, event),
  },
  claim: {
    table: schema.claims,
    id: schema.claims.id,
    get: getClaimsByIds,
    node: (iris, claim: Claim) => claimNode(iris, claim),
  },
};

/** What the first line (ndjson) or the top of the document (JSON-LD) says about the dump. */
export type ExportHeader = {
  format: 'eventkg-export';
  version: 1;
  /** The change-feed cursor the dump is consistent with: pass it as `since` to /v1/changes or its stream. */
  cursor: string;
  /** The seq of the last change the dump includes (0 for none). */
  seq: number;
  exportedAt: string;
  /** Entities of each type in the dump. */
  counts: Record<GraphType, number>;
};

/** One entity line of the ndjson dump: the shape of a feed entry's key plus the representation. */
export type ExportLine = { entityType: GraphType; entityId: string; data: object };

function* batches(db: Db, kind: Kind): Generator<object[]> {
  let after = '';
  for (;;) {
    const ids = db
      .select({ id: kind.id })
      .from(kind.table)
      .where(gt(kind.id, after))
      .orderBy(asc(kind.id))
      .limit(BATCH)
      .all() as Array<{ id: string }>;
    if (ids.length === 0) return;
    const found = kind.get(
      db,
      ids.map((row) => row.id),
    );
    yield ids.flatMap((row) => (found.has(row.id) ? [found.get(row.id)!] : []));
    after = ids[ids.length - 1]!.id;
  }
}

/**
 * The dump as chunks of text, read from `db` (which the caller keeps inside one read transaction).
 * `origin` makes the JSON-LD @ids absolute (http://host, as the API's other JSON-LD answers).
 */
export function* exportChunks(db: Db, format: ExportFormat, origin: string): Generator<string> {
  const seq = latestSeq(db);
  const types = Object.keys(KINDS) as GraphType[];
  const counts = Object.fromEntries(
    types.map((type) => [type, db.select({ n: count() }).from(KINDS[type].table).get()?.n ?? 0]),
  ) as Record<GraphType, number>;
  const header: ExportHeader = {
    format: 'eventkg-export',
    version: 1,
    cursor: changeCursor(seq),
    seq,
    exportedAt: new Date().toISOString(),
    counts,
  };
  const iris = new Iris(origin);
  if (format === 'ndjson') yield `${JSON.stringify(header)}\n`;
  else
    yield `{"@context":${JSON.stringify(JSONLD_CONTEXT)},"@id":${JSON.stringify(`${origin}/v1/export`)},"ekg:export":${JSON.stringify(header)},"@graph":[`;
  let first = true;
  for (const type of types) {
    const kind = KINDS[type];
    for (const entities of batches(db, kind)) {
      if (format === 'ndjson') {
        yield entities
          .map(
            (data) =>
              `${JSON.stringify({ entityType: type, entityId: (data as { id: string }).id, data } satisfies ExportLine)}\n`,
          )
          .join('');
      } else {
        const nodes = entities.map((entity) => JSON.stringify(kind.node(iris, entity as never))).join(',');
        yield first ? nodes : `,${nodes}`;
        first = false;
      }
    }
  }
  if (format === 'jsonld') yield ']}\n';
}

/**
 * A connection that sees `db` as it is now for as long as the export reads, and how to let it go.
 * An in-memory database has no second connection: the dump is then read from `db` itself and must
 * be written without pausing (`pausable` false), which keeps it consistent (nothing else runs
 * between its reads) at the cost of buffering what the client has not read yet.
 */
export function openSnapshot(db: Db): { db: Db; pausable: boolean; release: () => void } {
  if (db.$client.memory) {
    db.$client.exec('BEGIN');
    return { db, pausable: false, release: () => db.$client.inTransaction && db.$client.exec('ROLLBACK') };
  }
  const sqlite = new Database(db.$client.name, { readonly: true, fileMustExist: true });
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Each claim is read once: a claim cache would only hold on to memory.
  const reader = connectDatabase(sqlite, { claimCacheSize: 0 });
  // A deferred read transaction takes its snapshot at its first read (the cursor, in exportChunks).
  sqlite.exec('BEGIN');
  return {
    db: reader,
    pausable: true,
    release: () => {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      sqlite.close();
    },
  };
}

/**
 * Writes the dump of `db` to `out`, waiting for `out` to drain whenever it is full. Stops early (and
 * resolves) when `signal` aborts, e.g. the client went away.
 */
export async function writeExport(
  db: Db,
  format: ExportFormat,
  origin: string,
  out: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const snapshot = openSnapshot(db);
  try {
    for (const chunk of exportChunks(snapshot.db, format, origin)) {
      if (signal?.aborted) return;
      if (!out.write(chunk) && snapshot.pausable) {
        try {
          await once(out, 'drain', signal ? { signal } : {});
        } catch {
          return;
        }
      }
    }
  } finally {
    snapshot.release();
  }
}
