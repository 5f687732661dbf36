import { rowsOf } from '../../db/query-result';
import type { RequestContext } from '../../graphql/context';
import { NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { actorOf } from '../scheduling/booking.service';
import { assertStaffOf, assertStudentExists } from './follow-up.access';
import type { CreateObjectiveInput, UpdateObjectiveProgressInput } from './follow-up.inputs';
import { StudentObjective } from './student-objective.entity';

// Objectives: set by the student for themself, by one of their teachers, or by an admin. Reaching
// 100 % marks the objective achieved, on that day; falling back below 100 % un-marks it.

function readObjective(context: RequestContext, id: number): Promise<Row> {
  return readChanged(context, modelOf(StudentObjective), id);
}

export async function createObjective(context: RequestContext, input: CreateObjectiveInput): Promise<Row> {
  const studentId = parseId(input.studentId, 'input.studentId');
  const objectiveId = await runMutation(context, [modelOf(StudentObjective)], async (manager, viewer) => {
    await assertStudentExists(manager, studentId);
    await assertStaffOf(manager, viewer, studentId, { self: true });
    const [objective] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO student_objectives (student_id, subject, objective_text, target_date, progress_percentage, is_achieved, achievement_date, created_by)
         VALUES ($1, $2, $3, $4::date, $5, $5 = 100, CASE WHEN $5 = 100 THEN current_date END, $6) RETURNING id`,
        [studentId, input.subject.trim(), input.objectiveText.trim(), input.targetDate.toISOString().slice(0, 10), input.progressPercentage, actorOf(viewer)],
      ),
    );
    return objective.id;
  });
  return readObjective(context, objectiveId);
}

export async function updateObjectiveProgress(context: RequestContext, input: UpdateObjectiveProgressInput): Promise<Row> {
  const objectiveId = parseId(input.objectiveId, 'input.objectiveId');
  await runMutation(context, [modelOf(StudentObjective)], async (manager, viewer) => {
    const [objective] = rowsOf<{ studentId: number }>(
      await manager.query(`SELECT student_id AS "studentId" FROM student_objectives WHERE id = $1 FOR UPDATE`, [objectiveId]),
    );
    if (!objective) throw new NotFoundError('StudentObjective', objectiveId);
    await assertStaffOf(manager, viewer, objective.studentId, { self: true });
    await manager.query(
      `UPDATE student_objectives
       SET progress_percentage = $2, is_achieved = $2 = 100,
           achievement_date = CASE WHEN $2 = 100 THEN coalesce(achievement_date, current_date) END, updated_at = now()
       WHERE id = $1`,
      [objectiveId, input.progressPercentage],
    );
  });
  return readObjective(context, objectiveId);
}
