import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../src/db/embedded-database';
import { freePort } from './free-port';
import { prepareTemplateDatabase, TEMPLATE_DATABASE } from './template-database';

// One PostgreSQL server for the whole run: DATABASE_URL's server if given, otherwise an embedded
// one on a free port in a temporary directory, removed at the end. Test files clone their own
// databases from a migrated, seeded template.
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await startEmbeddedDatabase({
      directory: mkdtempSync(path.join(tmpdir(), 'nexus-test-db-')),
      port: await freePort(),
      persistent: false,
      databaseName: 'postgres',
    });
    (globalThis as { stopTestDatabase?: () => Promise<void> }).stopTestDatabase = database.stop;
    serverUrl = database.url;
  }
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DATABASE = TEMPLATE_DATABASE;
  await prepareTemplateDatabase(serverUrl);
}
