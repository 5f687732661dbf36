import type { RequestContext } from '../../graphql/context';
import { ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import type { ModelDefinition } from '../../graphql/model-registry';
import { modelOf } from '../../graphql/models';
import { insertRow, updateRow } from '../../graphql/mutations/row-writer';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { adminCan } from '../../graphql/authorization/viewer';
import type { CreateFormulaInput, CreateLocationInput, UpdateFormulaInput, UpdateLocationInput } from './catalog.inputs';
import { Formula } from './formula.entity';
import { Location } from './location.entity';

// The catalogue (formulas and rooms) is managed by admins with can_manage_content.

async function save(context: RequestContext, model: ModelDefinition, id: number | null, values: Record<string, unknown>): Promise<Row> {
  const savedId = await runMutation(context, [model], async (manager, viewer) => {
    if (!adminCan(viewer, 'canManageContent')) throw new ForbiddenError('Managing the catalogue needs an admin with can_manage_content');
    if (id === null) return insertRow(manager, model, values);
    if (!(await updateRow(manager, model, id, values))) throw new NotFoundError(model.typeName, id);
    return id;
  });
  return readChanged(context, model, savedId);
}

export function createFormula(context: RequestContext, input: CreateFormulaInput): Promise<Row> {
  return save(context, modelOf(Formula), null, { ...input });
}

export function updateFormula(context: RequestContext, input: UpdateFormulaInput): Promise<Row> {
  const { id, ...patch } = input;
  return save(context, modelOf(Formula), parseId(id, 'input.id'), patch);
}

export function createLocation(context: RequestContext, input: CreateLocationInput): Promise<Row> {
  return save(context, modelOf(Location), null, { ...input, isActive: true });
}

export function updateLocation(context: RequestContext, input: UpdateLocationInput): Promise<Row> {
  const { id, ...patch } = input;
  return save(context, modelOf(Location), parseId(id, 'input.id'), patch);
}
