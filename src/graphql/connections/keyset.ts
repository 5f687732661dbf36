import { quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import { defaultNulls, type OrderKey } from './order';

// Keyset conditions: the rows strictly after (or before) a cursor in the page's ordering. Each key
// sorts its values ascending or descending and its NULLs first or last (order.ts: PostgreSQL's
// defaults unless `nulls` says otherwise), so a cursor whose value is NULL continues exactly: the
// NULLs form one block at one end, ordered within by the next keys (the id last).

function column(alias: string, key: OrderKey): string {
  return `${alias}.${quoteIdentifier(key.field.column)}`;
}

function equal(alias: string, key: OrderKey, value: unknown, params: SqlParameters): string {
  return value === null ? `${column(alias, key)} IS NULL` : `${column(alias, key)} = ${params.add(value)}`;
}

/** Rows whose key comes strictly later (side 'after') or earlier ('before') than value in the key's order. */
function beyond(alias: string, key: OrderKey, value: unknown, side: 'after' | 'before', params: SqlParameters): string {
  const after = side === 'after';
  const nullsBeyond = key.field.nullable && after !== key.nullsFirst; // the NULL block lies on this side
  const name = column(alias, key);
  if (value === null) return nullsBeyond || !key.field.nullable ? 'FALSE' : `${name} IS NOT NULL`;
  const comparison = `${name} ${after !== key.descending ? '>' : '<'} ${params.add(value)}`;
  return nullsBeyond ? `(${comparison} OR ${name} IS NULL)` : comparison;
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

/** ORDER BY of the keys, reversed for `last`; NULLS FIRST / LAST written only where not PostgreSQL's default (so the text, and the index it reads, stay as before). */
export function orderByClause(alias: string, keys: OrderKey[], reverse: boolean): string {
  return keys
    .map((key) => {
      const descending = key.descending !== reverse;
      const nulls = defaultNulls(key) ? '' : ` NULLS ${key.nullsFirst !== reverse ? 'FIRST' : 'LAST'}`;
      return `${column(alias, key)} ${descending ? 'DESC' : 'ASC'}${nulls}`;
    })
    .join(', ');
}
