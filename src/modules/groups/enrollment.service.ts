import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import type { RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { FormulaType } from '../catalog/formula-type.enum';
import type { GradeLevel } from '../curriculum/grade-level.enum';
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

interface EnrollmentParties {
  studentLevel: GradeLevel | null;
  formulaType: FormulaType | null;
  formulaLevel: GradeLevel | null;
  formulaOnline: boolean | null;
  formulaInPerson: boolean | null;
  groupLevel: GradeLevel | null;
  groupOnline: boolean | null;
  groupRoom: number | null;
}

/** A level as clients write it (the GraphQL enum value). */
const label = (level: GradeLevel | null): string => (level ?? 'no level').toUpperCase();

/**
 * The student, the formula and the group fit together: a formula of type GROUP (INDIVIDUAL,
 * ONLINE_PACK and INTENSIVE are for one-to-one lessons, booked slots and holiday courses) of the
 * group's level, a student of that level, and a formula that allows a way the group meets (in
 * its room, or online when the group supports it). Each refusal names the input field at fault.
 */
async function checkEnrollment(manager: EntityManager, studentId: number, formulaId: number, groupId: number): Promise<void> {
  const [parties] = rowsOf<EnrollmentParties>(
    await manager.query(
      `SELECT (SELECT grade_level FROM students WHERE id = $1) AS "studentLevel",
              f.type AS "formulaType", f.level AS "formulaLevel", f.supports_online AS "formulaOnline", f.supports_in_person AS "formulaInPerson",
              g.level AS "groupLevel", g.supports_online AS "groupOnline", g.default_location_id AS "groupRoom"
       FROM (SELECT 1) one LEFT JOIN formulas f ON f.id = $2 LEFT JOIN groups g ON g.id = $3`,
      [studentId, formulaId, groupId],
    ),
  );
  if (parties.studentLevel === null) throw new NotFoundError('Student', studentId);
  if (parties.formulaType === null) throw new NotFoundError('Formula', formulaId);
  if (parties.groupLevel === null) throw new NotFoundError('Group', groupId);
  if (parties.formulaType !== FormulaType.GROUP) {
    throw new BadUserInputError(`A formula of type ${parties.formulaType.toUpperCase()} is not for groups: enrolling in a group needs a GROUP formula`, ['input.formulaId']);
  }
  if (parties.formulaLevel !== parties.groupLevel) {
    throw new BadUserInputError(`The formula is for ${label(parties.formulaLevel)} and the group for ${label(parties.groupLevel)}: they must be of the same level`, ['input.formulaId']);
  }
  if (parties.studentLevel !== parties.groupLevel) {
    throw new BadUserInputError(`The group is for ${label(parties.groupLevel)} students and the student is in ${label(parties.studentLevel)}`, ['input.groupId']);
  }
  const inPerson = parties.formulaInPerson !== false && parties.groupRoom !== null;
  const online = parties.formulaOnline !== false && parties.groupOnline === true;
  if (!inPerson && !online) {
    throw new BadUserInputError(
      `The formula allows ${parties.formulaOnline === false ? 'no online' : 'online'} and ${parties.formulaInPerson === false ? 'no in-person' : 'in-person'} lessons, and the group meets ${parties.groupOnline ? 'online' : 'in person only'}${parties.groupRoom === null ? ' without a room' : ''}: no way to follow it`,
      ['input.formulaId'],
    );
  }
}

export async function enrollInGroup(context: RequestContext, input: EnrollInGroupInput): Promise<Row> {
  const groupId = parseId(input.groupId, 'input.groupId');
  const studentId = parseId(input.studentId, 'input.studentId');
  const formulaId = parseId(input.formulaId, 'input.formulaId');
  const enrollmentId = await runMutation(context, [modelOf(Enrollment), modelOf(Group)], async (manager, viewer) => {
    assertActsForStudent(viewer, studentId);
    await checkEnrollment(manager, studentId, formulaId, groupId);
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
