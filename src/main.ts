import 'reflect-metadata';
// First: OpenTelemetry patches http, express, graphql and pg as they load (when OTEL_* turn it on).
import { stopTracing, tracingActive } from './server/tracing';
import { loadConfig } from './config/config';
import { openDatabase } from './db/database-connection';
import { assertPortFree } from './db/embedded-database';
import { loadDemoWhenEmpty, nextSteps } from './cli/demo';
import { runCli } from './cli/run-cli';
import { createApp, listen } from './server/create-app';
import { configureLogger } from './server/logger';
import { startMetricsServer } from './server/metrics';

// npm start: migrate, then serve /graphql. SIGTERM / SIGINT stop accepting requests, finish those
// in flight (SHUTDOWN_GRACE_SECONDS, then their statements are cancelled), close the pool (and
// the embedded database), then exit (src/server/shutdown.ts).
runCli(async () => {
  const config = loadConfig();
  const log = configureLogger({ level: config.operations.logLevel, format: config.operations.logFormat });
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  if (config.port !== 0) await assertPortFree(config.port, 'PORT', config.host); // before touching the database
  const database = await openDatabase(config, { migrate: true, serving: true });
  if (database.embedded) await loadDemoWhenEmpty(database.dataSource, (line) => log.info(line));
  const app = await createApp(config, database.dataSource);
  let port: number;
  const metrics = config.operations.metrics;
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  try {
    port = await listen(app, config.port, config.host);
    if (metrics.mode === 'port') metricsServer = await startMetricsServer(metrics.port, config.host);
  } catch (error) {
    await app.stop();
    await database.close();
    throw error;
  }
  log.info(
    { port, database: database.embedded ? 'embedded' : 'DATABASE_URL', metrics: metrics.mode === 'port' ? metrics.port : metrics.mode, tracing: tracingActive() },
    `Nexus Réussite API ready at http://localhost:${port}/graphql (${database.embedded ? `embedded PostgreSQL, data in ${database.embedded.directory}` : 'DATABASE_URL'})`,
  );
  // Where to go next, for a person at the terminal (not a log line).
  const steps = nextSteps(port, config.nodeEnv === 'production');
  if (steps && process.stdout.isTTY) console.log(steps); // not into collected JSON log lines
  log.info({ signal: await signal }, 'shutting down: finishing requests in flight');
  await app.stop();
  metricsServer?.close();
  await database.close();
  await stopTracing();
  log.info('stopped');
});
