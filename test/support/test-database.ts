import { randomBytes } from 'node:crypto';
import { databaseUrl, withAdminClient } from './template-database';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function environment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (jest's globalSetup sets it)`);
  return value;
}

/** A database of the test's own, cloned from the template (migrated + seeded) in a few milliseconds. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = environment('TEST_DATABASE_SERVER_URL');
  const name = `nexus_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) =>
    client.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${environment('TEST_TEMPLATE_DATABASE')}`),
  );
  return {
    url: databaseUrl(serverUrl, name),
    name,
    drop: () => withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
