import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { exactNumber, isExactDouble, jsonPath, JSON_NUMBER_RULE } from './json-number';

// JSON values (jsonb columns). graphql-scalars' JSON turns every number literal into a double with
// parseFloat, silently: 12345678901234567890 became 12345678901234567000 and 1e400 became null.
// This one reads number literals from their source text and refuses those a double would change
// (json-number.ts); numbers in variables are checked on the raw request body, where their text is
// still known (src/server/graphql-request-body.ts), and again here for what a double can tell.

function refuse(path: string, shown: string): never {
  const where = path === '' ? '' : ` at "${path}"`;
  throw new GraphQLError(`The JSON number ${shown}${where} cannot be kept exactly. ${JSON_NUMBER_RULE}.`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function fromLiteral(node: ValueNode, variables: Record<string, unknown> | null | undefined, path: string): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return exactNumber(node.value) ?? refuse(path, node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((item, index) => fromLiteral(item, variables, jsonPath(path, index)));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, fromLiteral(field.value, variables, jsonPath(path, field.name.value))]));
    case Kind.VARIABLE:
      return variables ? checked(variables[node.name.value], path) : undefined;
    default:
      throw new GraphQLError(`JSON cannot represent ${node.kind === Kind.ENUM ? `the bare word ${node.value}: quote it` : 'this value'}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
  }
}

/** A value already parsed (a variable): numbers must be finite and integers exact. */
function checked(value: unknown, path: string): unknown {
  if (typeof value === 'number' && !isExactDouble(value)) refuse(path, String(value));
  if (Array.isArray(value)) value.forEach((item, index) => checked(item, jsonPath(path, index)));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) checked(item, jsonPath(path, key));
  return value;
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description:
    'A JSON value (ECMA-404): object, array, string, number, boolean or null, stored as PostgreSQL jsonb. ' +
    'Numbers are kept exactly or refused, never rounded: a number is accepted only if an IEEE 754 double holds it unchanged ' +
    '(finite, integers within ±9007199254740991 as RFC 7493 §2.2, at most the 17 significant digits a double keeps); ' +
    'any other number, in the query text or in variables, is BAD_USER_INPUT naming its path. Send such values as strings. ' +
    'A number the API did not write (imported by SQL) that a double cannot hold is returned as the nearest double.',
  specifiedByURL: 'https://ecma-international.org/publications-and-standards/standards/ecma-404/',
  serialize: (value) => value,
  parseValue: (value) => checked(value, ''),
  parseLiteral: (node, variables) => fromLiteral(node, variables, ''),
});
