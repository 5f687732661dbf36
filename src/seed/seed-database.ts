import { performance } from 'node:perf_hooks';
import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import { poolOf } from '../db/sql-client';
import { hashPasswordWithSalt } from '../modules/accounts/password-hasher';
import { copyTable } from './copy';
import { DEMO_PASSWORD, SeedPlan } from './plan';
import { Rng, saltOf } from './prng';
import type { TableSpec } from './table';
import { moveToReferenceWeek, parseReferenceDate, weeksToReference } from './reference-week';
import { seedTables } from './tables';

export interface SeedProgress {
  /** The table being loaded, or null once every table is loaded (then: indexes, sequences, ANALYZE). */
  table: string | null;
  tableRows: number;
  tableTotal: number;
  rows: number;
  totalRows: number;
  elapsedMs: number;
}

export interface SeedOptions {
  /** Every table gets scale × its scale-1 number of rows (positive whole number). */
  scale: number;
  /**
   * YYYY-MM-DD: the demo's calendar is placed on this date's week (its "now" is that week's
   * Tuesday 01:00 in Tunis). The CLI passes today; tests pass CANONICAL_REFERENCE_DATE so the
   * data stays the same from one day to the next.
   */
  referenceDate: string;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedTableResult {
  table: string;
  rows: number;
  ms: number;
}

export interface SeedResult {
  scale: number;
  /** Whether the database held data before (it was reset). */
  reset: boolean;
  /** In load order (parents first). */
  tables: SeedTableResult[];
  totalRows: number;
  ms: number;
  rowsPerSecond: number;
  /** Where the time went: hashing the demo password, COPY, rebuilding indexes and constraints, ANALYZE. */
  phases: { hashMs: number; copyMs: number; indexMs: number; analyzeMs: number };
  /** false when the role could not drop the indexes (not the tables' owner): they were maintained row by row. */
  indexesRebuilt: boolean;
}

export class SeedError extends Error {
  override name = 'SeedError';
}

let passwordHash: Promise<string> | undefined;

/**
 * The PHC string of the demo password, computed once per process: scrypt at the OWASP cost takes
 * about half a second, so hashing per user would take hours. Its salt comes from the seed's
 * PRNG, so the users table is identical from one run to the next.
 */
export function demoPasswordHash(): Promise<string> {
  passwordHash ??= hashPasswordWithSalt(DEMO_PASSWORD, new Rng(saltOf('users.password_hash salt')).bytes(16));
  return passwordHash;
}

/**
 * Fails early, with the column named, when the schema and the seed no longer agree; otherwise
 * returns each seeded column's data_type, keyed "table.column".
 */
async function checkColumns(client: ClientBase, specs: TableSpec[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string; required: boolean }>(
    `SELECT table_name, column_name, data_type, (is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO') AS required
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ANY($1)`,
    [specs.map((spec) => spec.table)],
  );
  const problems: string[] = [];
  for (const spec of specs) {
    const columns = rows.filter((row) => row.table_name === spec.table);
    if (columns.length === 0) {
      problems.push(`table ${spec.table} does not exist (run the migrations)`);
      continue;
    }
    const known = new Set(columns.map((row) => row.column_name));
    for (const column of spec.columns) if (!known.has(column)) problems.push(`${spec.table}.${column} does not exist`);
    for (const row of columns) if (row.required && !spec.columns.includes(row.column_name)) problems.push(`${spec.table}.${row.column_name} is required but not seeded`);
  }
  if (problems.length > 0) throw new SeedError(`the schema and the seed disagree: ${problems.join('; ')}`);
  return new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row.data_type]));
}

/**
 * Loading into bare tables and indexing afterwards is several times faster than maintaining
 * ~110 indexes row by row (the GiST exclusion constraints on bookings and availabilities above
 * all), and a foreign key checked once per table by one join beats a trigger query per row.
 * So, inside the loading transaction, the foreign keys, exclusion constraints and secondary
 * indexes of the seeded tables are dropped, then recreated from their own definitions
 * (pg_get_constraintdef / pg_get_indexdef: same names, same definitions, same comments) once the rows are in;
 * recreating them checks every row. Should anything fail, ROLLBACK restores them untouched.
 * Primary keys and UNIQUE constraints stay: they cost little and fail a bad row at once.
 */
async function detachIndexes(client: ClientBase, tables: string[]): Promise<string[]> {
  const relations = tables.map((table) => `"${table}"`);
  const { rows: constraints } = await client.query<{ relation: string; name: string; definition: string; comment: string | null }>(
    `SELECT c.conrelid::regclass::text AS relation, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition,
            obj_description(c.oid, 'pg_constraint') AS comment
       FROM pg_constraint c
      WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('f', 'x')
      ORDER BY c.contype DESC, c.conrelid::regclass::text, c.conname`,
    [relations],
  );
  const { rows: indexes } = await client.query<{ name: string; definition: string; comment: string | null }>(
    `SELECT format('%I.%I', n.nspname, x.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition,
            obj_description(i.indexrelid, 'pg_class') AS comment
       FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_namespace n ON n.oid = x.relnamespace
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY x.relname`,
    [relations],
  );
  // The lesson-rule triggers (migration LessonRules) would run a query per row: disabled for the
  // load, like the foreign keys, and replaced by one set-based check afterwards (checkLessonRules).
  const { rows: triggers } = await client.query<{ relation: string; name: string }>(
    `SELECT t.tgrelid::regclass::text AS relation, quote_ident(t.tgname) AS name FROM pg_trigger t
      WHERE t.tgrelid = ANY($1::regclass[]) AND NOT t.tgisinternal ORDER BY 1, 2`,
    [relations],
  );
  for (const trigger of triggers) await client.query(`ALTER TABLE ${trigger.relation} DISABLE TRIGGER ${trigger.name}`);
  for (const constraint of constraints) await client.query(`ALTER TABLE ${constraint.relation} DROP CONSTRAINT ${constraint.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  return [
    ...indexes.flatMap((index) => [index.definition, ...(index.comment === null ? [] : [`COMMENT ON INDEX ${index.name} IS ${literal(index.comment)}`])]),
    // Exclusion constraints ('x') before foreign keys ('f'): the order of the query above.
    ...constraints.flatMap((constraint) => [
      `ALTER TABLE ${constraint.relation} ADD CONSTRAINT ${constraint.name} ${constraint.definition}`,
      ...(constraint.comment === null ? [] : [`COMMENT ON CONSTRAINT ${constraint.name} ON ${constraint.relation} IS ${literal(constraint.comment)}`]),
    ]),
    ...triggers.map((trigger) => `ALTER TABLE ${trigger.relation} ENABLE TRIGGER ${trigger.name}`),
  ];
}

/**
 * The rules the lesson triggers hold row by row, checked once over the loaded rows: no teacher
 * teaches two live lessons at once (a lesson starting before the latest end of the teacher's
 * earlier lessons), no room holds more seats than its capacity (a running sum of +seats at each
 * start and -seats at each end, ends first at equal instants).
 */
async function checkLessonRules(client: ClientBase): Promise<void> {
  const { rows } = await client.query<{ teacherOverlaps: number; roomsOver: number }>(
    `WITH lessons AS (
       SELECT teacher_id, location_id, tstzrange(start_time, end_time) AS period, 1 AS seats FROM bookings WHERE status IS DISTINCT FROM 'cancelled'
       UNION ALL
       SELECT teacher_id, location_id, lesson_period(scheduled_at, duration_minutes), 1 FROM individual_sessions WHERE status IS DISTINCT FROM 'cancelled'
       UNION ALL
       SELECT gr.teacher_id, g.location_id, lesson_period(g.scheduled_at, g.duration_minutes), greatest(coalesce(gr.max_students, gr.current_students, 1), 1)
         FROM group_sessions g JOIN groups gr ON gr.id = g.group_id WHERE g.status IS DISTINCT FROM 'cancelled'
     ), events AS (
       SELECT location_id, lower(period) AS at, seats AS delta FROM lessons WHERE location_id IS NOT NULL
       UNION ALL
       SELECT location_id, upper(period), -seats FROM lessons WHERE location_id IS NOT NULL
     )
     SELECT (SELECT count(*)::int FROM (
               SELECT lower(period) < max(upper(period)) OVER (PARTITION BY teacher_id ORDER BY lower(period) ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS overlapping
               FROM lessons) t WHERE overlapping) AS "teacherOverlaps",
            (SELECT count(*)::int FROM (
               SELECT e.location_id, sum(e.delta) OVER (PARTITION BY e.location_id ORDER BY e.at, e.delta ROWS UNBOUNDED PRECEDING) AS occupied, l.capacity
               FROM events e JOIN locations l ON l.id = e.location_id) o WHERE occupied > capacity) AS "roomsOver"`,
  );
  const [{ teacherOverlaps, roomsOver }] = rows;
  if (teacherOverlaps > 0 || roomsOver > 0) {
    throw new SeedError(`the seed breaks the lesson rules: ${teacherOverlaps} overlapping lessons of one teacher, ${roomsOver} instants of a room over capacity`);
  }
}

async function seedWithClient(client: ClientBase, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const plan = new SeedPlan(options.scale);
  const generated = seedTables(plan, await demoPasswordHash());
  const specs = moveToReferenceWeek(generated, await checkColumns(client, generated), weeksToReference(parseReferenceDate(options.referenceDate, 'referenceDate')));
  const hashed = performance.now();
  let copied = hashed;
  const totalRows = specs.reduce((sum, spec) => sum + spec.count, 0);
  const names = specs.map((spec) => `"${spec.table}"`).join(', ');
  const tables: SeedTableResult[] = [];
  let rows = 0;
  const report = (table: string | null, tableRows: number, tableTotal: number): void =>
    options.onProgress?.({ table, tableRows, tableTotal, rows, totalRows, elapsedMs: performance.now() - started });

  await client.query('BEGIN');
  let reset: boolean;
  let indexesRebuilt = false;
  try {
    // Whatever was there goes: the demo data replaces it (and nothing else, except rows of
    // other tables referencing these, which CASCADE empties too).
    const { rows: existing } = await client.query<{ reset: boolean }>(
      `SELECT ${specs.map((spec) => `EXISTS (SELECT 1 FROM "${spec.table}")`).join(' OR ')} AS reset`,
    );
    reset = existing[0].reset;
    // RESTART IDENTITY needs the sequences' owner; the setval below moves them anyway.
    await client.query('SAVEPOINT truncate_tables');
    try {
      await client.query(`TRUNCATE ${names} RESTART IDENTITY CASCADE`);
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT truncate_tables');
      await client.query(`TRUNCATE ${names} CASCADE`);
    }
    await client.query('RELEASE SAVEPOINT truncate_tables');
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    // A role that may fill the tables but not alter them (not their owner) loads with the
    // indexes in place: slower, same result. The savepoint is released either way, so COPY
    // FREEZE still runs in the transaction that truncated the tables.
    let rebuild: string[] = [];
    await client.query('SAVEPOINT detach_indexes');
    try {
      rebuild = await detachIndexes(client, specs.map((spec) => spec.table));
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT detach_indexes');
    }
    await client.query('RELEASE SAVEPOINT detach_indexes');
    indexesRebuilt = rebuild.length > 0;
    for (const spec of specs) {
      const tableStarted = performance.now();
      let tableRows = 0;
      report(spec.table, 0, spec.count);
      const stored = await copyTable(client, spec, (count) => {
        tableRows += count;
        rows += count;
        report(spec.table, tableRows, spec.count);
      });
      if (stored !== spec.count || tableRows !== spec.count) {
        throw new SeedError(`${spec.table}: expected ${spec.count} rows, generated ${tableRows}, stored ${stored}`);
      }
      tables.push({ table: spec.table, rows: stored, ms: performance.now() - tableStarted });
    }
    copied = performance.now();
    report(null, 0, 0);
    for (const statement of rebuild) await client.query(statement);
    await checkLessonRules(client);
    // The rows carry explicit ids: move every identity sequence past them.
    await client.query(
      `SELECT ${specs.map((spec) => `setval(pg_get_serial_sequence('"${spec.table}"', 'id'), (SELECT max(id) FROM "${spec.table}"))`).join(', ')}`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const committed = performance.now();
  await client.query(`ANALYZE ${names}`);
  const finished = performance.now();
  const ms = finished - started;
  return {
    scale: plan.scale,
    reset,
    tables,
    totalRows: rows,
    ms,
    rowsPerSecond: Math.round(rows / (ms / 1000)),
    phases: { hashMs: hashed - started, copyMs: copied - hashed, indexMs: committed - copied, analyzeMs: finished - committed },
    indexesRebuilt,
  };
}

function isDataSource(target: DataSource | ClientBase): target is DataSource {
  return 'isInitialized' in target && 'driver' in target;
}

/**
 * Empties the 25 tables and loads the demo data at the given scale, in one transaction.
 * Runs on one connection: taken from the DataSource's pool, or the given pg client.
 */
export async function seedDatabase(target: DataSource | ClientBase, options: SeedOptions): Promise<SeedResult> {
  if (!Number.isInteger(options.scale) || options.scale < 1) throw new SeedError(`scale must be a positive whole number (got ${options.scale})`);
  if (isDataSource(target)) {
    if (!target.isInitialized) throw new SeedError('the DataSource is not initialized');
    const client = await poolOf(target).connect();
    try {
      return await seedWithClient(client, options);
    } finally {
      client.release();
    }
  }
  return seedWithClient(target, options);
}
