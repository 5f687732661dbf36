import { Float, ID, Int } from 'type-graphql';
import { defineInputType, type FieldSpec } from '../define-type';
import type { ModelDefinition, ScalarField, ScalarKind } from '../model-registry';
import { DateScalar, DateTimeScalar, DecimalScalar, JSONScalar } from '../scalars';

// One operator input per kind of scalar (IntFilter, StringFilter, ...), one per enum, and one
// XFilter per model with an entry per scalar field plus and / or / not.

export type Operator = 'eq' | 'ne' | 'in' | 'notIn' | 'lt' | 'lte' | 'gt' | 'gte' | 'isNull' | 'contains' | 'startsWith';

const EQUALITY: Operator[] = ['eq', 'ne', 'in', 'notIn', 'isNull'];
const COMPARISON: Operator[] = [...EQUALITY, 'lt', 'lte', 'gt', 'gte'];

export const OPERATORS_BY_KIND: Record<ScalarKind, Operator[]> = {
  id: COMPARISON,
  int: COMPARISON,
  float: COMPARISON,
  decimal: COMPARISON,
  datetime: COMPARISON,
  date: COMPARISON,
  string: [...COMPARISON, 'contains', 'startsWith'],
  boolean: ['eq', 'ne', 'isNull'],
  enum: EQUALITY,
  json: ['isNull', 'contains'],
};

const OPERATOR_DESCRIPTIONS: Record<Operator, string> = {
  eq: 'Equal to the value (rows where the field is null do not match).',
  ne: 'Different from the value; rows where the field is null match (the complement of eq).',
  in: 'Equal to one of the values (rows where the field is null do not match); [] matches no row.',
  notIn: 'Equal to none of the values; rows where the field is null match (the complement of in); [] matches every row.',
  lt: 'Less than the value (rows where the field is null do not match).',
  lte: 'Less than or equal to the value (rows where the field is null do not match).',
  gt: 'Greater than the value (rows where the field is null do not match).',
  gte: 'Greater than or equal to the value (rows where the field is null do not match).',
  isNull: 'true: the field is null; false: it is not. The only way to ask for null fields: a null operand is BAD_USER_INPUT.',
  contains: 'Contains the text, ignoring case (rows where the field is null do not match).',
  startsWith: 'Starts with the text, ignoring case (rows where the field is null do not match).',
};

function operatorFields(kind: ScalarKind, scalar: () => unknown): FieldSpec[] {
  return OPERATORS_BY_KIND[kind].map((operator) => {
    if (operator === 'isNull') return { name: operator, type: () => Boolean, description: OPERATOR_DESCRIPTIONS.isNull };
    if (operator === 'in' || operator === 'notIn') return { name: operator, type: () => [scalar()], description: OPERATOR_DESCRIPTIONS[operator] };
    if (kind === 'json' && operator === 'contains') {
      return { name: operator, type: scalar, description: 'The JSON value contains this JSON value (PostgreSQL @>; rows where the field is null do not match).' };
    }
    return { name: operator, type: scalar, description: OPERATOR_DESCRIPTIONS[operator] };
  });
}

const SCALAR_FILTERS: Record<Exclude<ScalarKind, 'enum'>, Function> = {
  id: defineInputType('IDFilter', 'Conditions on an ID.', operatorFields('id', () => ID)),
  int: defineInputType('IntFilter', 'Conditions on a whole number.', operatorFields('int', () => Int)),
  float: defineInputType('FloatFilter', 'Conditions on a number.', operatorFields('float', () => Float)),
  decimal: defineInputType('DecimalFilter', 'Conditions on an amount.', operatorFields('decimal', () => DecimalScalar)),
  string: defineInputType('StringFilter', 'Conditions on a text.', operatorFields('string', () => String)),
  boolean: defineInputType('BooleanFilter', 'Conditions on a true/false value.', operatorFields('boolean', () => Boolean)),
  datetime: defineInputType('DateTimeFilter', 'Conditions on an instant.', operatorFields('datetime', () => DateTimeScalar)),
  date: defineInputType('DateFilter', 'Conditions on a calendar date.', operatorFields('date', () => DateScalar)),
  json: defineInputType('JSONFilter', 'Conditions on a JSON value.', operatorFields('json', () => JSONScalar)),
};

const enumFilters = new Map<object, Function>();

function filterTypeFor(field: ScalarField): Function {
  if (field.kind !== 'enum') return SCALAR_FILTERS[field.kind];
  const enumType = field.enumType as object;
  let filter = enumFilters.get(enumType);
  if (!filter) {
    filter = defineInputType(`${field.enumName}Filter`, `Conditions on a ${field.enumName} value.`, operatorFields('enum', () => enumType));
    enumFilters.set(enumType, filter);
  }
  return filter;
}

/** `relationFields`: the relation entries (relation-filter-types.ts), after the scalar fields. */
export function defineModelFilter(model: ModelDefinition, relationFields: FieldSpec[] = []): Function {
  const name = `${model.typeName}Filter`;
  const fields: FieldSpec[] = [
    ...model.fields.filter((field) => !field.masked).map((field) => {
      const operators = filterTypeFor(field); // defined now: type-graphql reads its metadata once, at build time
      return { name: field.name, type: () => operators, description: `Conditions on ${field.name}.` };
    }),
    ...relationFields,
    { name: 'and', type: () => [self], description: 'Every one of these filters matches ([] matches every row).' },
    { name: 'or', type: () => [self], description: 'At least one of these filters matches ([] matches no row).' },
    { name: 'not', type: () => self, description: 'The complement: rows this filter does not match, rows with null fields included.' },
  ];
  // The and / or / not entries refer to the type itself, read lazily once it exists.
  const self: Function = defineInputType(name, `Conditions on ${model.typeName} rows; all given entries must hold. A null or empty entry is BAD_USER_INPUT.`, fields);
  return self;
}
