import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import { NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import { modelOf } from '../../graphql/models';
import {
  AVAILABILITY_CHANGED,
  BOOKING_CHANGED,
  publishEvents,
  type AvailabilityChangedPayload,
  type BookingChangedPayload,
  type BookingChangeKind,
} from '../../graphql/subscriptions/api-events';
import { subscriberMayRead, type SubscriptionContext } from '../../graphql/subscriptions/subscription-context';
import { Availability } from './availability.entity';
import { Booking } from './booking.entity';
import type { BookingEvent } from './booking-event.type';
import { BookingEventKind } from './scheduling.enums';

// Live updates of scheduling: the mutations publish, inside their transaction, which booking
// changed and how, and which availability became free; each subscriber then reads the row under
// its own rights (bookingChanged, availabilityChanged).

/** Publishes, in the mutation's transaction, that booking `bookingId` changed (delivered on commit). */
export async function publishBookingChanged(manager: EntityManager, bookingId: number, kind: BookingChangeKind): Promise<void> {
  const [booking] = rowsOf<{ teacherId: number; studentId: number }>(
    await manager.query(`SELECT teacher_id AS "teacherId", student_id AS "studentId" FROM bookings WHERE id = $1`, [bookingId]),
  );
  if (!booking) return;
  await publishEvents(manager, [{ topic: BOOKING_CHANGED, id: null, payload: { kind, bookingId, teacherId: booking.teacherId, studentId: booking.studentId } }]);
}

/** Publishes, in the mutation's transaction, the slots that are (again) free to book: published, or freed by a cancellation. */
export async function publishAvailabilityChanged(manager: EntityManager, availabilityIds: number[]): Promise<void> {
  if (availabilityIds.length === 0) return;
  const slots = rowsOf<{ id: number; teacherId: number }>(
    await manager.query(`SELECT id, teacher_id AS "teacherId" FROM availabilities WHERE id = ANY($1::int[])`, [availabilityIds]),
  );
  await publishEvents(manager, slots.map((slot) => ({ topic: AVAILABILITY_CHANGED, id: slot.teacherId, payload: { availabilityId: slot.id } })));
}

export interface BookingChangedArguments {
  teacherId?: string | null;
  studentId?: string | null;
}

/** Does this event concern the subscription's arguments, and may its subscriber read the booking now? */
export async function acceptsBookingEvent(context: SubscriptionContext, event: BookingChangedPayload, args: BookingChangedArguments): Promise<boolean> {
  if (args.teacherId != null && parseId(args.teacherId, 'teacherId') !== event.teacherId) return false;
  if (args.studentId != null && parseId(args.studentId, 'studentId') !== event.studentId) return false;
  return subscriberMayRead(context, modelOf(Booking), event.bookingId);
}

/** The event as the subscriber sees it (the booking read by acceptsBookingEvent, from the loader's cache). */
export async function bookingEventOf(context: SubscriptionContext, event: BookingChangedPayload): Promise<BookingEvent> {
  const booking = await context.loaders.rowBy(modelOf(Booking), 'id').load(event.bookingId);
  if (!booking) throw new NotFoundError('Booking', event.bookingId);
  return { kind: BookingEventKind[event.kind], booking };
}

/** May the subscriber read the slot now (listed teacher, free; or their own)? */
export async function acceptsAvailabilityEvent(context: SubscriptionContext, event: AvailabilityChangedPayload): Promise<boolean> {
  return subscriberMayRead(context, modelOf(Availability), event.availabilityId);
}

export async function availabilityOf(context: SubscriptionContext, event: AvailabilityChangedPayload) {
  const slot = await context.loaders.rowBy(modelOf(Availability), 'id').load(event.availabilityId);
  if (!slot) throw new NotFoundError('Availability', event.availabilityId);
  return slot;
}
