import type { ModelDefinition } from '../model-registry';
import { defineModelFilter } from './filter-types';

const filters = new Map<ModelDefinition, Function>();

/** The XFilter input of a model, defined once and shared by its root list and every relationship to it. */
export function defineFilterArgument(model: ModelDefinition): Function {
  let filter = filters.get(model);
  if (!filter) {
    filter = defineModelFilter(model);
    filters.set(model, filter);
  }
  return filter;
}
