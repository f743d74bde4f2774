// Builds a private app and loads extra bundles through the seed loader (the import path), for the few
// tests that need data beyond the seed. Bundles go through a temporary folder so that the tests depend
// only on the loader's public shape: "every *.bundle.json in a folder".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type App, buildApp } from '../../../src/app.ts';
import { loadSeed } from '../../../src/domain/seed.ts';

/** A fresh in-memory app (with or without the seed) and a loader that imports more bundles into it. */
export async function buildAppWith(options: { seed: boolean }) {
  const app = await buildApp({ databasePath: ':memory:', seed: options.seed, checkResponses: true });
  let loaded = 0;
  const load = (...bundles: unknown[]) => {
    const folder = mkdtempSync(join(tmpdir(), 'eventkg-bundles-'));
    try {
      bundles.forEach((bundle, i) =>
        writeFileSync(join(folder, `${String(loaded + i).padStart(3, '0')}.bundle.json`), JSON.stringify(bundle)),
      );
      loaded += bundles.length;
      loadSeed(app.db, folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  return { app: app as App, load };
}

/** Like useApp (helpers.ts), with `bundles` loaded after the seed (if any): one app for the whole test file or describe block. */
export function useAppWith(options: { seed: boolean }, ...bundles: unknown[]): () => App {
  let app: App | undefined;
  beforeAll(async () => {
    const built = await buildAppWith(options);
    built.load(...bundles);
    app = built.app;
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('app not built yet: call inside a test');
    return app;
  };
}

/** A TimeSpec for one known day. */
export const onDay = (date: string, text: string | null = null) => ({
  text,
  start: date,
  end: date,
  precision: 'day' as const,
  approximate: false,
});
