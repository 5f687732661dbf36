import { timestampTextOfJson } from '../../db/timestamp-text';
import { BadUserInputError } from '../errors/domain-error';
import type { ScalarKind } from '../model-registry';
import { EARLIEST_INSTANT, LATEST_INSTANT } from '../scalars/date-range.scalar';
import { orderSignature, type OrderKey } from './order';

// Opaque keyset cursors: base64url of the row's sort values and the ordering they belong to.

type Row = Record<string, unknown>;

/** A sort value as a cursor holds it: instants in toISOString's form (a Date, or text PostgreSQL wrote inside JSON for a prefetched row). */
function cursorValue(value: unknown, key: OrderKey): unknown {
  if (value instanceof Date) return value.toISOString();
  if (key.field.kind === 'datetime' && typeof value === 'string') return timestampTextOfJson(value);
  return value ?? null;
}

export function encodeCursor(row: Row, keys: OrderKey[]): string {
  const payload = { o: orderSignature(keys), v: keys.map((key) => cursorValue(row[key.field.name], key)) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

// Values as encodeCursor writes them, and that PostgreSQL accepts for the column: a cursor edited
// by hand must be a BAD_USER_INPUT, not a database error.
const MAX_INT = 2_147_483_647;
const isInt = (value: unknown) => Number.isInteger(value) && Math.abs(value as number) <= MAX_INT;
// Within the years the DateTime and Date scalars accept (PostgreSQL has no year 0).
const isInstant = (value: unknown) =>
  typeof value === 'string' &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString() === value &&
  new Date(value) >= EARLIEST_INSTANT &&
  new Date(value) <= LATEST_INSTANT;
const isDate = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isInstant(`${value}T00:00:00.000Z`);

const VALUE_CHECKS: Record<ScalarKind, (value: unknown) => boolean> = {
  id: isInt,
  int: isInt,
  float: (value) => typeof value === 'number',
  decimal: (value) => typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value),
  string: (value) => typeof value === 'string' && !value.includes('\u0000'),
  enum: (value) => typeof value === 'string' && !value.includes('\u0000'),
  boolean: (value) => typeof value === 'boolean',
  datetime: isInstant,
  date: isDate,
  json: () => false,
};

/** The sort values a cursor holds, checked against the ordering of the request. */
export function decodeCursor(cursor: string, keys: OrderKey[], argument: string): unknown[] {
  const invalid = () => new BadUserInputError(`${argument} is not a valid cursor for this list and orderBy`, [argument]);
  // Node's base64url decoder skips characters outside the alphabet: accept only what encodeCursor writes.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let payload: { o?: unknown; v?: unknown };
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; v?: unknown };
  } catch {
    throw invalid();
  }
  if (payload === null || typeof payload !== 'object' || payload.o !== orderSignature(keys) || !Array.isArray(payload.v)) throw invalid();
  const values = payload.v;
  if (values.length !== keys.length) throw invalid();
  keys.forEach((key, index) => {
    const value = values[index];
    if (value === null ? !key.field.nullable : !VALUE_CHECKS[key.field.kind](value)) throw invalid();
  });
  return values;
}
