// `npm run openapi`: writes openapi/openapi.json from the live app's document (never edit it by hand).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';

export const OPENAPI_FILE = join(dirname(fileURLToPath(import.meta.url)), 'openapi.json');

/** The OpenAPI document as the running service serves it at /docs/json, serialized stably. */
export async function renderOpenApi(): Promise<string> {
  const app = await buildApp({ databasePath: ':memory:', seed: false });
  try {
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_FILE, await renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
