import type { EntityManager } from 'typeorm';
import { checkViolation } from '../../db/check-constraint';
import type { Viewer } from '../authorization/viewer';
import { VIEWER_TABLES, type RequestContext } from '../context';
import { BadUserInputError, ConflictError, DomainError, NotFoundError, UnauthenticatedError } from '../errors/domain-error';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition } from '../model-registry';

// Every mutation: signed-in viewer, one transaction, database refusals turned into domain errors,
// and the request's loaders cleared of the models it changed (and the viewer forgotten when they
// are what a viewer is made of: the next mutation of the request reads it again).

interface PostgresError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** Constraint name → what a client should be told. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  excl_bookings_teacher_time: 'This time overlaps another booking of the teacher',
  excl_bookings_student_time: 'This time overlaps another booking of the student',
  excl_availabilities_teacher_time: 'This slot overlaps another availability of the teacher',
  excl_lessons_teacher_time: 'The teacher already has a lesson (booking, individual or group session) at this time',
  excl_lessons_room_capacity: 'The room is full at this time: its capacity is reached (see freeLocations)',
  excl_locations_capacity_below_peak: 'The room has more seats taken at some future time than this capacity: cancel or move those lessons first',
  excl_group_sessions_group_time: 'The group already has a session at this time',
  uq_enrollments_active_group_student: 'The student is already enrolled in this group',
  uq_session_reports_booking_id: 'This booking already has a session report',
};

export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const { code, constraint } = (error ?? {}) as PostgresError;
  const known = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
  if (code === '23P01' || code === '23505') return new ConflictError(known ?? 'This conflicts with an existing record');
  if (code === '23514') {
    const { message, fields } = checkViolation(constraint, 'input');
    return new BadUserInputError(message, fields);
  }
  if (code === '23503') return new BadUserInputError('A referenced record does not exist', ['input']);
  if (code === '40001' || code === '40P01') return new ConflictError('Another change happened at the same time: try again');
  return error;
}

export async function runMutation<T>(
  context: RequestContext,
  changes: ModelDefinition[],
  work: (manager: EntityManager, viewer: Viewer) => Promise<T>,
): Promise<T> {
  const viewer = await context.viewer();
  if (!viewer) throw new UnauthenticatedError();
  try {
    return await context.sql.transaction((manager) => work(manager, viewer));
  } catch (error) {
    throw translateDatabaseError(error);
  } finally {
    if (changes.some((model) => VIEWER_TABLES.has(model.table))) context.forgetViewer();
    else for (const model of changes) context.loaders.clear(model);
  }
}

/**
 * The row a mutation changed, read back through the request's loaders (so it is authorized like
 * any read); NOT_FOUND when the viewer may not see it or it is gone.
 */
export async function readChanged(context: RequestContext, model: ModelDefinition, id: number): Promise<Row> {
  const row = await context.loaders.rowBy(model, 'id').load(id);
  if (!row) throw new NotFoundError(model.typeName, id);
  return row;
}
