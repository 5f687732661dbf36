import { rowsOf } from '../../db/query-result';
import type { RequestContext } from '../../graphql/context';
import { ConflictError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { assertActsForStudent } from '../scheduling/booking.service';
import type { EnrollInGroupInput, LeaveGroupInput } from './enrollment.inputs';
import { Enrollment } from './enrollment.entity';
import { Group } from './group.entity';

// Group enrollment. A place is taken by a conditional update of groups.current_students, which
// PostgreSQL applies one transaction at a time: a full group can never be over-filled, whatever
// the concurrency, and current_students always equals the number of active enrollments.

function readEnrollment(context: RequestContext, id: number): Promise<Row> {
  return readChanged(context, modelOf(Enrollment), id);
}

export async function enrollInGroup(context: RequestContext, input: EnrollInGroupInput): Promise<Row> {
  const groupId = parseId(input.groupId, 'input.groupId');
  const studentId = parseId(input.studentId, 'input.studentId');
  const formulaId = parseId(input.formulaId, 'input.formulaId');
  const enrollmentId = await runMutation(context, [modelOf(Enrollment), modelOf(Group)], async (manager, viewer) => {
    assertActsForStudent(viewer, studentId);
    const [student] = rowsOf(await manager.query(`SELECT 1 FROM students WHERE id = $1`, [studentId]));
    if (!student) throw new NotFoundError('Student', studentId);
    const [formula] = rowsOf(await manager.query(`SELECT 1 FROM formulas WHERE id = $1`, [formulaId]));
    if (!formula) throw new NotFoundError('Formula', formulaId);
    const [group] = rowsOf<{ teacherId: number }>(
      await manager.query(
        `UPDATE groups SET current_students = coalesce(current_students, 0) + 1
         WHERE id = $1 AND (max_students IS NULL OR coalesce(current_students, 0) < max_students)
         RETURNING teacher_id AS "teacherId"`,
        [groupId],
      ),
    );
    if (!group) {
      const [exists] = rowsOf(await manager.query(`SELECT 1 FROM groups WHERE id = $1`, [groupId]));
      if (!exists) throw new NotFoundError('Group', groupId);
      throw new ConflictError('This group is full');
    }
    const [enrollment] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO enrollments (student_id, formula_id, group_id, teacher_id, start_date, is_active)
         VALUES ($1, $2, $3, $4, current_date, true) RETURNING id`,
        [studentId, formulaId, groupId, group.teacherId],
      ),
    );
    return enrollment.id;
  });
  return readEnrollment(context, enrollmentId);
}

export async function leaveGroup(context: RequestContext, input: LeaveGroupInput): Promise<Row> {
  const enrollmentId = parseId(input.enrollmentId, 'input.enrollmentId');
  await runMutation(context, [modelOf(Enrollment), modelOf(Group)], async (manager, viewer) => {
    const [enrollment] = rowsOf<{ studentId: number; groupId: number | null; isActive: boolean | null }>(
      await manager.query(`SELECT student_id AS "studentId", group_id AS "groupId", is_active AS "isActive" FROM enrollments WHERE id = $1 FOR UPDATE`, [
        enrollmentId,
      ]),
    );
    if (!enrollment) throw new NotFoundError('Enrollment', enrollmentId);
    assertActsForStudent(viewer, enrollment.studentId);
    if (!enrollment.isActive || enrollment.groupId === null) throw new ConflictError('This enrollment is not an active group enrollment');
    await manager.query(`UPDATE enrollments SET is_active = false, end_date = current_date WHERE id = $1`, [enrollmentId]);
    await manager.query(`UPDATE groups SET current_students = greatest(coalesce(current_students, 0) - 1, 0) WHERE id = $1`, [enrollment.groupId]);
  });
  return readEnrollment(context, enrollmentId);
}
