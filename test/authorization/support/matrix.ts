import type { Role } from './viewers';

// THE PERMISSION MATRIX: for each role and each of the 25 types, which rows the viewer may read.
// Written from the rules of the issue, as SQL of its own (never by calling the policy code):
//   'all'  every row of the table;
//   'none' no row;
//   SQL    a condition on the type's table (WHERE ...), where $1 is the viewer's users.id.
// A rule that is SQL must select at least one seeded row, so no expectation is vacuous.
//
// anonymous  formulas, locations, the public part of approved teachers and their profiles, their
//            free slots (a teacher awaiting approval is not listed).
// student    their user, profile, student record and everything hanging from it.
// parent     their own data and their links (pending ones too); per child whose link is
//            confirmed: the record, bookings and sessions; grades (assessments, session reports,
//            performance fields) only with can_view_grades, weekly reports only with
//            can_receive_reports. A pending link shows the link row, nothing of the child.
// teacher    their own profile, slots, bookings, groups, sessions and reports, and the students
//            they teach now (a booking not cancelled starting within the last 3 months or later,
//            an individual session likewise, an active enrollment with them or in their groups),
//            not other teachers' students nor their own past ones. A teacher awaiting approval
//            sees the same of their own; nobody else sees them.
// admin      everything; others' accounts, profiles and sessions need can_manage_users, grades
//            and reports need can_view_reports.

export const TYPE_NAMES = [
  'User',
  'UserSession',
  'StudentProfile',
  'ParentProfile',
  'TeacherProfile',
  'AdminProfile',
  'ParentChildRelation',
  'Student',
  'Teacher',
  'Formula',
  'Location',
  'Availability',
  'Booking',
  'IndividualSession',
  'SessionReport',
  'Group',
  'GroupSession',
  'Enrollment',
  'SessionAttendance',
  'LearningSession',
  'Assessment',
  'ARIAInteraction',
  'WeeklyReport',
  'ParentCommunication',
  'StudentObjective',
] as const;

export type TypeName = (typeof TYPE_NAMES)[number];
export type Rule = 'all' | 'none' | string;
export type Rules = Record<TypeName, Rule>;

// ---- building blocks ($1 = the viewer's users.id) -------------------------------------------

/** Teachers listed publicly: no account, or an account not awaiting approval. */
const LISTED_TEACHERS = "SELECT id FROM teachers WHERE user_id IS NULL OR user_id NOT IN (SELECT id FROM users WHERE status = 'pending')";
const FREE_SLOT = `(is_booked IS NOT TRUE AND teacher_id IN (${LISTED_TEACHERS}))`;

const MY_STUDENT = 'SELECT id FROM students WHERE user_id = $1';
const MY_TEACHER = 'SELECT id FROM teachers WHERE user_id = $1';
const MY_GROUPS = `SELECT id FROM groups WHERE teacher_id IN (${MY_TEACHER})`;

const MY_CHILD_USERS = 'SELECT child_user_id FROM parent_child_relations WHERE parent_user_id = $1 AND confirmed_at IS NOT NULL';
const MY_CHILDREN = `SELECT id FROM students WHERE user_id IN (${MY_CHILD_USERS})`;
/** Children whose link carries the flag (can_view_grades, can_receive_reports). */
function myChildrenWith(flag: string): string {
  return `SELECT id FROM students WHERE user_id IN (SELECT child_user_id FROM parent_child_relations WHERE parent_user_id = $1 AND confirmed_at IS NOT NULL AND ${flag})`;
}

/** A lesson that still makes a teaching relationship: not cancelled, from 3 months ago on. */
const LIVE = "coalesce(status, '') <> 'cancelled' AND";
const MY_PUPILS = [
  `SELECT student_id FROM bookings WHERE ${LIVE} start_time >= now() - interval '3 months' AND teacher_id IN (${MY_TEACHER})`,
  `SELECT student_id FROM enrollments WHERE is_active AND (teacher_id IN (${MY_TEACHER}) OR group_id IN (${MY_GROUPS}))`,
  `SELECT student_id FROM individual_sessions WHERE ${LIVE} scheduled_at >= now() - interval '3 months' AND teacher_id IN (${MY_TEACHER})`,
].join(' UNION ');

/** Teacher → the students they teach now (Teacher.students), for every teacher: rows (key = teachers.id, id = students.id). */
export const TAUGHT_PAIRS = [
  `SELECT teacher_id AS key, student_id AS id FROM bookings WHERE ${LIVE} start_time >= now() - interval '3 months'`,
  `SELECT teacher_id, student_id FROM enrollments WHERE is_active AND teacher_id IS NOT NULL`,
  `SELECT g.teacher_id, e.student_id FROM enrollments e JOIN groups g ON g.id = e.group_id WHERE e.is_active`,
  `SELECT teacher_id, student_id FROM individual_sessions WHERE ${LIVE} scheduled_at >= now() - interval '3 months'`,
].join(' UNION ');

/** Messages the viewer sent or received as a correspondent of this kind. */
function correspondent(kind: 'parent' | 'teacher'): string {
  return `(sender_type = '${kind}' AND sender_id = $1) OR (recipient_type = '${kind}' AND recipient_id = $1)`;
}

const PUBLIC = {
  Formula: 'all',
  Location: 'all',
  Teacher: `id IN (${LISTED_TEACHERS})`,
  TeacherProfile: `user_id IN (SELECT user_id FROM teachers WHERE id IN (${LISTED_TEACHERS}))`,
} as const;

// ---- the matrix -----------------------------------------------------------------------------

const ANONYMOUS: Rules = {
  ...PUBLIC,
  Availability: FREE_SLOT,
  User: 'none',
  UserSession: 'none',
  StudentProfile: 'none',
  ParentProfile: 'none',
  AdminProfile: 'none',
  ParentChildRelation: 'none',
  Student: 'none',
  Booking: 'none',
  IndividualSession: 'none',
  SessionReport: 'none',
  Group: 'none',
  GroupSession: 'none',
  Enrollment: 'none',
  SessionAttendance: 'none',
  LearningSession: 'none',
  Assessment: 'none',
  ARIAInteraction: 'none',
  WeeklyReport: 'none',
  ParentCommunication: 'none',
  StudentObjective: 'none',
};

const STUDENT: Rules = {
  ...PUBLIC,
  // Free slots, and the slots their own bookings took.
  Availability: `${FREE_SLOT} OR id IN (SELECT availability_id FROM bookings WHERE student_id IN (${MY_STUDENT}))`,
  User: 'id = $1', // not their parents' accounts
  UserSession: 'user_id = $1',
  StudentProfile: 'user_id = $1',
  ParentProfile: 'none',
  AdminProfile: 'none',
  ParentChildRelation: 'child_user_id = $1',
  Student: 'user_id = $1',
  Booking: `student_id IN (${MY_STUDENT})`,
  IndividualSession: `student_id IN (${MY_STUDENT})`,
  SessionReport: `booking_id IN (SELECT id FROM bookings WHERE student_id IN (${MY_STUDENT}))`,
  Group: `id IN (SELECT group_id FROM enrollments WHERE student_id IN (${MY_STUDENT}))`,
  GroupSession: `group_id IN (SELECT group_id FROM enrollments WHERE student_id IN (${MY_STUDENT}))`,
  Enrollment: `student_id IN (${MY_STUDENT})`,
  SessionAttendance: `student_id IN (${MY_STUDENT})`,
  LearningSession: `student_id IN (${MY_STUDENT})`,
  Assessment: `student_id IN (${MY_STUDENT})`,
  ARIAInteraction: `student_id IN (${MY_STUDENT})`,
  WeeklyReport: `student_id IN (${MY_STUDENT})`,
  // Messages between their parents and teachers are the correspondents', not the student's.
  ParentCommunication: 'none',
  StudentObjective: `student_id IN (${MY_STUDENT})`,
};

/** Any parent: what they see of a child depends on the flags of that child's link. */
const PARENT: Rules = {
  ...PUBLIC,
  Availability: `${FREE_SLOT} OR id IN (SELECT availability_id FROM bookings WHERE student_id IN (${MY_CHILDREN}))`,
  User: `id = $1 OR id IN (${MY_CHILD_USERS})`,
  UserSession: 'user_id = $1',
  StudentProfile: `user_id IN (${MY_CHILD_USERS})`,
  ParentProfile: 'user_id = $1',
  AdminProfile: 'none',
  ParentChildRelation: 'parent_user_id = $1',
  Student: `id IN (${MY_CHILDREN})`,
  Booking: `student_id IN (${MY_CHILDREN})`,
  IndividualSession: `student_id IN (${MY_CHILDREN})`,
  SessionReport: `booking_id IN (SELECT id FROM bookings WHERE student_id IN (${myChildrenWith('can_view_grades')}))`,
  Group: `id IN (SELECT group_id FROM enrollments WHERE student_id IN (${MY_CHILDREN}))`,
  GroupSession: `group_id IN (SELECT group_id FROM enrollments WHERE student_id IN (${MY_CHILDREN}))`,
  Enrollment: `student_id IN (${MY_CHILDREN})`,
  SessionAttendance: `student_id IN (${MY_CHILDREN})`,
  LearningSession: `student_id IN (${MY_CHILDREN})`,
  Assessment: `student_id IN (${myChildrenWith('can_view_grades')})`,
  ARIAInteraction: 'none', // the child's conversations with ARIA are not among the parent's rights
  WeeklyReport: `student_id IN (${myChildrenWith('can_receive_reports')})`,
  ParentCommunication: correspondent('parent'),
  StudentObjective: 'none',
};

const TEACHER: Rules = {
  ...PUBLIC,
  // Approved teachers, and themself (also while awaiting approval).
  Teacher: `id IN (${LISTED_TEACHERS}) OR user_id = $1`,
  TeacherProfile: `user_id IN (SELECT user_id FROM teachers WHERE id IN (${LISTED_TEACHERS})) OR user_id = $1`,
  Availability: `${FREE_SLOT} OR teacher_id IN (${MY_TEACHER})`,
  User: 'id = $1',
  UserSession: 'user_id = $1',
  StudentProfile: 'none',
  ParentProfile: 'none',
  AdminProfile: 'none',
  ParentChildRelation: 'none',
  Student: `id IN (${MY_PUPILS})`,
  Booking: `teacher_id IN (${MY_TEACHER})`,
  IndividualSession: `teacher_id IN (${MY_TEACHER})`,
  SessionReport: `teacher_id IN (${MY_TEACHER})`,
  Group: `teacher_id IN (${MY_TEACHER})`,
  GroupSession: `group_id IN (${MY_GROUPS})`,
  Enrollment: `teacher_id IN (${MY_TEACHER}) OR group_id IN (${MY_GROUPS})`,
  SessionAttendance: `student_id IN (${MY_PUPILS})`,
  LearningSession: `student_id IN (${MY_PUPILS})`,
  Assessment: `student_id IN (${MY_PUPILS})`,
  ARIAInteraction: `student_id IN (${MY_PUPILS})`,
  WeeklyReport: `student_id IN (${MY_PUPILS})`,
  ParentCommunication: correspondent('teacher'),
  StudentObjective: `student_id IN (${MY_PUPILS})`,
};

const ADMIN: Rules = {
  User: 'all',
  UserSession: 'all',
  StudentProfile: 'all',
  ParentProfile: 'all',
  TeacherProfile: 'all',
  AdminProfile: 'all',
  ParentChildRelation: 'all',
  Student: 'all',
  Teacher: 'all',
  Formula: 'all',
  Location: 'all',
  Availability: 'all',
  Booking: 'all',
  IndividualSession: 'all',
  SessionReport: 'all',
  Group: 'all',
  GroupSession: 'all',
  Enrollment: 'all',
  SessionAttendance: 'all',
  LearningSession: 'all',
  Assessment: 'all',
  ARIAInteraction: 'all',
  WeeklyReport: 'all',
  ParentCommunication: 'all',
  StudentObjective: 'all',
};

export const MATRIX: Record<Role, Rules> = {
  anonymous: ANONYMOUS,
  student: STUDENT,
  parent: PARENT,
  // Same rule, other data: every link has both flags...
  parentWithGrades: PARENT,
  // ...or neither, so no grade and no report at all.
  parentWithoutGrades: { ...PARENT, SessionReport: 'none', Assessment: 'none', WeeklyReport: 'none' },
  // Every link pending: their own account and the link rows, nothing of the children.
  parentWithPendingLinks: {
    ...ANONYMOUS,
    User: 'id = $1',
    UserSession: 'user_id = $1',
    ParentProfile: 'user_id = $1',
    ParentChildRelation: 'parent_user_id = $1',
    ParentCommunication: correspondent('parent'),
  },
  teacher: TEACHER,
  // A self-registered teacher awaiting approval: the same rule as any teacher (their own records,
  // no pupils yet); nobody else lists them or their slots (PUBLIC, FREE_SLOT).
  pendingTeacher: {
    ...ANONYMOUS,
    // Every listed teacher and themself: here every teacher (they are the only pending one).
    Teacher: 'all',
    TeacherProfile: 'all',
    Availability: TEACHER.Availability,
    User: 'id = $1',
    UserSession: 'user_id = $1',
  },
  admin: ADMIN,
  adminWithoutReports: { ...ADMIN, SessionReport: 'none', Assessment: 'none', WeeklyReport: 'none' },
  // Their own account, profile and sessions only.
  adminWithoutUserManagement: { ...ADMIN, User: 'id = $1', UserSession: 'user_id = $1', StudentProfile: 'none', ParentProfile: 'none', AdminProfile: 'user_id = $1' },
};
