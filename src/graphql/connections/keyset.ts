import { quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import type { OrderKey } from './order';

// Keyset conditions: the rows strictly after (or before) a cursor in the page's ordering.
// Ascending keys put NULLs last and descending keys put them first, PostgreSQL's defaults,
// so ORDER BY and a plain btree index agree with these conditions.

function column(alias: string, key: OrderKey): string {
  return `${alias}.${quoteIdentifier(key.field.column)}`;
}

function equal(alias: string, key: OrderKey, value: unknown, params: SqlParameters): string {
  return value === null ? `${column(alias, key)} IS NULL` : `${column(alias, key)} = ${params.add(value)}`;
}

/** Rows whose key comes strictly later (side 'after') or earlier ('before') than value in the key's order. */
function beyond(alias: string, key: OrderKey, value: unknown, side: 'after' | 'before', params: SqlParameters): string {
  const later = side === 'after' !== key.descending; // true: towards larger values / NULLs
  const name = column(alias, key);
  if (value === null) return later || !key.field.nullable ? 'FALSE' : `${name} IS NOT NULL`;
  const comparison = `${name} ${later ? '>' : '<'} ${params.add(value)}`;
  return later && key.field.nullable ? `(${comparison} OR ${name} IS NULL)` : comparison;
}

export function keysetCondition(alias: string, keys: OrderKey[], values: unknown[], side: 'after' | 'before', params: SqlParameters): string {
  const uniform = keys.every((key) => key.descending === keys[0].descending && !key.field.nullable);
  if (uniform) {
    // Row comparison: one index range scan.
    const later = side === 'after' !== keys[0].descending;
    const columns = keys.map((key) => column(alias, key)).join(', ');
    const placeholders = values.map((value) => params.add(value)).join(', ');
    return `(${columns}) ${later ? '>' : '<'} (${placeholders})`;
  }
  const alternatives = keys.map((key, index) => {
    const prefix = keys.slice(0, index).map((previous, previousIndex) => equal(alias, previous, values[previousIndex], params));
    return [...prefix, beyond(alias, key, values[index], side, params)].join(' AND ');
  });
  return `(${alternatives.map((alternative) => `(${alternative})`).join(' OR ')})`;
}

export function orderByClause(alias: string, keys: OrderKey[], reverse: boolean): string {
  return keys.map((key) => `${column(alias, key)} ${key.descending !== reverse ? 'DESC' : 'ASC'}`).join(', ');
}
