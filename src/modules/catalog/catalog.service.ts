import type { RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import type { ModelDefinition } from '../../graphql/model-registry';
import { modelOf } from '../../graphql/models';
import { insertRow, updateRow } from '../../graphql/mutations/row-writer';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { adminCan } from '../../graphql/authorization/viewer';
import type { CreateFormulaInput, CreateLocationInput, FreeLocationsInput, UpdateFormulaInput, UpdateLocationInput } from './catalog.inputs';
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

/** The longest range freeLocations looks at, in hours (a day of lessons). */
export const FREE_LOCATIONS_MAX_HOURS = 12;

/**
 * Active rooms with at least `seats` seats free at every instant of the range: capacity minus the
 * peak occupation by live bookings, individual and group sessions (room_peak, the function the
 * room-capacity trigger uses). Read back through the loaders, so the row policies apply.
 */
export async function freeLocations(context: RequestContext, input: FreeLocationsInput): Promise<Row[]> {
  if (!(await context.viewer())) throw new UnauthenticatedError();
  const hours = (input.endTime.getTime() - input.startTime.getTime()) / 3_600_000;
  if (hours <= 0) throw new BadUserInputError('endTime must be after startTime', ['input.endTime']);
  if (hours > FREE_LOCATIONS_MAX_HOURS) throw new BadUserInputError(`The range may last ${FREE_LOCATIONS_MAX_HOURS} hours at most`, ['input.endTime']);
  const rows = await context.sql.read<{ id: number }>(
    `SELECT id FROM locations WHERE is_active IS NOT FALSE AND capacity - room_peak(id, tstzrange($1, $2)) >= $3 ORDER BY id`,
    [input.startTime, input.endTime, input.seats],
  );
  return (await context.loaders.rowBy(modelOf(Location), 'id').loadMany(rows.map((row) => row.id))).filter((row): row is Row => row !== null && !(row instanceof Error));
}
