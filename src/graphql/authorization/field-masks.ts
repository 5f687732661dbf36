import type { MiddlewareFn } from 'type-graphql';
import { UserRole } from '../../modules/accounts/account.enums';
import type { RequestContext } from '../context';
import { adminCan, type Viewer } from './viewer';

// Field-level masks: a row may be readable while some of its fields are not. A masked field
// resolves to null (its GraphQL type is nullable for that reason).

type Row = Record<string, unknown>;

function maskUnless(allowed: (viewer: Viewer | null, row: Row) => boolean): MiddlewareFn<RequestContext> {
  return async ({ root, context }, next) => {
    const viewer = await context.viewer();
    return allowed(viewer, root as Row) ? next() : null;
  };
}

/** A teacher's contact and employment details: the teacher themself and admins only. */
export const TeacherPrivate = maskUnless(
  (viewer, row) => viewer?.role === UserRole.ADMIN || (viewer?.teacherId != null && viewer.teacherId === row.id),
);

/** A teacher profile's private details: its owner and admins only. */
export const TeacherProfilePrivate = maskUnless((viewer, row) => viewer?.role === UserRole.ADMIN || viewer?.userId === row.userId);

/**
 * Grades and performance: a parent sees them only for children linked with can_view_grades, an
 * admin only with can_view_reports (as for assessments and reports, whose rows need it).
 */
function gradesVisible(viewer: Viewer | null, matches: (child: Viewer['children'][number]) => boolean): boolean {
  if (viewer?.role === UserRole.ADMIN) return adminCan(viewer, 'canViewReports');
  if (viewer?.role !== UserRole.PARENT) return true; // the row itself is already scoped to the viewer
  return viewer.children.some((child) => child.canViewGrades && matches(child));
}

/** On rows with a studentId column. */
export const Grades = maskUnless((viewer, row) => gradesVisible(viewer, (child) => child.studentId === row.studentId));
/** On the students table itself. */
export const StudentGrades = maskUnless((viewer, row) => gradesVisible(viewer, (child) => child.studentId === row.id));
/** On student_profiles (owned by the child's user). */
export const ProfileGrades = maskUnless((viewer, row) => gradesVisible(viewer, (child) => child.userId === row.userId));

/**
 * Keys of a weekly report's subjectsProgress entries that carry or derive from a grade: the
 * average of the week's assessments (sendWeeklyReport writes averageScore) and the averages and
 * their change of imported reports (average_out_of_20, progress_points).
 */
export const GRADE_KEYS_OF_SUBJECT_PROGRESS = ['averageScore', 'average_out_of_20', 'progress_points'] as const;

function withoutGradeKeys(progress: unknown): unknown {
  if (progress === null || typeof progress !== 'object' || Array.isArray(progress)) return progress;
  return Object.fromEntries(
    Object.entries(progress as Row).map(([subject, entry]) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return [subject, entry];
      const kept = Object.entries(entry as Row).filter(([key]) => !(GRADE_KEYS_OF_SUBJECT_PROGRESS as readonly string[]).includes(key));
      return [subject, Object.fromEntries(kept)];
    }),
  );
}

/**
 * WeeklyReport.subjectsProgress: the same rule as assessments, applied inside the JSON. A viewer
 * who may not see the student's grades gets each subject without its grade keys (lessons, minutes
 * and objectives stay), whatever wrote the report. Masked on read, so it holds for every report
 * (built by sendWeeklyReport, imported, or written before this rule) and every reader.
 */
export const SubjectProgressGrades: MiddlewareFn<RequestContext> = async ({ root, context }, next) => {
  const viewer = await context.viewer();
  const value: unknown = await next();
  const row = root as Row;
  return gradesVisible(viewer, (child) => child.studentId === row.studentId) ? value : withoutGradeKeys(value);
};
