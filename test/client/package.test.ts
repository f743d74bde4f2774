// The packed client, installed into a scratch project: see package-check.ts (also `npm run test:client-package`).
import { expect, it } from 'vitest';
import { checkPackedClient } from './package-check.ts';

it('installs from `npm pack`, imports as eventkg-api/client from plain Node ESM and typechecks a TypeScript consumer', async () => {
  const steps: string[] = [];
  await checkPackedClient((line) => steps.push(line));
  expect(steps.map((line) => line.replace(/:.*$/, '').replace(/^packed .*/, 'packed'))).toEqual([
    'packed',
    'installed',
    'imported from plain Node ESM, paged, read an ETag, caught a ProblemError',
    'typechecked a TypeScript file against the installed declarations',
  ]);
}, 180_000);
