// The schema as the database has it (not as the entities say it should be): tables, columns,
// indexes with their column order, and foreign keys with their target and ON DELETE rule, read
// from pg_catalog for the connection's current schema.

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface LiveColumn {
  name: string;
  /** As PostgreSQL prints it (format_type): `integer`, `character varying`, `timestamp(3) with time zone`... */
  type: string;
  nullable: boolean;
}

export interface LiveIndex {
  name: string;
  /** Key columns in index order (INCLUDE columns left out); null for an expression. */
  columns: Array<string | null>;
  /** The same positions as PostgreSQL prints them: the column name, or the expression. */
  definitions: string[];
  unique: boolean;
  primary: boolean;
  /** Has a WHERE clause: it serves only some rows. */
  partial: boolean;
  /** false for an index left unusable by a failed CREATE INDEX CONCURRENTLY. */
  valid: boolean;
  /** Access method: btree, gin, gist, hash, brin... */
  method: string;
  /** The WHERE clause of a partial index. */
  predicate: string | null;
  /** Definition of the constraint the index backs, for an exclusion constraint (`EXCLUDE USING gist (...)`). */
  exclusion: string | null;
}

export interface LiveForeignKey {
  name: string;
  columns: string[];
  /** Table name; schema-qualified when outside the audited schema. */
  targetTable: string;
  targetColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface LiveTable {
  name: string;
  columns: LiveColumn[];
  indexes: LiveIndex[];
  foreignKeys: LiveForeignKey[];
}

export interface LiveSchema {
  schema: string;
  tables: LiveTable[];
}

/** What inspecting needs from a connection: a TypeORM DataSource or QueryRunner fits. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

const TABLES_SQL = `
  SELECT c.relname AS table
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  ORDER BY c.relname`;

const COLUMNS_SQL = `
  SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY c.relname, a.attnum`;

const INDEXES_SQL = `
  SELECT t.relname AS table, i.relname AS index, x.indisunique AS unique, x.indisprimary AS primary,
         x.indpred IS NOT NULL AS partial, x.indisvalid AS valid, am.amname AS method,
         ARRAY(
           SELECT a.attname
           FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
           LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
           WHERE k.position <= x.indnkeyatts
           ORDER BY k.position
         )::text[] AS columns,
         ARRAY(
           SELECT pg_get_indexdef(x.indexrelid, k.position, true)
           FROM generate_series(1, x.indnkeyatts) AS k(position)
           ORDER BY k.position
         )::text[] AS definitions,
         pg_get_expr(x.indpred, x.indrelid, true) AS predicate,
         (SELECT pg_get_constraintdef(con.oid, true) FROM pg_constraint con
           WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype = 'x') AS exclusion
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_am am ON am.oid = i.relam
  WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
  ORDER BY t.relname, i.relname`;

const FOREIGN_KEYS_SQL = `
  SELECT t.relname AS table, con.conname AS name, rt.relname AS target_table, rn.nspname AS target_schema,
         con.confdeltype AS on_delete, con.confupdtype AS on_update,
         ARRAY(
           SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
           ORDER BY k.position
         )::text[] AS columns,
         ARRAY(
           SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position)
           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
           ORDER BY k.position
         )::text[] AS target_columns
  FROM pg_constraint con
  JOIN pg_class t ON t.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_class rt ON rt.oid = con.confrelid
  JOIN pg_namespace rn ON rn.oid = rt.relnamespace
  WHERE con.contype = 'f' AND n.nspname = $1 AND con.conparentid = 0
  ORDER BY t.relname, con.conname`;

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}
interface IndexRow {
  table: string;
  index: string;
  unique: boolean;
  primary: boolean;
  partial: boolean;
  valid: boolean;
  method: string;
  columns: Array<string | null>;
  definitions: string[];
  predicate: string | null;
  exclusion: string | null;
}
interface ForeignKeyRow {
  table: string;
  name: string;
  target_table: string;
  target_schema: string;
  on_delete: string;
  on_update: string;
  columns: string[];
  target_columns: string[];
}

async function rows<Row>(connection: Queryable, sql: string, parameters: unknown[]): Promise<Row[]> {
  return (await connection.query(sql, parameters)) as Row[];
}

/** Reads the live schema (`schema`, or the connection's current_schema()). */
export async function inspectDatabase(connection: Queryable, schema?: string): Promise<LiveSchema> {
  const name = schema ?? (await rows<{ schema: string }>(connection, 'SELECT current_schema() AS schema', []))[0].schema;
  const [tableRows, columnRows, indexRows, foreignKeyRows] = [
    await rows<{ table: string }>(connection, TABLES_SQL, [name]),
    await rows<ColumnRow>(connection, COLUMNS_SQL, [name]),
    await rows<IndexRow>(connection, INDEXES_SQL, [name]),
    await rows<ForeignKeyRow>(connection, FOREIGN_KEYS_SQL, [name]),
  ];
  const tables = new Map<string, LiveTable>(
    tableRows.map((row) => [row.table, { name: row.table, columns: [], indexes: [], foreignKeys: [] }]),
  );
  for (const row of columnRows) tables.get(row.table)?.columns.push({ name: row.column, type: row.type, nullable: row.nullable });
  for (const row of indexRows) {
    tables.get(row.table)?.indexes.push({
      name: row.index,
      columns: row.columns,
      definitions: row.definitions,
      unique: row.unique,
      primary: row.primary,
      partial: row.partial,
      valid: row.valid,
      method: row.method,
      predicate: row.predicate,
      exclusion: row.exclusion,
    });
  }
  for (const row of foreignKeyRows) {
    tables.get(row.table)?.foreignKeys.push({
      name: row.name,
      columns: row.columns,
      targetTable: row.target_schema === name ? row.target_table : `${row.target_schema}.${row.target_table}`,
      targetColumns: row.target_columns,
      onDelete: ACTIONS[row.on_delete] ?? 'NO ACTION',
      onUpdate: ACTIONS[row.on_update] ?? 'NO ACTION',
    });
  }
  return { schema: name, tables: [...tables.values()] };
}

export function findTable(schema: LiveSchema, table: string): LiveTable | undefined {
  return schema.tables.find((candidate) => candidate.name === table);
}

/** Indexes a lookup can rely on: valid, and covering every row (not partial). */
function usableIndexes(table: LiveTable): LiveIndex[] {
  return table.indexes.filter((index) => index.valid && !index.partial);
}

/**
 * The first index whose leading key columns are exactly `columns` (in any order among
 * themselves, as PostgreSQL can use them for an equality lookup on all of them), if any.
 */
export function indexLedBy(table: LiveTable, columns: readonly string[]): LiveIndex | undefined {
  const wanted = [...columns].sort();
  return usableIndexes(table).find((index) => {
    if (index.method !== 'btree' && index.method !== 'hash') return false;
    const leading = index.columns.slice(0, wanted.length);
    if (leading.length < wanted.length || leading.some((column) => column === null)) return false;
    return (leading as string[]).sort().every((column, position) => column === wanted[position]);
  });
}

export function isPrimaryKeyColumn(table: LiveTable, column: string): boolean {
  return table.indexes.some((index) => index.primary && index.columns.length === 1 && index.columns[0] === column);
}

/** Unique on its own (a single-column unique constraint or unique index), primary key aside. */
export function isUniqueColumn(table: LiveTable, column: string): boolean {
  return usableIndexes(table).some(
    (index) => index.unique && !index.primary && index.columns.length === 1 && index.columns[0] === column,
  );
}
