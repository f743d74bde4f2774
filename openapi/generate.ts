// `npm run openapi`: writes openapi/openapi.json from the live app's document, and
// openapi/bundle.schema.json (the bundle format as JSON Schema) from the zod schema the import
// validates with. Never edit either by hand: test/openapi.test.ts fails when they drift.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildApp } from '../src/app.ts';
import { bundleSchema } from '../src/schemas/bundle.ts';

export const OPENAPI_FILE = join(dirname(fileURLToPath(import.meta.url)), 'openapi.json');
export const BUNDLE_SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), 'bundle.schema.json');

/** The bundle format (seed/, POST /v1/sources, npm run import) as a JSON Schema 2020-12 document, as sent (input). */
export function renderBundleSchema(): string {
  const { $schema, ...schema } = z.toJSONSchema(bundleSchema, { io: 'input', target: 'draft-2020-12' });
  const document = {
    $schema,
    $id: 'https://eventkg.dev/schemas/bundle.schema.json',
    title: 'Event knowledge graph bundle',
    description:
      'One source and everything annotated in it, with local keys and evidence as the exact words of the text. ' +
      'Generated from src/schemas/bundle.ts by `npm run openapi`; the import checks more than this schema can say ' +
      '(references resolve, evidence stands in the text, direct quotes are verbatim): see the README.',
    ...schema,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

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
  writeFileSync(BUNDLE_SCHEMA_FILE, renderBundleSchema());
  console.log(`wrote ${BUNDLE_SCHEMA_FILE}`);
}
