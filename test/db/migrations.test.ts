import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createDataSource } from '../../src/db/data-source';
import { RATE_LIMIT_TABLE } from '../../src/modules/accounts/account-throttle';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The schema is built by migrations only (no synchronize), and the entities are its source: so the
// migrations must build exactly what the entities describe, undo cleanly, and build again.
// The steps share one database and run in order.

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await database?.drop();
});

async function appliedMigrations(): Promise<string[]> {
  const rows = (await dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
  return rows.map((row) => row.name);
}

/** Tables, views, sequences and types left in the public schema (the migrations table's own aside). */
async function schemaObjects(): Promise<string[]> {
  const relations = (await dataSource.query(
    `SELECT c.relkind::text || ' ' || c.relname AS name FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND c.relname NOT IN ('migrations', 'migrations_id_seq')`,
  )) as Array<{ name: string }>;
  const types = (await dataSource.query(
    `SELECT 'type ' || t.typname AS name FROM pg_type t
      WHERE t.typnamespace = 'public'::regnamespace AND t.typrelid = 0 AND t.typelem = 0`,
  )) as Array<{ name: string }>;
  return [...relations, ...types].map((row) => row.name);
}

it('runs every migration on an empty database', async () => {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  expect(await appliedMigrations()).toHaveLength(MIGRATIONS.length);
});

it('leaves nothing for migration:generate to write: the entities and the migrations agree', async () => {
  // log() is what `typeorm migration:generate` runs: the SQL that would bring the database to the entities.
  const pending = await dataSource.driver.createSchemaBuilder().log();
  const queries = pending.upQueries.map((query) => query.query);
  expect(queries.length === 0 ? 'no difference' : `migration:generate would write:\n${queries.join(';\n')}`).toBe('no difference');
});

it('reverts every migration, one by one, down to an empty schema', async () => {
  // Bounded by the number of migrations, so a down() that does not record its undo cannot loop.
  for (let step = 0; step < MIGRATIONS.length && (await appliedMigrations()).length > 0; step += 1) {
    await dataSource.undoLastMigration({ transaction: 'each' });
  }
  expect(await appliedMigrations()).toEqual([]);
  expect(await schemaObjects()).toEqual([]);
});

it('runs every migration again after the revert, back to the entities and the throttling counters', async () => {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  expect(applied).toHaveLength(MIGRATIONS.length);
  expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  const tables = (await dataSource.query(
    `SELECT count(*) AS count FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', $1)`,
    [RATE_LIMIT_TABLE],
  )) as Array<{ count: number }>;
  expect(tables[0].count).toBe(25);
  expect(await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [RATE_LIMIT_TABLE])).toEqual([{ present: true }]);
});
