import type { ModelDefinition, ScalarField } from '../model-registry';

export type OrderDirection = 'ASC' | 'DESC';
export type NullsOrder = 'FIRST' | 'LAST';

export interface OrderByInput {
  field: string;
  direction?: OrderDirection;
  /** Where rows whose field is NULL sort; by default as PostgreSQL: last ascending, first descending. */
  nulls?: NullsOrder | null;
}

export interface OrderKey {
  field: ScalarField;
  descending: boolean;
  /** NULLs before every value in the key's order (always the default, `descending`, on a non-null column). */
  nullsFirst: boolean;
}

/**
 * The sort keys of a page: the requested ones, then `id` as the unique tie-break, in the direction
 * of the last requested key so that one (key..., id) index serves both directions. `nulls` is
 * PostgreSQL's NULLS FIRST / LAST; without it NULLs sort as PostgreSQL sorts them by default
 * (after every value ascending, before every value descending), as a plain btree index reads them.
 */
export function resolveOrder(model: ModelDefinition, orderBy: OrderByInput[] | null | undefined): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const item of orderBy ?? []) {
    const field = model.fieldsByName.get(item.field);
    if (!field || keys.some((key) => key.field === field)) continue;
    const descending = item.direction === 'DESC';
    const nullsFirst = field.nullable && item.nulls ? item.nulls === 'FIRST' : descending;
    keys.push({ field, descending, nullsFirst });
    if (field.name === 'id') return keys;
  }
  const id = model.fieldsByName.get('id') as ScalarField;
  const descending = keys.length > 0 ? keys[keys.length - 1].descending : false;
  keys.push({ field: id, descending, nullsFirst: descending });
  return keys;
}

/** Whether a key's NULLs sort where PostgreSQL puts them without NULLS FIRST / LAST. */
export function defaultNulls(key: OrderKey): boolean {
  return key.nullsFirst === key.descending;
}

/**
 * A short text naming the ordering, carried in cursors so a cursor is only used with its own
 * ordering: `startTime-,id-`; a key with non-default NULLs gets `~` (`completedAt+~` = NULLS FIRST).
 */
export function orderSignature(keys: OrderKey[]): string {
  return keys.map((key) => `${key.field.name}${key.descending ? '-' : '+'}${defaultNulls(key) ? '' : '~'}`).join(',');
}
