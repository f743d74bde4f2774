// The layers of src/: a module may import from its own layer or a lower one, never a higher one, so
// the storage code can be swapped (a PostgreSQL engine), and the entity code read, without the HTTP
// layer or the commands coming along. Read from the import statements themselves (static imports,
// `import type`, re-exports and dynamic `import('...')`), not from a bundler.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/**
 * Lowest first. A path ending in `/` is a folder (everything under it); the first matching entry of
 * the most specific kind (a file before a folder) decides.
 */
const LAYERS: Array<{ name: string; paths: string[] }> = [
  {
    // Pure code, no database and no HTTP server: error types, JSON, text helpers, zod schemas, the
    // extractor, the format renderers that take plain values, the OpenAPI conventions.
    name: 'shared',
    paths: [
      'errors.ts',
      'json.ts',
      'version.ts',
      'text/',
      'schemas/',
      'extraction/',
      'exports/',
      'openapi-conventions.ts',
      'openapi-examples.ts',
      'openapi-document.ts',
    ],
  },
  { name: 'db', paths: ['db/'] },
  { name: 'entities', paths: ['entities/'] },
  { name: 'domain', paths: ['domain/'] },
  // exports/render.ts and hooks.ts read the database to render a page: they answer requests.
  { name: 'routes/plugins', paths: ['routes/', 'plugins/', 'auth.ts', 'exports/render.ts', 'exports/hooks.ts'] },
  { name: 'app/server/cli', paths: ['app.ts', 'server.ts', 'cluster.ts', 'config.ts', 'cli/', 'client/'] },
];

function layerOf(file: string): number {
  let best: { rank: number; specificity: number } | undefined;
  LAYERS.forEach(({ paths }, rank) => {
    for (const p of paths) {
      const matches = p.endsWith('/') ? file.startsWith(p) : file === p;
      const specificity = p.endsWith('/') ? p.length : Number.MAX_SAFE_INTEGER;
      if (matches && (!best || specificity > best.specificity)) best = { rank, specificity };
    }
  });
  if (!best) throw new Error(`src/${file} is in no layer: add it to LAYERS in test/layers.test.ts`);
  return best.rank;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative specifiers a file imports (packages are not layers). */
function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!).filter((s) => s.startsWith('.'));
}

describe('layers of src/', () => {
  it('reads the import statements of a file', () => {
    const text = `import { a } from './a.ts';\nimport type {\n  B,\n} from '../b.ts';\nexport { c } from "./c.ts";\nconst d = await import('./d.ts');\nimport fs from 'node:fs';`;
    expect(importsOf(text)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts']);
  });

  it('puts every file of src/ in a layer', () => {
    for (const file of sourceFiles(SRC)) expect(() => layerOf(relative(SRC, file))).not.toThrow();
  });

  it('never imports from a higher layer', () => {
    const upward: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = relative(SRC, file);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const to = relative(SRC, resolve(dirname(file), specifier));
        if (to.startsWith('..')) continue; // package.json and the like, outside src/
        const [a, b] = [layerOf(from), layerOf(to)];
        if (b > a) upward.push(`${from} (${LAYERS[a]!.name}) imports ${to} (${LAYERS[b]!.name})`);
      }
    }
    expect(upward).toEqual([]);
  });
});
