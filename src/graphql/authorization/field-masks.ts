import type { MiddlewareFn } from 'type-graphql';
import { UserRole } from '../../modules/accounts/account.enums';
import type { RequestContext } from '../context';
import { adminCan, type Viewer } from './viewer';

// Field-level masks: a row may be readable while some of its fields are not. A masked field
// resolves to null (its GraphQL type is nullable for that reason).

type Row = Record<string, unknown>;

/** The rows of a table whose masked field a viewer sees: all, none, or those whose key is one of these ids. */
export type VisibleRows = 'all' | 'none' | Array<number | null>;

/**
 * One mask, stated once: the row key (property of the row object) and its column, and the rows a
 * viewer sees. The resolver middleware (below) and the aggregates' SQL (aggregates/masked-field-sql.ts)
 * are both derived from it, so they cannot disagree.
 */
export interface MaskRule {
  rowKey: string;
  column: string;
  visibleRows(viewer: Viewer | null): VisibleRows;
}

/** Whether `viewer` sees the masked field on `row` under `rule`. */
export function isVisible(rule: MaskRule, viewer: Viewer | null, row: Row): boolean {
  const rows = rule.visibleRows(viewer);
  return rows === 'all' || (rows !== 'none' && rows.includes(row[rule.rowKey] as number));
}

/** The rule of each mask middleware (masks are the functions entities name in @UseMiddleware). */
export const MASK_RULES = new Map<Function, MaskRule>();

function maskBy(rule: MaskRule): MiddlewareFn<RequestContext> {
  const mask: MiddlewareFn<RequestContext> = async ({ root, context }, next) => (isVisible(rule, await context.viewer(), root as Row) ? next() : null);
  MASK_RULES.set(mask, rule);
  return mask;
}

function only(id: number | null | undefined): VisibleRows {
  return id == null ? 'none' : [id];
}

/** A teacher's contact and employment details: the teacher themself and admins only. */
export const TeacherPrivate = maskBy({
  rowKey: 'id',
  column: 'id',
  visibleRows: (viewer) => (viewer?.role === UserRole.ADMIN ? 'all' : only(viewer?.teacherId)),
});

/** A teacher profile's private details: its owner and admins only. */
export const TeacherProfilePrivate = maskBy({
  rowKey: 'userId',
  column: 'user_id',
  visibleRows: (viewer) => (viewer?.role === UserRole.ADMIN ? 'all' : only(viewer?.userId)),
});

/**
 * Grades and performance: a parent sees them only for children linked with can_view_grades, an
 * admin only with can_view_reports (as for assessments and reports, whose rows need it); others
 * see every row they may read (the row itself is already scoped to the viewer).
 */
function gradeRule(rowKey: string, column: string, childKey: 'studentId' | 'userId'): MaskRule {
  return {
    rowKey,
    column,
    visibleRows: (viewer) => {
      if (viewer?.role === UserRole.ADMIN) return adminCan(viewer, 'canViewReports') ? 'all' : 'none';
      if (viewer?.role !== UserRole.PARENT) return 'all';
      return viewer.children.filter((child) => child.canViewGrades).map((child) => child[childKey]);
    },
  };
}

const GRADES_BY_STUDENT = gradeRule('studentId', 'student_id', 'studentId');

/** On rows with a studentId column. */
export const Grades = maskBy(GRADES_BY_STUDENT);
/** On the students table itself. */
export const StudentGrades = maskBy(gradeRule('id', 'id', 'studentId'));
/** On student_profiles (owned by the child's user). */
export const ProfileGrades = maskBy(gradeRule('userId', 'user_id', 'userId'));

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
  return isVisible(GRADES_BY_STUDENT, viewer, row) ? value : withoutGradeKeys(value);
};
