import { rowsOf } from '../../db/query-result';
import type { Viewer } from '../../graphql/authorization/viewer';
import type { RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { updateRow } from '../../graphql/mutations/row-writer';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { UserRole } from '../accounts/account.enums';
import { Availability } from './availability.entity';
import { Booking } from './booking.entity';
import { assertActsForStudent, CANCELLATION_CUTOFF_HOURS, claimAvailability, readBooking } from './booking.service';
import type { RescheduleBookingInput, UpdateSessionReportInput, WriteSessionReportInput } from './lesson.inputs';
import { publishAvailabilityChanged, publishBookingChanged } from './booking-events.service';
import { BookingStatus, LessonFormat } from './scheduling.enums';
import { SessionReport } from './session-report.entity';

// After booking: the teacher reports on a completed lesson; a confirmed lesson is moved to another
// slot of the same teacher. The unique booking_id of session_reports and the exclusion constraints
// of bookings have the last word under concurrency.

function isTeacherOf(viewer: Viewer, teacherId: number): boolean {
  return viewer.role === UserRole.TEACHER && viewer.teacherId === teacherId;
}

export async function writeSessionReport(context: RequestContext, input: WriteSessionReportInput): Promise<Row> {
  const bookingId = parseId(input.bookingId, 'input.bookingId');
  const reportId = await runMutation(context, [modelOf(SessionReport)], async (manager, viewer) => {
    const [booking] = rowsOf<{ teacherId: number; status: string | null }>(
      await manager.query(`SELECT teacher_id AS "teacherId", status FROM bookings WHERE id = $1 FOR SHARE`, [bookingId]),
    );
    if (!booking) throw new NotFoundError('Booking', bookingId);
    if (!isTeacherOf(viewer, booking.teacherId)) throw new ForbiddenError('Only the teacher of the lesson writes its report');
    if (booking.status !== BookingStatus.COMPLETED) throw new ConflictError(`A ${booking.status} booking cannot be reported on: complete it first`);
    const [report] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO session_reports (booking_id, teacher_id, topics_covered, student_performance, participation_level, comprehension_level,
                                      teacher_notes, homework_assigned, next_session_recommendations, parent_feedback_requested)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          bookingId,
          booking.teacherId,
          JSON.stringify(input.topicsCovered.map((topic) => topic.trim())),
          input.studentPerformance,
          input.participationLevel ?? null,
          input.comprehensionLevel ?? null,
          input.teacherNotes ?? null,
          input.homeworkAssigned ?? null,
          input.nextSessionRecommendations ?? null,
          input.parentFeedbackRequested,
        ],
      ),
    );
    return report.id;
  });
  return readChanged(context, modelOf(SessionReport), reportId);
}

/** The teacher who wrote a report changes it; absent fields stay as they are. */
export async function updateSessionReport(context: RequestContext, input: UpdateSessionReportInput): Promise<Row> {
  const reportId = parseId(input.sessionReportId, 'input.sessionReportId');
  const reports = modelOf(SessionReport);
  await runMutation(context, [reports], async (manager, viewer) => {
    const [report] = rowsOf<{ teacherId: number }>(await manager.query(`SELECT teacher_id AS "teacherId" FROM session_reports WHERE id = $1 FOR UPDATE`, [reportId]));
    if (!report) throw new NotFoundError('SessionReport', reportId);
    if (!isTeacherOf(viewer, report.teacherId)) throw new ForbiddenError('Only the teacher who wrote the report changes it');
    const { sessionReportId: _id, topicsCovered, ...patch } = input;
    await updateRow(manager, reports, reportId, { ...patch, topicsCovered: topicsCovered?.map((topic) => topic.trim()) });
  });
  return readChanged(context, reports, reportId);
}

export async function rescheduleBooking(context: RequestContext, input: RescheduleBookingInput): Promise<Row> {
  const bookingId = parseId(input.bookingId, 'input.bookingId');
  const availabilityId = parseId(input.availabilityId, 'input.availabilityId');
  await runMutation(context, [modelOf(Booking), modelOf(Availability)], async (manager, viewer) => {
    const [booking] = rowsOf<{
      studentId: number;
      teacherId: number;
      availabilityId: number | null;
      format: string;
      status: string | null;
      hoursLeft: number;
      minutes: number;
    }>(
      await manager.query(
        `SELECT student_id AS "studentId", teacher_id AS "teacherId", availability_id AS "availabilityId", format, status,
                extract(epoch FROM start_time - now()) / 3600 AS "hoursLeft", extract(epoch FROM end_time - start_time)::int / 60 AS minutes
         FROM bookings WHERE id = $1 FOR UPDATE`,
        [bookingId],
      ),
    );
    if (!booking) throw new NotFoundError('Booking', bookingId);
    const staff = viewer.role === UserRole.ADMIN || isTeacherOf(viewer, booking.teacherId);
    if (!staff) assertActsForStudent(viewer, booking.studentId);
    if (booking.status !== BookingStatus.CONFIRMED && booking.status !== BookingStatus.PENDING) {
      throw new ConflictError(`A ${booking.status} booking cannot be rescheduled`);
    }
    if (booking.hoursLeft <= 0) throw new ConflictError('The lesson has already started');
    if (!staff && booking.hoursLeft < CANCELLATION_CUTOFF_HOURS) {
      throw new ConflictError(`Lessons can be rescheduled up to ${CANCELLATION_CUTOFF_HOURS} hours before they start: ask the teacher`);
    }
    if (booking.availabilityId === availabilityId) throw new BadUserInputError('The lesson already takes this availability', ['input.availabilityId']);
    // Free the old slot, then claim the new one as bookAvailability does (a conditional update).
    if (booking.availabilityId !== null) {
      await manager.query(`UPDATE availabilities SET is_booked = false, updated_at = now() WHERE id = $1`, [booking.availabilityId]);
    }
    const slot = await claimAvailability(manager, availabilityId);
    if (slot.teacherId !== booking.teacherId) throw new BadUserInputError('The availability must be one of the same teacher', ['input.availabilityId']);
    if (slot.isForInPerson !== (booking.format === LessonFormat.IN_PERSON)) {
      throw new BadUserInputError(`The availability must be for ${booking.format === LessonFormat.IN_PERSON ? 'an in-person' : 'an online'} lesson, as the booking`, [
        'input.availabilityId',
      ]);
    }
    // The lesson keeps its length, from the start of the new slot: a shorter slot is refused.
    const slotMinutes = (slot.endTime.getTime() - slot.startTime.getTime()) / 60_000;
    if (slotMinutes < booking.minutes) {
      throw new BadUserInputError(`The lesson lasts ${booking.minutes} minutes and this availability only ${slotMinutes}: a reschedule keeps the lesson's length`, [
        'input.availabilityId',
      ]);
    }
    // The exclusion constraints and the lesson triggers refuse a time overlapping another lesson of
    // the teacher or a booking of the student, or a full room (CONFLICT).
    await manager.query(
      `UPDATE bookings SET availability_id = $2, start_time = $3, end_time = $3::timestamptz + make_interval(mins => $4), duration_minutes = $4, updated_at = now()
       WHERE id = $1`,
      [bookingId, availabilityId, slot.startTime, booking.minutes],
    );
    await publishBookingChanged(manager, bookingId, 'RESCHEDULED');
    await publishAvailabilityChanged(manager, booking.availabilityId === null ? [] : [booking.availabilityId]);
  });
  return readBooking(context, bookingId);
}
