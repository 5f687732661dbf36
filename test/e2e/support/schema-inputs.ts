import {
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
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import type { TestApp } from '../../support/test-app';

// Every place of the schema where a client puts a scalar value, found from introspection: each
// argument of every field reachable from Query or Mutation, and each field of every input type
// (once, where it is first met), at any depth (lists entered at index 0). For each place, a valid
// request that carries a chosen value there and placeholders everywhere else, written with
// variables or as literals. Tests use it to try a kind of bad value everywhere at once (the one
// walker of input-dates, input-nul and input-json-numbers: filter the positions by `scalar`).

export interface InputPosition {
  operation: 'query' | 'mutation';
  /** Fields from the root to the field taking the argument, each with its required arguments as literals. */
  selection: Array<{ field: string; args: string }>;
  field: GraphQLField<unknown, unknown>;
  argument: GraphQLArgument;
  /** Inside the argument's value: input field names, and 0 for a list item. */
  path: Array<string | 0>;
  /** Named type of the value at the end of the path: String, ID, JSON, Date, ... */
  scalar: string;
  /** Where the schema declares it: `DateFilter.gte` for an input field, `Query.bookings(after)` for an argument. */
  owner: string;
}

type Leaf = Pick<InputPosition, 'path' | 'scalar' | 'owner'>;

const PLACEHOLDERS: Record<string, unknown> = {
  String: 'x',
  ID: '1',
  Int: 1,
  Float: 1,
  Boolean: false,
  Date: '2026-01-05',
  DateTime: '2026-01-05T10:00:00.000Z',
  Decimal: '1.000',
  EmailAddress: 'someone@example.com',
  JSON: {},
};

export async function introspectSchema(app: TestApp): Promise<GraphQLSchema> {
  const response = await app.graphql<IntrospectionQuery>(getIntrospectionQuery());
  if (!response.data) throw new Error(`introspection failed: ${JSON.stringify(response.errors)}`);
  return buildClientSchema(response.data);
}

/** A valid value of `type` with only its required parts filled in. */
function placeholder(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [placeholder(nullable.ofType)];
  if (isEnumType(nullable)) return nullable.getValues()[0].name;
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

/** A valid value of `type` carrying `leaf` at `path`. */
function valueWith(type: GraphQLInputType, path: Array<string | 0>, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [valueWith(nullable.ofType, path.slice(1), leaf)];
  if (!isInputObjectType(nullable)) throw new Error(`cannot enter ${String(type)} at ${path.join('.')}`);
  const [name, ...rest] = path;
  return { ...(placeholder(nullable) as object), [name]: valueWith(nullable.getFields()[name as string].type, rest, leaf) };
}

/** The value as a GraphQL literal: input objects and JSON objects as `{ name: value }`, enums bare. */
function literal(type: GraphQLInputType | null, value: unknown): string {
  const nullable = type ? getNullableType(type) : null;
  if (value === null) return 'null';
  if (nullable && isEnumType(nullable)) return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => literal(nullable && isListType(nullable) ? nullable.ofType : null, item)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : null;
    const entries = Object.entries(value as Record<string, unknown>).map(([name, item]) => `${name}: ${literal(fields ? fields[name].type : null, item)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function requiredArgs(field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined);
  if (required.length === 0) return '';
  return `(${required.map((argument) => `${argument.name}: ${literal(argument.type, placeholder(argument.type))}`).join(', ')})`;
}

function leafPositions(type: GraphQLInputType, path: Array<string | 0>, owner: string, visited: Set<string>, found: Leaf[]): void {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return leafPositions(nullable.ofType, [...path, 0], owner, visited, found);
  if (isEnumType(nullable)) return;
  if (!isInputObjectType(nullable)) {
    found.push({ path, scalar: nullable.name, owner });
    return;
  }
  if (visited.has(nullable.name)) return;
  visited.add(nullable.name);
  for (const field of Object.values(nullable.getFields())) leafPositions(field.type, [...path, field.name], `${nullable.name}.${field.name}`, visited, found);
}

/** Every argument and input field of the schema, as positions reachable by a request. */
export function schemaInputPositions(schema: GraphQLSchema): InputPosition[] {
  const positions: InputPosition[] = [];
  const visitedInputs = new Set<string>();
  const roots: Array<['query' | 'mutation', GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  for (const [operation, root] of roots) {
    if (!root) continue;
    // Breadth first, so each object type is reached by its shortest selection.
    const reached = new Set<string>([root.name]);
    const queue: Array<{ type: GraphQLObjectType; selection: InputPosition['selection'] }> = [{ type: root, selection: [] }];
    while (queue.length > 0) {
      const { type, selection } = queue.shift()!;
      for (const field of Object.values(type.getFields())) {
        for (const argument of field.args) {
          const found: Leaf[] = [];
          leafPositions(argument.type, [], `${type.name}.${field.name}(${argument.name})`, visitedInputs, found);
          for (const leaf of found) positions.push({ operation, selection, field, argument, ...leaf });
        }
        const target = getNamedType(field.type);
        if (operation === 'query' && isObjectType(target) && !reached.has(target.name)) {
          reached.add(target.name);
          queue.push({ type: target, selection: [...selection, { field: field.name, args: requiredArgs(field) }] });
        }
      }
    }
  }
  return positions;
}

/** `input.attendances[0].note`: how the API names the place in BAD_USER_INPUT's `fields`. */
export function argumentPath(position: InputPosition): string {
  return position.path.reduce<string>((path, step) => (step === 0 ? `${path}[0]` : `${path}.${step}`), position.argument.name);
}

export function describePosition(position: InputPosition): string {
  const parents = position.selection.map((step) => `${step.field}.`).join('');
  return `${position.operation} ${parents}${position.field.name}(${argumentPath(position)}: ${position.scalar})`;
}

/** A request carrying `value` at the position; the field's other required arguments get placeholders. */
export function requestAt(position: InputPosition, value: unknown, form: 'variables' | 'literal'): { query: string; variables: Record<string, unknown> } {
  const { field, argument } = position;
  const args = field.args.filter((candidate) => candidate === argument || (isNonNullType(candidate.type) && candidate.defaultValue === undefined));
  const values = new Map(args.map((candidate) => [candidate, candidate === argument ? valueWith(candidate.type, position.path, value) : placeholder(candidate.type)]));
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const written = args.map((candidate, index) => {
    if (form === 'literal') return `${candidate.name}: ${literal(candidate.type, values.get(candidate))}`;
    variables[`v${index}`] = values.get(candidate);
    definitions.push(`$v${index}: ${String(candidate.type)}`);
    return `${candidate.name}: $v${index}`;
  });
  const leaf = `${field.name}(${written.join(', ')})${isCompositeType(getNamedType(field.type)) ? ' { __typename }' : ''}`;
  const body = position.selection.reduceRight((inner, step) => `${step.field}${step.args} { ${inner} }`, leaf);
  const header = definitions.length > 0 ? `${position.operation} (${definitions.join(', ')})` : position.operation;
  return { query: `${header} { ${body} }`, variables };
}
