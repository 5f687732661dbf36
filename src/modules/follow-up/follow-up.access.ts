import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import type { Viewer } from '../../graphql/authorization/viewer';
import { ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { UserRole } from '../accounts/account.enums';

// Who may act on a student's follow-up (objectives, reports, messages).

/** Does this teacher teach the student (a booking, an individual session, or an enrollment with them or in their group)? */
export async function teaches(manager: EntityManager, teacherId: number, studentId: number): Promise<boolean> {
  const [row] = rowsOf<{ teaches: boolean }>(
    await manager.query(
      `SELECT EXISTS (SELECT 1 FROM bookings WHERE teacher_id = $1 AND student_id = $2)
           OR EXISTS (SELECT 1 FROM individual_sessions WHERE teacher_id = $1 AND student_id = $2)
           OR EXISTS (SELECT 1 FROM enrollments e LEFT JOIN groups g ON g.id = e.group_id
                      WHERE e.student_id = $2 AND (e.teacher_id = $1 OR g.teacher_id = $1)) AS teaches`,
      [teacherId, studentId],
    ),
  );
  return Boolean(row?.teaches);
}

export async function assertStudentExists(manager: EntityManager, studentId: number): Promise<void> {
  const [student] = rowsOf(await manager.query(`SELECT 1 FROM students WHERE id = $1`, [studentId]));
  if (!student) throw new NotFoundError('Student', studentId);
}

/** An admin, a teacher of the student, or (when `self` allows it) the student themself. */
export async function assertStaffOf(manager: EntityManager, viewer: Viewer, studentId: number, options: { self: boolean }): Promise<void> {
  if (viewer.role === UserRole.ADMIN) return;
  if (options.self && viewer.role === UserRole.STUDENT && viewer.studentId === studentId) return;
  if (viewer.role === UserRole.TEACHER && viewer.teacherId !== null && (await teaches(manager, viewer.teacherId, studentId))) return;
  throw new ForbiddenError(`You may not do this for student ${studentId}`);
}
