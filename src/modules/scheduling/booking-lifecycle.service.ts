import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import type { Viewer } from '../../graphql/authorization/viewer';
import type { RequestContext } from '../../graphql/context';
import { ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { runMutation } from '../../graphql/mutations/run-mutation';
import { UserRole } from '../accounts/account.enums';
import { Availability } from './availability.entity';
import { Booking } from './booking.entity';
import type { BookingActionInput, DeclineBookingInput } from './booking.inputs';
import { readBooking, releaseBooking } from './booking.service';
import { BookingStatus } from './scheduling.enums';
import { publishBookingChanged } from './booking-events.service';

// The teacher's side of a booking's life: PENDING → CONFIRMED (confirmBooking) or CANCELLED
// (declineBooking), CONFIRMED → COMPLETED (completeBooking) or NO_SHOW (markNoShow). Each step
// locks the booking row (FOR UPDATE) and changes it only from the status it expects, so two
// concurrent steps cannot both apply.

interface LockedBooking {
  teacherId: number;
  status: BookingStatus | null;
  started: boolean;
}

/** Locks the booking; only its teacher or an admin takes the teacher's steps (FORBIDDEN otherwise). */
async function lockForTeacher(manager: EntityManager, viewer: Viewer, bookingId: number, step: string): Promise<LockedBooking> {
  const [booking] = rowsOf<LockedBooking>(
    await manager.query(`SELECT teacher_id AS "teacherId", status, start_time <= now() AS started FROM bookings WHERE id = $1 FOR UPDATE`, [bookingId]),
  );
  if (!booking) throw new NotFoundError('Booking', bookingId);
  if (viewer.role !== UserRole.ADMIN && !(viewer.role === UserRole.TEACHER && viewer.teacherId === booking.teacherId)) {
    throw new ForbiddenError(`Only the teacher of the lesson or an admin can ${step} it`);
  }
  return booking;
}

function expectStatus(booking: LockedBooking, expected: BookingStatus, step: string): void {
  if (booking.status !== expected) {
    throw new ConflictError(`A ${booking.status ?? 'pending'} booking cannot be ${step}: only a ${expected} one can`);
  }
}

async function setStatus(manager: EntityManager, bookingId: number, status: BookingStatus): Promise<void> {
  await manager.query(`UPDATE bookings SET status = $2, updated_at = now() WHERE id = $1`, [bookingId, status]);
}

/** One status change of the teacher's: from one status to another, before or after the lesson starts. */
interface TeacherStep {
  verb: string;
  done: string;
  from: BookingStatus;
  to: BookingStatus;
  /** Whether the lesson must have started (true) or not yet (false). */
  started: boolean;
  timing: string;
  /** The bookingChanged event it publishes. */
  kind: 'CONFIRMED' | 'COMPLETED' | 'NO_SHOW';
}

async function takeStep(context: RequestContext, input: BookingActionInput, step: TeacherStep): Promise<Row> {
  const bookingId = parseId(input.bookingId, 'input.bookingId');
  await runMutation(context, [modelOf(Booking)], async (manager, viewer) => {
    const booking = await lockForTeacher(manager, viewer, bookingId, step.verb);
    expectStatus(booking, step.from, step.done);
    if (booking.started !== step.started) throw new ConflictError(step.timing);
    await setStatus(manager, bookingId, step.to);
    await publishBookingChanged(manager, bookingId, step.kind);
  });
  return readBooking(context, bookingId);
}

export function confirmBooking(context: RequestContext, input: BookingActionInput): Promise<Row> {
  return takeStep(context, input, {
    verb: 'confirm',
    done: 'confirmed',
    from: BookingStatus.PENDING,
    to: BookingStatus.CONFIRMED,
    started: false,
    timing: 'The lesson has already started: it can no longer be confirmed',
    kind: 'CONFIRMED',
  });
}

export function completeBooking(context: RequestContext, input: BookingActionInput): Promise<Row> {
  return takeStep(context, input, {
    verb: 'complete',
    done: 'completed',
    from: BookingStatus.CONFIRMED,
    to: BookingStatus.COMPLETED,
    started: true,
    timing: 'The lesson has not started yet',
    kind: 'COMPLETED',
  });
}

export function markNoShow(context: RequestContext, input: BookingActionInput): Promise<Row> {
  return takeStep(context, input, {
    verb: 'mark as a no-show',
    done: 'marked as a no-show',
    from: BookingStatus.CONFIRMED,
    to: BookingStatus.NO_SHOW,
    started: true,
    timing: 'The lesson has not started yet: a no-show is recorded once it has',
    kind: 'NO_SHOW',
  });
}

export async function declineBooking(context: RequestContext, input: DeclineBookingInput): Promise<Row> {
  const bookingId = parseId(input.bookingId, 'input.bookingId');
  await runMutation(context, [modelOf(Booking), modelOf(Availability)], async (manager, viewer) => {
    const booking = await lockForTeacher(manager, viewer, bookingId, 'decline');
    expectStatus(booking, BookingStatus.PENDING, 'declined');
    await releaseBooking(manager, bookingId, input.reason, 'DECLINED');
  });
  return readBooking(context, bookingId);
}
