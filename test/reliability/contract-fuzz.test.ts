// Contract fuzzer: thousands of requests generated from the live OpenAPI document (valid ones with real
// ids, broken ones with one thing wrong, odd ones with random text) against every operation. Every answer
// must be a status the operation declares, under the declared media type, with a body its schema accepts;
// every error is problem+json; no 5xx, ever. Writes run on a fresh seeded database per operation.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { Contract, type OpenApiDocument, type Operation, operationsOf } from './support/contract.ts';
import { type Pools, collectPools, createKeys, queueExtractions } from './support/pools.ts';
import {
  type FuzzContext,
  type FuzzRequest,
  kindOfPath,
  requestArbitrary,
  resolveCurrentEtag,
  validRequest,
} from './support/requests.ts';

const SEED = 20240417;
/** Requests generated per operation (cursor follow-ups come on top). */
const READ_RUNS = 80;
const WRITE_RUNS = 60;

type Finding = { operation: string; request: string; status: number; problems: string[]; body: string };

const findings: Finding[] = [];
const statuses = new Map<string, Map<number, number>>();
const classes = { valid: 0, broken: 0, odd: 0 };

let readApp: App;
let document: OpenApiDocument;
let contract: Contract;
let operations: Operation[];
let pools: Pools;

beforeAll(async () => {
  readApp = await buildApp({ databasePath: ':memory:', checkResponses: true });
  document = JSON.parse(JSON.stringify(readApp.swagger())) as OpenApiDocument;
  contract = new Contract(document);
  operations = operationsOf(document);
  await queueExtractions(readApp);
  pools = await collectPools(readApp);
});

afterAll(async () => {
  await readApp?.close();
});

function count(operation: Operation, status: number) {
  const byStatus = statuses.get(operation.key) ?? new Map<number, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  statuses.set(operation.key, byStatus);
}

async function send(app: App, operation: Operation, request: FuzzRequest, followCursor = true) {
  const headers = await resolveCurrentEtag(async (url) => {
    const etag = (await app.inject({ method: 'GET', url })).headers.etag;
    return etag === undefined ? undefined : String(etag);
  }, request);
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
  const status = response.statusCode;
  count(operation, status);
  classes[request.class]++;
  const problems = contract.violations(operation, response);
  if (request.class === 'broken' && (status < 400 || status >= 500))
    problems.push(`a broken request (${request.label}) answered ${status}`);
  if (request.class === 'valid' && operation.method === 'GET' && status >= 400)
    problems.push(`a valid read answered ${status}`);
  if (problems.length) {
    findings.push({
      operation: operation.key,
      request: `${request.method} ${request.url} [${request.label}] ${request.payload?.slice(0, 300) ?? ''}`,
      status,
      problems,
      body: response.body.slice(0, 400),
    });
  }
  // A valid list's next page, with the same filters: cursors are exercised under every combination.
  const json = /^application\/json/.test(String(response.headers['content-type']));
  if (followCursor && request.class === 'valid' && operation.method === 'GET' && status === 200 && json) {
    const cursorParam = operation.parameters.find(
      (p) => p.in === 'query' && (p.name === 'cursor' || p.name === 'since'),
    )?.name;
    const next = (response.json() as { page?: { nextCursor?: string | null } }).page?.nextCursor;
    if (cursorParam && next) {
      const url = `${request.url}${request.url.includes('?') ? '&' : '?'}${cursorParam}=${encodeURIComponent(next)}`;
      await send(app, operation, { ...request, url, label: `next page via ${cursorParam}` }, false);
    }
  }
  return response;
}

function sample(context: FuzzContext, operation: Operation, runs: number): FuzzRequest[] {
  const index = operations.indexOf(operation);
  return fc.sample(requestArbitrary(context, operation), { seed: SEED + index, numRuns: runs });
}

function report(title: string) {
  const total = [...statuses.values()].reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
  const fivexx = [...statuses.values()].reduce(
    (sum, m) => sum + [...m].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0),
    0,
  );
  const undeclared = findings.filter((f) => f.problems.some((p) => p.includes('not declared'))).length;
  const schema = findings.filter((f) => f.problems.some((p) => p.includes('schema'))).length;
  console.log(
    `${title}: ${total} requests across ${statuses.size} operations (valid ${classes.valid}, broken ${classes.broken}, odd ${classes.odd}): ` +
      `${fivexx} 5xx, ${undeclared} undeclared status or media type, ${schema} schema mismatches, ${findings.length} findings`,
  );
  for (const [key, byStatus] of [...statuses].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(
      `  ${key.padEnd(34)} ${[...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
  }
  // One example of each kind of finding, so a failure reads as a list of distinct bugs.
  const kinds = new Map<string, Finding>();
  for (const finding of findings) {
    const kind = `${finding.operation} ${finding.status} ${finding.problems.map((p) => p.replace(/"[^"]*"|\d+/g, '…')).join(' | ')}`;
    if (!kinds.has(kind)) kinds.set(kind, finding);
  }
  for (const [kind, finding] of kinds)
    console.log(`  FINDING ${kind}\n    ${finding.request.slice(0, 300)}\n    -> ${finding.body.slice(0, 300)}`);
}

describe('the OpenAPI document, fuzzed (fast-check seed 20240417)', () => {
  it('covers every operation of the live document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(31);
    expect(pools.ids.actors.length).toBeGreaterThan(0);
    expect(pools.evidence.length).toBeGreaterThan(0);
  });

  it('every read answers a declared status, media type and schema; valid reads succeed; broken ones are 4xx', async () => {
    const context: FuzzContext = { document, pools };
    for (const operation of operations.filter((op) => op.method === 'GET')) {
      for (const request of sample(context, operation, READ_RUNS)) await send(readApp, operation, request);
    }
    report('reads');
    expect(findings).toEqual([]);
  }, 240_000);

  it('every write (admin key, fresh database per operation) answers a declared status, media type and schema; broken ones are 4xx', async () => {
    for (const operation of operations.filter((op) => op.method !== 'GET')) {
      const app = await buildApp({ databasePath: ':memory:', checkResponses: true });
      try {
        // The seed is deterministic, so ids and ETags read from the read app hold here; keys are per database.
        // Extraction ids are random: this database's own queue replaces the read app's.
        const queued = await queueExtractions(app);
        const context: FuzzContext = {
          document,
          pools: {
            ...pools,
            ids: { ...pools.ids, extractions: queued.ids },
            etags: { ...pools.etags, ...queued.etags },
            drafts: queued.drafts,
            keys: createKeys(app),
          },
        };
        const kind = kindOfPath(operation.path);
        if (operation.method === 'DELETE' && kind) {
          // Every seed entity is referenced, so a DELETE could only ever answer 409: add some that are not,
          // made by valid creates of the same collection (checked like any other request).
          const create = operations.find((op) => op.method === 'POST' && op.path === `/v1/${kind}`);
          const created: string[] = [];
          for (const request of create ? fc.sample(validRequest(context, create), { seed: SEED, numRuns: 12 }) : []) {
            const response = await send(app, create!, request);
            if (response.statusCode === 201) created.push(response.json().id);
          }
          context.pools.ids[kind] = [...context.pools.ids[kind], ...created, ...created];
        }
        for (const request of sample(context, operation, WRITE_RUNS)) await send(app, operation, request);
      } finally {
        await app.close();
      }
    }
    report('reads and writes');
    expect(findings).toEqual([]);
  }, 300_000);

  it('reached every operation, and every operation answered a success at least once', () => {
    const missing = operations.filter((op) => !statuses.has(op.key)).map((op) => op.key);
    const neverSucceeded = operations
      .filter((op) => ![...(statuses.get(op.key)?.keys() ?? [])].some((s) => s >= 200 && s < 400))
      .map((op) => op.key);
    expect(missing).toEqual([]);
    expect(neverSucceeded).toEqual([]);
  });
});
