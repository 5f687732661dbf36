import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { timestampText, timestampTextOfJson } from '../../src/db/timestamp-text';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Prefetched rows carry timestamps as PostgreSQL writes them inside JSON (to_json); the DateTime
// scalar and cursors bring them to toISOString's form with timestampTextOfJson. It must give
// exactly what the read path gives for the same value read as a column (timestampText), in any
// session time zone, for fractions of 0 to 6 digits, and leave other text alone.

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({ url: database.url, poolSize: 1 });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

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
