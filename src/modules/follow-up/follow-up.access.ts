import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import type { Viewer } from '../../graphql/authorization/viewer';
import { ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { UserRole } from '../accounts/account.enums';
import { taughtStudentIds } from '../teachers/teaching-relationship';

// Who may act on a student's follow-up (objectives, reports, messages).

/** Does this teacher teach the student now? The definition of the row policies (teaching-relationship.ts). */
export async function teaches(manager: EntityManager, teacherId: number, studentId: number): Promise<boolean> {
  const [row] = rowsOf<{ teaches: boolean }>(await manager.query(`SELECT $2::int IN ${taughtStudentIds('$1::int')} AS teaches`, [teacherId, studentId]));
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
  if (viewer.role === UserRole.TEACHER && viewer.teacherId !== null) {
    if (await teaches(manager, viewer.teacherId, studentId)) return;
    throw new ForbiddenError('You do not teach this student now (no live booking, lesson in the last three months or active enrollment with you)');
  }
  throw new ForbiddenError(options.self ? 'Only the student, one of their teachers or an admin may do this' : 'Only one of the student\'s teachers or an admin may do this');
}
