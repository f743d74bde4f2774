// The typed client (src/client): its generated types match the committed document, the example a
// frontend developer would write compiles against the live document, and it works over real HTTP.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { claimById, claimsBySpeaker, describeProblem, peskovLines } from '../../src/client/example.ts';
import { CLIENT_SCHEMA_FILE, renderClientTypes, renderCommittedClientTypes } from '../../src/client/generate.ts';
import { type EventKgClient, ProblemError, createClient, createEventKgClient, unwrap } from '../../src/client/index.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLIENT_DIR = join(ROOT, 'src', 'client');
const bundle = JSON.parse(readFileSync(join(ROOT, 'seed', 'nagorno-karabakh-withdrawal.bundle.json'), 'utf8'));
const peskovInSeed = bundle.claims.find((claim: { speaker: string }) => claim.speaker === 'dmitry-peskov');

let app: App;
let baseUrl: string;

beforeAll(async () => {
  app = await buildApp({ databasePath: ':memory:', checkResponses: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${address}`);
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
});

describe('src/client/schema.ts', () => {
  it('matches what the generator writes from openapi/openapi.json (run `npm run client` after `npm run openapi`)', async () => {
    expect(readFileSync(CLIENT_SCHEMA_FILE, 'utf8')).toBe(await renderCommittedClientTypes());
  });
});

describe('src/client/example.ts', () => {
  it('compiles with tsc --noEmit against types generated from the live document', async () => {
    // A copy of src/client with schema.ts generated from app.swagger(), not from the committed file:
    // a route or schema change that breaks what frontends write fails here, before anyone commits it.
    const dir = mkdtempSync(join(tmpdir(), 'eventkg-client-'));
    try {
      for (const file of readdirSync(CLIENT_DIR)) {
        if (file.endsWith('.ts') && file !== 'schema.ts' && file !== 'generate.ts')
          cpSync(join(CLIENT_DIR, file), join(dir, file));
      }
      writeFileSync(join(dir, 'schema.ts'), await renderClientTypes(app.swagger()));
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: ['*.ts'] }),
      );

      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = await promisify(execFile)(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', '.'], {
        cwd: dir,
      }).then(
        () => ({ ok: true, output: '' }),
        (error: { stdout?: string; stderr?: string }) => ({
          ok: false,
          output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        }),
      );

      expect(result.output, 'tsc errors (file names are relative to src/client)').toBe('');
      expect(result.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('createEventKgClient against the app listening on a port', () => {
  let client: EventKgClient;
  beforeAll(() => {
    client = createEventKgClient(baseUrl);
  });

  it("lists the claims of dmitry-peskov with the seed's speaker, words, time and channel", async () => {
    const { data, error, response } = await client.GET('/v1/claims', {
      params: { query: { speaker: 'dmitry-peskov' } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(data?.page).toEqual({ limit: 20, nextCursor: null });
    expect(data?.data.map((claim) => claim.id)).toEqual(['dmitry-peskov-confirms']);
    const claim = data!.data[0]!;
    expect(claim.speaker).toEqual({ id: 'dmitry-peskov', name: 'Dmitry Peskov' });
    expect(claim.text).toBe(peskovInSeed.text);
    expect(claim.stance).toBe(peskovInSeed.stance);
    expect(claim.mode).toBe(peskovInSeed.mode);
    expect(claim.channel).toBe('conference call with journalists');
    expect(claim.saidAt).toEqual({
      text: 'on Wednesday',
      start: '2024-04-17',
      end: '2024-04-17',
      precision: 'day',
      approximate: false,
    });
    expect(claim.evidence.text).toBe(peskovInSeed.evidence);
  });

  it('answers exactly what the app serves, for a detail by path parameter', async () => {
    const { data } = await client.GET('/v1/claims/{id}', { params: { path: { id: 'russia-rejects' } } });

    expect(data).toEqual((await app.inject('/v1/claims/russia-rejects')).json());
  });

  it('pages with nextCursor through every claim, in the order of one big page', async () => {
    const all = (await app.inject('/v1/claims?limit=100')).json().data.map((claim: { id: string }) => claim.id);
    const ids: string[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const { data } = await client.GET('/v1/claims', { params: { query: { limit: 3, cursor } } });
      ids.push(...data!.data.map((claim) => claim.id));
      cursor = data!.page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 100);

    expect(ids).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it('gives a 404 as typed problem details', async () => {
    const { data, error, response } = await client.GET('/v1/claims/{id}', {
      params: { path: { id: 'no-such-claim' } },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(error).toMatchObject({ status: 404, instance: '/v1/claims/no-such-claim' });
    expect(error?.title).toEqual(expect.any(String));
  });

  it('gives a 400 naming the offending query parameter', async () => {
    const { error, response } = await client.GET('/v1/claims', { params: { query: { limit: 0 } } });

    expect(response.status).toBe(400);
    expect(error?.errors?.map((field) => field.path)).toEqual(['query.limit']);
  });

  it('sends the API key as a Bearer token, and a write without one is a 401 problem', async () => {
    const key = createApiKey(app.db, { name: 'client-test', scopes: ['write'] }).key;
    const body = { id: 'client-test-actor', name: 'Client Test Actor', kind: 'person' as const };

    const anonymous = await createEventKgClient(baseUrl).POST('/v1/actors', { body });
    const authorized = await createEventKgClient(baseUrl, { apiKey: key }).POST('/v1/actors', { body });

    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error?.status).toBe(401);
    expect(authorized.response.status).toBe(201);
    expect(authorized.data).toMatchObject({
      id: 'client-test-actor',
      name: 'Client Test Actor',
      kind: 'person',
      aliases: [],
    });
  });
});

describe('the example, run against the app', () => {
  it("collects a speaker's claims across pages of one", async () => {
    const client = createEventKgClient(baseUrl);

    const hajiyev = await claimsBySpeaker(client, 'hikmet-hajiyev', 1);

    expect(hajiyev.map((claim) => claim.id)).toEqual([
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-states',
    ]);
  });

  it('shows who said a claim and when', async () => {
    expect(await peskovLines(baseUrl)).toEqual([`Dmitry Peskov, on Wednesday (2024-04-17): ${peskovInSeed.text}`]);
  });

  it('turns problems into messages', async () => {
    const client = createEventKgClient(baseUrl);

    const missing = await claimById(client, 'no-such-claim');
    const unknownSpeaker = claimsBySpeaker(client, 'nobody-at-all');

    expect('problem' in missing && missing.problem.status).toBe(404);
    await expect(unknownSpeaker).rejects.toThrow(/\(400\)[\s\S]*query\.speaker: /);
    expect(
      describeProblem({
        type: 't',
        title: 'Invalid request',
        status: 400,
        detail: 'd',
        instance: '/',
        errors: [{ path: 'query.limit', message: 'too small' }],
      }),
    ).toBe('Invalid request (400): d\nquery.limit: too small');
  });
});

describe('the helpers every frontend writes by hand', () => {
  let key: string;
  beforeAll(() => {
    key = createApiKey(app.db, { name: 'client-helpers', scopes: ['write'] }).key;
  });

  it('paginate yields every item of a list across pages, in the order of one big page, with the filters kept', async () => {
    const all = (await app.inject('/v1/claims?limit=100')).json().data.map((claim: { id: string }) => claim.id);
    const client = createClient(baseUrl);
    const ids: string[] = [];
    for await (const claim of client.paginate('/v1/claims', { query: { limit: 2 } })) ids.push(claim.id);
    const hajiyev: string[] = [];
    for await (const claim of client.paginate('/v1/actors/{id}/claims', {
      params: { path: { id: 'hikmet-hajiyev' } },
      query: { limit: 1 },
    }))
      hajiyev.push(claim.id);

    expect(all.length).toBeGreaterThan(4);
    expect(ids).toEqual(all);
    expect(hajiyev).toEqual([
      'hikmet-hajiyev-confirms',
      'hikmet-hajiyev-confirms-2',
      'hikmet-hajiyev-confirms-3',
      'hikmet-hajiyev-states',
    ]);
  });

  it('paginate throws a ProblemError naming the bad parameter', async () => {
    const pages = createClient(baseUrl).paginate('/v1/claims', { query: { speaker: 'nobody-at-all' } });

    const error = await pages.next().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({
      status: 400,
      title: 'Invalid request',
      errors: [{ path: 'query.speaker', message: 'no actor with id "nobody-at-all"' }],
    });
  });

  it('getWithEtag / updateWithEtag: an edit with the ETag read goes through; a second edit with that stale ETag is a 412 ProblemError', async () => {
    const client = createClient(baseUrl, { apiKey: key });
    const served = await app.inject('/v1/actors/russia');

    const { data, etag } = await client.getWithEtag('/v1/actors/{id}', { params: { path: { id: 'russia' } } });
    const updated = await client.updateWithEtag('/v1/actors/{id}', {
      params: { path: { id: 'russia' } },
      body: { aliases: [...data.aliases, 'RF'] },
      etag,
    });
    const stale = await client
      .updateWithEtag('/v1/actors/{id}', { params: { path: { id: 'russia' } }, body: { aliases: [] }, etag })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );

    expect(data).toEqual(served.json());
    expect(etag).toBe(served.headers.etag);
    expect(updated.data.aliases).toEqual([...data.aliases, 'RF']);
    expect(updated.etag).toBe((await app.inject('/v1/actors/russia')).headers.etag);
    expect(updated.etag).not.toBe(etag);
    expect(stale).toBeInstanceOf(ProblemError);
    expect(stale).toMatchObject({ status: 412, title: 'Precondition failed' });
    expect((await app.inject('/v1/actors/russia')).json().aliases).toEqual([...data.aliases, 'RF']);
  });

  it('takes header parameters in any case, as HTTP does: If-Match and if-match are both sent', async () => {
    const client = createClient(baseUrl, { apiKey: key });
    const { etag } = await client.getWithEtag('/v1/actors/{id}', { params: { path: { id: 'azerbaijan' } } });

    const titleCase = await client.PATCH('/v1/actors/{id}', {
      params: { path: { id: 'azerbaijan' }, header: { 'If-Match': '"stale"' } },
      body: { aliases: [] },
    });
    const lowerCase = await client.PATCH('/v1/actors/{id}', {
      params: { path: { id: 'azerbaijan' }, header: { 'if-match': etag } },
      body: { aliases: ['AZ'] },
    });

    expect(titleCase.response.status).toBe(412);
    expect(titleCase.error?.status).toBe(412);
    expect(lowerCase.response.status).toBe(200);
    expect(lowerCase.data?.aliases).toEqual(['AZ']);
  });

  it('changeStreamUrl builds the stream URL an EventSource opens, with its filters', async () => {
    const client = createClient(`${baseUrl}/`);
    const since = (await app.inject('/v1/changes?limit=1')).json().page.nextCursor as string;

    const url = client.changeStreamUrl({ kind: 'claim', since });
    const head = await fetch(url, { method: 'HEAD' });

    expect(client.changeStreamUrl()).toBe(`${baseUrl}/v1/changes/stream`);
    expect(url).toBe(`${baseUrl}/v1/changes/stream?kind=claim&since=${since}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  });

  it('unwrap answers data or throws the problem; a non-problem error answer still becomes a ProblemError', async () => {
    const client = createClient(baseUrl);

    const page = unwrap(await client.GET('/v1/claims', { params: { query: { limit: 1 } } }));
    const missing = await client.GET('/v1/claims/{id}', { params: { path: { id: 'no-such-claim' } } });
    const fromProxy = ProblemError.from(
      undefined,
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );

    expect(page.data).toHaveLength(1);
    expect(() => unwrap(missing)).toThrow(ProblemError);
    expect(() => unwrap(missing)).toThrow(/^Not found \(404\): No claim with id "no-such-claim"\.$/);
    expect(fromProxy).toMatchObject({ status: 502, title: 'Bad Gateway', errors: [] });
  });
});
