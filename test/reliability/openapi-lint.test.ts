// Spectral with the OpenAPI and OWASP API Security rulesets (openapi/.spectral.yaml) finds nothing in the
// committed document, and the ruleset is not vacuous: a deliberately careless document is caught.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

type Finding = { code: string; message: string; path: string[]; severity: number; source?: string };

/** A document with the mistakes the ruleset exists for: an unsecured write, unbounded input, no 429/500. */
const CARELESS = {
  openapi: '3.1.0',
  info: { title: 'careless', version: '1', description: 'A document the ruleset must reject.', contact: { name: 'x' } },
  servers: [{ url: 'http://example.com', description: 'production' }],
  tags: [{ name: 'things', description: 'Things.' }],
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        summary: 'Create a thing',
        description: 'Creates a thing.',
        tags: ['things'],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  tags: { type: 'array', items: { type: 'string', maxLength: 10 } },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'Created.' }, '400': { description: 'Bad.' } },
      },
    },
  },
};

/** `spectral lint` over `files` with our ruleset; every finding of warn severity or worse. */
async function lint(files: string[]): Promise<Finding[]> {
  const args = [
    'spectral',
    'lint',
    ...files,
    '--ruleset',
    'openapi/.spectral.yaml',
    '--fail-severity=warn',
    '-f',
    'json',
  ];
  let stdout: string;
  try {
    ({ stdout } = await run('npx', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    // Exit code 1 means findings; the JSON is on stdout all the same.
    stdout = (error as { stdout?: string }).stdout ?? '';
    if (!stdout.includes('[')) throw error;
  }
  // The JSON array may be followed by a "No results ..." line.
  return JSON.parse(stdout.slice(stdout.indexOf('['), stdout.lastIndexOf(']') + 1)) as Finding[];
}

const dir = mkdtempSync(join(tmpdir(), 'eventkg-spectral-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openapi/openapi.json under spectral:oas + OWASP API Security 2023 (openapi/.spectral.yaml)', () => {
  it('has no finding of any severity down to warn, and a careless document has many', async () => {
    const careless = join(dir, 'careless.json');
    writeFileSync(careless, JSON.stringify(CARELESS));

    const findings = await lint(['openapi/openapi.json', careless]);

    const ours = findings.filter((f) => !f.source?.endsWith('careless.json'));
    const theirs = new Set(findings.filter((f) => f.source?.endsWith('careless.json')).map((f) => f.code));
    console.log(
      `spectral: ${ours.length} findings in openapi/openapi.json; ${theirs.size} distinct rules broken by the careless document`,
    );
    expect(ours.map((f) => `${f.code} at ${f.path.join('.')}: ${f.message}`)).toEqual([]);
    expect([...theirs]).toEqual(
      expect.arrayContaining([
        'owasp:api2:2023-write-restricted',
        'owasp:api4:2023-rate-limit-responses-429',
        'owasp:api8:2023-define-error-responses-500',
        'owasp:api8:2023-no-server-http',
        'eventkg-request-string-limit',
        'eventkg-request-array-limit',
      ]),
    );
  }, 180_000);
});
