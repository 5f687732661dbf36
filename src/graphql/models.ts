import { ENTITIES } from '../db/entities';
import { buildModelRegistry, type ModelDefinition } from './model-registry';

/** Every model of the API, derived once from the entities. */
export const MODELS: readonly ModelDefinition[] = buildModelRegistry(ENTITIES);

const BY_ENTITY = new Map(MODELS.map((model) => [model.entity, model]));

export function modelOf(entity: Function): ModelDefinition {
  const model = BY_ENTITY.get(entity);
  if (!model) throw new Error(`${entity.name} is not a registered model`);
  return model;
}
