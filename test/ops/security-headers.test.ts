// Security headers (helmet) on every answer, a Content-Security-Policy under which Swagger UI still
// works, and CORS only for the origins in CORS_ORIGINS.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';

const API_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";
let app: App;
beforeAll(async () => {
  app = await buildApp({ databasePath: ':memory:' });
});
afterAll(() => app.close());

describe('security headers', () => {
  it.each(['/v1/claims?limit=1', '/health', '/v1/nowhere', '/v1/claims?limit=0'])(
    'on %s: nosniff, no framing, no referrer, a CSP that allows nothing',
    async (url) => {
      const response = await app.inject(url);
      expect(response.headers).toMatchObject({
        'content-security-policy': API_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      });
      expect(response.headers).not.toHaveProperty('x-powered-by');
    },
  );

  it('gives /docs a CSP for Swagger UI: its own scripts (the page has no inline script), inline styles, data: images, calls to this origin', async () => {
    const page = await app.inject('/docs');
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const noBrowser = !existsSync(CHROMIUM) && process.env.REQUIRE_BROWSER !== '1';

describe('Swagger UI under its CSP, in headless Chromium', () => {
  it.skipIf(noBrowser)(
    'renders every operation with no CSP violation and no failed request',
    async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const profile = mkdtempSync(join(tmpdir(), 'eventkg-csp-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const violations: string[] = [];
        const failed: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
        });
        page.on('requestfailed', (request) => failed.push(request.url()));
        await page.goto(`http://127.0.0.1:${port}/docs`);
        await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
        // /docs opens with only the claims section unfolded: unfold the others so every operation renders.
        const document = (await app.inject('/docs/json')).json();
        for (const { name } of document.tags as Array<{ name: string }>) {
          const section = page
            .locator('.opblock-tag-section')
            .filter({ has: page.locator(`h3.opblock-tag[data-tag="${name}"]`) });
          if (!(await section.getAttribute('class'))?.includes('is-open'))
            await section.locator('h3.opblock-tag').click();
        }
        await expect.poll(() => page.locator('.opblock-tag-section:not(.is-open)').count()).toBe(0);
        const operations = await page.locator('.opblock').count();
        const paths = Object.keys(document.paths).length;
        console.log(
          `Swagger UI under its CSP: ${operations} operations rendered (${paths} paths), ${violations.length} CSP violations, ${failed.length} failed requests`,
        );
        expect(violations).toEqual([]);
        expect(failed).toEqual([]);
        expect(operations).toBeGreaterThanOrEqual(paths);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe('CORS', () => {
  it('with no CORS_ORIGINS (the default): no CORS header for any origin, and a preflight is a 404', async () => {
    const simple = await app.inject({ url: '/v1/claims?limit=1', headers: { origin: 'https://app.example.org' } });
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/v1/claims',
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'GET' },
    });
    expect(Object.keys(simple.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    expect(preflight.statusCode).toBe(404);
    expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  describe('with CORS_ORIGINS=https://app.example.org,http://localhost:5173', () => {
    let cors: App;
    beforeAll(async () => {
      cors = await buildApp({
        databasePath: ':memory:',
        corsOrigins: ['https://app.example.org', 'http://localhost:5173'],
      });
    });
    afterAll(() => cors.close());

    it("answers an allowed origin's preflight with 204, the methods and headers a client may use, and a max age", async () => {
      const response = await cors.inject({
        method: 'OPTIONS',
        url: '/v1/actors/kremlin',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization, if-match, content-type',
        },
      });
      expect(response.statusCode).toBe(204);
      expect(response.headers).toMatchObject({
        'access-control-allow-origin': 'http://localhost:5173',
        'access-control-allow-methods': 'GET, HEAD, POST, PATCH, DELETE',
        'access-control-allow-headers':
          'Authorization, Content-Type, If-Match, If-None-Match, Last-Event-ID, X-Request-Id',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
      expect(response.headers).not.toHaveProperty('access-control-allow-credentials');
    });

    it('lets an allowed origin read the answer and the headers it needs (ETag, Location, Merged-Into, Retry-After, X-Request-Id, rate limit)', async () => {
      const response = await cors.inject({ url: '/v1/actors/kremlin', headers: { origin: 'https://app.example.org' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe('https://app.example.org');
      expect(String(response.headers['access-control-expose-headers']).split(', ')).toEqual(
        expect.arrayContaining([
          'ETag',
          'Location',
          'Merged-Into',
          'Retry-After',
          'X-Request-Id',
          'X-RateLimit-Remaining',
        ]),
      );
      expect(String(response.headers.vary)).toContain('Origin');
    });

    it.each(['https://evil.example.org', 'https://app.example.org.evil.net', 'http://app.example.org', 'null'])(
      'gives %s no CORS header at all, on a request or a preflight (404)',
      async (origin) => {
        const simple = await cors.inject({ url: '/v1/actors/kremlin', headers: { origin } });
        const preflight = await cors.inject({
          method: 'OPTIONS',
          url: '/v1/actors/kremlin',
          headers: { origin, 'access-control-request-method': 'GET' },
        });
        expect(simple.statusCode).toBe(200);
        expect(Object.keys(simple.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
        expect(preflight.statusCode).toBe(404);
        expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      },
    );
  });

  it('with CORS_ORIGINS=*: any origin may read (Access-Control-Allow-Origin: *)', async () => {
    const open = await buildApp({ databasePath: ':memory:', seed: false, corsOrigins: ['*'] });
    const response = await open.inject({ url: '/health', headers: { origin: 'https://anyone.example' } });
    await open.close();
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });
});
