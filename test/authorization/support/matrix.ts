import type { Role } from './viewers';

// THE PERMISSION MATRIX: for each role and each of the 25 types, which rows the viewer may read.
// Written from the rules of the issue, as SQL of its own (never by calling the policy code):
//   'all'  every row of the table;
//   'none' no row;
//   SQL    a condition on the type's table (WHERE ...), where $1 is the viewer's users.id.
// A rule that is SQL must select at least one seeded row, so no expectation is vacuous.
//
// anonymous  formulas, locations, the public part of teachers and their profiles, free slots.
// student    their user, profile, student record and everything hanging from it.
// parent     their own data; per linked child: the record, bookings and sessions; grades
//            (assessments, session reports, performance fields) only with can_view_grades,
//            weekly reports only with can_receive_reports.
// teacher    their own profile, slots, bookings, groups, sessions and reports, and the students
//            they teach (booked with them, enrolled with them or in their groups, taught
//            individually), not other teachers' students.
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

const FREE_SLOT = 'is_booked IS NOT TRUE';

const MY_STUDENT = 'SELECT id FROM students WHERE user_id = $1';
const MY_TEACHER = 'SELECT id FROM teachers WHERE user_id = $1';
const MY_GROUPS = `SELECT id FROM groups WHERE teacher_id IN (${MY_TEACHER})`;

const MY_CHILD_USERS = 'SELECT child_user_id FROM parent_child_relations WHERE parent_user_id = $1';
const MY_CHILDREN = `SELECT id FROM students WHERE user_id IN (${MY_CHILD_USERS})`;
/** Children whose link carries the flag (can_view_grades, can_receive_reports). */
function myChildrenWith(flag: string): string {
  return `SELECT id FROM students WHERE user_id IN (SELECT child_user_id FROM parent_child_relations WHERE parent_user_id = $1 AND ${flag})`;
}

const MY_PUPILS = [
  `SELECT student_id FROM bookings WHERE teacher_id IN (${MY_TEACHER})`,
  `SELECT student_id FROM enrollments WHERE teacher_id IN (${MY_TEACHER}) OR group_id IN (${MY_GROUPS})`,
  `SELECT student_id FROM individual_sessions WHERE teacher_id IN (${MY_TEACHER})`,
].join(' UNION ');

/** Messages the viewer sent or received as a correspondent of this kind. */
function correspondent(kind: 'parent' | 'teacher'): string {
  return `(sender_type = '${kind}' AND sender_id = $1) OR (recipient_type = '${kind}' AND recipient_id = $1)`;
}

const PUBLIC = { Formula: 'all', Location: 'all', Teacher: 'all', TeacherProfile: 'all' } as const;

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
  teacher: TEACHER,
  admin: ADMIN,
  adminWithoutReports: { ...ADMIN, SessionReport: 'none', Assessment: 'none', WeeklyReport: 'none' },
  // Their own account, profile and sessions only.
  adminWithoutUserManagement: { ...ADMIN, User: 'id = $1', UserSession: 'user_id = $1', StudentProfile: 'none', ParentProfile: 'none', AdminProfile: 'user_id = $1' },
};
