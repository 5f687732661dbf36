import 'reflect-metadata';
import { loadConfig } from './config/config';
import { openDatabase } from './db/database-connection';
import { runCli } from './cli/run-cli';
import { createApp, listen } from './server/create-app';

// npm start: migrate, then serve /graphql. SIGTERM / SIGINT finish the requests in flight, then
// close the pool (and the embedded database) before exiting.
runCli(async () => {
  const config = loadConfig();
  const database = await openDatabase(config, { migrate: true, serving: true });
  const app = await createApp(config, database.dataSource);
  let port: number;
  try {
    port = await listen(app, config.port, config.host);
  } catch (error) {
    await database.close();
    throw error;
  }
  console.log(`Nexus Réussite API ready at http://localhost:${port}/graphql (${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.embeddedDatabaseDirectory}/`})`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  console.log('shutting down: finishing requests in flight');
  await app.stop();
  await database.close();
});
