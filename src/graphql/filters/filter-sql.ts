import { BadUserInputError } from '../errors/domain-error';
import type { ModelDefinition, ScalarField } from '../model-registry';
import type { Operator } from './filter-types';
import { parseId } from './id-argument';
import { quoteIdentifier, type SqlParameters } from './sql-parameters';

// XFilter → a parameterised SQL condition. Identifiers come only from the model registry;
// every value is a parameter.

export type FilterInput = Record<string, unknown>;

const COMPARATORS: Partial<Record<Operator, string>> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

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
      const values = (value as unknown[]).map((item, index) => toSqlValue(field, item, `${argument}[${index}]`));
      if (values.length === 0) return operator === 'in' ? 'FALSE' : 'TRUE';
      const condition = `${column} = ANY(${params.add(values)})`;
      return operator === 'in' ? condition : `NOT (${condition})`;
    }
    case 'contains':
      if (field.kind === 'json') return `${column} @> ${params.add(JSON.stringify(value))}::jsonb`;
      return `${column} ILIKE ${params.add(`%${escapeLike(String(value))}%`)}`;
    case 'startsWith':
      return `${column} ILIKE ${params.add(`${escapeLike(String(value))}%`)}`;
    default:
      return `${column} ${COMPARATORS[operator]} ${params.add(toSqlValue(field, value, argument))}`;
  }
}

function joinConditions(conditions: string[], glue: 'AND' | 'OR'): string | null {
  if (conditions.length === 0) return null;
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(` ${glue} `)})`;
}

/** Returns the condition for `filter` on rows aliased `alias`, or null when it restricts nothing. */
export function compileFilter(
  model: ModelDefinition,
  filter: FilterInput | null | undefined,
  alias: string,
  params: SqlParameters,
  argument = 'filter',
): string | null {
  if (!filter) return null;
  const conditions: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    const path = `${argument}.${key}`;
    if (key === 'and' || key === 'or') {
      const parts = (value as FilterInput[])
        .map((item, index) => compileFilter(model, item, alias, params, `${path}[${index}]`) ?? 'TRUE');
      const joined = joinConditions(parts, key === 'and' ? 'AND' : 'OR');
      if (joined) conditions.push(joined);
      else if (key === 'or') conditions.push('FALSE');
      continue;
    }
    if (key === 'not') {
      const inner = compileFilter(model, value as FilterInput, alias, params, path);
      conditions.push(inner ? `NOT ${inner.startsWith('(') ? inner : `(${inner})`}` : 'FALSE');
      continue;
    }
    const field = model.fieldsByName.get(key);
    if (!field || field.masked) throw new BadUserInputError(`${path} is not a filterable field of ${model.typeName}`, [path]);
    const column = `${alias}.${quoteIdentifier(field.column)}`;
    for (const [operator, operand] of Object.entries(value as Record<string, unknown>)) {
      if (operand === undefined || operand === null) continue;
      const argument = `${path}.${operator}`;
      conditions.push(compileOperator(field, column, operator as Operator, operand, params, argument));
    }
  }
  return joinConditions(conditions, 'AND');
}
