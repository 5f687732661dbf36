import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import type { RequestContext } from '../../graphql/context';
import { NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { assertStaffOf } from './follow-up.access';
import type { SendWeeklyReportInput } from './follow-up.inputs';
import { WeeklyReport } from './weekly-report.entity';

// A weekly report is built from the week's data (Monday 00:00 to the next Monday, Tunis time):
// lessons taken (completed bookings, completed individual sessions, group sessions attended),
// assessments completed, objectives, per subject. One report per student and week: sending it
// again rebuilds it (the parents' feedback is kept). It is marked sent only when a parent may
// receive it (a confirmed link with can_receive_reports). Its averageScore is a grade: the report
// keeps it (the student, their teachers and admins read it) and WeeklyReport.subjectsProgress
// leaves it out for a parent without can_view_grades (field-masks.ts), as assessments are.

const TIME_ZONE = 'Africa/Tunis';

export interface SubjectProgress {
  lessons: number;
  minutes: number;
  groupSessionsMissed: number;
  assessments: number;
  averageScore: number | null;
  objectives: number;
  objectivesAchieved: number;
  averageObjectiveProgress: number | null;
}

function emptyProgress(): SubjectProgress {
  return { lessons: 0, minutes: 0, groupSessionsMissed: 0, assessments: 0, averageScore: null, objectives: 0, objectivesAchieved: 0, averageObjectiveProgress: null };
}

/** Per subject (as written, trimmed), what the student did in the week starting on `monday` (YYYY-MM-DD). */
export async function buildSubjectsProgress(manager: EntityManager, studentId: number, monday: string): Promise<Record<string, SubjectProgress>> {
  const week = `tstzrange(($2::date)::timestamp AT TIME ZONE '${TIME_ZONE}', ($2::date + 7)::timestamp AT TIME ZONE '${TIME_ZONE}')`;
  const lessons = rowsOf<{ subject: string; lessons: number; minutes: number; missed: number }>(
    await manager.query(
      `SELECT trim(subject) AS subject, count(*) FILTER (WHERE taken)::int AS lessons,
              coalesce(sum(minutes) FILTER (WHERE taken), 0)::int AS minutes, count(*) FILTER (WHERE NOT taken)::int AS missed
       FROM (
         SELECT subject, coalesce(duration_minutes, extract(epoch FROM end_time - start_time)::int / 60) AS minutes, true AS taken
         FROM bookings WHERE student_id = $1 AND status = 'completed' AND ${week} @> start_time
         UNION ALL
         SELECT subject, coalesce(duration_minutes, 0), true
         FROM individual_sessions WHERE student_id = $1 AND status = 'completed' AND ${week} @> scheduled_at
         UNION ALL
         SELECT s.subject, CASE WHEN a.is_present THEN coalesce(s.duration_minutes, 0) ELSE 0 END, a.is_present
         FROM session_attendances a JOIN group_sessions s ON s.id = a.session_id
         WHERE a.student_id = $1 AND a.is_present IS NOT NULL AND ${week} @> s.scheduled_at
       ) AS taught
       GROUP BY trim(subject)`,
      [studentId, monday],
    ),
  );
  const assessments = rowsOf<{ subject: string; assessments: number; averageScore: number | null }>(
    await manager.query(
      `SELECT trim(subject) AS subject, count(*)::int AS assessments, round(avg(score)::numeric, 1)::float8 AS "averageScore"
       FROM assessments WHERE student_id = $1 AND is_completed AND ${week} @> coalesce(completed_at, created_at)
       GROUP BY trim(subject)`,
      [studentId, monday],
    ),
  );
  // Objectives still open during the week (set before its end, not achieved before its start).
  const objectives = rowsOf<{ subject: string; objectives: number; achieved: number; averageProgress: number | null }>(
    await manager.query(
      `SELECT trim(subject) AS subject, count(*)::int AS objectives,
              count(*) FILTER (WHERE achievement_date BETWEEN $2::date AND $2::date + 6)::int AS achieved,
              round(avg(coalesce(progress_percentage, 0))::numeric, 1)::float8 AS "averageProgress"
       FROM student_objectives
       WHERE student_id = $1 AND (achievement_date IS NULL OR achievement_date >= $2::date)
         AND (created_at IS NULL OR created_at < ($2::date + 7)::timestamp AT TIME ZONE '${TIME_ZONE}')
       GROUP BY trim(subject)`,
      [studentId, monday],
    ),
  );
  const progress: Record<string, SubjectProgress> = {};
  const of = (subject: string) => (progress[subject] ??= emptyProgress());
  for (const row of lessons) Object.assign(of(row.subject), { lessons: row.lessons, minutes: row.minutes, groupSessionsMissed: row.missed });
  for (const row of assessments) Object.assign(of(row.subject), { assessments: row.assessments, averageScore: row.averageScore });
  for (const row of objectives) {
    Object.assign(of(row.subject), { objectives: row.objectives, objectivesAchieved: row.achieved, averageObjectiveProgress: row.averageProgress });
  }
  return Object.fromEntries(Object.keys(progress).sort().map((subject) => [subject, progress[subject]]));
}

export async function sendWeeklyReport(context: RequestContext, input: SendWeeklyReportInput): Promise<Row> {
  const studentId = parseId(input.studentId, 'input.studentId');
  const monday = input.weekStartDate.toISOString().slice(0, 10);
  const reportId = await runMutation(context, [modelOf(WeeklyReport)], async (manager, viewer) => {
    const [student] = rowsOf<{ userId: number | null }>(await manager.query(`SELECT user_id AS "userId" FROM students WHERE id = $1`, [studentId]));
    if (!student) throw new NotFoundError('Student', studentId);
    await assertStaffOf(manager, viewer, studentId, { self: false });
    // One report per student and week, also when two are sent at once.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('weekly_reports'), $1)`, [studentId]);
    const subjectsProgress = await buildSubjectsProgress(manager, studentId, monday);
    const [recipients] = rowsOf<{ count: number }>(
      await manager.query(`SELECT count(*)::int AS count FROM parent_child_relations WHERE child_user_id = $1 AND can_receive_reports IS TRUE AND confirmed_at IS NOT NULL`, [student.userId]),
    );
    const comments = input.teacherComments ? [{ authorRole: viewer.role, authorUserId: viewer.userId, comment: input.teacherComments.trim() }] : null;
    const objectives = input.nextWeekObjectives ? input.nextWeekObjectives.map((objective) => objective.trim()) : null;
    const values = [JSON.stringify(subjectsProgress), comments && JSON.stringify(comments), objectives && JSON.stringify(objectives), recipients.count > 0];
    const [existing] = rowsOf<{ id: number }>(
      await manager.query(`SELECT id FROM weekly_reports WHERE student_id = $1 AND week_start_date = $2::date ORDER BY id DESC LIMIT 1`, [studentId, monday]),
    );
    if (existing) {
      await manager.query(
        `UPDATE weekly_reports SET subjects_progress = $2::jsonb, teacher_comments = $3::jsonb, next_week_objectives = $4::jsonb, is_sent_to_parents = $5
         WHERE id = $1`,
        [existing.id, ...values],
      );
      return existing.id;
    }
    const [report] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO weekly_reports (student_id, week_start_date, week_end_date, subjects_progress, teacher_comments, next_week_objectives, is_sent_to_parents)
         VALUES ($1, $2::date, $2::date + 6, $3::jsonb, $4::jsonb, $5::jsonb, $6) RETURNING id`,
        [studentId, monday, ...values],
      ),
    );
    return report.id;
  });
  return readChanged(context, modelOf(WeeklyReport), reportId);
}
