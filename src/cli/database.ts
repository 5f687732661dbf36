import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { startEmbeddedDatabase } from '../db/embedded-database';
import { runCli } from './run-cli';

// npm run db: keep the embedded PostgreSQL of .data/ running (for psql or the TypeORM CLI) until Ctrl-C.
// If `npm start` already runs it, this only prints its URL and leaves it to its owner.
runCli(async () => {
  const config = loadConfig();
  if (config.databaseUrl) throw new Error('DATABASE_URL is set: there is no embedded database to run');
  // Listening before starting: a Ctrl-C during the start stops the server once it is up.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const database = await startEmbeddedDatabase({ directory: config.embeddedDatabaseDirectory, port: config.embeddedDatabasePort, persistent: true });
  console.log(`embedded PostgreSQL running: ${database.url} (data in ${database.directory}; Ctrl-C to stop)`);
  // Signal listeners do not keep Node running; a timer does (the server may be another process's).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopped;
  clearInterval(keepAlive);
  await database.stop();
});
