import { isPrimaryKeyColumn, isUniqueColumn, type LiveForeignKey, type LiveIndex, type LiveSchema, type LiveTable, type ReferentialAction } from './live-schema';

// The DBML of the live database (https://dbml.dbdiagram.io/docs), in the layout of the seed's
// report: one Table block per table with `[pk]`, `[not null]`, `[unique]`, then the indexes that
// are not already said by those settings, then a `Ref:` line per foreign key with its real
// target and ON DELETE rule. Types are PostgreSQL's own, in their short spelling.

export interface DbmlOptions {
  title?: string;
  /** Printed as `// Generated on YYYY-MM-DD HH:MM:SS` (UTC); without it the file stays the same from run to run. */
  generatedAt?: Date;
  /** Table order: these first (the entities' order), the others by name. */
  tableOrder?: readonly string[];
  /** Tables left out (TypeORM's migrations table). */
  ignoredTables?: readonly string[];
}

const TYPE_SPELLINGS: Array<[RegExp, string]> = [
  [/^character varying/, 'varchar'],
  [/^character(?= |\(|$|\[)/, 'char'],
  [/^timestamp(\(\d+\))? with time zone/, 'timestamptz$1'],
  [/^timestamp(\(\d+\))? without time zone/, 'timestamp$1'],
  [/^time(\(\d+\))? with time zone/, 'timetz$1'],
  [/^time(\(\d+\))? without time zone/, 'time$1'],
  [/^bit varying/, 'varbit'],
];

export function dbmlType(postgresType: string): string {
  let type = postgresType;
  for (const [pattern, replacement] of TYPE_SPELLINGS) type = type.replace(pattern, replacement);
  return /^[\w(),[\]]+$/.test(type) ? type : `"${type.replace(/"/g, '\\"')}"`;
}

function name(identifier: string): string {
  return /^\w+$/.test(identifier) ? identifier : `"${identifier.replace(/"/g, '\\"')}"`;
}

function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function columnLine(table: LiveTable, column: LiveTable['columns'][number]): string {
  const settings: string[] = [];
  if (isPrimaryKeyColumn(table, column.name)) settings.push('pk');
  else {
    if (!column.nullable) settings.push('not null');
    if (isUniqueColumn(table, column.name)) settings.push('unique');
  }
  return `  ${name(column.name)} ${dbmlType(column.type)}${settings.length > 0 ? ` [${settings.join(', ')}]` : ''}`;
}

/** Indexes the column settings do not already express (a single-column pk or unique). */
function listedIndexes(table: LiveTable): LiveIndex[] {
  return table.indexes.filter((index) => {
    const single = index.columns.length === 1 && index.columns[0] !== null;
    if (index.primary) return !single;
    return !(single && index.unique && index.valid && !index.partial);
  });
}

function indexLine(index: LiveIndex): string {
  const parts = index.columns.map((column, position) => (column === null ? `\`${index.definitions[position]}\`` : name(column)));
  const columns = parts.length === 1 && index.columns[0] !== null ? parts[0] : `(${parts.join(', ')})`;
  const settings: string[] = [];
  if (index.primary) settings.push('pk');
  else if (index.unique) settings.push('unique');
  // DBML accepts btree and hash as index types: other methods, the WHERE of a partial index and
  // an exclusion constraint go in the note.
  if (index.method === 'hash') settings.push('type: hash');
  settings.push(`name: ${quoteString(index.name)}`);
  const note = index.exclusion ?? [index.method === 'btree' || index.method === 'hash' ? null : `USING ${index.method}`, index.predicate ? `WHERE ${index.predicate}` : null].filter(Boolean).join(' ');
  if (note) settings.push(`note: ${quoteString(note)}`);
  return `    ${columns} [${settings.join(', ')}]`;
}

function tableBlock(table: LiveTable): string[] {
  const lines = [`Table ${name(table.name)} {`, ...table.columns.map((column) => columnLine(table, column))];
  const indexes = listedIndexes(table);
  if (indexes.length > 0) lines.push('', '  indexes {', ...indexes.map(indexLine), '  }');
  lines.push('}', '');
  return lines;
}

function endpoint(table: string, columns: readonly string[]): string {
  const qualified = table.split('.').map(name).join('.');
  return columns.length === 1 ? `${qualified}.${name(columns[0])}` : `${qualified}.(${columns.map(name).join(', ')})`;
}

function action(value: ReferentialAction): string {
  return value.toLowerCase();
}

export function refLine(table: string, fk: LiveForeignKey): string {
  const settings = [`delete: ${action(fk.onDelete)}`];
  if (fk.onUpdate !== 'NO ACTION') settings.push(`update: ${action(fk.onUpdate)}`);
  return `Ref: ${endpoint(table, fk.columns)} > ${endpoint(fk.targetTable, fk.targetColumns)} [${settings.join(', ')}]`;
}

function orderedTables(schema: LiveSchema, options: DbmlOptions): LiveTable[] {
  const order = options.tableOrder ?? [];
  const ignored = options.ignoredTables ?? [];
  const rank = (table: LiveTable): number => (order.includes(table.name) ? order.indexOf(table.name) : order.length);
  return schema.tables.filter((table) => !ignored.includes(table.name)).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** Foreign keys in the order of their first column in the table. */
function foreignKeysInColumnOrder(table: LiveTable): LiveForeignKey[] {
  const position = (fk: LiveForeignKey): number => table.columns.findIndex((column) => column.name === fk.columns[0]);
  return [...table.foreignKeys].sort((a, b) => position(a) - position(b) || a.name.localeCompare(b.name));
}

function timestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function renderDbml(schema: LiveSchema, options: DbmlOptions = {}): string {
  const tables = orderedTables(schema, options);
  const lines = [`// ${options.title ?? 'Nexus Réussite Database Schema'}`];
  lines.push(options.generatedAt ? `// Generated on ${timestamp(options.generatedAt)}` : '// Generated by `npm run audit` from the live database: do not edit by hand');
  lines.push('');
  for (const table of tables) lines.push(...tableBlock(table));
  lines.push('// Relationships');
  for (const table of tables) for (const fk of foreignKeysInColumnOrder(table)) lines.push(refLine(table.name, fk));
  return `${lines.join('\n')}\n`;
}
