// Entry point: reads the configuration, builds the app, listens, and shuts down gracefully.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseOpenError } from './db/client.ts';
import { SUPPORTED_NODE, isSupportedNode } from './version.ts';

if (!isSupportedNode(process.versions.node)) {
  console.error(
    `Node ${process.versions.node} is not supported: this service needs Node ${SUPPORTED_NODE} (package.json engines; .nvmrc names the line CI uses).`,
  );
  process.exit(1);
}

let config;
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

let app;
try {
  app = await buildApp({
    databasePath: config.DATABASE_PATH,
    logger: { level: config.LOG_LEVEL },
    rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS },
    corsOrigins: config.CORS_ORIGINS,
    claimCacheSize: config.CLAIM_CACHE_SIZE,
    publicUrl: config.PUBLIC_URL,
    requireIfMatch: config.REQUIRE_IF_MATCH,
    changeStream: { maxPerClient: config.CHANGE_STREAM_MAX_PER_CLIENT, heartbeatMs: config.CHANGE_STREAM_HEARTBEAT_MS },
    timeouts: {
      requestMs: config.REQUEST_TIMEOUT_MS,
      connectionMs: config.CONNECTION_TIMEOUT_MS,
      handlerMs: config.HANDLER_TIMEOUT_MS,
    },
    integrityCheck: config.INTEGRITY_CHECK,
  });
} catch (error) {
  if (!(error instanceof DatabaseOpenError)) throw error;
  // One line naming the variable, as for a bad configuration: no stack, nothing else to read.
  console.error(
    `Cannot start: DATABASE_PATH=${JSON.stringify(config.DATABASE_PATH)}: ${error.reason.replace(/\s+/g, ' ')}`,
  );
  process.exit(1);
}

// On SIGTERM/SIGINT: stop accepting connections, let requests in flight finish (at most 10 s), close the database.
closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'closing');
  await app.close();
});

await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(`docs at ${config.PUBLIC_URL}/docs`);
