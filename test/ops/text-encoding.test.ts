// Text encoding over a real socket: a JSON body must be UTF-8 (another charset is a 415, a byte that
// is not UTF-8 a 400 naming its offset; nothing is stored as U+FFFD), and what Node's HTTP parser
// refuses (raw non-ASCII bytes in the query, a header section over 16 KiB, a request not received in
// time, a malformed Transfer-Encoding) still comes back as problem+json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { createApiKey } from '../../src/domain/api-keys.ts';
import { charsetOf, invalidUtf8Offset } from '../../src/plugins/well-formed-text.ts';
import { type RawResponse, rawRequest } from './support/raw-http.ts';

let app: App;
let port: number;
let key: string;

beforeAll(async () => {
  app = await buildApp({ databasePath: ':memory:', timeouts: { requestMs: 300 } });
  ({ key } = createApiKey(app.db, { name: 'encoding', scopes: ['write'] }));
  // Node checks REQUEST_TIMEOUT_MS on this interval (30 s by default); shortened so the 408 comes quickly.
  Object.assign(app.server, { connectionsCheckingInterval: 50 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app?.close();
});

/** POST `body` (bytes as given) to /v1/actors with this Content-Type. */
function postActor(body: Buffer, contentType: string) {
  const head = `POST /v1/actors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  return rawRequest(port, Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

function expectProblem(response: RawResponse, status: number, type: string) {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json).toMatchObject({
    type: `https://eventkg.dev/problems/${type}`,
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
}

/** `{"name":"Caf\xe9","kind":"person"}`: Latin-1 é, one byte that is not UTF-8, at offset 12. */
const LATIN1 = Buffer.from('{"name":"Caf\xe9 Latin","kind":"person"}', 'latin1');

describe('a JSON body must be UTF-8', () => {
  it('with charset=iso-8859-1 is a 415 saying the body must be UTF-8; nothing is stored', async () => {
    const response = await postActor(LATIN1, 'application/json; charset=iso-8859-1');
    expectProblem(response, 415, 'unsupported-media-type');
    expect(response.json.detail).toMatch(/must be UTF-8 JSON, and charset=iso-8859-1 is not UTF-8/);
    expect((await app.inject('/v1/actors?q=Latin')).json().data).toEqual([]);
  });

  it('with no charset, a byte that is not UTF-8 is a 400 naming its offset; nothing is stored as U+FFFD', async () => {
    const response = await postActor(LATIN1, 'application/json');
    expectProblem(response, 400, 'invalid-request');
    expect(response.json.errors).toEqual([
      {
        path: 'body',
        message: expect.stringMatching(
          /^is not valid UTF-8: the bytes at offset 12 \(counted from 0: 0xE9 0x20 0x4C 0x61\)/,
        ),
      },
    ]);
    expect(response.json.detail).toBe('The request body is not valid UTF-8 (at byte 12).');
    expect((await app.inject('/v1/actors?q=Latin')).json().data).toEqual([]);
  });

  it('refuses any other charset (415) and takes utf-8 however it is written (201, stored exactly)', async () => {
    for (const charset of ['windows-1252', 'utf-16', '"latin1"']) {
      expectProblem(
        await postActor(Buffer.from('{"name":"X","kind":"person"}'), `application/json; charset=${charset}`),
        415,
        'unsupported-media-type',
      );
    }
    const names = ['Café Ünïcode', 'Песков Дмитрий', 'Ǆemal 😀 Emoji'];
    for (const [i, charset] of ['', '; charset=utf-8', '; Charset="UTF-8"'].entries()) {
      const response = await postActor(
        Buffer.from(JSON.stringify({ name: names[i], kind: 'person' }), 'utf8'),
        `application/json${charset}`,
      );
      expect(response.status, response.body).toBe(201);
      expect(response.json.name).toBe(names[i]);
    }
  });

  it('finds the first byte that is not UTF-8: lone continuation, overlong form, surrogate, truncated sequence', () => {
    expect(invalidUtf8Offset(Buffer.from('plain ascii'))).toBe(-1);
    expect(invalidUtf8Offset(Buffer.from('ok é 😀'))).toBe(-1);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0x80]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(invalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(charsetOf('application/json; charset="UTF-8"')).toBe('utf-8');
    expect(charsetOf('application/json')).toBeUndefined();
  });
});

describe("what Node's HTTP parser refuses is problem+json", () => {
  it('a raw (not %-encoded) UTF-8 query: 400 saying how to encode it, the target %-escaped in instance', async () => {
    const request = Buffer.concat([
      Buffer.from('GET /v1/search?q='),
      Buffer.from('Песков', 'utf8'),
      Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    ]);
    const response = await rawRequest(port, request);
    expectProblem(response, 400, 'malformed-request');
    expect(response.json.detail).toMatch(/Percent-encode every byte outside printable ASCII/);
    expect(response.json.instance).toBe(`/v1/search?q=${encodeURIComponent('Песков')}`);
    // The same words %-encoded are answered.
    const encoded = await rawRequest(
      port,
      `GET /v1/search?q=${encodeURIComponent('Песков')} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    expect(encoded.status).toBe(200);
  });

  it('headers over 16 KiB: 431', async () => {
    const response = await rawRequest(
      port,
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    );
    expectProblem(response, 431, 'request-header-fields-too-large');
    expect(response.json.detail).toMatch(/headers are larger than this server accepts/);
  });

  it('a request not received within REQUEST_TIMEOUT_MS: 408', async () => {
    const response = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expectProblem(response, 408, 'request-timeout');
    expect(response.json.detail).toMatch(/REQUEST_TIMEOUT_MS/);
  });

  it('a malformed Transfer-Encoding, or one with a Content-Length: 400 naming it', async () => {
    for (const headers of [
      'Transfer-Encoding: chunked, gzip',
      'Transfer-Encoding: chunked\r\nContent-Length: 5',
      'Transfer-Encoding: xchunked',
    ]) {
      const response = await rawRequest(
        port,
        `POST /v1/actors HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\nConnection: close\r\n\r\n0\r\n\r\n`,
      );
      expectProblem(response, 400, 'malformed-request');
      expect(response.json.detail, headers).toMatch(/Transfer-Encoding/);
    }
  });
});
