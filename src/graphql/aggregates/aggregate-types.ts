import { Float, Int, registerEnumType } from 'type-graphql';
import { defineInputType, defineObjectType, type FieldSpec } from '../define-type';
import type { ModelDefinition, ScalarField } from '../model-registry';
import { upperSnake } from '../naming';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../scalars';
import { AGGREGATE_FUNCTIONS, aggregatedFields, FUNCTION_DESCRIPTIONS, groupableFields, resultType, type AggregateFunction } from './aggregate-fields';
import { visibleConditionOf } from './masked-field-sql';

// Per model, named as PostGraphile's @graphile/pg-aggregates names them: XAggregates (count, sum,
// avg, min, max, distinctCount), XSumAggregates, XAverageAggregates, XMinAggregates,
// XMaxAggregates, XDistinctCountAggregates, XAggregateGroup (keys + the same), the XGroupBy enum
// (FIELD, and FIELD_TRUNCATED_TO_DAY / WEEK / MONTH / YEAR for Date and DateTime fields) and
// XHavingFilter. Shared: HavingIntFilter, HavingFloatFilter, HavingDecimalFilter,
// HavingDateFilter, HavingDateTimeFilter (the comparison operators of our filters).

export type Truncation = 'day' | 'week' | 'month' | 'year';
export const TRUNCATIONS: readonly Truncation[] = ['day', 'week', 'month', 'year'];

/** A value of XGroupBy: a field, truncated or not. */
export interface GroupKey {
  field: ScalarField;
  truncation: Truncation | null;
}

export interface AggregateTypes {
  aggregates: Function;
  group: Function;
  groupBy: object;
  having: Function;
}

const TYPE_SUFFIXES: Record<AggregateFunction, string> = {
  sum: 'SumAggregates',
  avg: 'AverageAggregates',
  min: 'MinAggregates',
  max: 'MaxAggregates',
  distinctCount: 'DistinctCountAggregates',
};
const HAVING_SUFFIXES: Record<AggregateFunction, string> = {
  sum: 'HavingSumInput',
  avg: 'HavingAverageInput',
  min: 'HavingMinInput',
  max: 'HavingMaxInput',
  distinctCount: 'HavingDistinctCountInput',
};

export const HAVING_OPERATORS = { eq: '=', ne: 'IS DISTINCT FROM', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
export type HavingOperator = keyof typeof HAVING_OPERATORS;

function havingOperators(name: string, what: string, scalar: () => unknown): Function {
  const fields: FieldSpec[] = (Object.keys(HAVING_OPERATORS) as HavingOperator[]).map((operator) => ({
    name: operator,
    type: scalar,
    description: `The aggregate is ${operator === 'ne' ? 'different from (a null aggregate matches)' : `${{ eq: 'equal to', lt: 'less than', lte: 'at most', gt: 'greater than', gte: 'at least' }[operator]} (a null aggregate does not match)`} the value.`,
  }));
  return defineInputType(name, `Conditions on ${what} of a group.`, fields);
}

const HAVING_SCALARS = new Map<unknown, Function>();
function havingFilterFor(type: unknown): Function {
  let filter = HAVING_SCALARS.get(type);
  if (!filter) {
    const names = new Map<unknown, [string, string]>([
      [Int, ['HavingIntFilter', 'a whole-number aggregate']],
      [Float, ['HavingFloatFilter', 'a number aggregate']],
      [DecimalScalar, ['HavingDecimalFilter', 'an amount aggregate']],
      [DateScalar, ['HavingDateFilter', 'a date aggregate']],
      [DateTimeScalar, ['HavingDateTimeFilter', 'an instant aggregate']],
    ]);
    const [name, what] = names.get(type)!;
    filter = havingOperators(name, what, () => type);
    HAVING_SCALARS.set(type, filter);
  }
  return filter;
}

function defineGroupBy(model: ModelDefinition): { values: Record<string, string>; keys: Map<string, GroupKey> } {
  const values: Record<string, string> = {};
  const keys = new Map<string, GroupKey>();
  for (const field of groupableFields(model)) {
    const name = upperSnake(field.name);
    values[name] = name;
    keys.set(name, { field, truncation: null });
    if (field.kind !== 'date' && field.kind !== 'datetime') continue;
    for (const truncation of TRUNCATIONS) {
      const truncated = `${name}_TRUNCATED_TO_${truncation.toUpperCase()}`;
      values[truncated] = truncated;
      keys.set(truncated, { field, truncation });
    }
  }
  registerEnumType(values, {
    name: `${model.typeName}GroupBy`,
    description: `Keys ${model.typeName} rows can be grouped by: a field, or a Date / DateTime field truncated to the start of its day, ISO week (Monday), month or year (in UTC).`,
  });
  return { values, keys };
}

const types = new Map<ModelDefinition, AggregateTypes>();
const groupKeys = new Map<ModelDefinition, Map<string, GroupKey>>();
const havingTypeNames = new Set<string>();
const aggregateTypeNames = new Set<string>();
const groupTypeNames = new Set<string>();

/** Whether a GraphQL type is an XAggregateGroup (an item of groupedAggregates). */
export function isAggregateGroupType(typeName: string): boolean {
  return groupTypeNames.has(typeName);
}

/** Whether a GraphQL type is an aggregates object of this module (its fields are columns of one SQL row). */
export function isAggregateType(typeName: string): boolean {
  return aggregateTypeNames.has(typeName);
}

/** Whether a GraphQL input type is an XHavingFilter (its and / or nest, as a filter's). */
export function isHavingFilterType(typeName: string): boolean {
  return havingTypeNames.has(typeName);
}

export function groupKeyOf(model: ModelDefinition, value: string): GroupKey {
  const key = groupKeys.get(model)?.get(value);
  if (!key) throw new Error(`${model.typeName}GroupBy has no value ${value}`);
  return key;
}

function defineAggregateTypes(model: ModelDefinition): AggregateTypes {
  const shared: FieldSpec[] = [{ name: 'count', type: () => Int, nullable: false, description: 'Number of rows.' }];
  const having: FieldSpec[] = [{ name: 'count', type: () => havingFilterFor(Int), description: 'Conditions on the number of rows.' }];
  for (const fn of AGGREGATE_FUNCTIONS) {
    const fields = aggregatedFields(model, fn);
    if (fields.length === 0) continue;
    for (const field of fields) if (field.masked) visibleConditionOf(model, field); // every masked field has its SQL form
    const name = `${model.typeName}${TYPE_SUFFIXES[fn]}`;
    const object = defineObjectType(
      name,
      `${FUNCTION_DESCRIPTIONS[fn]} Fields masked for you count as null.`,
      fields.map((field) => ({ name: field.name, type: resultType(fn, field), description: `${fn} of ${field.name}.` })),
    );
    aggregateTypeNames.add(name);
    shared.push({ name: fn, type: () => object, nullable: false, description: FUNCTION_DESCRIPTIONS[fn] });
    const input = defineInputType(
      `${model.typeName}${HAVING_SUFFIXES[fn]}`,
      `Conditions on the ${fn} of fields of a group of ${model.typeName} rows.`,
      fields.map((field) => {
        const filter = havingFilterFor(resultType(fn, field)());
        return { name: field.name, type: () => filter, description: `Conditions on the ${fn} of ${field.name}.` };
      }),
    );
    having.push({ name: fn, type: () => input, description: `Conditions on ${fn} aggregates.` });
  }
  const aggregates = defineObjectType(`${model.typeName}Aggregates`, `Aggregates over the ${model.typeName} rows of a connection (its filter and your row policies apply; pages do not).`, shared);
  const group = defineObjectType(`${model.typeName}AggregateGroup`, `Aggregates over one group of ${model.typeName} rows.`, [
    {
      name: 'keys',
      type: () => [String],
      nullable: false,
      description:
        'The group\'s key values, one per groupBy entry in its order, as text (DateTime in ISO 8601 UTC, Date as YYYY-MM-DD, enums by name); null for the group of rows where that field is null.',
    },
    ...shared,
  ]);
  aggregateTypeNames.add(`${model.typeName}Aggregates`).add(`${model.typeName}AggregateGroup`);
  groupTypeNames.add(`${model.typeName}AggregateGroup`);
  const havingName = `${model.typeName}HavingFilter`;
  const self: Function = defineInputType(havingName, `Conditions on the aggregates of a group of ${model.typeName} rows; all given entries must hold.`, [
    ...having,
    { name: 'and', type: () => [self], description: 'Every one of these conditions holds.' },
    { name: 'or', type: () => [self], description: 'At least one of these conditions holds.' },
  ]);
  havingTypeNames.add(havingName);
  const groupBy = defineGroupBy(model);
  groupKeys.set(model, groupBy.keys);
  return { aggregates, group, groupBy: groupBy.values, having: self };
}

/** The aggregate types of a model, defined on first use. */
export function aggregateTypesOf(model: ModelDefinition): AggregateTypes {
  let defined = types.get(model);
  if (!defined) {
    defined = defineAggregateTypes(model);
    types.set(model, defined);
  }
  return defined;
}
