import { isDeepStrictEqual } from 'node:util';
import { post } from './load';
import { ADMIN_BOOKING_CURSOR, ADMIN_FILTER } from './postgraphile-queries';

// What the bench does with the PostGraphile server beyond sending it the screens: find its own
// cursor for the deep page, read its statement counter, compare its data with the API's.

/** PostGraphile's cursor for the row the API's deep cursor points at (the same place in the same order). */
export async function postgraphileDeepCursor(url: string, apiCursor: string | null): Promise<string | null> {
  if (apiCursor === null) return null;
  const [, id] = (JSON.parse(Buffer.from(apiCursor, 'base64url').toString('utf8')) as { v: [string, number] }).v;
  const result = await post(url, '', { operationName: 'AdminBookingCursor', query: ADMIN_BOOKING_CURSOR, variables: { filter: { ...ADMIN_FILTER, rowId: { equalTo: Number(id) } } } });
  if (result.status !== 200 || result.errors) throw new Error(`the deep cursor on PostGraphile: HTTP ${result.status} ${JSON.stringify(result.errors).slice(0, 500)}`);
  const cursor = (result.data as { allBookings: { edges: Array<{ cursor: string }> } }).allBookings.edges[0]?.cursor;
  if (cursor === undefined) throw new Error(`PostGraphile has no booking ${id} in the admin list`);
  return cursor;
}

/** How many statements PostGraphile has sent so far (its server's GET /bench/statements). */
export async function postgraphileStatements(graphqlUrl: string): Promise<number> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/bench/statements'));
  return ((await response.json()) as { statements: number }).statements;
}

/**
 * Whether PostGraphile's `data` for a screen holds the API's values: the to-one objects the API's
 * policies hide are left out (POLICY_HIDDEN_FIELDS), then both sides are normalised (rowId as a
 * number, lower-case enums...). `masked` counts the objects left out.
 */
export function compareWithApi(queryId: string, expected: unknown, actual: unknown): { same: boolean; masked: number } {
  const reshaped = queryId === 'ag' ? reshapeAggregates(actual) : actual;
  const masked = maskPolicyHidden(expected, reshaped, POLICY_HIDDEN_FIELDS[queryId] ?? []);
  return { same: isDeepStrictEqual(normalizeData(masked.data), normalizeData(expected)), masked: masked.masked };
}

interface PgAggregateGroup {
  keys: Array<string | null>;
  distinctCount: { rowId: string };
  [aggregate: string]: unknown;
}

/**
 * A decimal text rounded half away from zero to `places` decimals, exactly (BigInt): the API's
 * Decimal `avg` (README "Aggregates") from pg-aggregates' full-precision BigFloat.
 */
export function roundDecimal(text: string, places: number): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (match === null) return text;
  const [, sign, whole, fraction = ''] = match;
  const digits = BigInt(whole + fraction.padEnd(places + 1, '0').slice(0, places + 1));
  const rounded = ((digits + 5n) / 10n).toString().padStart(places + 1, '0');
  const value = `${rounded.slice(0, -places)}.${rounded.slice(-places)}`;
  return /^0\.0*$/.test(value) ? value : `${sign}${value}`;
}

/** A group key as the API writes it: pg-aggregates answers timestamps as PostgreSQL's text ("2026-09-01 00:00:00+00"). */
function apiKey(key: string | null): string | null {
  const timestamp = key === null ? null : /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(key);
  if (timestamp === null) return key;
  const [, date, time, hours, minutes = '00'] = timestamp;
  return new Date(`${date}T${time}${hours}:${minutes}`).toISOString();
}

function apiGroups(groups: PgAggregateGroup[]): unknown[] {
  const reshaped = groups.map(({ keys, distinctCount, average, ...rest }) => ({
    keys: keys.map(apiKey),
    count: Number(distinctCount.rowId),
    ...rest,
    ...(average === undefined ? {} : { avg: Object.fromEntries(Object.entries(average as Record<string, string | null>).map(([field, value]) => [field, value === null ? null : roundDecimal(value, 3)])) }),
  }));
  // The API orders groups by their keys, nulls last; pg-aggregates in no given order.
  const text = (group: { keys: Array<string | null> }): string => group.keys.map((key) => (key === null ? '\uffff' : key.toLowerCase())).join('\u0000');
  return reshaped.sort((left, right) => (text(left) < text(right) ? -1 : text(left) > text(right) ? 1 : 0));
}

interface PgAggregatesScreen {
  bookings: { totalCount: number; aggregates: { distinctCount: { studentId: string } }; groupedAggregates: PgAggregateGroup[] };
  teachers: { nodes: Array<{ id: number; lastName: string; bookings: { groupedAggregates: PgAggregateGroup[] } }> };
  formulas: { groupedAggregates: PgAggregateGroup[] };
}

/**
 * Screen ag as pg-aggregates answers it, in the API's shape: `totalCount` becomes
 * `aggregates.count`, each group's distinct count of the primary key its `count`, `average`
 * `avg` (rounded to 3 decimals as the API's Decimal average), timestamp keys ISO instants in UTC,
 * groups ordered by their keys.
 */
export function reshapeAggregates(data: unknown): unknown {
  const screen = data as PgAggregatesScreen;
  return {
    bookings: {
      aggregates: { count: screen.bookings.totalCount, distinctCount: { studentId: Number(screen.bookings.aggregates.distinctCount.studentId) } },
      groupedAggregates: apiGroups(screen.bookings.groupedAggregates),
    },
    teachers: { nodes: screen.teachers.nodes.map((teacher) => ({ ...teacher, bookings: { groupedAggregates: apiGroups(teacher.bookings.groupedAggregates) } })) },
    formulas: { groupedAggregates: apiGroups(screen.formulas.groupedAggregates) },
  };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/**
 * The comparable form of a response's `data`, for the same-data check across the API and
 * PostGraphile: ids and numbers as strings, timestamps as ISO instants in UTC, enum-like words
 * (CONFIRMED / confirmed) in lower case, JSON values as canonical text; cursors (opaque and
 * server-specific) reduced to whether there is one.
 */
export function normalizeData(value: unknown, key = ''): unknown {
  if (key === 'endCursor') return value === null ? null : 'cursor';
  if (Array.isArray(value)) return value.map((item) => normalizeData(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, normalizeData(item, name)]));
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (TIMESTAMP.test(value)) return new Date(value).toISOString();
    if (/^[A-Za-z_]+$/.test(value)) return value.toLowerCase();
  }
  return value;
}

/**
 * To-one fields the API's row policies may answer with null where PostGraphile (database owner,
 * no policies, and no way to express a per-row condition on a to-one field in its schema) returns
 * the row: a: the student of a booking the teacher no longer teaches (the teaching relationship
 * ends three months after the last lesson, measured from now(), while the seed's week is fixed);
 * b: the child of a link the parent has not had confirmed yet.
 */
export const POLICY_HIDDEN_FIELDS: Record<string, string[]> = { a: ['student'], b: ['childUser'] };

/**
 * PostGraphile's `data` with the POLICY_HIDDEN_FIELDS of the screen set to null where the API's
 * `reference` has null; returns the data and how many objects were masked (reported by the bench).
 */
export function maskPolicyHidden(reference: unknown, candidate: unknown, fields: string[]): { data: unknown; masked: number } {
  let masked = 0;
  const walk = (expected: unknown, actual: unknown): unknown => {
    if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((item, index) => walk(expected[index], item));
    if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') return actual;
    const known = expected as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(actual as Record<string, unknown>).map(([name, item]) => {
        if (fields.includes(name) && known[name] === null && item !== null) {
          masked += 1;
          return [name, null];
        }
        return [name, walk(known[name], item)];
      }),
    );
  };
  return { data: walk(reference, candidate), masked };
}
