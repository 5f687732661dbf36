import type { EntityModel, RelationshipRegistry } from './entity-model';
import type { Finding } from './findings';
import { findTable, indexLedBy, type LiveIndex, type LiveSchema, type LiveTable } from './live-schema';
import { sqlColumnList, sqlIdentifier, sqlTableName } from './sql-identifier';

// Each check is a small pure function over the live schema, the entity models and the
// relationship registry, returning its findings in a stable order (the entities' order, then
// the columns' order), so tests can feed them crafted inputs.

/** Columns that lists filter and sort on: the seed's audit wants each to lead an index. */
export const COMMON_QUERY_FIELDS: readonly string[] = ['created_at', 'updated_at', 'status', 'type'];

const LOADER_ADVICE = "resolve it through the request's DataLoader (RequestLoaders.toOne / toMany, one batched statement per nesting level)";

/** Model name of each table: the entity's model, or the table itself when no entity maps it. */
export type ModelNames = ReadonlyMap<string, string>;

export function modelNamesOf(entities: readonly EntityModel[]): ModelNames {
  return new Map(entities.map((entity) => [entity.table, entity.name]));
}

function modelFor(models: ModelNames, table: string): string {
  return models.get(table) ?? table;
}

/** Live tables in the entities' order, then the others by name, minus the ignored ones (migrations). */
export function tablesInModelOrder(schema: LiveSchema, models: ModelNames, ignoredTables: readonly string[] = []): LiveTable[] {
  const order = [...models.keys()];
  const rank = (table: LiveTable): number => {
    const position = order.indexOf(table.name);
    return position === -1 ? order.length : position;
  };
  return schema.tables
    .filter((table) => !ignoredTables.includes(table.name))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

function indexSql(table: string, columns: readonly string[]): string {
  return `CREATE INDEX ${sqlIdentifier(`idx_${table.split('.').pop()}_${columns.join('_')}`)} ON ${sqlTableName(table)}(${sqlColumnList(columns)});`;
}

function foreignKeySql(constraint: string, fk: { columns: string[]; targetTable: string; targetColumns: string[]; onDelete: string; onUpdate: string }): string {
  const onUpdate = fk.onUpdate === 'NO ACTION' ? '' : ` ON UPDATE ${fk.onUpdate}`;
  return `ADD CONSTRAINT ${sqlIdentifier(constraint)} FOREIGN KEY (${sqlColumnList(fk.columns)}) REFERENCES ${sqlTableName(fk.targetTable)}(${sqlColumnList(fk.targetColumns)}) ON DELETE ${fk.onDelete}${onUpdate}`;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

function describeForeignKey(table: string, fk: { columns: string[]; targetTable: string; targetColumns: string[] }): string {
  return `${table}.${fk.columns.join(', ')} → ${fk.targetTable}.${fk.targetColumns.join(', ')}`;
}

/** HIGH missing_table: the table of an entity does not exist. */
export function checkEntityTables(entities: readonly EntityModel[], schema: LiveSchema): Finding[] {
  return entities
    .filter((entity) => !findTable(schema, entity.table))
    .map((entity) => ({
      severity: 'high',
      type: 'missing_table',
      model: entity.name,
      table: entity.table,
      issue: `Table "${entity.table}" of model ${entity.name} does not exist in the database`,
      recommendation: 'Run the migrations (npm run migrate); if none creates the table, generate a migration from the entity',
    }));
}

/**
 * HIGH missing_column: a column of an entity is not in its table. MEDIUM column_drift: the
 * entity and the database disagree on nullability. LOW column_drift: a column of the table is
 * unknown to the entity.
 */
export function checkEntityColumns(entities: readonly EntityModel[], schema: LiveSchema): Finding[] {
  const findings: Finding[] = [];
  for (const entity of entities) {
    const table = findTable(schema, entity.table);
    if (!table) continue;
    const base = { model: entity.name, table: entity.table };
    for (const column of entity.columns) {
      const live = table.columns.find((candidate) => candidate.name === column.name);
      if (!live) {
        findings.push({
          ...base,
          severity: 'high',
          type: 'missing_column',
          column: column.name,
          issue: `Column "${column.name}" of model ${entity.name} does not exist in table ${entity.table}`,
          recommendation: 'Generate a migration from the entity (npm run typeorm -- migration:generate) and run it',
        });
        continue;
      }
      if (live.nullable === column.nullable) continue;
      const alter = `ALTER TABLE ${sqlTableName(entity.table)} ALTER COLUMN ${sqlIdentifier(column.name)}`;
      findings.push({
        ...base,
        severity: 'medium',
        type: 'column_drift',
        column: column.name,
        issue: column.nullable
          ? `Column "${column.name}" is nullable in model ${entity.name} but NOT NULL in the database`
          : `Column "${column.name}" is NOT NULL in model ${entity.name} but nullable in the database`,
        recommendation: column.nullable
          ? 'Writes of a null value will fail: make the database column nullable, or the entity column not nullable'
          : 'Null values can be stored and will break the API’s non-null fields: backfill, then add the NOT NULL constraint',
        sql: column.nullable ? `${alter} DROP NOT NULL;` : `${alter} SET NOT NULL;`,
      });
    }
    for (const live of table.columns) {
      if (entity.columns.some((column) => column.name === live.name)) continue;
      findings.push({
        ...base,
        severity: 'low',
        type: 'column_drift',
        column: live.name,
        issue: `Column "${live.name}" of table ${entity.table} is not mapped by model ${entity.name}`,
        recommendation: 'Map the column in the entity, or drop it in a migration if nothing uses it',
      });
    }
  }
  return findings;
}

/**
 * HIGH missing_foreign_key: a foreign key the entities declare is not in the database.
 * HIGH foreign_key_drift: it points to another table. MEDIUM foreign_key_drift: its ON DELETE
 * or ON UPDATE rule differs from the entity's.
 */
export function checkForeignKeyConstraints(entities: readonly EntityModel[], schema: LiveSchema): Finding[] {
  const findings: Finding[] = [];
  for (const entity of entities) {
    const table = findTable(schema, entity.table);
    if (!table) continue;
    for (const declared of entity.foreignKeys) {
      const base = { model: entity.name, table: entity.table, column: declared.columns.join(', ') };
      const live = table.foreignKeys.find((candidate) => sameColumns(candidate.columns, declared.columns));
      const constraint = live?.name ?? `fk_${entity.table}_${declared.columns.join('_')}`;
      const replace = `ALTER TABLE ${sqlTableName(entity.table)} DROP CONSTRAINT ${sqlIdentifier(constraint)}, ${foreignKeySql(constraint, declared)};`;
      if (!live) {
        findings.push({
          ...base,
          severity: 'high',
          type: 'missing_foreign_key',
          issue: `Foreign key ${describeForeignKey(entity.table, declared)} declared by model ${entity.name} is missing in the database`,
          recommendation: `Nothing stops rows pointing to a missing ${declared.targetTable} row, and ON DELETE ${declared.onDelete} does not happen: add the constraint in a migration`,
          sql: `ALTER TABLE ${sqlTableName(entity.table)} ${foreignKeySql(constraint, declared)};`,
        });
      } else if (live.targetTable !== declared.targetTable || !sameColumns(live.targetColumns, declared.targetColumns)) {
        findings.push({
          ...base,
          severity: 'high',
          type: 'foreign_key_drift',
          issue: `Foreign key ${describeForeignKey(entity.table, live)} should reference ${declared.targetTable}.${declared.targetColumns.join(', ')} (model ${entity.name})`,
          recommendation: 'Replace the constraint in a migration so that it references the entity’s target',
          sql: replace,
        });
      } else if (live.onDelete !== declared.onDelete || live.onUpdate !== declared.onUpdate) {
        findings.push({
          ...base,
          severity: 'medium',
          type: 'foreign_key_drift',
          issue:
            `Foreign key ${describeForeignKey(entity.table, live)} is ON DELETE ${live.onDelete} ON UPDATE ${live.onUpdate} in the database, ` +
            `ON DELETE ${declared.onDelete} ON UPDATE ${declared.onUpdate} in model ${entity.name}`,
          recommendation: 'Deleting a parent row does not do what the code expects: replace the constraint in a migration',
          sql: replace,
        });
      }
    }
  }
  return findings;
}

/**
 * HIGH missing_index "Foreign key without index": every foreign key of the live database must be
 * the leading column(s) of a usable index (a unique constraint's index counts), or each batched
 * lookup of a parent's children and each delete of a parent scans the whole table.
 */
export function checkForeignKeyIndexes(schema: LiveSchema, models: ModelNames, ignoredTables: readonly string[] = []): Finding[] {
  const findings: Finding[] = [];
  for (const table of tablesInModelOrder(schema, models, ignoredTables)) {
    for (const fk of table.foreignKeys) {
      if (indexLedBy(table, fk.columns)) continue;
      findings.push({
        severity: 'high',
        type: 'missing_index',
        model: modelFor(models, table.name),
        table: table.name,
        column: fk.columns.join(', '),
        issue: 'Foreign key without index',
        recommendation:
          `Add an index led by ${table.name}(${fk.columns.join(', ')}): without it, the DataLoader's batched lookup of ${table.name} ` +
          `by ${fk.columns.join(', ')} and every delete from ${fk.targetTable} scan the whole ${table.name} table`,
        sql: indexSql(table.name, fk.columns),
      });
    }
  }
  return findings;
}

/** MEDIUM missing_index 'Common query field "<col>" without index' (created_at, updated_at, status, type). */
export function checkCommonFieldIndexes(
  schema: LiveSchema,
  models: ModelNames,
  ignoredTables: readonly string[] = [],
  fields: readonly string[] = COMMON_QUERY_FIELDS,
): Finding[] {
  const findings: Finding[] = [];
  for (const table of tablesInModelOrder(schema, models, ignoredTables)) {
    for (const column of table.columns) {
      if (!fields.includes(column.name) || indexLedBy(table, [column.name])) continue;
      findings.push({
        severity: 'medium',
        type: 'missing_index',
        model: modelFor(models, table.name),
        table: table.name,
        column: column.name,
        issue: `Common query field "${column.name}" without index`,
        recommendation: `Lists are filtered and ordered by ${column.name}: add an index led by it (followed by id, for keyset pagination)`,
        sql: indexSql(table.name, [column.name]),
      });
    }
  }
  return findings;
}

/**
 * HIGH n_plus_one_risk: a lazy relation (a query per entity on first access: the analogue of
 * SQLAlchemy's lazy='select') or an eager one (loaded with every row of the model, whether the
 * request asks for it or not, outside the request's DataLoader).
 */
export function checkRelationLoading(entities: readonly EntityModel[]): Finding[] {
  const findings: Finding[] = [];
  for (const entity of entities) {
    for (const relation of entity.relations) {
      if (!relation.isLazy && !relation.isEager) continue;
      const how = relation.isLazy
        ? 'lazy: a query per entity on first access'
        : `eager: loaded with every ${entity.name}, bypassing the batched loaders`;
      findings.push({
        severity: 'high',
        type: 'n_plus_one_risk',
        model: entity.name,
        table: entity.table,
        column: relation.joinColumns.join(', ') || undefined,
        issue: `Relationship ${entity.name}.${relation.property} loads one row at a time (${how})`,
        recommendation: `Declare ${relation.property} without lazy/eager and ${LOADER_ADVICE}`,
      });
    }
  }
  return findings;
}

/** HIGH n_plus_one_risk: a TypeORM relation the relationship registry does not know (no batched loader). */
export function checkRelationBatching(entities: readonly EntityModel[], registry: RelationshipRegistry): Finding[] {
  const findings: Finding[] = [];
  for (const entity of entities) {
    const batched = registry.get(entity.name);
    for (const relation of entity.relations) {
      if (batched?.has(relation.property)) continue;
      findings.push({
        severity: 'high',
        type: 'n_plus_one_risk',
        model: entity.name,
        table: entity.table,
        column: relation.joinColumns.join(', ') || undefined,
        issue: `Relationship ${entity.name}.${relation.property} loads one row at a time (no batched loader: not in the relationship registry)`,
        recommendation: `Register ${entity.name} in src/graphql/models.ts (MODELS) so that ${relation.property} is a field that ${LOADER_ADVICE}`,
      });
    }
  }
  return findings;
}

/**
 * HIGH n_plus_one_risk: a foreign key of an entity's table with no TypeORM relation over its
 * columns, hence no relationship field and no batched loader: clients fetch the parent row by
 * row.
 */
export function checkUnmappedForeignKeys(entities: readonly EntityModel[], schema: LiveSchema): Finding[] {
  const findings: Finding[] = [];
  for (const entity of entities) {
    const table = findTable(schema, entity.table);
    if (!table) continue;
    for (const fk of table.foreignKeys) {
      if (entity.relations.some((relation) => relation.joinColumns.length > 0 && sameColumns(relation.joinColumns, fk.columns))) continue;
      const property = fk.columns.join('_').replace(/_id$/, '');
      findings.push({
        severity: 'high',
        type: 'n_plus_one_risk',
        model: entity.name,
        table: entity.table,
        column: fk.columns.join(', '),
        issue: `Relationship ${entity.name}.${property} loads one row at a time (foreign key ${describeForeignKey(entity.table, fk)} has no TypeORM relation)`,
        recommendation: `Declare the relation in the entity (@ManyToOne / @OneToOne with @JoinColumn, and its inverse side) and ${LOADER_ADVICE}`,
      });
    }
  }
  return findings;
}

/** LOW unmapped_table: a table no entity maps (the migrations' bookkeeping tables aside). */
export function checkUnmappedTables(entities: readonly EntityModel[], schema: LiveSchema, ignoredTables: readonly string[] = []): Finding[] {
  return schema.tables
    .filter((table) => !ignoredTables.includes(table.name) && !entities.some((entity) => entity.table === table.name))
    .map((table) => ({
      severity: 'low',
      type: 'unmapped_table',
      model: table.name,
      table: table.name,
      issue: `Table "${table.name}" is not mapped by any entity`,
      recommendation: 'Map it with an entity, or drop it in a migration if nothing uses it',
    }));
}

function keyColumns(index: LiveIndex): string[] | null {
  return index.columns.some((column) => column === null) ? null : (index.columns as string[]);
}

function covers(wider: LiveIndex, narrower: LiveIndex): boolean {
  const narrow = keyColumns(narrower);
  const wide = keyColumns(wider);
  if (!narrow || !wide || wide.length < narrow.length) return false;
  if (narrow.some((column, position) => wide[position] !== column)) return false;
  // Equal column lists: keep one of the two (the first by name).
  return wide.length > narrow.length || wider.name < narrower.name;
}

/** LOW redundant_index: a plain btree index whose columns lead another index: that one serves its lookups. */
export function checkRedundantIndexes(schema: LiveSchema, models: ModelNames, ignoredTables: readonly string[] = []): Finding[] {
  const findings: Finding[] = [];
  for (const table of tablesInModelOrder(schema, models, ignoredTables)) {
    const candidates = table.indexes.filter((index) => index.valid && !index.partial && index.method === 'btree');
    for (const index of candidates) {
      if (index.unique || index.primary) continue;
      const wider = candidates.find((other) => other !== index && covers(other, index));
      if (!wider) continue;
      findings.push({
        severity: 'low',
        type: 'redundant_index',
        model: modelFor(models, table.name),
        table: table.name,
        column: (index.columns as string[]).join(', '),
        issue: `Index ${index.name} (${index.columns.join(', ')}) is redundant with ${wider.name} (${wider.columns.join(', ')})`,
        recommendation: `Drop ${index.name}: ${wider.name} serves the same lookups, and every write maintains both`,
        sql: `DROP INDEX ${sqlIdentifier(index.name)};`,
      });
    }
  }
  return findings;
}

export interface AuditInput {
  entities: readonly EntityModel[];
  schema: LiveSchema;
  registry: RelationshipRegistry;
  /** Tables that belong to the tooling, not to the model (TypeORM's `migrations`). */
  ignoredTables?: readonly string[];
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Every check, the findings ordered by severity (then in the order the checks produced them). */
export function runChecks(input: AuditInput): Finding[] {
  const models = modelNamesOf(input.entities);
  const ignored = input.ignoredTables ?? [];
  const findings = [
    ...checkEntityTables(input.entities, input.schema),
    ...checkEntityColumns(input.entities, input.schema),
    ...checkForeignKeyConstraints(input.entities, input.schema),
    ...checkForeignKeyIndexes(input.schema, models, ignored),
    ...checkCommonFieldIndexes(input.schema, models, ignored),
    ...checkRelationLoading(input.entities),
    ...checkRelationBatching(input.entities, input.registry),
    ...checkUnmappedForeignKeys(input.entities, input.schema),
    ...checkUnmappedTables(input.entities, input.schema, ignored),
    ...checkRedundantIndexes(input.schema, models, ignored),
  ];
  return findings
    .map((finding, position) => ({ finding, position }))
    .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.position - b.position)
    .map(({ finding }) => finding);
}
