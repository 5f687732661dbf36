import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { defaultServices } from '../../src/graphql/context';
import { createApp, listen, type App } from '../../src/server/create-app';
import { databaseUrl, withAdminClient } from '../support/template-database';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// PostgreSQL refusing new connections (too many connections, SQLSTATE 53300): the API connects as
// a role limited to 4 connections (one is the readiness probe's, one the LISTEN connection of live
// updates) with a pool of 8. Requests must
// wait for one of the pool's own connections instead of failing.

let database: TestDatabase;
let dataSource: DataSource;
let app: App;
let url: string;
const role = `nexus_limited_${randomBytes(4).toString('hex')}`;
const serverUrl = () => process.env.TEST_DATABASE_SERVER_URL as string;

beforeAll(async () => {
  database = await createTestDatabase();
  await withAdminClient(serverUrl(), async (client) => {
    await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 4`);
    await client.query(`GRANT ALL ON DATABASE ${database.name} TO ${role}`);
  });
  const owner = createDataSource({ url: database.url, poolSize: 1 });
  await owner.initialize();
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  await owner.destroy();
  const limited = new URL(databaseUrl(serverUrl(), database.name));
  limited.username = role;
  limited.password = 'limited';
  url = limited.toString();
  dataSource = createDataSource({ url, poolSize: 8 });
  await dataSource.initialize();
  app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }), dataSource, defaultServices());
});

afterAll(async () => {
  await app?.stop();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await database.drop();
  await withAdminClient(serverUrl(), (client) => client.query(`DROP ROLE IF EXISTS ${role}`));
});

it('queues requests for the pool’s own connections when the server refuses new ones', async () => {
  const port = await listen(app, 0, '127.0.0.1');
  const query = '{ teachers(first: 5) { totalCount nodes { id bookings(first: 3) { nodes { id student { fullName } } } } } }';
  const responses = await Promise.all(
    Array.from({ length: 16 }, () =>
      fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { data?: { teachers: { totalCount: number } }; errors?: unknown[] },
      })),
    ),
  );
  expect(responses.map((response) => response.body.errors ?? response.status)).toEqual(Array(16).fill(200));
  expect(responses.every((response) => (response.body.data?.teachers.totalCount ?? 0) > 0)).toBe(true);
  // The server really refused: the pool never held more than the role's limit allows.
  const [{ connections }] = (await dataSource.query(`SELECT count(*)::int AS connections FROM pg_stat_activity WHERE usename = $1`, [role])) as Array<{ connections: number }>;
  expect(connections).toBeLessThanOrEqual(4);
});
