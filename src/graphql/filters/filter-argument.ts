import type { ModelDefinition } from '../model-registry';
import { defineModelFilter } from './filter-types';
import { relationFilterFields } from './relation-filter-types';

const filters = new Map<ModelDefinition, Function>();
const filterTypeNames = new Set<string>();

/** Whether a GraphQL input type is the XFilter of a model (its and / or / not entries nest). */
export function isModelFilterType(typeName: string): boolean {
  return filterTypeNames.has(typeName);
}

/** The XFilter input of a model, defined once and shared by its root list and every relationship to it. */
export function defineFilterArgument(model: ModelDefinition): Function {
  let filter = filters.get(model);
  if (!filter) {
    filter = defineModelFilter(model, relationFilterFields(model, defineFilterArgument));
    filters.set(model, filter);
    filterTypeNames.add(`${model.typeName}Filter`);
  }
  return filter;
}
