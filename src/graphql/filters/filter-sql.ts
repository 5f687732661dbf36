import type { RowScope } from '../connections/page-query';
import { BadUserInputError } from '../errors/domain-error';
import type { ModelDefinition, ScalarField } from '../model-registry';
import type { Operator } from './filter-types';
import { parseId } from './id-argument';
import { compileRelationEntry } from './relation-filter-sql';
import { relationEntryOf } from './relation-filter-types';
import { quoteIdentifier, type SqlParameters } from './sql-parameters';

// XFilter → a parameterised SQL condition. Identifiers come only from the model registry;
// every value is a parameter.
//
// NULL semantics (README "Filters"): a null anywhere inside a filter (an operand, a field, and /
// or / not, a list item) and an operator object left empty are BAD_USER_INPUT naming their path,
// as PostGraphile's connection-filter does by default: a null operand would otherwise silently drop
// its condition (Hasura's `_eq: null`), and a null branch of `or` would match every row. `isNull`
// is how a client asks for NULLs. Positive operators never match a NULL field (SQL); `ne` and
// `notIn` are the exact complements of `eq` and `in` (they match NULLs), and `not` is the
// complement of its filter (`IS NOT TRUE`), so a filter and its `not` always partition the rows.

export type FilterInput = Record<string, unknown>;

/** What compiling one filter carries along: its parameters, the viewer's row scope (for relation entries) and the relation nesting. */
export interface FilterCompilation {
  params: SqlParameters;
  scope: RowScope;
  /** Relation filters around this one (0 at the top): names the aliases of nested EXISTS subqueries. */
  depth: number;
}

const COMPARATORS: Partial<Record<Operator, string>> = { eq: '=', lt: '<', lte: '<=', gt: '>', gte: '>=' };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function toSqlValue(field: ScalarField, value: unknown, argument: string): unknown {
  if (field.kind === 'id') return parseId(value, argument);
  if (field.kind === 'date' && value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

function compileOperator(field: ScalarField, column: string, operator: Operator, value: unknown, params: SqlParameters, argument: string): string {
  switch (operator) {
    case 'isNull':
      return value ? `${column} IS NULL` : `${column} IS NOT NULL`;
    case 'in':
    case 'notIn': {
      const values = (value as unknown[]).map((item, index) => {
        if (item === null || item === undefined) throw nullOperand(`${argument}[${index}]`, field);
        return toSqlValue(field, item, `${argument}[${index}]`);
      });
      if (values.length === 0) return operator === 'in' ? 'FALSE' : 'TRUE';
      const condition = `${column} = ANY(${params.add(values)})`;
      return operator === 'in' ? condition : `(${condition}) IS NOT TRUE`;
    }
    case 'ne':
      return `${column} IS DISTINCT FROM ${params.add(toSqlValue(field, value, argument))}`;
    case 'contains':
      if (field.kind === 'json') return `${column} @> ${params.add(JSON.stringify(value))}::jsonb`;
      return `${column} ILIKE ${params.add(`%${escapeLike(String(value))}%`)}`;
    case 'startsWith':
      return `${column} ILIKE ${params.add(`${escapeLike(String(value))}%`)}`;
    default:
      return `${column} ${COMPARATORS[operator]} ${params.add(toSqlValue(field, value, argument))}`;
  }
}

function nullOperand(path: string, field: ScalarField): BadUserInputError {
  return new BadUserInputError(
    `${path} is null: a filter value cannot be null (to match rows whose ${field.name} is null, use { ${field.name}: { isNull: true } })`,
    [path],
  );
}

export function nullEntry(path: string): BadUserInputError {
  return new BadUserInputError(`${path} is null: leave the entry out instead (use isNull to match null fields)`, [path]);
}

export function emptyObject(path: string, what: string): BadUserInputError {
  return new BadUserInputError(`${path} is empty: ${what} (an omitted variable leaves it empty)`, [path]);
}

function joinConditions(conditions: string[], glue: 'AND' | 'OR'): string | null {
  if (conditions.length === 0) return null;
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(` ${glue} `)})`;
}

/** A filter nested in and / or / not or a relation entry: present and not empty, so it always yields a condition. */
export function compileNested(model: ModelDefinition, filter: unknown, alias: string, compilation: FilterCompilation, path: string): string {
  if (filter === null || filter === undefined) throw nullEntry(path);
  const condition = compileConditions(model, filter as FilterInput, alias, compilation, path);
  if (condition === null) throw emptyObject(path, 'a nested filter needs at least one condition');
  return condition;
}

function compileField(model: ModelDefinition, key: string, value: Record<string, unknown>, alias: string, compilation: FilterCompilation, path: string): string[] {
  const relation = relationEntryOf(model, key);
  if (relation) return [compileRelationEntry(relation, value, alias, compilation, path)];
  const { params } = compilation;
  const field = model.fieldsByName.get(key);
  if (!field || field.masked) throw new BadUserInputError(`${path} is not a filterable field of ${model.typeName}`, [path]);
  const column = `${alias}.${quoteIdentifier(field.column)}`;
  const conditions: string[] = [];
  for (const [operator, operand] of Object.entries(value)) {
    if (operand === undefined) continue;
    const argument = `${path}.${operator}`;
    if (operand === null) throw nullOperand(argument, field);
    conditions.push(compileOperator(field, column, operator as Operator, operand, params, argument));
  }
  if (conditions.length === 0) throw emptyObject(path, `give at least one operator for ${key}`);
  return conditions;
}

/**
 * Returns the condition for `filter` on rows aliased `alias`, or null when it restricts nothing
 * (the filter is absent, null or `{}`). Throws BadUserInputError for nulls and empty objects inside.
 * `scope` is the viewer's: relation entries read only the related rows it permits.
 */
export function compileFilter(
  model: ModelDefinition,
  filter: FilterInput | null | undefined,
  alias: string,
  params: SqlParameters,
  scope: RowScope,
  argument = 'filter',
): string | null {
  return compileConditions(model, filter, alias, { params, scope, depth: 0 }, argument);
}

function compileConditions(model: ModelDefinition, filter: FilterInput | null | undefined, alias: string, compilation: FilterCompilation, argument: string): string | null {
  if (!filter) return null;
  const conditions: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    const path = `${argument}.${key}`;
    if (value === null) throw nullEntry(path);
    if (key === 'and' || key === 'or') {
      const parts = (value as unknown[]).map((item, index) => compileNested(model, item, alias, compilation, `${path}[${index}]`));
      conditions.push(joinConditions(parts, key === 'and' ? 'AND' : 'OR') ?? (key === 'and' ? 'TRUE' : 'FALSE'));
    } else if (key === 'not') {
      // The complement: rows where the filter is false or unknown (NULL), never neither.
      conditions.push(`(${compileNested(model, value, alias, compilation, path)}) IS NOT TRUE`);
    } else {
      conditions.push(...compileField(model, key, value as Record<string, unknown>, alias, compilation, path));
    }
  }
  return joinConditions(conditions, 'AND');
}
