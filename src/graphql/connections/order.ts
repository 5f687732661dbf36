import type { ModelDefinition, ScalarField } from '../model-registry';

export type OrderDirection = 'ASC' | 'DESC';

export interface OrderByInput {
  field: string;
  direction?: OrderDirection;
}

export interface OrderKey {
  field: ScalarField;
  descending: boolean;
}

/**
 * The sort keys of a page: the requested ones, then `id` as the unique tie-break, in the direction
 * of the last requested key so that one (key..., id) index serves both directions.
 */
export function resolveOrder(model: ModelDefinition, orderBy: OrderByInput[] | null | undefined): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const item of orderBy ?? []) {
    const field = model.fieldsByName.get(item.field);
    if (!field || keys.some((key) => key.field === field)) continue;
    keys.push({ field, descending: item.direction === 'DESC' });
    if (field.name === 'id') return keys;
  }
  const id = model.fieldsByName.get('id') as ScalarField;
  keys.push({ field: id, descending: keys.length > 0 ? keys[keys.length - 1].descending : false });
  return keys;
}

/** A short text naming the ordering, carried in cursors so a cursor is only used with its own ordering. */
export function orderSignature(keys: OrderKey[]): string {
  return keys.map((key) => `${key.field.name}${key.descending ? '-' : '+'}`).join(',');
}
