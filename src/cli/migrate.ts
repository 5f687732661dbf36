import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/database-connection';
import { runCli } from './run-cli';

// npm run migrate: apply pending migrations to DATABASE_URL (or the embedded database) and exit.
runCli(async () => {
  const database = await openDatabase(loadConfig(), { migrate: false });
  try {
    const applied = await database.dataSource.runMigrations({ transaction: 'each' });
    console.log(applied.length === 0 ? 'migrate: the schema is up to date' : `migrate: applied ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await database.close();
  }
});
