import type { TestApp } from '../../support/test-app';

// The viewers of the permission matrix, signed in on the test's own database. The demo accounts
// cover anonymous, student, parent, teacher and super admin; the other roles are seeded users
// picked with SQL whose flags are set here, so each role means exactly what its name says.

export const ROLES = [
  'anonymous',
  'student',
  'parent',
  'parentWithGrades',
  'parentWithoutGrades',
  'parentWithPendingLinks',
  'teacher',
  'pendingTeacher',
  'admin',
  'adminWithoutReports',
  'adminWithoutUserManagement',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  anonymous: 'no token',
  student: 'student@example.com',
  parent: 'parent@example.com: children with and without can_view_grades / can_receive_reports',
  parentWithGrades: 'a parent whose every child link has can_view_grades and can_receive_reports',
  parentWithoutGrades: 'a parent whose child links have can_book_sessions only',
  parentWithPendingLinks: 'a parent whose every child link is pending (confirmed_at null)',
  teacher:
    'teacher@example.com, who teaches students 1–45 now; 46–50 only in the past (cancelled lessons, ended enrollments; 48–50 also a lesson given more than three months ago)',
  pendingTeacher: 'a self-registered teacher awaiting approval (PENDING), with one free slot',
  admin: 'admin@example.com, super admin',
  adminWithoutReports: 'an admin with can_manage_users but not can_view_reports',
  adminWithoutUserManagement: 'an admin with can_view_reports but not can_manage_users',
};

/** Students above this id are other teachers' students, never the demo teacher's (see below). */
export const LAST_STUDENT_OF_DEMO_TEACHER = 50;
/** Students from this id to LAST_STUDENT_OF_DEMO_TEACHER were the demo teacher's, no longer are. */
export const FIRST_PAST_STUDENT_OF_DEMO_TEACHER = 46;

export interface Viewers {
  /** users.id of the viewer ($1 of the matrix's SQL); null for anonymous. */
  userId(role: Role): number | null;
  /** The headers graphql() needs to send a request as this viewer. */
  headers(role: Role): Record<string, string>;
  /** The demo teacher's teachers.id and the id of another teacher. */
  teacherId: number;
  otherTeacherId: number;
}

async function rows<Row>(app: TestApp, text: string, values: unknown[] = []): Promise<Row[]> {
  return (await app.dataSource.query(text, values)) as Row[];
}

async function idOf(app: TestApp, text: string, values: unknown[] = []): Promise<number> {
  const [row] = await rows<{ id: number }>(app, text, values);
  if (!row) throw new Error(`no seeded row for: ${text}`);
  return row.id;
}

async function userByEmail(app: TestApp, email: string): Promise<number> {
  return idOf(app, 'SELECT id FROM users WHERE email = $1', [email]);
}

/**
 * An active parent sharing no child with the given parents (each parent role has its own
 * children), preferably one who corresponds with teachers (one parent per family does).
 */
async function otherParent(app: TestApp, taken: number[]): Promise<number> {
  return idOf(
    app,
    `SELECT u.id FROM users u
      WHERE u.role = 'parent' AND u.status = 'active' AND EXISTS (SELECT 1 FROM parent_child_relations r WHERE r.parent_user_id = u.id)
        AND NOT EXISTS (SELECT 1 FROM parent_child_relations mine JOIN parent_child_relations theirs ON theirs.child_user_id = mine.child_user_id
                         WHERE mine.parent_user_id = u.id AND theirs.parent_user_id = ANY($1::int[]))
      ORDER BY EXISTS (SELECT 1 FROM parent_communications c WHERE c.sender_id = u.id OR c.recipient_id = u.id) DESC, u.id LIMIT 1`,
    [taken],
  );
}

/** An active admin that is not a super admin, preferring one seeded with the wanted flags. */
async function otherAdmin(app: TestApp, preferred: string, taken: number[]): Promise<number> {
  return idOf(
    app,
    `SELECT u.id FROM users u JOIN admin_profiles a ON a.user_id = u.id
      WHERE u.status = 'active' AND a.is_super_admin IS NOT TRUE AND u.id <> ALL($1::int[])
      ORDER BY (${preferred}) DESC, u.id LIMIT 1`,
    [taken],
  );
}

/**
 * Picks and adjusts the viewers, then signs them in. Run once per test file, before anything is
 * compared: the expected sets are computed from the database as this leaves it.
 */
export async function prepareViewers(app: TestApp): Promise<Viewers> {
  const users: Partial<Record<Role, number>> = {
    student: await userByEmail(app, 'student@example.com'),
    parent: await userByEmail(app, 'parent@example.com'),
    teacher: await userByEmail(app, 'teacher@example.com'),
    admin: await userByEmail(app, 'admin@example.com'),
  };

  users.parentWithGrades = await otherParent(app, [users.parent!]);
  await app.dataSource.query('UPDATE parent_child_relations SET can_view_grades = true, can_receive_reports = true WHERE parent_user_id = $1', [
    users.parentWithGrades,
  ]);
  users.parentWithoutGrades = await otherParent(app, [users.parent!, users.parentWithGrades]);
  await app.dataSource.query(
    'UPDATE parent_child_relations SET can_view_grades = false, can_receive_reports = false, can_book_sessions = true WHERE parent_user_id = $1',
    [users.parentWithoutGrades],
  );

  // A pending link gives nothing: this parent's links are all pending.
  users.parentWithPendingLinks = await otherParent(app, [users.parent!, users.parentWithGrades, users.parentWithoutGrades]);
  await app.dataSource.query('UPDATE parent_child_relations SET confirmed_at = NULL WHERE parent_user_id = $1', [users.parentWithPendingLinks]);

  users.adminWithoutReports = await otherAdmin(app, 'a.can_manage_users AND a.can_view_reports IS NOT TRUE', [users.admin!]);
  await app.dataSource.query('UPDATE admin_profiles SET can_manage_users = true, can_view_reports = false WHERE user_id = $1', [users.adminWithoutReports]);
  users.adminWithoutUserManagement = await otherAdmin(app, 'a.can_view_reports AND a.can_manage_users IS NOT TRUE', [users.admin!, users.adminWithoutReports]);
  await app.dataSource.query('UPDATE admin_profiles SET can_manage_users = false, can_view_reports = true WHERE user_id = $1', [
    users.adminWithoutUserManagement,
  ]);

  // The seed has every teacher teach every student, which would make "not other teachers'
  // students" untestable: here the demo teacher never taught the students above 50.
  const teacherId = await idOf(app, 'SELECT id FROM teachers WHERE user_id = $1', [users.teacher]);
  const otherTeacherId = await idOf(app, 'SELECT id FROM teachers WHERE id <> $1 ORDER BY id LIMIT 1', [teacherId]);
  const gone = [teacherId, LAST_STUDENT_OF_DEMO_TEACHER];
  await app.dataSource.query('DELETE FROM bookings WHERE teacher_id = $1 AND student_id > $2', gone);
  await app.dataSource.query('DELETE FROM individual_sessions WHERE teacher_id = $1 AND student_id > $2', gone);
  await app.dataSource.query(
    'DELETE FROM enrollments WHERE (teacher_id = $1 OR group_id IN (SELECT id FROM groups WHERE teacher_id = $1)) AND student_id > $2',
    gone,
  );
  await app.dataSource.query(
    `DELETE FROM session_attendances WHERE student_id > $2
        AND session_id IN (SELECT s.id FROM group_sessions s JOIN groups g ON g.id = s.group_id WHERE g.teacher_id = $1)`,
    gone,
  );
  // enrollments.teacher_id is nullable: a group enrollment recorded without it is still one of
  // the teacher's (the group is theirs).
  await app.dataSource.query(
    `UPDATE enrollments SET teacher_id = NULL
      WHERE id = (SELECT min(e.id) FROM enrollments e JOIN groups g ON g.id = e.group_id WHERE g.teacher_id = $1)`,
    [teacherId],
  );

  // The demo teacher's past pupils: every lesson with them cancelled, every enrollment ended.
  const past = [teacherId, FIRST_PAST_STUDENT_OF_DEMO_TEACHER, LAST_STUDENT_OF_DEMO_TEACHER];
  await app.dataSource.query(`UPDATE bookings SET status = 'cancelled' WHERE teacher_id = $1 AND student_id BETWEEN $2 AND $3`, past);
  await app.dataSource.query(`UPDATE individual_sessions SET status = 'cancelled' WHERE teacher_id = $1 AND student_id BETWEEN $2 AND $3`, past);
  await app.dataSource.query(
    `UPDATE enrollments SET is_active = false, end_date = current_date
      WHERE (teacher_id = $1 OR group_id IN (SELECT id FROM groups WHERE teacher_id = $1)) AND student_id BETWEEN $2 AND $3`,
    past,
  );

  // Past by time as well: lessons given (completed, not cancelled) four and five months ago, beyond
  // the rule's three months, at night in Tunis when no seeded lesson takes place.
  await app.dataSource.query(
    `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, duration_minutes, format, subject, status, created_by)
     SELECT s, $1, date_trunc('day', now() - interval '4 months') + (s - $2) * interval '1 hour', date_trunc('day', now() - interval '4 months') + (s - $2 + 1) * interval '1 hour',
            60, 'online', 'Mathématiques', 'completed', 'admin'
       FROM generate_series($2::int, $3::int) s`,
    [teacherId, LAST_STUDENT_OF_DEMO_TEACHER - 1, LAST_STUDENT_OF_DEMO_TEACHER],
  );
  await app.dataSource.query(
    `INSERT INTO individual_sessions (student_id, teacher_id, subject, scheduled_at, duration_minutes, format, status)
     VALUES ($2, $1, 'Mathématiques', date_trunc('day', now() - interval '5 months') + interval '1 hour', 60, 'online', 'completed')`,
    [teacherId, LAST_STUDENT_OF_DEMO_TEACHER - 2],
  );

  // A self-registered teacher awaiting approval, with a free slot left from before (not listed).
  const [pending] = await rows<{ id: number }>(
    app,
    `INSERT INTO users (email, password_hash, first_name, last_name, role, status, email_verified)
     SELECT 'pending.teacher@example.com', password_hash, 'Salma', 'Attente', 'teacher', 'pending', true FROM users WHERE id = $1 RETURNING id`,
    [users.teacher],
  );
  users.pendingTeacher = pending.id;
  await app.dataSource.query(`INSERT INTO teacher_profiles (user_id, subjects) VALUES ($1, '["Mathématiques"]'::jsonb)`, [pending.id]);
  await app.dataSource.query(
    `WITH t AS (INSERT INTO teachers (user_id, first_name, last_name, email, subjects) VALUES ($1, 'Salma', 'Attente', 'pending.teacher@example.com', '["Mathématiques"]'::jsonb) RETURNING id)
     INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person, is_booked) SELECT id, now() + interval '30 days', now() + interval '30 days 1 hour', false, false FROM t`,
    [pending.id],
  );

  const tokens = new Map<Role, string>();
  for (const role of ROLES) {
    const userId = users[role];
    if (userId === undefined) continue;
    const [user] = await rows<{ email: string }>(app, 'SELECT email FROM users WHERE id = $1', [userId]);
    tokens.set(role, await app.signIn(user.email));
  }

  return {
    userId: (role) => users[role] ?? null,
    headers: (role) => ({ authorization: role === 'anonymous' ? '' : `Bearer ${tokens.get(role)!}` }),
    teacherId,
    otherTeacherId,
  };
}
