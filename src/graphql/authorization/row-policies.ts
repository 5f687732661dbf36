import { UserRole } from '../../modules/accounts/account.enums';
import type { RowScope } from '../connections/page-query';
import { equalsAnyInteger, quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition } from '../model-registry';
import { taughtStudentIds } from '../../modules/teachers/teaching-relationship';
import { adminCan, type ChildLink, type Viewer } from './viewer';

// Who may read which rows, as SQL conditions added to every statement the read API runs (root
// lists, loaders, counts), so pages and totalCount only ever see permitted rows. null = all rows.
//
// anonymous: formulas, locations, approved teachers and their profiles (public fields), their free
//            availabilities (a teacher awaiting approval is not listed).
// student:   their user, profiles, student record and everything hanging from it.
// parent:    their own data and links (pending ones too); per child whose link is confirmed (the
//            viewer's children): the record, bookings and sessions; grades only with
//            can_view_grades; weekly reports only with can_receive_reports.
// teacher:   their own records, and the students they teach now (teaching-relationship.ts: a live
//            booking or a lesson in the last three months, an active enrollment with them).
// admin:     everything; users, profiles and sessions of others need can_manage_users, grades and
//            reports need can_view_reports.

type Condition = string | null;
type Policy = (viewer: Viewer | null, alias: string, params: SqlParameters) => Condition;

const ALL: Condition = null;
const NONE: Condition = 'FALSE';

function column(alias: string, name: string): string {
  return `${alias}.${quoteIdentifier(name)}`;
}

function anyOf(alias: string, name: string, ids: Array<number | null>, params: SqlParameters): Condition {
  const present = ids.filter((id): id is number => id !== null);
  return present.length === 0 ? NONE : equalsAnyInteger(column(alias, name), present, params);
}

function either(...conditions: Condition[]): Condition {
  if (conditions.includes(ALL)) return ALL;
  const real = conditions.filter((condition) => condition !== NONE) as string[];
  return real.length === 0 ? NONE : `(${real.join(' OR ')})`;
}

/** Students a teacher teaches now (teaching-relationship.ts: live bookings, recent lessons, active enrollments). */
function taughtBy(teacherId: number, params: SqlParameters): string {
  return taughtStudentIds(params.add(teacherId));
}

type ChildRule = 'record' | 'grades' | 'reports' | 'none';

function childrenFor(viewer: Viewer, rule: ChildRule): ChildLink[] {
  if (rule === 'none') return [];
  if (rule === 'grades') return viewer.children.filter((child) => child.canViewGrades);
  if (rule === 'reports') return viewer.children.filter((child) => child.canReceiveReports);
  return viewer.children;
}

/** Rows that belong to a student through `studentColumn`. */
function studentOwned(studentColumn: string, rule: ChildRule, adminNeeds: 'canViewReports' | null = null): Policy {
  return (viewer, alias, params) => {
    if (!viewer) return NONE;
    switch (viewer.role) {
      case UserRole.ADMIN:
        return adminNeeds === null || adminCan(viewer, adminNeeds) ? ALL : NONE;
      case UserRole.STUDENT:
        return anyOf(alias, studentColumn, [viewer.studentId], params);
      case UserRole.PARENT:
        return anyOf(alias, studentColumn, childrenFor(viewer, rule).map((child) => child.studentId), params);
      case UserRole.TEACHER:
        return viewer.teacherId === null ? NONE : `${column(alias, studentColumn)} IN ${taughtBy(viewer.teacherId, params)}`;
    }
  };
}

/** Rows that belong to a user account through `userColumn` (accounts, profiles, sessions). */
function userOwned(userColumn: string, options: { children: boolean; adminNeeds: 'canManageUsers' | null }): Policy {
  return (viewer, alias, params) => {
    if (!viewer) return NONE;
    if (viewer.role === UserRole.ADMIN && (options.adminNeeds === null || adminCan(viewer, options.adminNeeds))) return ALL;
    const children = options.children && viewer.role === UserRole.PARENT ? viewer.children.map((child) => child.userId) : [];
    return anyOf(alias, userColumn, [viewer.userId, ...children], params);
  };
}

/** Rows of a teacher's own work (teacher_id): a teacher sees theirs only, others what `otherwise` allows. */
function teacherOwned(teacherColumn: string, otherwise: Policy): Policy {
  return (viewer, alias, params) => {
    if (viewer?.role === UserRole.TEACHER) return anyOf(alias, teacherColumn, [viewer.teacherId], params);
    return otherwise(viewer, alias, params);
  };
}

const free: Policy = (_viewer, alias) => `${column(alias, 'is_booked')} IS NOT TRUE`;

/**
 * `userColumn` (a teacher's account) is listed publicly: no account (a record the centre keeps),
 * or an account not awaiting approval (a self-registered teacher is PENDING until approved; an
 * anti-join on the few pending accounts, through idx_users_status).
 */
function listedTeacherAccount(userColumn: string): string {
  return `NOT EXISTS (SELECT 1 FROM users u WHERE u.id = ${userColumn} AND u.status = 'pending')`;
}

/** `groupColumn` is a group the student, or one of the parent's children, is enrolled in. */
function inEnrolledGroups(viewer: Viewer, groupColumn: string, params: SqlParameters): Condition {
  const students = viewer.role === UserRole.STUDENT ? [viewer.studentId] : viewer.children.map((child) => child.studentId);
  const ids = students.filter((id): id is number => id !== null);
  if (ids.length === 0) return NONE;
  return `${groupColumn} IN (SELECT e.group_id FROM enrollments e WHERE ${equalsAnyInteger('e.student_id', ids, params)})`;
}

/** `groupColumn` is one of the teacher's own groups. */
function inOwnGroups(viewer: Viewer, groupColumn: string, params: SqlParameters): Condition {
  if (viewer.teacherId === null) return NONE;
  return `${groupColumn} IN (SELECT g.id FROM groups g WHERE g.teacher_id = ${params.add(viewer.teacherId)})`;
}

const studentEnrollments = studentOwned('student_id', 'record');

const POLICIES: Record<string, Policy> = {
  // Public catalogue. Teachers awaiting approval are not listed (their own rows and admins aside).
  formulas: () => ALL,
  locations: () => ALL,
  teachers: (viewer, alias, params) => {
    if (viewer?.role === UserRole.ADMIN) return ALL;
    return either(listedTeacherAccount(column(alias, 'user_id')), anyOf(alias, 'id', [viewer?.teacherId ?? null], params)); // private fields are masked per field
  },
  teacher_profiles: (viewer, alias, params) => {
    if (viewer?.role === UserRole.ADMIN) return ALL;
    return either(listedTeacherAccount(column(alias, 'user_id')), anyOf(alias, 'user_id', [viewer?.userId ?? null], params)); // idem
  },
  availabilities: (viewer, alias, params) => {
    if (viewer?.role === UserRole.ADMIN) return ALL;
    const freeListed = `(${free(viewer, alias, params)} AND ${column(alias, 'teacher_id')} IN (SELECT t.id FROM teachers t WHERE ${listedTeacherAccount('t.user_id')}))`;
    if (viewer?.role === UserRole.TEACHER) return either(anyOf(alias, 'teacher_id', [viewer.teacherId], params), freeListed);
    // Students and parents also see the slots their own bookings took.
    const students = viewer?.role === UserRole.STUDENT ? [viewer.studentId] : (viewer?.children.map((child) => child.studentId) ?? []);
    const ids = students.filter((id): id is number => id !== null);
    const booked = ids.length === 0 ? NONE : `${column(alias, 'id')} IN (SELECT b.availability_id FROM bookings b WHERE ${equalsAnyInteger('b.student_id', ids, params)})`;
    return either(freeListed, booked);
  },
  // Not a public catalogue: a teacher's own groups, the groups a student or a child is enrolled in.
  groups: (viewer, alias, params) => {
    if (!viewer) return NONE;
    if (viewer.role === UserRole.ADMIN) return ALL;
    if (viewer.role === UserRole.TEACHER) return anyOf(alias, 'teacher_id', [viewer.teacherId], params);
    return inEnrolledGroups(viewer, column(alias, 'id'), params);
  },

  // Accounts.
  // A student sees their own account only, not their parents' (nobody reads what is not theirs).
  users: userOwned('id', { children: true, adminNeeds: 'canManageUsers' }),
  student_profiles: userOwned('user_id', { children: true, adminNeeds: 'canManageUsers' }),
  parent_profiles: userOwned('user_id', { children: false, adminNeeds: 'canManageUsers' }),
  admin_profiles: userOwned('user_id', { children: false, adminNeeds: 'canManageUsers' }),
  user_sessions: userOwned('user_id', { children: false, adminNeeds: 'canManageUsers' }),
  parent_child_relations: (viewer, alias, params) => {
    if (!viewer) return NONE;
    if (viewer.role === UserRole.ADMIN) return ALL;
    return either(anyOf(alias, 'parent_user_id', [viewer.userId], params), anyOf(alias, 'child_user_id', [viewer.userId], params));
  },

  // A student's record and what hangs from it.
  students: studentOwned('id', 'record'),
  bookings: teacherOwned('teacher_id', studentOwned('student_id', 'record')),
  individual_sessions: teacherOwned('teacher_id', studentOwned('student_id', 'record')),
  enrollments: (viewer, alias, params) => {
    // A teacher's: theirs, and every enrollment in their groups (teacher_id is nullable).
    if (viewer?.role !== UserRole.TEACHER) return studentEnrollments(viewer, alias, params);
    return either(anyOf(alias, 'teacher_id', [viewer.teacherId], params), inOwnGroups(viewer, column(alias, 'group_id'), params));
  },
  learning_sessions: studentOwned('student_id', 'record'),
  session_attendances: studentOwned('student_id', 'record'),
  assessments: studentOwned('student_id', 'grades', 'canViewReports'),
  weekly_reports: studentOwned('student_id', 'reports', 'canViewReports'),
  aria_interactions: studentOwned('student_id', 'none'),
  student_objectives: studentOwned('student_id', 'none'),
  session_reports: (viewer, alias, params) => {
    if (!viewer) return NONE;
    if (viewer.role === UserRole.ADMIN) return adminCan(viewer, 'canViewReports') ? ALL : NONE;
    if (viewer.role === UserRole.TEACHER) return anyOf(alias, 'teacher_id', [viewer.teacherId], params);
    const students = viewer.role === UserRole.STUDENT ? [viewer.studentId] : childrenFor(viewer, 'grades').map((child) => child.studentId);
    const ids = students.filter((id): id is number => id !== null);
    if (ids.length === 0) return NONE;
    return `${column(alias, 'booking_id')} IN (SELECT b.id FROM bookings b WHERE ${equalsAnyInteger('b.student_id', ids, params)})`;
  },
  group_sessions: (viewer, alias, params) => {
    if (!viewer) return NONE;
    if (viewer.role === UserRole.ADMIN) return ALL;
    if (viewer.role === UserRole.TEACHER) return inOwnGroups(viewer, column(alias, 'group_id'), params);
    return inEnrolledGroups(viewer, column(alias, 'group_id'), params);
  },
  // Messages between parents and teachers: their sender and recipient (users.id) only.
  parent_communications: (viewer, alias, params) => {
    if (!viewer) return NONE;
    if (viewer.role === UserRole.ADMIN) return ALL;
    if (viewer.role === UserRole.STUDENT) return NONE;
    const kind = params.add(viewer.role);
    const user = params.add(viewer.userId);
    return (
      `((${column(alias, 'sender_type')} = ${kind} AND ${column(alias, 'sender_id')} = ${user}) OR ` +
      `(${column(alias, 'recipient_type')} = ${kind} AND ${column(alias, 'recipient_id')} = ${user}))`
    );
  },
};

export function rowPolicyFor(model: ModelDefinition): Policy {
  const policy = POLICIES[model.table];
  if (!policy) throw new Error(`No read policy for ${model.table}: every table needs one`);
  return policy;
}

/** The scope of one viewer: what each statement of the request adds to its WHERE clause. */
export function scopeFor(viewer: Viewer | null): RowScope {
  return { condition: (model, alias, params) => rowPolicyFor(model)(viewer, alias, params) };
}
