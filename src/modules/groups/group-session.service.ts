import { rowsOf } from '../../db/query-result';
import type { RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { UserRole } from '../accounts/account.enums';
import { newMeeting } from '../scheduling/booking.service';
import { LessonFormat, SessionStatus } from '../scheduling/scheduling.enums';
import type { MarkAttendanceInput, PlanGroupSessionInput } from './group-session.inputs';
import { GroupSession } from './group-session.entity';
import { SessionAttendance } from './session-attendance.entity';

// Group sessions: the group's teacher (or an admin) plans them; the teacher takes attendance,
// one row per (session, student), upserted on the unique (session_id, student_id).

export async function planGroupSession(context: RequestContext, input: PlanGroupSessionInput): Promise<Row> {
  const groupId = parseId(input.groupId, 'input.groupId');
  const requestedLocation = input.locationId ? parseId(input.locationId, 'input.locationId') : null;
  const sessionId = await runMutation(context, [modelOf(GroupSession)], async (manager, viewer) => {
    const [group] = rowsOf<{ teacherId: number; defaultLocationId: number | null; supportsOnline: boolean | null; subject: string }>(
      await manager.query(
        `SELECT teacher_id AS "teacherId", default_location_id AS "defaultLocationId", supports_online AS "supportsOnline", subject FROM groups WHERE id = $1 FOR SHARE`,
        [groupId],
      ),
    );
    if (!group) throw new NotFoundError('Group', groupId);
    if (viewer.role !== UserRole.ADMIN && !(viewer.role === UserRole.TEACHER && viewer.teacherId === group.teacherId)) {
      throw new ForbiddenError("Only the group's teacher or an admin plans its sessions");
    }
    if (input.subject.trim().toLowerCase() !== group.subject.trim().toLowerCase()) {
      throw new BadUserInputError(`The group is taught ${group.subject}: a session of another subject belongs to another group`, ['input.subject']);
    }
    let locationId: number | null = null;
    if (input.format === LessonFormat.ONLINE) {
      if (group.supportsOnline !== true) throw new BadUserInputError('This group does not support online sessions (supportsOnline is false): plan it IN_PERSON', ['input.format']);
      if (requestedLocation !== null) throw new BadUserInputError('An ONLINE session takes no locationId', ['input.locationId']);
    } else {
      locationId = requestedLocation ?? group.defaultLocationId;
      if (locationId === null) throw new BadUserInputError('An IN_PERSON session needs a locationId (the group has no default room)', ['input.locationId']);
      const [location] = rowsOf<{ usable: boolean }>(
        await manager.query(`SELECT (is_active IS NOT FALSE AND capacity > 0) AS usable FROM locations WHERE id = $1`, [locationId]),
      );
      if (!location) throw new NotFoundError('Location', locationId);
      if (!location.usable) throw new BadUserInputError('This location is closed or has no capacity', ['input.locationId']);
    }
    const online = input.format === LessonFormat.ONLINE || group.supportsOnline === true;
    // excl_group_sessions_group_time and the lesson triggers refuse an overlapping session of the
    // group, a time the teacher already teaches, or a full room (CONFLICT).
    const [session] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO group_sessions (group_id, subject, scheduled_at, duration_minutes, format, location_id, status, meeting_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [groupId, input.subject.trim(), input.scheduledAt, input.durationMinutes, input.format, locationId, SessionStatus.SCHEDULED,
          online ? newMeeting().meetingUrl : null],
      ),
    );
    return session.id;
  });
  return readChanged(context, modelOf(GroupSession), sessionId);
}

export async function markAttendance(context: RequestContext, input: MarkAttendanceInput): Promise<Row[]> {
  const sessionId = parseId(input.sessionId, 'input.sessionId');
  const studentIds = input.attendances.map((entry, index) => parseId(entry.studentId, `input.attendances.${index}.studentId`));
  studentIds.forEach((studentId, index) => {
    if (studentIds.indexOf(studentId) !== index) {
      throw new BadUserInputError(`Student ${studentId} appears twice in the list`, [`input.attendances.${index}.studentId`]);
    }
  });
  const ids = await runMutation(context, [modelOf(SessionAttendance)], async (manager, viewer) => {
    const [session] = rowsOf<{ groupId: number; teacherId: number; status: string | null; started: boolean }>(
      await manager.query(
        `SELECT s.group_id AS "groupId", g.teacher_id AS "teacherId", s.status, s.scheduled_at <= now() AS started
         FROM group_sessions s JOIN groups g ON g.id = s.group_id WHERE s.id = $1 FOR SHARE OF s`,
        [sessionId],
      ),
    );
    if (!session) throw new NotFoundError('GroupSession', sessionId);
    if (!(viewer.role === UserRole.TEACHER && viewer.teacherId === session.teacherId)) {
      throw new ForbiddenError("Only the group's teacher takes attendance");
    }
    if (session.status === SessionStatus.CANCELLED) throw new ConflictError('This session was cancelled');
    if (!session.started) throw new ConflictError('The session has not started yet');
    const enrolled = new Set(
      rowsOf<{ studentId: number }>(
        await manager.query(`SELECT student_id AS "studentId" FROM enrollments WHERE group_id = $1 AND is_active AND student_id = ANY($2::int[])`, [
          session.groupId,
          studentIds,
        ]),
      ).map((row) => row.studentId),
    );
    const stranger = studentIds.findIndex((studentId) => !enrolled.has(studentId));
    if (stranger >= 0) {
      throw new BadUserInputError(`Student ${studentIds[stranger]} is not enrolled in this group`, [`input.attendances.${stranger}.studentId`]);
    }
    const rows = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO session_attendances (session_id, student_id, is_present, participation_score, individual_notes)
         SELECT $1, a.student_id, a.is_present, a.participation_score, a.individual_notes
         FROM unnest($2::int[], $3::boolean[], $4::int[], $5::text[]) WITH ORDINALITY AS a(student_id, is_present, participation_score, individual_notes, position)
         ORDER BY a.position
         ON CONFLICT (session_id, student_id) DO UPDATE
           SET is_present = EXCLUDED.is_present, participation_score = EXCLUDED.participation_score, individual_notes = EXCLUDED.individual_notes
         RETURNING id`,
        [
          sessionId,
          studentIds,
          input.attendances.map((entry) => entry.isPresent),
          input.attendances.map((entry) => entry.participationScore ?? null),
          input.attendances.map((entry) => entry.individualNotes ?? null),
        ],
      ),
    );
    return rows.map((row) => row.id);
  });
  return (await context.loaders.rowBy(modelOf(SessionAttendance), 'id').loadMany(ids)) as Row[];
}
