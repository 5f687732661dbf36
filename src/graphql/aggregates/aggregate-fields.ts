import { Float, Int } from 'type-graphql';
import type { ModelDefinition, ScalarField, ScalarKind } from '../model-registry';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../scalars';

// Which fields each aggregate function covers, the GraphQL type of its result and its SQL, per
// kind of scalar (the registry's ScalarKind): the one table every aggregate type, statement and
// `having` input is derived from.
//
// Result types (PostgreSQL's own aggregates, https://www.postgresql.org/docs/current/functions-aggregate.html):
// - count, distinctCount: Int (count(*) and count(DISTINCT …), rows and distinct non-null values).
// - sum of Int: Float (PostgreSQL's bigint sum, exact below 2^53; GraphQL's Int is 32-bit).
// - avg of Int or Float: Float (double precision).
// - sum of Decimal: Decimal, exact (numeric); avg of Decimal: Decimal, the exact numeric average
//   rounded half away from zero to the scalar's 3 decimals (millimes).
// - min / max: the field's own type (Int, Float, Decimal, Date, DateTime).
// Every function but count is null over no rows (SQL), and skips nulls (masked fields included).

export type AggregateFunction = 'sum' | 'avg' | 'min' | 'max' | 'distinctCount';

export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = ['sum', 'avg', 'min', 'max', 'distinctCount'];

const NUMERIC: ScalarKind[] = ['int', 'float', 'decimal'];
const ORDERED: ScalarKind[] = [...NUMERIC, 'date', 'datetime'];
const GROUPABLE: ScalarKind[] = ['id', 'int', 'float', 'decimal', 'string', 'boolean', 'datetime', 'date', 'enum'];

const KINDS: Record<AggregateFunction, ScalarKind[]> = {
  sum: NUMERIC,
  avg: NUMERIC,
  min: ORDERED,
  max: ORDERED,
  distinctCount: GROUPABLE,
};

export const FUNCTION_DESCRIPTIONS: Record<AggregateFunction, string> = {
  sum: 'Sum of each numeric field over the rows (null over no rows); Decimal sums are exact.',
  avg: 'Average of each numeric field (null over no rows): Float for Int and Float fields, Decimal rounded to 3 decimals for Decimal fields.',
  min: 'Smallest value of each field (null over no rows).',
  max: 'Largest value of each field (null over no rows).',
  distinctCount: 'Number of distinct non-null values of each field.',
};

const OWN_TYPES: Partial<Record<ScalarKind, () => unknown>> = {
  int: () => Int,
  float: () => Float,
  decimal: () => DecimalScalar,
  date: () => DateScalar,
  datetime: () => DateTimeScalar,
};

/** The fields of `model` an aggregate function covers: not JSON, nor ids for sums and averages. */
export function aggregatedFields(model: ModelDefinition, fn: AggregateFunction): ScalarField[] {
  return model.fields.filter((field) => KINDS[fn].includes(field.kind));
}

/** Fields a group can be keyed by: not JSON, not masked (a group key would show the value). */
export function groupableFields(model: ModelDefinition): ScalarField[] {
  return model.fields.filter((field) => GROUPABLE.includes(field.kind) && !field.masked);
}

/** The GraphQL type of `fn` over `field`. */
export function resultType(fn: AggregateFunction, field: ScalarField): () => unknown {
  if (fn === 'distinctCount') return () => Int;
  if (fn === 'sum' && field.kind === 'int') return () => Float;
  if (fn === 'avg' && field.kind !== 'decimal') return () => Float;
  return OWN_TYPES[field.kind]!;
}

/** The SQL of `fn` over `value` (a column, or its masked form), typed as resultType says. */
export function aggregateSql(fn: AggregateFunction, field: ScalarField, value: string): string {
  switch (fn) {
    case 'sum':
      return field.kind === 'float' ? `sum(${value})::float8` : `sum(${value})`;
    case 'avg':
      return field.kind === 'decimal' ? `round(avg(${value}), 3)` : `avg(${value})::float8`;
    case 'distinctCount':
      return `count(DISTINCT ${value})::int`;
    default:
      return `${fn}(${value})`;
  }
}
