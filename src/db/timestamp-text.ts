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
  if (match !== null) return `${match[1]}T${match[2]}.${milliseconds(match[3])}Z`;
  const parsed = parseTimestamp(text) as Date | number;
  // ±infinity: pg gives ±Infinity, which the scalar refuses, as it always did.
  return parsed instanceof Date ? parsed.toISOString() : String(parsed);
}

const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * A timestamptz as PostgreSQL writes it inside JSON (`to_json`: ISO 8601 with the session's
 * offset, `2026-11-25T04:54:07.123456+00:00`), in `toISOString`'s form like timestampText: the
 * fraction truncated to milliseconds. Prefetched rows (src/graphql/prefetch) carry their
 * timestamps this way (formatting them in SQL with to_char cost PostgreSQL 17 % of screen f's
 * statement); the DateTime scalar and cursors bring them to this form when they send them. Other
 * offsets (a session time zone other than UTC) are computed from the parts, to the millisecond.
 */
export function timestampTextOfJson(text: string): string {
  const match = JSON_UTC_TIMESTAMP.exec(text);
  if (match !== null) return `${match[1]}.${milliseconds(match[2])}Z`;
  const parts = JSON_TIMESTAMP.exec(text);
  // Not a timestamp PostgreSQL wrote in JSON: left as it is.
  if (parts === null) return text;
  const [year, month, day, hours, minutes, seconds] = parts.slice(1, 7).map(Number);

  const [offsetHours, offsetMinutes, offsetSeconds] = parts.slice(9, 12).map((part) => Number(part ?? 0));
  const offset = (parts[8] === '-' ? -1 : 1) * ((offsetHours * 60 + offsetMinutes) * 60 + offsetSeconds) * 1000;
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const instant = new Date(0);
  instant.setUTCFullYear(parts[12] === undefined ? year : 1 - year, month - 1, day);
  instant.setUTCHours(hours, minutes, seconds, Number(milliseconds(parts[7])));
  return new Date(instant.getTime() - offset).toISOString();
}

const JSON_UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00:00$/;
/** Any offset, with seconds (local mean time before standard zones), years past 9999 in a zone ahead of UTC, BC (year 1 BC is year 0). */
const JSON_TIMESTAMP = /^(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2}):(\d{2})(?::(\d{2}))?( BC)?$/;
const parseTimestamp = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text');

/** A fraction of a second of 1 to 6 digits (or none) as three digits of milliseconds, truncated as pg's parser does. */
function milliseconds(fraction: string | undefined): string {
  return (fraction ?? '').padEnd(3, '0').slice(0, 3);
}

/** The type parsers of SqlClient.query: pg's, but `timestamptz` as ISO text (timestampText). */
export const READ_PATH_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.TIMESTAMPTZ && format !== 'binary' ? timestampText : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};
