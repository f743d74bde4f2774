// The OpenAPI document: served at /docs/json, committed as openapi/openapi.json, and complete.
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { BUNDLE_SCHEMA_FILE, OPENAPI_FILE, renderBundleSchema, renderOpenApi } from '../openapi/generate.ts';
import { SEED_FOLDER, seedFiles } from '../src/domain/seed.ts';
import { useApp } from './helpers.ts';

const app = useApp({ seed: false });

describe('GET /docs/json', () => {
  it('serves an OpenAPI 3.1 document with every contract path', async () => {
    const response = await app().inject('/docs/json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/v1/sources',
        '/v1/sources/{id}',
        '/v1/actors',
        '/v1/actors/{id}',
        '/v1/actors/{id}/claims',
        '/v1/actors/{id}/events',
        '/v1/locations',
        '/v1/locations/{id}',
        '/v1/events',
        '/v1/events/{id}',
        '/v1/claims',
        '/v1/claims/{id}',
        '/v1/timeline',
      ]),
    );
    expect(doc.components.schemas).toHaveProperty('Claim');
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it('gives every operation a summary and a tag, and declares errors as problem+json', async () => {
    const doc = (await app().inject('/docs/json')).json();
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        expect(op.summary, `${method} ${path} summary`).toBeTruthy();
        expect(op.tags?.length, `${method} ${path} tags`).toBeGreaterThan(0);
        for (const [status, response] of Object.entries<any>(op.responses)) {
          if (Number(status) >= 400)
            expect(Object.keys(response.content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('describes every property of every component schema', async () => {
    const doc = (await app().inject('/docs/json')).json();
    const missing: string[] = [];
    for (const [name, schema] of Object.entries<any>(doc.components.schemas)) {
      for (const [prop, def] of Object.entries<any>(schema.properties ?? {})) {
        const described = def.description || def.$ref || def.anyOf?.some((s: any) => s.$ref || s.description);
        if (!described) missing.push(`${name}.${prop}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('openapi/openapi.json', () => {
  it('matches the live document (run `npm run openapi` after changing a schema or route)', async () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed).toBe(await renderOpenApi());
  });
});

describe('openapi/bundle.schema.json', () => {
  it('matches the zod schema the import validates with (run `npm run openapi` after changing src/schemas/bundle.ts)', () => {
    expect(readFileSync(BUNDLE_SCHEMA_FILE, 'utf8')).toBe(renderBundleSchema());
  });

  it('accepts the seed, the test fixtures and its own example, and names what is wrong in a broken bundle', () => {
    const schema = JSON.parse(readFileSync(BUNDLE_SCHEMA_FILE, 'utf8'));
    // `example` is OpenAPI's keyword, carried over from the zod meta; JSON Schema tools ignore it.
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const fixtures = new URL('./routes/v1/curation/fixtures/', import.meta.url);
    const bundles = [
      ...seedFiles(SEED_FOLDER).map((file) => JSON.parse(readFileSync(file, 'utf8'))),
      ...readdirSync(fixtures).map((name) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'))),
      schema.$defs.Bundle.example,
    ];
    for (const bundle of bundles) expect(validate(bundle), JSON.stringify(validate.errors)).toBe(true);

    const broken = structuredClone(schema.$defs.Bundle.example);
    broken.claims[0].mode = 'quote';
    delete broken.source.text;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/source', '/claims/0/mode']));
  });
});
