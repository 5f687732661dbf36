import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { timestampTextOfJson } from '../../db/timestamp-text';

// DateTime and Date come from graphql-scalars (RFC 3339 parsing), wrapped once so that every input
// is one PostgreSQL can store. RFC 3339 writes years with four digits, 0000-9999, and PostgreSQL
// has no year 0 (its dates go from 4713 BC to 5874897 AD, its timestamps to 294276 AD; see
// "Date/Time Types" in the PostgreSQL documentation): the API takes instants and dates from
// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. Anything else, and any value the RFC 3339
// parser refuses, is BAD_USER_INPUT, in variables and in the query text alike (filters, mutation
// inputs and arguments share these two scalars).

export const EARLIEST_INSTANT = new Date('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z');

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** What `Date.prototype.toISOString` writes for years 0001–9999, and what the read path's rows hold (src/db/timestamp-text.ts). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function serializeInstant(value: unknown, serialize: (value: unknown) => unknown): unknown {
  if (typeof value !== 'string') return serialize(value);
  if (ISO_INSTANT.test(value)) return value;
  const text = timestampTextOfJson(value);
  return ISO_INSTANT.test(text) ? text : serialize(value);
}

function withinRange(base: GraphQLScalarType, example: string, serializeIsoText = false): GraphQLScalarType {
  const check = (parse: () => unknown, shown: unknown): Date => {
    let value: unknown;
    try {
      value = parse();
    } catch (error) {
      throw badInput(`${base.name} must be written as in RFC 3339, such as ${example} (${error instanceof Error ? error.message : 'invalid'})`);
    }
    const instant = value as Date;
    if (!(instant instanceof Date) || Number.isNaN(instant.getTime()) || instant < EARLIEST_INSTANT || instant > LATEST_INSTANT) {
      throw badInput(`${base.name} ${JSON.stringify(shown)} is outside the range the API stores: years 0001 to 9999 (UTC)`);
    }
    return instant;
  };
  const config = base.toConfig();
  return new GraphQLScalarType({
    ...config,
    description: `${config.description} Years 0001 to 9999 (UTC); anything else is BAD_USER_INPUT.`,
    // Output: an instant already written as toISOString would write it goes out as it is (the same
    // JSON as the Date graphql-scalars would make of it, without the Date).
    // One written inside JSON by PostgreSQL (prefetched rows) is brought to that form first.
    serialize: serializeIsoText ? (value) => serializeInstant(value, config.serialize) : config.serialize,
    parseValue: (value) => check(() => base.parseValue(value), value),
    parseLiteral: (ast, variables) => check(() => base.parseLiteral(ast, variables), 'value' in ast ? ast.value : ast.kind),
  });
}

export const DateTimeScalar = withinRange(DateTimeResolver, '2026-09-14T08:30:00Z', true);
export const DateScalar = withinRange(DateResolver, '2026-09-14');
