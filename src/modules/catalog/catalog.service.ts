import type { RequestContext } from '../../graphql/context';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../graphql/errors/domain-error';
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

type BeforeUpdate = (manager: EntityManager, id: number) => Promise<void>;

async function save(context: RequestContext, model: ModelDefinition, id: number | null, values: Record<string, unknown>, beforeUpdate?: BeforeUpdate): Promise<Row> {
  const savedId = await runMutation(context, [model], async (manager, viewer) => {
    if (!adminCan(viewer, 'canManageContent')) throw new ForbiddenError('Managing the catalogue needs an admin with can_manage_content');
    if (id === null) return insertRow(manager, model, values);
    await beforeUpdate?.(manager, id);
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

/**
 * A room's capacity goes below the seats already taken in it from now on only if nothing is
 * booked then: under the room's row lock (the lock the lesson triggers take before counting
 * seats), the busiest instant from now on (room_busiest_instant, migration RoomCapacityFloor) is
 * compared with the new capacity. CONFLICT naming the seats taken and the instant otherwise; the
 * trigger trg_locations_capacity holds the same rule for every other writer.
 */
function keepBookedSeats(capacity: number | undefined): BeforeUpdate | undefined {
  if (capacity === undefined || capacity === null) return undefined;
  return async (manager, id) => {
    const [room] = rowsOf<{ capacity: number }>(await manager.query(`SELECT capacity FROM locations WHERE id = $1 FOR NO KEY UPDATE`, [id]));
    if (!room || capacity >= room.capacity) return;
    const [busiest] = rowsOf<{ seats: number; at: Date }>(await manager.query(`SELECT seats, at FROM room_busiest_instant($1, tstzrange(now(), NULL))`, [id]));
    if (busiest && busiest.seats > capacity) {
      throw new ConflictError(
        `Location ${id} has ${busiest.seats} seats taken at ${busiest.at.toISOString()}: its capacity cannot go below ${busiest.seats} until those lessons are cancelled or moved`,
      );
    }
  };
}

export function updateLocation(context: RequestContext, input: UpdateLocationInput): Promise<Row> {
  const { id, ...patch } = input;
  return save(context, modelOf(Location), parseId(id, 'input.id'), patch, keepBookedSeats(patch.capacity));
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
