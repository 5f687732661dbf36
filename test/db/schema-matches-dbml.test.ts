import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { RATE_LIMIT_TABLE } from '../../src/modules/accounts/account-throttle';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { parseDbml, parseRecommendedIndexes, readFixture, type DbmlRef } from './audit-fixtures';

// The acceptance of the data model (api-contract.md, "Data model"): a database built by the
// migrations alone is the audit's DBML, with the contract's corrections and the strengthenings
// that docs/schema-decisions.md documents. Everything is read back from the catalog, never from
// the entities, so a migration that drifts from the entities cannot hide here.

const dbml = parseDbml(readFixture('audit-schema.dbml'));
const recommendedIndexes = parseRecommendedIndexes(readFixture('audit-recommended-indexes.sql'));
const decisions = readFileSync(path.resolve(__dirname, '../../docs/schema-decisions.md'), 'utf8');

/** The five broken DBML targets and their real tables (api-contract.md). */
const CORRECTED_TARGETS: Record<string, string> = {
  parent_users: 'users',
  child_users: 'users',
  availabilitys: 'availabilities',
  default_locations: 'locations',
  sessions: 'group_sessions',
};

/** Columns the contract adds to the DBML: the account links. */
const ACCOUNT_LINKS = [
  { table: 'students', column: 'user_id' },
  { table: 'teachers', column: 'user_id' },
];

/**
 * Columns the DBML left polymorphic that are foreign keys to users.id (issue 11: every writer and
 * the seed store a users.id there; ParentCommunication.sender and .recipient resolve them).
 */
const MESSAGE_LINKS = [
  { table: 'parent_communications', column: 'sender_id' },
  { table: 'parent_communications', column: 'recipient_id' },
];

/**
 * Every column beyond the DBML, each a deliberate addition: a new one must be added here (and
 * explained in docs/schema-decisions.md), so the schema never grows columns by accident.
 */
const ADDED_COLUMNS = [
  ...ACCOUNT_LINKS.map((link) => `${link.table}.${link.column}`),
  // Hashes of the refresh tokens a session rotated out, for reuse detection (migration 1764000000001).
  'user_sessions.used_refresh_tokens',
  // When a session last rotated and the salt of its current tokens: the refresh overlap period (migration 1764000000012).
  'user_sessions.rotated_at',
  'user_sessions.rotation_salt',
];

/** Not unique in the DBML, unique in the database on purpose (docs/schema-decisions.md, "Uniqueness changes"). */
const DELIBERATELY_UNIQUE = 'session_reports.booking_id';

const key = (table: string, column: string): string => `${table}.${column}`;
const fkKey = (ref: { fromTable: string; fromColumn: string; toTable: string; toColumn: string }): string =>
  `${ref.fromTable}.${ref.fromColumn} → ${ref.toTable}.${ref.toColumn}`;

interface ColumnRow {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
  datetime_precision: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_identity: 'YES' | 'NO';
  identity_generation: string | null;
}

interface ForeignKeyRow {
  name: string;
  table: string;
  column: string;
  ref_table: string;
  ref_column: string;
  columns: number;
  on_delete: string;
  on_update: string;
}

interface IndexRow {
  index: string;
  table: string;
  first_column: string;
  columns: number;
  unique: boolean;
  primary: boolean;
  partial: boolean;
  expression: boolean;
  valid: boolean;
}

let database: TestDatabase;
let dataSource: DataSource;
let columns: Map<string, ColumnRow>;
let foreignKeys: ForeignKeyRow[];
let indexes: IndexRow[];
let tables: string[];

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  await dataSource.runMigrations();

  tables = (
    (await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    )) as Array<{ table_name: string }>
  ).map((row) => row.table_name);

  const columnRows = (await dataSource.query(
    `SELECT table_name, column_name, is_nullable, data_type, datetime_precision, numeric_precision, numeric_scale,
            is_identity, identity_generation
       FROM information_schema.columns WHERE table_schema = 'public'`,
  )) as ColumnRow[];
  columns = new Map(columnRows.map((row) => [key(row.table_name, row.column_name), row]));

  // confdeltype / confupdtype: a = NO ACTION, r = RESTRICT, c = CASCADE, n = SET NULL, d = SET DEFAULT.
  foreignKeys = (await dataSource.query(
    `SELECT c.conname AS name, src.relname AS table, sa.attname AS column, dst.relname AS ref_table, da.attname AS ref_column,
            cardinality(c.conkey) AS columns,
            CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                               WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS on_delete,
            CASE c.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                               WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS on_update
       FROM pg_constraint c
       JOIN pg_class src ON src.oid = c.conrelid
       JOIN pg_class dst ON dst.oid = c.confrelid
       JOIN pg_attribute sa ON sa.attrelid = c.conrelid AND sa.attnum = c.conkey[1]
       JOIN pg_attribute da ON da.attrelid = c.confrelid AND da.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  )) as ForeignKeyRow[];

  // indkey is an int2vector, indexed from 0: indkey[0] is the leading column (0 for an expression).
  indexes = (await dataSource.query(
    `SELECT ic.relname AS index, t.relname AS table, a.attname AS first_column, i.indnkeyatts AS columns,
            i.indisunique AS unique, i.indisprimary AS primary, i.indpred IS NOT NULL AS partial,
            i.indexprs IS NOT NULL AS expression, i.indisvalid AS valid
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
      WHERE t.relnamespace = 'public'::regnamespace`,
  )) as IndexRow[];
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await database?.drop();
});

describe('the fixture DBML (sanity of the parser)', () => {
  it('has the 25 tables, 320 columns and 33 relationships of the audit', () => {
    expect(dbml.tables).toHaveLength(25);
    expect(dbml.tables.flatMap((table) => table.columns)).toHaveLength(320);
    expect(dbml.refs).toHaveLength(33);
    expect(recommendedIndexes).toHaveLength(74);
  });

  it('has exactly five broken relationship targets, the ones the contract corrects', () => {
    const known = new Set(dbml.tables.map((table) => table.name));
    const broken = [...new Set(dbml.refs.filter((ref) => !known.has(ref.toTable)).map((ref) => ref.toTable))];
    expect(broken.sort()).toEqual(Object.keys(CORRECTED_TARGETS).sort());
  });
});

describe('tables and columns', () => {
  it('has the 25 DBML tables and no other table than the tooling ones (migrations, throttling counters)', () => {
    expect(tables.sort()).toEqual([...dbml.tables.map((table) => table.name), 'migrations', RATE_LIMIT_TABLE].sort());
  });

  it('has every DBML column under its DBML name, plus only the deliberate additions', () => {
    const expected = [...dbml.tables.flatMap((table) => table.columns.map((column) => key(table.name, column.name))), ...ADDED_COLUMNS];
    const actual = [...columns.values()]
      .filter((row) => row.table_name !== 'migrations' && row.table_name !== RATE_LIMIT_TABLE)
      .map((row) => key(row.table_name, row.column_name));
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('keeps the DBML nullability: pk and [not null] are NOT NULL, every other column is nullable', () => {
    const wrong = dbml.tables.flatMap((table) =>
      table.columns
        .map((column) => ({ column: key(table.name, column.name), expected: column.pk || column.notNull ? 'NO' : 'YES' }))
        .filter(({ column, expected }) => columns.get(column)?.is_nullable !== expected)
        .map(({ column, expected }) => `${column} should be ${expected === 'NO' ? 'NOT NULL' : 'nullable'}`),
    );
    expect(wrong).toEqual([]);
  });

  it('makes every id an integer GENERATED BY DEFAULT AS IDENTITY (the seed keeps its ids)', () => {
    const ids = dbml.tables.map((table) => columns.get(key(table.name, 'id')));
    expect(ids.filter((row) => row?.data_type !== 'integer' || row.is_identity !== 'YES' || row.identity_generation !== 'BY DEFAULT')).toEqual([]);
  });
});

describe('uniqueness', () => {
  // A unique constraint is backed by a unique index, so pg_index sees both kinds. Partial or
  // expression indexes do not count: they do not make the column itself unique.
  const singleColumnUnique = (): string[] =>
    indexes.filter((i) => i.unique && !i.primary && i.columns === 1 && !i.partial && !i.expression).map((i) => key(i.table, i.first_column));

  it('gives every DBML [unique] column a unique constraint or index on exactly that column', () => {
    const dbmlUnique = dbml.tables.flatMap((table) => table.columns.filter((c) => c.unique).map((c) => key(table.name, c.name)));
    expect(dbmlUnique).toHaveLength(9);
    expect(dbmlUnique.filter((column) => !singleColumnUnique().includes(column))).toEqual([]);
  });

  it('adds no single-column uniqueness the DBML lacks, except session_reports.booking_id and the account links', () => {
    const dbmlUnique = new Set(dbml.tables.flatMap((table) => table.columns.filter((c) => c.unique).map((c) => key(table.name, c.name))));
    const extra = singleColumnUnique().filter((column) => !dbmlUnique.has(column));
    expect(extra.sort()).toEqual([DELIBERATELY_UNIQUE, 'students.user_id', 'teachers.user_id'].sort());
  });

  it('makes session_reports.booking_id unique on purpose, and documents it', () => {
    // The DBML does not mark it unique; Booking.sessionReport is a to-one field, so it must be.
    const [table, column] = DELIBERATELY_UNIQUE.split('.');
    expect(dbml.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.unique).toBe(false);
    expect(singleColumnUnique()).toContain(DELIBERATELY_UNIQUE);
    expect(decisions).toContain('**session_reports.booking_id — now UNIQUE**');
  });
});

describe('account links', () => {
  it.each(ACCOUNT_LINKS.map((link) => [link.table, link.column]))('%s.%s exists, is nullable, unique, and references users.id', (table, column) => {
    const row = columns.get(key(table, column));
    expect(row?.data_type).toBe('integer');
    expect(row?.is_nullable).toBe('YES');
    expect(indexes.some((i) => i.table === table && i.first_column === column && i.unique && i.columns === 1 && !i.partial)).toBe(true);
    expect(foreignKeys.filter((fk) => fk.table === table && fk.column === column).map((fk) => `${fk.ref_table}.${fk.ref_column}`)).toEqual(['users.id']);
  });
});

describe('foreign keys', () => {
  /** The DBML relationships with the contract's corrections, plus the two account links. */
  const expectedForeignKeys = (): string[] => [
    ...dbml.refs.map((ref: DbmlRef) => fkKey({ ...ref, toTable: CORRECTED_TARGETS[ref.toTable] ?? ref.toTable })),
    ...[...ACCOUNT_LINKS, ...MESSAGE_LINKS].map((link) => fkKey({ fromTable: link.table, fromColumn: link.column, toTable: 'users', toColumn: 'id' })),
  ];
  const actualForeignKeys = (): string[] =>
    foreignKeys.map((fk) => fkKey({ fromTable: fk.table, fromColumn: fk.column, toTable: fk.ref_table, toColumn: fk.ref_column }));

  /** The "ON DELETE rules" table of docs/schema-decisions.md: `| a.b → c.d | RULE | why |`. */
  const documentedRules = (): Map<string, string> =>
    new Map(
      [...decisions.matchAll(/^\| (\w+\.\w+ → \w+\.\w+) \| ([A-Z ]+?) \|/gm)].map((match) => [match[1], match[2]]),
    );

  it('are 37 single-column foreign keys: the 33 DBML relationships, the 2 account links and the 2 message correspondents', () => {
    expect(foreignKeys).toHaveLength(37);
    expect(foreignKeys.filter((fk) => fk.columns !== 1)).toEqual([]);
    expect(actualForeignKeys().sort()).toEqual(expectedForeignKeys().sort());
  });

  it('point the five broken DBML targets at their real tables', () => {
    const actual = actualForeignKeys();
    expect(actual).toEqual(
      expect.arrayContaining([
        'parent_child_relations.parent_user_id → users.id',
        'parent_child_relations.child_user_id → users.id',
        'bookings.availability_id → availabilities.id',
        'groups.default_location_id → locations.id',
        'session_attendances.session_id → group_sessions.id',
      ]),
    );
  });

  it('are named fk_<table>_<column> and never change on update (ids are stable)', () => {
    expect(foreignKeys.filter((fk) => fk.name !== `fk_${fk.table}_${fk.column}`).map((fk) => fk.name)).toEqual([]);
    expect(foreignKeys.filter((fk) => fk.on_update !== 'NO ACTION').map((fk) => fk.name)).toEqual([]);
  });

  it('each have the explicit ON DELETE rule that docs/schema-decisions.md documents', () => {
    const documented = documentedRules();
    // The doc lists exactly the foreign keys that exist: none missing, none stale.
    expect([...documented.keys()].sort()).toEqual(expectedForeignKeys().sort());
    const actual = new Map(foreignKeys.map((fk) => [fkKey({ fromTable: fk.table, fromColumn: fk.column, toTable: fk.ref_table, toColumn: fk.ref_column }), fk.on_delete]));
    const differing = [...documented].filter(([fk, rule]) => actual.get(fk) !== rule).map(([fk, rule]) => `${fk}: documented ${rule}, database ${actual.get(fk)}`);
    expect(differing).toEqual([]);
    // Explicit: NO ACTION is the implicit default, so no foreign key may be left at it.
    expect(foreignKeys.filter((fk) => !['CASCADE', 'SET NULL', 'RESTRICT'].includes(fk.on_delete)).map((fk) => fk.name)).toEqual([]);
  });

  it('use SET NULL only on nullable columns (otherwise the delete would fail)', () => {
    const notNull = foreignKeys.filter((fk) => fk.on_delete === 'SET NULL' && columns.get(key(fk.table, fk.column))?.is_nullable !== 'YES');
    expect(notNull.map((fk) => fk.name)).toEqual([]);
  });
});

describe("the audit's 74 recommended indexes", () => {
  const foreignKeyColumns = new Set(dbml.refs.map((ref) => key(ref.fromTable, ref.fromColumn)));

  it('are 33 on foreign keys and 41 on created_at, updated_at, status and type', () => {
    const onForeignKeys = recommendedIndexes.filter((index) => foreignKeyColumns.has(key(index.table, index.column)));
    const others = recommendedIndexes.filter((index) => !foreignKeyColumns.has(key(index.table, index.column)));
    expect(onForeignKeys).toHaveLength(33);
    expect(others).toHaveLength(41);
    expect([...new Set(others.map((index) => index.column))].sort()).toEqual(['created_at', 'status', 'type', 'updated_at']);
  });

  it('each exist as a valid, complete index led by the audited column', () => {
    // A composite (column, ..., id) serves every query the single-column index would; the
    // one-to-one columns are served by their UNIQUE constraint's index.
    const missing = recommendedIndexes
      .filter(({ table, column }) => !indexes.some((i) => i.table === table && i.first_column === column && i.valid && !i.partial && !i.expression))
      .map((index) => index.name);
    expect(missing).toEqual([]);
  });
});

describe('stronger types (docs/schema-decisions.md, "Column types")', () => {
  const describeType = (row: ColumnRow | undefined): string => {
    if (!row) return 'missing';
    if (row.data_type === 'timestamp with time zone') return `timestamptz(${row.datetime_precision})`;
    if (row.data_type === 'numeric') return `numeric(${row.numeric_precision},${row.numeric_scale})`;
    return row.data_type;
  };

  it.each([
    ['users.created_at', 'timestamptz(3)'],
    ['bookings.start_time', 'timestamptz(3)'],
    ['users.preferences', 'jsonb'],
    ['students.preferred_subjects', 'jsonb'],
    ['enrollments.start_date', 'date'],
    ['teacher_profiles.hire_date', 'date'],
    ['formulas.price_dt', 'numeric(12,3)'],
    ['teachers.hourly_rate_online', 'numeric(12,3)'],
  ])('%s is %s', (column, type) => {
    expect(describeType(columns.get(column))).toBe(type);
  });

  it('holds for every row of the documented table (99 columns), and every DBML datetime is timestamptz(3)', () => {
    const documented = [...decisions.matchAll(/^\| (\w+)\.(\w+) \| (\w+) \| (jsonb|timestamptz\(3\)|date|numeric\(12,3\)) \|/gm)];
    expect(documented).toHaveLength(99);
    const differing = documented
      .filter((match) => describeType(columns.get(key(match[1], match[2]))) !== match[4])
      .map((match) => `${match[1]}.${match[2]}: documented ${match[4]}, database ${describeType(columns.get(key(match[1], match[2])))}`);
    expect(differing).toEqual([]);
    const datetimes = dbml.tables.flatMap((table) => table.columns.filter((c) => c.type === 'datetime').map((c) => key(table.name, c.name)));
    expect(datetimes).toHaveLength(50);
    expect(datetimes.filter((column) => describeType(columns.get(column)) !== 'timestamptz(3)')).toEqual([]);
  });
});
