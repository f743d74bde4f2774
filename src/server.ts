// Entry point: reads the configuration, builds the app, listens, and shuts down gracefully.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = await buildApp({
  databasePath: config.DATABASE_PATH,
  logger: { level: config.LOG_LEVEL },
  rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS },
  corsOrigins: config.CORS_ORIGINS,
  claimCacheSize: config.CLAIM_CACHE_SIZE,
  requireIfMatch: config.REQUIRE_IF_MATCH,
  timeouts: { requestMs: config.REQUEST_TIMEOUT_MS, connectionMs: config.CONNECTION_TIMEOUT_MS, handlerMs: config.HANDLER_TIMEOUT_MS },
});

// On SIGTERM/SIGINT: stop accepting connections, let requests in flight finish (at most 10 s), close the database.
closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'closing');
  await app.close();
});

await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(`docs at http://${config.HOST}:${config.PORT}/docs`);
