import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, type PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { createDataSource, servingTimeouts } from '../../src/db/data-source';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database';
import { openSession } from '../../src/modules/accounts/session.service';
import { CANONICAL_REFERENCE_DATE } from '../../src/seed/reference-week';
import { seedDatabase } from '../../src/seed/seed-database';
import { createApp, listen, type App } from '../../src/server/create-app';
import { freePort } from '../support/free-port';
import { startStreamingReplica, type StreamingReplica } from '../support/streaming-replica';

// One primary (embedded PostgreSQL, migrated and seeded) and a hot standby streaming from it,
// made in the test; the API runs with DATABASE_URL on the primary and DATABASE_REPLICA_URLS on the
// standby. Where a statement ran is read from the standby's pg_stat_statements, and made visible
// by pausing its replay (pg_wal_replay_pause): a read served by the paused standby misses a write.

jest.setTimeout(180_000);

let primary: EmbeddedDatabase;
let replica: StreamingReplica;
let dataSource: DataSource;
let app: App;
let url: string;
let authorization: string;
let signIn: () => Promise<string>;

async function sql<Row>(databaseUrl: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

async function graphql<Data>(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; data?: Data; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The API's statements the standby ran since the last reset (its health checks and this test's own left out). */
async function statementsOnReplica(): Promise<string[]> {
  const rows = await sql<{ query: string }>(
    replica.url,
    `SELECT query FROM pg_stat_statements JOIN pg_database d ON d.oid = dbid
     WHERE d.datname = 'nexus' AND query NOT ILIKE '%pg_is_in_recovery%' AND query NOT ILIKE '%pg_stat_statements%'
       AND query NOT ILIKE '%pg_last_wal_replay_lsn%' AND query NOT ILIKE '%-- test%' AND query <> 'SELECT $1'`,
  );
  return rows.map((row) => row.query);
}

const resetReplicaStatements = () => sql(replica.url, 'SELECT pg_stat_statements_reset()');
const readyz = async () => (await fetch(url.replace('/graphql', '/readyz'))).json() as Promise<{ status: string; replicas?: Array<{ name: string; available: boolean; reason: string | null }> }>;

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const fallbacks = (metrics: string, reason: string) => Number(new RegExp(`db_replica_fallbacks_total\\{reason="${reason}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
const metricsText = async () => (await fetch(url.replace('/graphql', '/metrics'))).text();

/**
 * Makes every read of `locations` on the replica wait: an ACCESS EXCLUSIVE lock taken on the
 * primary is replayed on the standby, whose replay is then paused before the lock's release.
 * The primary is free again when this resolves; `release` resumes the replay.
 */
async function blockLocationsOnReplica(): Promise<{ release(): Promise<void> }> {
  const locker = new Client({ connectionString: primary.url });
  locker.on('error', () => undefined);
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE locations IN ACCESS EXCLUSIVE MODE');
    // The lock's WAL record is not flushed (so not streamed) before a commit or a whole page: force it.
    await sql(primary.url, 'SELECT pg_switch_wal() -- test');
    await until(
      async () => (await sql<{ held: boolean }>(replica.url, `SELECT count(*) > 0 AS held FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = 'locations'::regclass -- test`))[0].held,
      'the lock replayed on the replica',
    );
    await sql(replica.url, 'SELECT pg_wal_replay_pause() -- test');
    await until(async () => (await sql<{ state: string }>(replica.url, 'SELECT pg_get_wal_replay_pause_state() AS state -- test'))[0].state === 'paused', 'replay paused');
  } finally {
    await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end();
  }
  return {
    async release() {
      await sql(replica.url, 'SELECT pg_wal_replay_resume() -- test');
      await replica.caughtUp();
    },
  };
}

/** The replica pool's backends running a statement, seen on the replica. */
const busyReplicaBackends = () =>
  sql<{ pid: number }>(replica.url, `SELECT pid FROM pg_stat_activity WHERE application_name = 'nexus-reussite-api replica' AND state = 'active' -- test`);

const LOCATIONS = `query Locations { locations(first: 50, orderBy: [{ field: ID }]) { totalCount edges { node { id name capacity } } } }`;

beforeAll(async () => {
  primary = await startEmbeddedDatabase({ directory: mkdtempSync(path.join(tmpdir(), 'nexus-primary-')), port: await freePort(), persistent: false, databaseName: 'nexus' });
  const setup = createDataSource({ url: primary.url, poolSize: 2 });
  await setup.initialize();
  await setup.runMigrations({ transaction: 'each' });
  await seedDatabase(setup, { scale: 1, referenceDate: CANONICAL_REFERENCE_DATE });
  await setup.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await setup.destroy();

  replica = await startStreamingReplica(primary.url, primary.directory);
  await replica.caughtUp();

  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: primary.url,
    DATABASE_REPLICA_URLS: replica.url,
    DATABASE_REPLICA_CHECK_INTERVAL_MS: '200',
    DATABASE_ACQUIRE_TIMEOUT_MS: '500',
    DATABASE_STATEMENT_TIMEOUT_MS: '1500',
  });
  dataSource = createDataSource({ url: primary.url, poolSize: 4, statementTimeouts: servingTimeouts(config.deadlines) });
  await dataSource.initialize();
  app = await createApp(config, dataSource);
  url = `http://127.0.0.1:${await listen(app, 0, '127.0.0.1')}/graphql`;
  const [admin] = (await dataSource.query(`SELECT id FROM users WHERE email = 'admin@example.com'`)) as Array<{ id: number }>;
  // A fresh session: its lookup does not refresh last_activity for a minute, which would pin the request to the primary.
  signIn = async () => `Bearer ${(await openSession(dataSource.manager, config, admin.id, { userAgent: 'jest' })).sessionToken}`;
  authorization = await signIn();
});

afterAll(async () => {
  await app?.stop();
  await dataSource?.destroy();
  await replica?.remove();
  await primary?.stop();
});

it('runs the read API on the replica and the viewer lookup on the primary, with the primary\'s rows', async () => {
  await resetReplicaStatements();
  const response = await graphql<{ locations: { totalCount: number; edges: Array<{ node: { id: string; name: string; capacity: number } }> } }>(LOCATIONS);
  expect(response.errors).toBeUndefined();
  const expected = await sql<{ id: string; name: string; capacity: number }>(primary.url, 'SELECT id::text, name, capacity FROM locations ORDER BY locations.id LIMIT 50 -- test');
  const [{ count }] = await sql<{ count: number }>(primary.url, 'SELECT count(*)::int AS count FROM locations -- test');
  expect(response.data?.locations.totalCount).toBe(count);
  expect(response.data?.locations.edges.map((edge) => edge.node).sort((a, b) => Number(a.id) - Number(b.id))).toEqual(expected);

  const ran = await statementsOnReplica();
  expect(ran.filter((query) => /\blocations\b/.test(query)).length).toBeGreaterThanOrEqual(2); // the page and its count
  expect(ran.filter((query) => /user_sessions/.test(query))).toEqual([]); // the viewer lookup (it may write) ran on the primary
  expect(await readyz()).toMatchObject({ status: 'ready', replicas: [{ name: 'replica 1', available: true, reason: null }] });
});

it('reads a mutation\'s own write within its request on the primary, while a later request may read the lagging replica', async () => {
  const [location] = await sql<{ id: string; name: string }>(primary.url, 'SELECT id::text, name FROM locations ORDER BY id LIMIT 1 -- test');
  authorization = await signIn();
  await replica.caughtUp();
  await sql(replica.url, 'SELECT pg_wal_replay_pause() -- test');
  try {
    await resetReplicaStatements();
    const renamed = `${location.name} (rénovée)`;
    const mutation = await graphql<{ updateLocation: { id: string; name: string } }>(
      `mutation Rename($input: UpdateLocationInput!) { updateLocation(input: $input) { id name } }`,
      { input: { id: location.id, name: renamed } },
    );
    expect(mutation.errors).toBeUndefined();
    expect(mutation.data?.updateLocation).toEqual({ id: location.id, name: renamed });
    const [onPrimary] = await sql<{ name: string }>(primary.url, 'SELECT name FROM locations WHERE id = $1 -- test', [location.id]);
    const [onReplica] = await sql<{ name: string }>(replica.url, 'SELECT name FROM locations WHERE id = $1 -- test', [location.id]);
    expect([onPrimary.name, onReplica.name]).toEqual([renamed, location.name]);
    expect(await statementsOnReplica()).toEqual([]);

    // The next request reads the replica, which has not replayed the write yet (README: the lag across requests).
    const later = await graphql<{ location: { name: string } }>(`query One($id: ID!) { location(id: $id) { name } }`, { id: location.id });
    expect(later.data?.location.name).toBe(location.name);
  } finally {
    await sql(replica.url, 'SELECT pg_wal_replay_resume() -- test');
  }
  await replica.caughtUp();
  const caughtUp = await graphql<{ location: { name: string } }>(`query One($id: ID!) { location(id: $id) { name } }`, { id: location.id });
  expect(caughtUp.data?.location.name).toBe(`${location.name} (rénovée)`);
});

it('serves every read from the primary while the replica is down (readyz: degraded), and goes back to it after a health check', async () => {
  const expected = await sql<{ count: number }>(primary.url, 'SELECT count(*)::int AS count FROM locations -- test');
  await replica.stop();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const response = await graphql<{ locations: { totalCount: number } }>(LOCATIONS);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data?.locations.totalCount).toBe(expected[0].count);
  }
  const readiness = await fetch(url.replace('/graphql', '/readyz'));
  expect(readiness.status).toBe(200);
  expect(await readiness.json()).toMatchObject({ status: 'degraded', replicas: [{ name: 'replica 1', available: false, reason: 'connection' }] });
  const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  expect(metrics).toMatch(/db_replica_available\{replica="replica 1"\} 0/);

  await replica.start();
  await until(async () => (await readyz()).status === 'ready', 'the replica re-admitted');
  await resetReplicaStatements();
  expect((await graphql(LOCATIONS)).errors).toBeUndefined();
  expect((await statementsOnReplica()).some((query) => /\blocations\b/.test(query))).toBe(true);
});

it('falls back to the primary when the replica gives no connection within the acquire timeout, with the primary\'s limits on its pool', async () => {
  await until(async () => (await readyz()).status === 'ready', 'the replica available');
  const before = fallbacks(await metricsText(), 'timeout');
  const pool = app.replicas.pools[0];
  const held: PoolClient[] = await Promise.all(Array.from({ length: pool.options.max ?? 0 }, () => pool.connect()));
  try {
    // The replica pool's connections carry the request deadlines' statement_timeout, as the primary's do.
    const [{ statement_timeout: timeout }] = (await held[0].query('SHOW statement_timeout')).rows as Array<{ statement_timeout: string }>;
    expect(timeout).toBe('1500ms');
    const response = await graphql<{ locations: { totalCount: number } }>(LOCATIONS);
    expect(response.errors).toBeUndefined();
    expect(response.data?.locations.totalCount).toBeGreaterThan(0);
    const metrics = await metricsText();
    expect({ timeouts: fallbacks(metrics, 'timeout') - before, fallbacks: metrics.split('\n').filter((line) => line.startsWith('db_replica_fallbacks_total')) }).toMatchObject({ timeouts: 1 });
  } finally {
    for (const client of held) client.release();
  }
  await until(async () => (await readyz()).status === 'ready', 'the replica re-admitted');
});

it('takes the replica out when a statement runs past its statement_timeout there, and serves it from the primary', async () => {
  const before = fallbacks(await metricsText(), 'timeout');
  const blocked = await blockLocationsOnReplica();
  try {
    const started = Date.now();
    const response = await graphql<{ locations: { totalCount: number } }>(LOCATIONS);
    expect(response.errors).toBeUndefined();
    const [{ count }] = await sql<{ count: number }>(primary.url, 'SELECT count(*)::int AS count FROM locations -- test');
    expect(response.data?.locations.totalCount).toBe(count);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500); // it waited on the replica first
    expect(fallbacks(await metricsText(), 'timeout')).toBe(before + 1);
  } finally {
    await blocked.release();
  }
  await until(async () => (await readyz()).status === 'ready', 'the replica re-admitted');
});

it('cancels the statement on the replica when the client goes away, and discards its connection', async () => {
  const blocked = await blockLocationsOnReplica();
  try {
    const abort = new AbortController();
    const request = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: LOCATIONS }), signal: abort.signal }).catch(
      (error: Error) => error.name,
    );
    await until(async () => (await busyReplicaBackends()).length > 0, 'the statement waiting on the replica');
    const [{ pid }] = await busyReplicaBackends();
    abort.abort();
    expect(await request).toBe('AbortError');
    // Cancelled and its connection closed well before the 1.5 s statement_timeout: the backend is gone.
    await until(async () => (await sql(replica.url, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1 -- test', [pid])).length === 0, 'the backend gone', 1_000);
  } finally {
    await blocked.release();
  }
});
