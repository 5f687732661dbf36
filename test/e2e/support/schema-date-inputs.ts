import {
  astFromValue,
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import type { TestApp } from '../../support/test-app';

// Every place of the schema where a client writes a Date or a DateTime, found from introspection:
// arguments of any field reachable from Query or Mutation and fields of input types, at any depth
// (each input type entered once, where it is first met; lists entered at item 0). For each place
// an operation that carries a chosen value there, and valid placeholders in every required place
// around it, with the value as a variable or written in the query text.

export const DATE_SCALARS = ['Date', 'DateTime'] as const;
export type DateScalarName = (typeof DATE_SCALARS)[number];

export interface DateInputPosition {
  operation: 'query' | 'mutation';
  /** Fields from the root down to the one taking the argument; each but the last has its required arguments filled. */
  route: Array<GraphQLField<unknown, unknown>>;
  argument: GraphQLArgument;
  /** Inside the argument's value: input field names, and 0 for a list item. */
  path: Array<string | 0>;
  scalar: DateScalarName;
  /** Human-readable place, e.g. `query.studentObjectives(filter.targetDate.gte)`. */
  label: string;
  /** Where the schema declares it: `DateFilter.gte` for an input field, `Query.x(from)` for an argument. */
  owner: string;
}

const PLACEHOLDERS: Record<string, unknown> = {
  String: 'x',
  ID: '1',
  Int: 1,
  Float: 1,
  Boolean: true,
  Date: '2026-01-05',
  DateTime: '2026-01-05T10:00:00.000Z',
  Decimal: '1.000',
  EmailAddress: 'someone@example.com',
  JSON: 'x',
};

export async function introspect(app: TestApp): Promise<GraphQLSchema> {
  const response = await app.graphql<IntrospectionQuery>(getIntrospectionQuery());
  if (!response.data) throw new Error(`introspection failed: ${JSON.stringify(response.errors)}`);
  return buildClientSchema(response.data);
}

function placeholder(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return [placeholder(nullable.ofType as GraphQLInputType)];
  if (isEnumType(nullable)) return nullable.getValues()[0].value;
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = placeholder(field.type);
    }
    return value;
  }
  if (!(nullable.name in PLACEHOLDERS)) throw new Error(`no placeholder for scalar ${nullable.name}`);
  return PLACEHOLDERS[nullable.name];
}

/** The argument's value: placeholders where required, and `value` at `path`. */
export function argumentValue(position: DateInputPosition, value: unknown): unknown {
  const build = (type: GraphQLInputType, path: Array<string | 0>): unknown => {
    if (path.length === 0) return value;
    const nullable = getNullableType(type) as GraphQLInputType;
    const [step, ...rest] = path;
    if (isListType(nullable)) return [build(nullable.ofType as GraphQLInputType, rest)];
    if (!isInputObjectType(nullable) || step === 0) throw new Error(`bad path ${path.join('.')}`);
    return { ...(placeholder(nullable) as object), [step]: build(nullable.getFields()[step].type, rest) };
  };
  return build(position.argument.type, position.path);
}

function literal(value: unknown, type: GraphQLInputType): string {
  const ast = astFromValue(value, type);
  if (!ast) throw new Error(`cannot write ${JSON.stringify(value)} as ${String(type)}`);
  return print(ast);
}

function requiredArguments(field: GraphQLField<unknown, unknown>, except?: GraphQLArgument): string {
  const written = field.args
    .filter((argument) => argument !== except && isNonNullType(argument.type) && argument.defaultValue === undefined)
    .map((argument) => `${argument.name}: ${literal(placeholder(argument.type), argument.type)}`);
  return written.length > 0 ? `(${written.join(', ')})` : '';
}

/** The operation carrying `value` at the position, as a variable `$value` or in the query text. */
export function operationFor(position: DateInputPosition, value: unknown, form: 'variable' | 'literal'): { query: string; variables: Record<string, unknown> } {
  const { argument, route } = position;
  const full = argumentValue(position, value);
  const last = route[route.length - 1];
  const others = requiredArguments(last, argument).replace(/^\(|\)$/g, '');
  const written = form === 'variable' ? `${argument.name}: $value` : `${argument.name}: ${literal(full, argument.type)}`;
  const subselection = isCompositeType(getNamedType(last.type)) ? ' { __typename }' : '';
  let selection = `${last.name}(${[written, others].filter(Boolean).join(', ')})${subselection}`;
  for (const field of route.slice(0, -1).reverse()) selection = `${field.name}${requiredArguments(field)} { ${selection} }`;
  const declaration = form === 'variable' ? `($value: ${String(argument.type)})` : '';
  return { query: `${position.operation} ${declaration} { ${selection} }`, variables: form === 'variable' ? { value: full } : {} };
}

/** Every Date and DateTime place of the schema, each once. */
export function dateInputPositions(schema: GraphQLSchema): DateInputPosition[] {
  const positions: DateInputPosition[] = [];
  const visitedInputs = new Set<string>();
  const visitedObjects = new Set<string>();

  const walkInput = (base: Omit<DateInputPosition, 'path' | 'scalar' | 'label' | 'owner'>, type: GraphQLInputType, path: Array<string | 0>, owner: string): void => {
    const named = getNamedType(type);
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) return walkInput(base, nullable.ofType as GraphQLInputType, [...path, 0], owner);
    if ((DATE_SCALARS as readonly string[]).includes(named.name)) {
      const root = base.route.map((field) => field.name).join('.');
      const label = `${base.operation}.${root}(${[base.argument.name, ...path].join('.')})`;
      positions.push({ ...base, path, scalar: named.name as DateScalarName, label, owner });
      return;
    }
    if (!isInputObjectType(named) || visitedInputs.has(named.name)) return;
    visitedInputs.add(named.name);
    for (const field of Object.values(named.getFields())) walkInput(base, field.type, [...path, field.name], `${named.name}.${field.name}`);
  };

  const walkObject = (operation: 'query' | 'mutation', type: GraphQLObjectType, route: Array<GraphQLField<unknown, unknown>>): void => {
    if (visitedObjects.has(type.name)) return;
    visitedObjects.add(type.name);
    const next: Array<[GraphQLObjectType, Array<GraphQLField<unknown, unknown>>]> = [];
    for (const field of Object.values(type.getFields())) {
      const fieldRoute = [...route, field];
      for (const argument of field.args) walkInput({ operation, route: fieldRoute, argument }, argument.type, [], `${type.name}.${field.name}(${argument.name})`);
      const named = getNamedType(field.type);
      if (isObjectType(named) && operation === 'query') next.push([named, fieldRoute]);
    }
    for (const [named, fieldRoute] of next) walkObject(operation, named, fieldRoute);
  };

  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) walkObject('query', query, []);
  if (mutation) walkObject('mutation', mutation, []);
  return positions;
}
