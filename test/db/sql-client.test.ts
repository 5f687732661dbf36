import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { PreparedStatementCache } from '../../src/db/prepared-statements';
import { poolOf, SqlClient } from '../../src/db/sql-client';
import { StatementGuard } from '../../src/db/statement-guard';
import { timestampText, timestampTextOfJson } from '../../src/db/timestamp-text';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// SqlClient on one connection. Named statements (src/db/prepared-statements.ts): each pool connection keeps at most N of them,
// the least recently used is deallocated in PostgreSQL (pg_prepared_statements shows what a
// connection holds), an evicted text can run again, and DATABASE_PREPARED_STATEMENTS=off sends
// unnamed statements only. timestamptz values come back as the ISO text toISOString writes
// (src/db/timestamp-text.ts), in any session time zone. Prefetched rows carry timestamps as
// PostgreSQL writes them inside JSON; timestampTextOfJson brings them to the same form.

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  // One connection: every statement below runs on the connection the checks then read.
  dataSource = createDataSource({ url: database.url, poolSize: 1 });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

const preparedOn = async (client: { query: (text: string) => Promise<{ rows: unknown[] }> }): Promise<string[]> =>
  ((await client.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time, name')).rows as Array<{ statement: string }>).map((row) => row.statement);

/** Leaves the connection with no prepared statement, in PostgreSQL and in pg, for the next case. */
async function deallocateAll(client: { query: (text: string) => Promise<unknown> }): Promise<void> {
  await client.query('DEALLOCATE ALL');
  (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements = {};
}

describe('prepared statements', () => {
  it('keeps at most `capacity` named statements per connection, deallocating the least recently used', async () => {
    const cache = new PreparedStatementCache(2);
    const client = await poolOf(dataSource).connect();
    try {
      const run = async (text: string, value: number) => (await client.query(await cache.named(client, text, [value]))).rows as Array<{ n: number }>;
      const [first, second, third] = ['SELECT $1::int + 1 AS n', 'SELECT $1::int + 2 AS n', 'SELECT $1::int + 3 AS n'];
      expect(await run(first, 1)).toEqual([{ n: 2 }]);
      expect(await run(second, 1)).toEqual([{ n: 3 }]);
      expect(await run(first, 5)).toEqual([{ n: 6 }]); // first is now the most recently used
      expect(await run(third, 1)).toEqual([{ n: 4 }]); // evicts second
      expect(await preparedOn(client)).toEqual([first, third]);
      expect(cache.size(client)).toBe(2);
      expect(await run(second, 10)).toEqual([{ n: 12 }]); // prepared again under a new name, evicts first
      expect(await preparedOn(client)).toEqual([third, second]);
    } finally {
      await deallocateAll(client);
      client.release();
    }
  });

  it('a statement whose Parse fails leaves the cache usable', async () => {
    const cache = new PreparedStatementCache(1);
    const client = await poolOf(dataSource).connect();
    try {
      await expect(client.query(await cache.named(client, 'SELECT no_such_column FROM users', []))).rejects.toThrow(/no_such_column/);
      expect((await client.query(await cache.named(client, 'SELECT $1::int AS n', [7]))).rows).toEqual([{ n: 7 }]);
      expect(await preparedOn(client)).toEqual(['SELECT $1::int AS n']);
    } finally {
      await deallocateAll(client);
      client.release();
    }
  });

  it.each([
    ['on', ['SELECT count(*)::int AS n FROM users WHERE id > $1']],
    ['off', []],
  ])('SqlClient with DATABASE_PREPARED_STATEMENTS=%s', async (setting, expected) => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_PREPARED_STATEMENTS: setting });
    const sql = new SqlClient(dataSource, new StatementGuard(config.deadlines), null, { preparedStatements: config.databasePreparedStatements });
    const [independent] = (await dataSource.query('SELECT count(*)::int AS n FROM users WHERE id > 0')) as Array<{ n: number }>;
    for (let run = 0; run < 3; run += 1) {
      expect(await sql.query('SELECT count(*)::int AS n FROM users WHERE id > $1', [0])).toEqual([independent]);
    }
    expect(sql.statements).toBe(3);
    const client = await poolOf(dataSource).connect();
    try {
      expect(await preparedOn(client)).toEqual(expected);
      await deallocateAll(client);
    } finally {
      client.release();
    }
  });
});

describe('SqlClient reads timestamptz as ISO text', () => {
  it.each(['UTC', 'Asia/Kolkata', 'America/St_Johns'])('in session time zone %s, as toISOString of the Date TypeORM reads', async (zone) => {
    await dataSource.query(`SET TimeZone = '${zone}'`);
    const statement = 'SELECT start_time AS "startTime", created_at AS "createdAt" FROM bookings ORDER BY id LIMIT 50';
    const sql = new SqlClient(dataSource, new StatementGuard(loadConfig({ NODE_ENV: 'test' }).deadlines));
    const text = await sql.query<{ startTime: unknown; createdAt: unknown }>(statement);
    const dates = (await dataSource.query(statement)) as Array<{ startTime: Date; createdAt: Date }>;
    expect(text.length).toBe(50);
    expect(text).toEqual(dates.map((row) => ({ startTime: row.startTime.toISOString(), createdAt: row.createdAt.toISOString() })));
    const client = await poolOf(dataSource).connect();
    try {
      await client.query('RESET TimeZone');
    } finally {
      client.release();
    }
  });
});

// Inside JSON (to_json), in any session time zone, for fractions of 0 to 6 digits: the column form.
describe('timestampTextOfJson', () => {
  it.each(['UTC', 'Africa/Tunis', 'Asia/Kolkata', 'America/St_Johns'])('in session time zone %s, gives the column form for every kind of fraction', async (zone) => {
    const rows = (await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL TimeZone = '${zone}'`);
      return manager.query(
        `SELECT to_json(t)::text AS json, (t AT TIME ZONE 'UTC')::text || '+00' AS column
           FROM (SELECT timestamptz '2026-11-25 04:54:07+00' + make_interval(secs => n * 0.0000137) + make_interval(days => n % 400) AS t
                   FROM generate_series(0, 5000) AS n
                 UNION ALL SELECT unnest(ARRAY[timestamptz '2026-03-29 01:30:00+00', '0001-01-01 00:00:00+00', '9999-12-31 23:59:59.999999+00'])) AS v`,
      );
    })) as Array<{ json: string; column: string }>;
    const mismatches = rows.filter((row) => timestampTextOfJson(JSON.parse(row.json) as string) !== timestampText(row.column));
    expect(mismatches).toEqual([]);
    expect(rows).toHaveLength(5004);
  });

  it.each(['2026-11-25', 'Physique-chimie', '2026-11-25T04:54:07.123Z', '2026-11-25T04:54:07+0921'])('leaves %s as it is', (text) => {
    expect(timestampTextOfJson(text)).toBe(text);
  });
});
