import 'reflect-metadata';
// First: OpenTelemetry patches http, express, graphql and pg as they load (when OTEL_* turn it on).
import { stopTracing, tracingActive } from './server/tracing';
import { loadConfig } from './config/config';
import { openDatabase } from './db/database-connection';
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
  const database = await openDatabase(config, { migrate: true, serving: true });
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
    { port, database: config.databaseUrl ? 'DATABASE_URL' : 'embedded', metrics: metrics.mode === 'port' ? metrics.port : metrics.mode, tracing: tracingActive() },
    `Nexus Réussite API ready at http://localhost:${port}/graphql (${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.embeddedDatabaseDirectory}/`})`,
  );
  log.info({ signal: await signal }, 'shutting down');
  await app.stop();
  metricsServer?.close();
  await database.close();
  await stopTracing();
  log.info('stopped');
});
