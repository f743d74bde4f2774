// `npm run test:client-package`: the client as a frontend meets it. Packs this package (`npm pack`,
// whose prepack builds dist/client), installs the tarball into a scratch project in a temp dir, then
// 1. imports `eventkg-api/client` from plain Node ESM (no tsx) and pages claims from a live app, and
// 2. typechecks a TypeScript file against the installed declarations with this repo's tsc (strict,
//    NodeNext; a wrong call must fail, so the file also holds @ts-expect-error lines).
// Not in `npm test`: about 20 s alone here, but 67 s inside the full suite on a shared machine (a test in
// `npm test` should stay under 60 s); CI should run `npm run test:client-package` as its own step.
// The install is offline with --ignore-scripts: the server's own dependencies come along in the
// tarball's package.json, and better-sqlite3 would otherwise compile from source for a client that never opens a database.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildApp } from '../../src/app.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

const CONSUMER_JS = `
import { createClient, ProblemError } from 'eventkg-api/client';
const api = createClient(process.argv[2]);
const ids = [];
for await (const claim of api.paginate('/v1/claims', { query: { speaker: 'hikmet-hajiyev', limit: 1 } })) ids.push(claim.id);
const { data, etag } = await api.getWithEtag('/v1/claims/{id}', { params: { path: { id: 'dmitry-peskov-confirms' } } });
let problem;
try {
  await api.getWithEtag('/v1/claims/{id}', { params: { path: { id: 'no-such-claim' } } });
} catch (error) {
  problem = error instanceof ProblemError ? { status: error.status, title: error.title } : String(error);
}
console.log(JSON.stringify({ ids, speaker: data.speaker.id, etag: typeof etag, problem }));
`;

const CONSUMER_TS = `
import { createClient, ProblemError, type Claim, type QueryOf } from 'eventkg-api/client';

export async function speakerClaims(baseUrl: string, speaker: string): Promise<Claim[]> {
  const api = createClient(baseUrl, { apiKey: 'ekg_example' });
  const claims: Claim[] = [];
  const query: QueryOf<'/v1/claims'> = { speaker, limit: 100 };
  for await (const claim of api.paginate('/v1/claims', { query })) claims.push(claim);
  const { data, etag } = await api.getWithEtag('/v1/claims/{id}', { params: { path: { id: claims[0]!.id } } });
  await api.updateWithEtag('/v1/claims/{id}', { params: { path: { id: data.id } }, body: { text: data.text }, etag });
  await api.PATCH('/v1/claims/{id}', { params: { path: { id: data.id }, header: { 'If-Match': etag } }, body: { stance: 'confirms' } });
  // @ts-expect-error the change feed pages by since, not by cursor
  api.paginate('/v1/changes');
  // @ts-expect-error no such filter
  api.paginate('/v1/claims', { query: { speakr: speaker } });
  // @ts-expect-error a claim has no field txt
  await api.updateWithEtag('/v1/claims/{id}', { params: { path: { id: data.id } }, body: { txt: '' }, etag });
  try {
    await api.getWithEtag('/v1/events/{id}', { params: { path: { id: 'x' } } });
  } catch (error) {
    if (error instanceof ProblemError) return error.errors.map((field) => ({ ...claims[0]!, text: field.path + field.message }));
  }
  return claims;
}
`;

type LockEntry = { dev?: boolean; devOptional?: boolean; [field: string]: unknown };

/**
 * A frontend that depends on the tarball, with a lockfile: this repo's locked versions of the
 * package's runtime dependencies (dev ones left out) plus the tarball itself. `npm ci --offline`
 * then installs from the npm cache by integrity, as a locked project would, without asking the
 * registry for package metadata (the cache here holds the tarballs, not every package's metadata).
 */
function writeConsumerProject(project: string, tarball: string) {
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:../${basename(tarball)}`;
  const packages: Record<string, unknown> = {
    '': { name: 'frontend', dependencies: { 'eventkg-api': spec } },
    'node_modules/eventkg-api': { version: own.version, resolved: spec, dependencies: own.dependencies },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  }
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'frontend', private: true, type: 'module', dependencies: { 'eventkg-api': spec } }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'frontend', lockfileVersion: 3, requires: true, packages }),
  );
}

/** Throws, naming what failed, unless the packed client installs, imports and typechecks as described above. */
export async function checkPackedClient(log: (line: string) => void = console.log) {
  const started = Date.now();
  const lap = (what: string) => log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'eventkg-client-package-'));
  const app = await buildApp({ databasePath: ':memory:' });
  try {
    const { stdout: packed } = await run('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = join(dir, packed.trim().split('\n').pop()!);
    lap(`packed ${tarball}`);

    const project = join(dir, 'frontend');
    mkdirSync(project);
    writeConsumerProject(project, tarball);
    await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: project,
      maxBuffer: 16 * 1024 * 1024,
    });
    lap('installed');

    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error(`unexpected address ${address}`);
    writeFileSync(join(project, 'consumer.mjs'), CONSUMER_JS);
    const { stdout } = await run(process.execPath, ['consumer.mjs', `http://127.0.0.1:${address.port}`], {
      cwd: project,
    });
    const seen = JSON.parse(stdout) as unknown;
    const expected = {
      ids: [
        'hikmet-hajiyev-confirms',
        'hikmet-hajiyev-confirms-2',
        'hikmet-hajiyev-confirms-3',
        'hikmet-hajiyev-states',
      ],
      speaker: 'dmitry-peskov',
      etag: 'string',
      problem: { status: 404, title: 'Not found' },
    };
    if (JSON.stringify(seen) !== JSON.stringify(expected))
      throw new Error(`plain Node ESM import: expected ${JSON.stringify(expected)}, got ${stdout}`);
    lap('imported from plain Node ESM, paged, read an ETag, caught a ProblemError');

    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = await run(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false'],
      { cwd: project },
    ).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    if (tsc) throw new Error(`tsc against the installed package:\n${tsc}`);
    lap('typechecked a TypeScript file against the installed declarations');
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await checkPackedClient();
  console.log('ok');
}
