import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import type { Viewer } from '../../graphql/authorization/viewer';
import type { RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { UserRole, UserStatus } from '../accounts/account.enums';
import { ActorRole } from '../accounts/actor-role.enum';
import type { BookAvailabilityInput, CancelBookingInput, PublishAvailabilityInput, WithdrawAvailabilityInput } from './booking.inputs';
import { Availability } from './availability.entity';
import { Booking } from './booking.entity';
import { BookingStatus, LessonFormat } from './scheduling.enums';
import { publishAvailabilityChanged, publishBookingChanged } from './booking-events.service';

// Scheduling: teachers publish availabilities, students (or parents allowed to book for them) book
// them, bookings are cancelled or completed. The database has the last word on overlaps
// (exclusion constraints) and on a slot booked twice (a conditional update).

/** Students and parents may cancel up to this long before the lesson; teachers and admins until it starts. */
export const CANCELLATION_CUTOFF_HOURS = 24;
/** A published slot lasts this long at least and at most (chk_availabilities_duration holds it too). */
export const AVAILABILITY_MINUTES = { min: 15, max: 240 } as const;
const MEETING_HOST = 'https://meet.nexus-reussite.tn';
/** How far ahead a slot (the last of a weekly series included) may start: ten years, so dates stay far inside PostgreSQL's and RFC 3339's range. */
export const PUBLISH_HORIZON_DAYS = 3653;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** A video-call link and its passcode (72 and 48 random bits), for an online lesson. */
export function newMeeting(): { meetingUrl: string; meetingPassword: string } {
  return { meetingUrl: `${MEETING_HOST}/${randomBytes(9).toString('base64url')}`, meetingPassword: randomBytes(6).toString('base64url') };
}

/**
 * May this viewer act for this student (book, cancel, reschedule, enroll, leave)? The student
 * themself, a parent whose confirmed link has can_book_sessions, or an admin. The refusal names
 * the reason but never the student (the id may come from a row the viewer cannot read).
 */
export function assertActsForStudent(viewer: Viewer, studentId: number): void {
  if (viewer.role === UserRole.ADMIN) return;
  if (viewer.role === UserRole.STUDENT && viewer.studentId === studentId) return;
  if (viewer.role === UserRole.PARENT) {
    const link = viewer.children.find((child) => child.studentId === studentId);
    if (link?.canBookSessions) return;
    if (link) throw new ForbiddenError('Your link to this child has no booking rights (can_book_sessions is off): ask an admin to grant them');
    if (viewer.pendingChildren.some((child) => child.studentId === studentId)) {
      throw new ForbiddenError('Your link to this child is not confirmed yet: the child (or an admin) must confirm it with confirmParentLink');
    }
  }
  throw new ForbiddenError('Only the student, a parent linked to them with booking rights, or an admin may do this');
}

export function actorOf(viewer: Viewer): ActorRole {
  return viewer.role as unknown as ActorRole;
}

export function readBooking(context: RequestContext, id: number): Promise<Row> {
  return readChanged(context, modelOf(Booking), id);
}

export async function claimAvailability(manager: EntityManager, availabilityId: number) {
  const [slot] = rowsOf<{ teacherId: number; startTime: Date; endTime: Date; isForInPerson: boolean }>(
    await manager.query(
      `UPDATE availabilities SET is_booked = true, updated_at = now()
       WHERE id = $1 AND is_booked IS NOT TRUE AND start_time > now()
       RETURNING teacher_id AS "teacherId", start_time AS "startTime", end_time AS "endTime", is_for_in_person AS "isForInPerson"`,
      [availabilityId],
    ),
  );
  if (slot) return slot;
  const [existing] = rowsOf<{ isBooked: boolean | null; past: boolean }>(
    await manager.query(`SELECT is_booked AS "isBooked", start_time <= now() AS past FROM availabilities WHERE id = $1`, [availabilityId]),
  );
  if (!existing) throw new NotFoundError('Availability', availabilityId);
  if (existing.past) throw new BadUserInputError('This availability has already started', ['input.availabilityId']);
  throw new ConflictError('This availability is already booked');
}

async function checkLocation(manager: EntityManager, input: BookAvailabilityInput, isForInPerson: boolean): Promise<number | null> {
  if (input.format === LessonFormat.ONLINE) {
    if (isForInPerson) throw new BadUserInputError('This availability is for a lesson in the centre: book it IN_PERSON', ['input.format']);
    return null;
  }
  if (!isForInPerson) throw new BadUserInputError('This availability is for an online lesson: book it ONLINE', ['input.format']);
  if (!input.locationId) throw new BadUserInputError('An IN_PERSON lesson needs a locationId', ['input.locationId']);
  const locationId = parseId(input.locationId, 'input.locationId');
  const [location] = rowsOf<{ usable: boolean }>(
    await manager.query(`SELECT (is_active IS NOT FALSE AND capacity > 0) AS usable FROM locations WHERE id = $1`, [locationId]),
  );
  if (!location) throw new NotFoundError('Location', locationId);
  if (!location.usable) throw new BadUserInputError('This location is closed or has no capacity', ['input.locationId']);
  return locationId;
}

async function checkSubject(manager: EntityManager, teacherId: number, subject: string): Promise<void> {
  const [teacher] = rowsOf<{ teaches: boolean }>(
    await manager.query(
      `SELECT EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(subjects, '[]'::jsonb)) AS s WHERE lower(s) = lower($2)) AS teaches
       FROM teachers WHERE id = $1`,
      [teacherId, subject.trim()],
    ),
  );
  if (!teacher?.teaches) throw new BadUserInputError(`The teacher does not teach ${subject}`, ['input.subject']);
}

/** A booking asked by the student or a parent waits for the teacher (PENDING); one an admin arranges is CONFIRMED. */
function initialStatus(viewer: Viewer): BookingStatus {
  return viewer.role === UserRole.ADMIN ? BookingStatus.CONFIRMED : BookingStatus.PENDING;
}

export async function bookAvailability(context: RequestContext, input: BookAvailabilityInput): Promise<Row> {
  const availabilityId = parseId(input.availabilityId, 'input.availabilityId');
  const studentId = parseId(input.studentId, 'input.studentId');
  const bookingId = await runMutation(context, [modelOf(Booking), modelOf(Availability)], async (manager, viewer) => {
    assertActsForStudent(viewer, studentId);
    const [student] = rowsOf(await manager.query(`SELECT 1 FROM students WHERE id = $1 AND is_active IS NOT FALSE`, [studentId]));
    if (!student) throw new NotFoundError('Student', studentId);
    const slot = await claimAvailability(manager, availabilityId);
    const locationId = await checkLocation(manager, input, slot.isForInPerson);
    await checkSubject(manager, slot.teacherId, input.subject);
    const meeting = input.format === LessonFormat.ONLINE ? newMeeting() : null;
    // The room-capacity and teacher-calendar triggers refuse a full room or a teacher already teaching (CONFLICT).
    const [booking] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO bookings (student_id, teacher_id, availability_id, start_time, end_time, format, location_id, subject, topic,
                               duration_minutes, status, meeting_url, meeting_password, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (extract(epoch FROM $5::timestamptz - $4::timestamptz) / 60)::int, $10, $11, $12, $13)
         RETURNING id`,
        [studentId, slot.teacherId, availabilityId, slot.startTime, slot.endTime, input.format, locationId, input.subject.trim(), input.topic ?? null,
          initialStatus(viewer), meeting?.meetingUrl ?? null, meeting?.meetingPassword ?? null, actorOf(viewer)],
      ),
    );
    await publishBookingChanged(manager, booking.id, 'BOOKED');
    return booking.id;
  });
  return readBooking(context, bookingId);
}

/**
 * Cancels a booking: the reason is kept, the meeting link and passcode go, the slot is free again.
 * Publishes the change (`kind`) and the freed slot, delivered on commit.
 */
export async function releaseBooking(manager: EntityManager, bookingId: number, reason: string, kind: 'CANCELLED' | 'DECLINED'): Promise<void> {
  await manager.query(
    `UPDATE bookings SET status = $2, cancellation_reason = $3, meeting_url = NULL, meeting_password = NULL, updated_at = now() WHERE id = $1`,
    [bookingId, BookingStatus.CANCELLED, reason.trim()],
  );
  const freed = rowsOf<{ id: number }>(
    await manager.query(`UPDATE availabilities SET is_booked = false, updated_at = now() WHERE id = (SELECT availability_id FROM bookings WHERE id = $1) RETURNING id`, [bookingId]),
  );
  await publishBookingChanged(manager, bookingId, kind);
  await publishAvailabilityChanged(manager, freed.map((slot) => slot.id));
}

export async function cancelBooking(context: RequestContext, input: CancelBookingInput): Promise<Row> {
  const bookingId = parseId(input.bookingId, 'input.bookingId');
  await runMutation(context, [modelOf(Booking), modelOf(Availability)], async (manager, viewer) => {
    const [booking] = rowsOf<{ studentId: number; teacherId: number; status: string | null; hoursLeft: number }>(
      await manager.query(
        `SELECT student_id AS "studentId", teacher_id AS "teacherId", status, extract(epoch FROM start_time - now()) / 3600 AS "hoursLeft"
         FROM bookings WHERE id = $1 FOR UPDATE`,
        [bookingId],
      ),
    );
    if (!booking) throw new NotFoundError('Booking', bookingId);
    const staff = viewer.role === UserRole.ADMIN || (viewer.role === UserRole.TEACHER && viewer.teacherId === booking.teacherId);
    if (!staff) assertActsForStudent(viewer, booking.studentId);
    if (booking.status !== BookingStatus.PENDING && booking.status !== BookingStatus.CONFIRMED) {
      throw new ConflictError(`A ${booking.status} booking cannot be cancelled`);
    }
    if (booking.hoursLeft <= 0) throw new ConflictError('The lesson has already started');
    if (!staff && booking.hoursLeft < CANCELLATION_CUTOFF_HOURS) {
      throw new ConflictError(`Lessons can be cancelled up to ${CANCELLATION_CUTOFF_HOURS} hours before they start: ask the teacher`);
    }
    await releaseBooking(manager, bookingId, input.reason, 'CANCELLED');
  });
  return readBooking(context, bookingId);
}

export async function publishAvailability(context: RequestContext, input: PublishAvailabilityInput): Promise<Row[]> {
  if (input.endTime.getTime() <= input.startTime.getTime()) throw new BadUserInputError('endTime must be after startTime', ['input.endTime']);
  const minutes = (input.endTime.getTime() - input.startTime.getTime()) / 60_000;
  if (minutes < AVAILABILITY_MINUTES.min || minutes > AVAILABILITY_MINUTES.max) {
    throw new BadUserInputError(`A slot lasts ${AVAILABILITY_MINUTES.min} minutes to ${AVAILABILITY_MINUTES.max / 60} hours; this one lasts ${minutes} minutes`, ['input.endTime']);
  }
  if (input.startTime.getTime() <= Date.now()) throw new BadUserInputError('startTime must be in the future', ['input.startTime']);
  const lastStart = input.startTime.getTime() + (input.weeks - 1) * WEEK_MS;
  if (lastStart > Date.now() + PUBLISH_HORIZON_DAYS * DAY_MS) {
    throw new BadUserInputError(`Slots are published at most ${PUBLISH_HORIZON_DAYS} days ahead, the last weekly one included`, ['input.startTime']);
  }
  const ids = await runMutation(context, [modelOf(Availability)], async (manager, viewer) => {
    if (viewer.role !== UserRole.TEACHER || viewer.teacherId === null) throw new ForbiddenError('Only teachers publish availabilities');
    if (viewer.status !== UserStatus.ACTIVE) throw new ForbiddenError('Your teacher account awaits approval by an admin: you can publish availabilities once approved');
    const weekly = input.weeks > 1;
    const rows = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person, is_recurring, recurring_pattern, is_booked)
         SELECT $1, $2::timestamptz + make_interval(weeks => w), $3::timestamptz + make_interval(weeks => w), $4, $5, $6::jsonb, false
         FROM generate_series(0, $7 - 1) AS w
         RETURNING id`,
        [viewer.teacherId, input.startTime, input.endTime, input.isForInPerson, weekly, weekly ? JSON.stringify({ frequency: 'weekly', occurrences: input.weeks }) : null, input.weeks],
      ),
    );
    const ids = rows.map((row) => row.id);
    await publishAvailabilityChanged(manager, ids);
    return ids;
  });
  const loader = context.loaders.rowBy(modelOf(Availability), 'id');
  return (await loader.loadMany(ids)) as Row[];
}

/**
 * The teacher who published a free future slot (or an admin) takes it off the list; the row is
 * deleted. A conditional DELETE, so that a concurrent booking and a withdrawal cannot both win.
 */
export async function withdrawAvailability(context: RequestContext, input: WithdrawAvailabilityInput): Promise<Row> {
  const availabilityId = parseId(input.availabilityId, 'input.availabilityId');
  // Read (and authorized) before it goes: the answer is the slot as it was.
  const slot = await readChanged(context, modelOf(Availability), availabilityId);
  await runMutation(context, [modelOf(Availability)], async (manager, viewer) => {
    const [owner] = rowsOf<{ teacherId: number; isBooked: boolean | null; started: boolean }>(
      await manager.query(`SELECT teacher_id AS "teacherId", is_booked AS "isBooked", start_time <= now() AS started FROM availabilities WHERE id = $1 FOR UPDATE`, [
        availabilityId,
      ]),
    );
    if (!owner) throw new NotFoundError('Availability', availabilityId);
    if (viewer.role !== UserRole.ADMIN && !(viewer.role === UserRole.TEACHER && viewer.teacherId === owner.teacherId)) {
      throw new ForbiddenError('Only the teacher who published this availability, or an admin, withdraws it');
    }
    if (owner.started) throw new ConflictError('This availability has already started: only future slots are withdrawn');
    if (owner.isBooked) throw new ConflictError('This availability is booked: cancel the booking first');
    await manager.query(`DELETE FROM availabilities WHERE id = $1`, [availabilityId]);
  });
  return slot;
}
