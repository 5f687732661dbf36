import { types, type CustomTypesConfig } from 'pg';

/**
 * pg type parsers for the read path (SqlClient.query): `timestamptz` values stay strings, in the
 * form `Date.prototype.toISOString` writes (`2026-11-25T04:54:07.123Z`, what the DateTime scalar
 * has always sent), instead of a `Date` per value that graphql-js then turns back into that
 * string. Rows of the read path go to the response (and to cursors) as they are; services that
 * compute with dates read through TypeORM (transactions), which keeps pg's `Date` parser.
 *
 * PostgreSQL writes a timestamptz in the session's TimeZone (DateStyle ISO): with UTC, as
 * `2026-11-25 04:54:07.123456+00`. That form is rewritten directly, keeping the first three digits
 * of the fraction (pg's parser, postgres-date, truncates to milliseconds the same way: checked for
 * every millisecond and every 7th microsecond value in test/db/timestamp-text.test.ts; all 10^6 matched
 * when first written); any other form (another time zone,
 * BC, infinity) goes through pg's own parser and `toISOString`.
 */
export function timestampText(text: string): string {
  const match = UTC_TIMESTAMP.exec(text);
  if (match !== null) return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  const parsed = parseTimestamp(text) as Date | number;
  // ±infinity: pg gives ±Infinity, which the scalar refuses, as it always did.
  return parsed instanceof Date ? parsed.toISOString() : String(parsed);
}

const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;
const parseTimestamp = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text');

/** The type parsers of SqlClient.query: pg's, but `timestamptz` as ISO text (timestampText). */
export const READ_PATH_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.TIMESTAMPTZ && format !== 'binary' ? timestampText : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};
