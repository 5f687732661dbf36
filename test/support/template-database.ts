import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { CANONICAL_REFERENCE_DATE } from '../../src/seed/reference-week';
import { seedDatabase } from '../../src/seed/seed-database';

export const TEMPLATE_DATABASE = 'nexus_test_template';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The template every test database is cloned from: migrated, then seeded with the demo data on its
 * canonical week (2026-09-01), so the tests see the same rows whatever the day they run.
 */
export async function prepareTemplateDatabase(serverUrl: string): Promise<void> {
  await withAdminClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const dataSource = createDataSource({ url: databaseUrl(serverUrl, TEMPLATE_DATABASE), poolSize: 2 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await seedDatabase(dataSource, { scale: 1, referenceDate: CANONICAL_REFERENCE_DATE });
  } finally {
    await dataSource.destroy();
  }
}
