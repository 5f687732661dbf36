import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { startEmbeddedDatabase } from '../db/embedded-database';
import { runCli } from './run-cli';

// npm run db: keep the embedded PostgreSQL of .data/ running (for psql or the TypeORM CLI) until Ctrl-C.
runCli(async () => {
  const config = loadConfig();
  if (config.databaseUrl) throw new Error('DATABASE_URL is set: there is no embedded database to run');
  const database = await startEmbeddedDatabase({ directory: config.embeddedDatabaseDirectory, port: config.embeddedDatabasePort, persistent: true });
  console.log(`embedded PostgreSQL running: ${database.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await database.stop();
});
