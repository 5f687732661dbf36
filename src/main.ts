import 'reflect-metadata';
import { loadConfig } from './config/config';
import { openDatabase } from './db/database-connection';
import { assertPortFree } from './db/embedded-database';
import { loadDemoWhenEmpty, nextSteps } from './cli/demo';
import { runCli } from './cli/run-cli';
import { createApp, listen } from './server/create-app';

// npm start: migrate, then serve /graphql. SIGTERM / SIGINT finish the requests in flight, then
// close the pool (and the embedded database) before exiting.
runCli(async () => {
  const config = loadConfig();
  if (config.port !== 0) await assertPortFree(config.port, 'PORT', config.host); // before touching the database
  const database = await openDatabase(config, { migrate: true, serving: true });
  if (database.embedded) await loadDemoWhenEmpty(database.dataSource, (line) => console.log(line));
  const app = await createApp(config, database.dataSource);
  let port: number;
  try {
    port = await listen(app, config.port, config.host);
  } catch (error) {
    await database.close();
    throw error;
  }
  console.log(`Nexus Réussite API ready at http://localhost:${port}/graphql (${database.embedded ? `embedded PostgreSQL, data in ${database.embedded.directory}` : 'DATABASE_URL'})`);
  const steps = nextSteps(port, config.nodeEnv === 'production');
  if (steps) console.log(steps);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  console.log('shutting down: finishing requests in flight');
  await app.stop();
  await database.close();
});
