// Configuration: one zod schema over the environment; a bad value fails fast with one clear line.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

/** The ConfigError loadConfig throws for `env` (fails the test when it does not throw one). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The operations settings' defaults (rate limit, timeouts, CORS), checked in their own tests below. */
const OPS_DEFAULTS = {
  RATE_LIMIT_MAX: 60_000,
  RATE_LIMIT_WINDOW_MS: 60_000,
  REQUEST_TIMEOUT_MS: 30_000,
  CONNECTION_TIMEOUT_MS: 60_000,
  HANDLER_TIMEOUT_MS: 30_000,
  CORS_ORIGINS: [],
  CLAIM_CACHE_SIZE: 10_000,
  ANSWER_CACHE_MB: 8,
  CHANGE_STREAM_MAX_PER_CLIENT: 5,
  CHANGE_STREAM_HEARTBEAT_MS: 15_000,
  REQUIRE_IF_MATCH: true,
  WORKERS: availableParallelism(),
  CACHE_MAX_AGE: 0,
  INTEGRITY_CHECK: true,
};

describe('REQUIRE_IF_MATCH', () => {
  it('is on by default, off with false or 0, and anything else stops the service naming it', () => {
    expect(loadConfig({}).REQUIRE_IF_MATCH).toBe(true);
    expect(loadConfig({ REQUIRE_IF_MATCH: 'false' }).REQUIRE_IF_MATCH).toBe(false);
    expect(loadConfig({ REQUIRE_IF_MATCH: '0' }).REQUIRE_IF_MATCH).toBe(false);
    expect(loadConfig({ REQUIRE_IF_MATCH: 'true' }).REQUIRE_IF_MATCH).toBe(true);
    expect(() => loadConfig({ REQUIRE_IF_MATCH: 'no' })).toThrow(
      'Invalid configuration: REQUIRE_IF_MATCH="no": must be true or false',
    );
  });
});

describe('loadConfig', () => {
  it('when nothing is set, uses PORT 3000, HOST 127.0.0.1, DATABASE_PATH data/eventkg.db, LOG_LEVEL info', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: 'data/eventkg.db',
      LOG_LEVEL: 'info',
      ...OPS_DEFAULTS,
      PUBLIC_URL: 'http://127.0.0.1:3000',
    });
  });

  it('when every variable is set, uses them, PORT as a number', () => {
    expect(
      loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_PATH: '/var/lib/eventkg/db.sqlite', LOG_LEVEL: 'debug' }),
    ).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      DATABASE_PATH: '/var/lib/eventkg/db.sqlite',
      LOG_LEVEL: 'debug',
      ...OPS_DEFAULTS,
      // Listening on every interface: links name loopback unless PUBLIC_URL says where clients reach it.
      PUBLIC_URL: 'http://127.0.0.1:8080',
    });
  });

  it('ignores unrelated environment variables', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', PORT: '4000' })).toEqual({
      PORT: 4000,
      HOST: '127.0.0.1',
      DATABASE_PATH: 'data/eventkg.db',
      LOG_LEVEL: 'info',
      ...OPS_DEFAULTS,
      PUBLIC_URL: 'http://127.0.0.1:4000',
    });
  });

  it('accepts every pino log level', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ LOG_LEVEL: level }).LOG_LEVEL).toBe(level);
    }
  });

  it('accepts the port bounds 0 and 65535', () => {
    expect(loadConfig({ PORT: '0' }).PORT).toBe(0);
    expect(loadConfig({ PORT: '65535' }).PORT).toBe(65535);
  });

  it('when PORT and LOG_LEVEL are both bad, throws a ConfigError whose message is one line naming each', () => {
    const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/^Invalid configuration: /);
    expect(error.message).toContain('PORT="abc"');
    expect(error.message).toContain('LOG_LEVEL="loud"');
    expect(error.message).not.toContain('HOST');
    expect(error.message).not.toContain('DATABASE_PATH');
  });

  it.each([
    ['not a number', 'abc'],
    ['too big', '65536'],
    ['negative', '-1'],
    ['fractional', '80.5'],
    ['empty', ''],
    ['blank', '  '],
    ['hexadecimal', '0x50'],
  ])('rejects a PORT that is %s (%j), naming PORT', (_label, port) => {
    const error = configError({ PORT: port });
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(`PORT=${JSON.stringify(port)}`);
    expect(error.message).not.toContain('LOG_LEVEL');
  });

  it('rejects a LOG_LEVEL outside the known levels (they are lowercase), naming LOG_LEVEL', () => {
    const error = configError({ LOG_LEVEL: 'INFO' });
    expect(error.message).toContain('LOG_LEVEL="INFO"');
    expect(error.message).not.toContain('PORT');
  });

  it('rejects an empty HOST and an empty DATABASE_PATH, naming both on one line', () => {
    const error = configError({ HOST: '', DATABASE_PATH: '' });
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('HOST=""');
    expect(error.message).toContain('DATABASE_PATH=""');
  });

  it('keeps the message on one line even when the bad value holds a newline', () => {
    const error = configError({ PORT: '80\n80' });
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('PORT="80\\n80"');
  });
});

describe('loadConfig: rate limit, timeouts, CORS, claim cache', () => {
  it('reads them all, numbers as numbers and CORS_ORIGINS as a trimmed list', () => {
    expect(
      loadConfig({
        RATE_LIMIT_MAX: '100',
        RATE_LIMIT_WINDOW_MS: '1000',
        REQUEST_TIMEOUT_MS: '5000',
        CONNECTION_TIMEOUT_MS: '0',
        HANDLER_TIMEOUT_MS: '2500',
        CORS_ORIGINS: ' https://app.example.org, http://localhost:5173 ,',
        CLAIM_CACHE_SIZE: '0',
        ANSWER_CACHE_MB: '0',
        CHANGE_STREAM_MAX_PER_CLIENT: '20',
        CHANGE_STREAM_HEARTBEAT_MS: '5000',
      }),
    ).toMatchObject({
      RATE_LIMIT_MAX: 100,
      RATE_LIMIT_WINDOW_MS: 1000,
      REQUEST_TIMEOUT_MS: 5000,
      CONNECTION_TIMEOUT_MS: 0,
      HANDLER_TIMEOUT_MS: 2500,
      CORS_ORIGINS: ['https://app.example.org', 'http://localhost:5173'],
      CLAIM_CACHE_SIZE: 0,
      ANSWER_CACHE_MB: 0,
      CHANGE_STREAM_MAX_PER_CLIENT: 20,
      CHANGE_STREAM_HEARTBEAT_MS: 5000,
    });
  });

  it('accepts RATE_LIMIT_MAX=0 (no limit) and CORS_ORIGINS=* (any origin)', () => {
    expect(loadConfig({ RATE_LIMIT_MAX: '0', CORS_ORIGINS: '*' })).toMatchObject({
      RATE_LIMIT_MAX: 0,
      CORS_ORIGINS: ['*'],
    });
  });

  it.each([
    ['RATE_LIMIT_MAX', '-1', 'must be a whole number of requests per window (0 turns the limit off)'],
    ['RATE_LIMIT_MAX', '1e3', 'must be a whole number of requests per window (0 turns the limit off)'],
    ['RATE_LIMIT_WINDOW_MS', '0', 'must be a whole number of milliseconds, 1 to 2147483647'],
    ['REQUEST_TIMEOUT_MS', '30s', 'must be a whole number of milliseconds, at most 2147483647 (0 turns it off)'],
    ['CONNECTION_TIMEOUT_MS', '', 'must be a whole number of milliseconds, at most 2147483647 (0 turns it off)'],
    ['HANDLER_TIMEOUT_MS', '1.5', 'must be a whole number of milliseconds, at most 2147483647 (0 turns it off)'],
    [
      'CORS_ORIGINS',
      'https://app.example.org/',
      '"https://app.example.org/" is not an origin: use scheme://host[:port] (no path, no trailing slash), comma-separated, or *',
    ],
    [
      'CORS_ORIGINS',
      'https://ok.example,app.example.org',
      '"app.example.org" is not an origin: use scheme://host[:port] (no path, no trailing slash), comma-separated, or *',
    ],
    ['CLAIM_CACHE_SIZE', '10k', 'must be a whole number of claims, at most 1000000 (0 turns the cache off)'],
    ['CLAIM_CACHE_SIZE', '2000000', 'must be a whole number of claims, at most 1000000 (0 turns the cache off)'],
    ['ANSWER_CACHE_MB', '8MB', 'must be a whole number of megabytes, at most 4096 (0 turns the cache off)'],
    ['CHANGE_STREAM_MAX_PER_CLIENT', '0', 'must be a whole number of streams, 1 to 1000'],
    ['CHANGE_STREAM_HEARTBEAT_MS', '50', 'must be a whole number of milliseconds, 100 to 2147483647'],
  ])('rejects %s=%j with one line naming it', (name, value, message) => {
    const error = configError({ [name]: value });
    expect(error.message).toBe(`Invalid configuration: ${name}=${JSON.stringify(value)}: ${message}`);
  });
});

describe('loadConfig: PUBLIC_URL', () => {
  it('keeps an http(s) origin, dropping a trailing slash and a default port', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://kg.example.org/' }).PUBLIC_URL).toBe('https://kg.example.org');
    expect(loadConfig({ PUBLIC_URL: 'https://kg.example.org:443' }).PUBLIC_URL).toBe('https://kg.example.org');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080' }).PUBLIC_URL).toBe('http://10.0.0.5:8080');
  });

  it('defaults to where the service listens, a wildcard address as loopback', () => {
    expect(loadConfig({ HOST: 'api.internal', PORT: '80' }).PUBLIC_URL).toBe('http://api.internal');
    expect(loadConfig({ HOST: '::', PORT: '3000' }).PUBLIC_URL).toBe('http://[::1]:3000');
    expect(loadConfig({ HOST: '::1', PORT: '3000' }).PUBLIC_URL).toBe('http://[::1]:3000');
  });

  it.each([
    ['a path', 'https://kg.example.org/api', /must not have a path/],
    ['a query', 'https://kg.example.org/?a=1', /must not have a query/],
    ['a fragment', 'https://kg.example.org#top', /must not have a fragment/],
    ['credentials', 'https://user:pass@kg.example.org', /must not hold credentials/],
    ['another scheme', 'ftp://kg.example.org', /scheme must be http or https/],
    ['no scheme', 'kg.example.org', /is not a URL/],
    ['a bad port', 'http://kg.example.org:99999', /is not a URL/],
    ['nothing', '', /is not a URL/],
  ])('rejects a PUBLIC_URL with %s (%j), naming PUBLIC_URL on one line', (_label, value, message) => {
    const error = configError({ PUBLIC_URL: value });
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(`PUBLIC_URL=${JSON.stringify(value)}`);
    expect(error.message).toMatch(message);
  });
});

describe('WORKERS', () => {
  it('defaults to one process per core, and to 1 for an in-memory database', () => {
    expect(loadConfig({}).WORKERS).toBe(availableParallelism());
    expect(loadConfig({ DATABASE_PATH: ':memory:' }).WORKERS).toBe(1);
  });

  it('reads a whole number of processes, 1 meaning a single process', () => {
    expect(loadConfig({ WORKERS: '1' }).WORKERS).toBe(1);
    expect(loadConfig({ WORKERS: '4' }).WORKERS).toBe(4);
    expect(loadConfig({ WORKERS: '256' }).WORKERS).toBe(256);
    expect(loadConfig({ WORKERS: '1', DATABASE_PATH: ':memory:' }).WORKERS).toBe(1);
  });

  it.each([
    ['zero', '0'],
    ['negative', '-2'],
    ['fractional', '1.5'],
    ['a word', 'auto'],
    ['empty', ''],
    ['too many', '257'],
  ])('refuses %s (%j) in one line naming WORKERS', (_label, workers) => {
    const error = configError({ WORKERS: workers });
    expect(error.message).not.toContain('\n');
    expect(error.message).toBe(
      `Invalid configuration: WORKERS=${JSON.stringify(workers)}: must be a whole number of processes, 1 to 256 (1: a single process)`,
    );
  });

  it('refuses more than one worker on an in-memory database, which processes cannot share', () => {
    const error = configError({ WORKERS: '2', DATABASE_PATH: ':memory:' });
    expect(error.message).toBe(
      'Invalid configuration: WORKERS="2": must be 1 when DATABASE_PATH is :memory: (each process would have a database of its own)',
    );
  });
});
