// Entry point: reads the configuration, builds the app, listens, and shuts down gracefully. With
// WORKERS > 1 this process becomes the primary of a cluster (cluster.ts) and each worker it forks runs
// this file again, serving as below on its own connection.
import cluster from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import type { App } from './app.ts';
import { WORKER_INDEX_ENV, isClusterMessage, startPrimary } from './cluster.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { DatabaseOpenError } from './db/client.ts';
import { SUPPORTED_NODE, isSupportedNode } from './version.ts';

if (!isSupportedNode(process.versions.node)) {
  console.error(
    `Node ${process.versions.node} is not supported: this service needs Node ${SUPPORTED_NODE} (package.json engines; .nvmrc names the line CI uses).`,
  );
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// A file size limit (ulimit -f) would kill the process with SIGXFSZ mid-write; ignored, the write
// fails with EFBIG instead, SQLite rolls the transaction back, and the client gets a 503 problem.
process.on('SIGXFSZ', () => {});

const clustered = config.WORKERS > 1;

if (clustered && cluster.isPrimary) {
  try {
    startPrimary(config);
  } catch (error) {
    cannotStart(config, error);
  }
} else {
  await serve(config, clustered ? Number(process.env[WORKER_INDEX_ENV] ?? 0) : undefined);
}

/** Serves HTTP in this process: alone (`worker` undefined) or as worker `worker` of the cluster. */
async function serve(config: Config, worker: number | undefined) {
  const inCluster = worker !== undefined;
  let app: App;
  try {
    // Loaded here, not at the top: a cluster's primary never builds the app and stays small.
    const { buildApp } = await import('./app.ts');
    app = await buildApp({
      databasePath: config.DATABASE_PATH,
      logger: { level: config.LOG_LEVEL, ...(inCluster ? { base: { pid: process.pid, worker } } : {}) },
      // In a cluster the primary migrated and seeded the file before forking.
      ...(inCluster ? { migrate: false, seed: false } : {}),
      rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS },
      corsOrigins: config.CORS_ORIGINS,
      claimCacheSize: config.CLAIM_CACHE_SIZE,
      answerCacheChars: config.ANSWER_CACHE_MB * 2 ** 20,
      publicUrl: config.PUBLIC_URL,
      requireIfMatch: config.REQUIRE_IF_MATCH,
      cacheMaxAge: config.CACHE_MAX_AGE,
      changeStream: {
        maxPerClient: config.CHANGE_STREAM_MAX_PER_CLIENT,
        heartbeatMs: config.CHANGE_STREAM_HEARTBEAT_MS,
      },
      timeouts: {
        requestMs: config.REQUEST_TIMEOUT_MS,
        connectionMs: config.CONNECTION_TIMEOUT_MS,
        handlerMs: config.HANDLER_TIMEOUT_MS,
      },
      // quick_check reads the whole file: one worker runs it and the primary tells the others.
      integrityCheck: config.INTEGRITY_CHECK && (worker === undefined || worker === 0),
      ...(inCluster ? { onIntegrity: (integrity) => process.send?.({ type: 'eventkg:integrity', integrity }) } : {}),
    });
  } catch (error) {
    cannotStart(config, error);
  }

  // On SIGTERM/SIGINT: stop accepting connections, let requests in flight finish (at most 10 s), close the database.
  let signalled: NodeJS.Signals | undefined;
  const grace = closeWithGrace(
    // A worker handles the signals itself (below): closeWithGrace ends the process at a second one, and
    // a worker may get two (the primary's SIGTERM, and the same signal sent to the whole process group
    // by a terminal's Ctrl-C or a service manager).
    { delay: 10_000, ...(inCluster ? { skip: ['SIGTERM', 'SIGINT'] } : {}) },
    async ({ err, signal }) => {
      if (err) app.log.error({ err }, 'closing after an error');
      else app.log.info({ signal: signal ?? signalled }, 'closing');
      await app.close();
    },
  );
  if (inCluster) {
    const close = (signal: NodeJS.Signals) => {
      if (signalled) return;
      signalled = signal;
      void grace.close();
    };
    process.on('SIGTERM', close);
    process.on('SIGINT', close);
    process.on('message', (message: unknown) => {
      if (isClusterMessage(message)) app.storage.integrity = message.integrity;
    });
  }

  await app.listen({ port: config.PORT, host: config.HOST });
  if (!inCluster || worker === 0) app.log.info(`docs at ${config.PUBLIC_URL}/docs`);
}

/** A database the service cannot use: one line naming the variable, as for a bad configuration; else rethrows. */
function cannotStart(config: Config, error: unknown): never {
  if (!(error instanceof DatabaseOpenError)) throw error;
  console.error(
    `Cannot start: DATABASE_PATH=${JSON.stringify(config.DATABASE_PATH)}: ${error.reason.replace(/\s+/g, ' ')}`,
  );
  process.exit(1);
}
