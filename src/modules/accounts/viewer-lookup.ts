import type { SqlClient } from '../../db/sql-client';
import { UnauthenticatedError } from '../../graphql/errors/domain-error';
import type { Viewer } from '../../graphql/authorization/viewer';
import { UserRole, UserStatus } from './account.enums';
import { hashToken, TOKEN_PATTERN } from './session-token';

// The Bearer token of a request → the viewer, in one statement: the session (active, not expired),
// its active user (or a teacher awaiting approval), their student / teacher records, admin flags
// and linked children (confirmed links only give rights; pending ones are listed apart). The same
// statement refreshes last_activity when it is more than a minute old.

const VIEWER_BY_SESSION_TOKEN = `
WITH session AS (
  SELECT s.id, s.user_id FROM user_sessions s
  WHERE s.session_token = $1 AND s.is_active IS TRUE AND s.expires_at > now()
), touched AS (
  UPDATE user_sessions s SET last_activity = now() FROM session
  WHERE s.id = session.id AND (s.last_activity IS NULL OR s.last_activity < now() - interval '1 minute')
  RETURNING s.id
)
SELECT session.id AS "sessionId", u.id AS "userId", u.role, u.status,
  (SELECT st.id FROM students st WHERE st.user_id = u.id) AS "studentId",
  (SELECT t.id FROM teachers t WHERE t.user_id = u.id) AS "teacherId",
  (SELECT jsonb_build_object(
     'isSuperAdmin', coalesce(a.is_super_admin, false), 'canManageUsers', coalesce(a.can_manage_users, false),
     'canManageContent', coalesce(a.can_manage_content, false), 'canViewReports', coalesce(a.can_view_reports, false),
     'canManageBilling', coalesce(a.can_manage_billing, false))
   FROM admin_profiles a WHERE a.user_id = u.id AND u.role = 'admin') AS "admin",
  coalesce((SELECT jsonb_agg(jsonb_build_object(
     'userId', r.child_user_id, 'studentId', cs.id, 'canViewGrades', coalesce(r.can_view_grades, false),
     'canReceiveReports', coalesce(r.can_receive_reports, false), 'canBookSessions', coalesce(r.can_book_sessions, false)) ORDER BY r.child_user_id)
   FROM parent_child_relations r LEFT JOIN students cs ON cs.user_id = r.child_user_id
   WHERE r.parent_user_id = u.id AND u.role = 'parent' AND r.confirmed_at IS NOT NULL), '[]'::jsonb) AS "children",
  coalesce((SELECT jsonb_agg(jsonb_build_object('userId', r.child_user_id, 'studentId', cs.id) ORDER BY r.child_user_id)
   FROM parent_child_relations r LEFT JOIN students cs ON cs.user_id = r.child_user_id
   WHERE r.parent_user_id = u.id AND u.role = 'parent' AND r.confirmed_at IS NULL), '[]'::jsonb) AS "pendingChildren",
  (SELECT count(*) FROM touched) AS "touched"
FROM session JOIN users u ON u.id = session.user_id AND (u.status = 'active' OR (u.status = 'pending' AND u.role = 'teacher'))`;

/**
 * Who may sign in (login) and use a session (the lookup above): ACTIVE accounts, and teachers
 * awaiting approval (PENDING), who complete their profile but are not listed and cannot publish.
 */
export function maySignIn(status: UserStatus | null, role: UserRole): boolean {
  return status === UserStatus.ACTIVE || (status === UserStatus.PENDING && role === UserRole.TEACHER);
}

export function parseBearer(authorization: string | undefined): string | null {
  if (authorization === undefined || authorization.trim() === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match || !TOKEN_PATTERN.test(match[1])) {
    throw new UnauthenticatedError('The Authorization header must be "Bearer <sessionToken>" with the token login returned');
  }
  return match[1];
}

export async function findViewer(sql: SqlClient, sessionToken: string): Promise<Viewer> {
  const [row] = await sql.query<Viewer & { touched: number }>(VIEWER_BY_SESSION_TOKEN, [hashToken(sessionToken)]);
  if (!row) throw new UnauthenticatedError('The session token is unknown, expired or revoked: sign in again or refresh the session');
  const { touched, ...viewer } = row;
  // It wrote (last_activity): the request's reads of sessions must see that write, on the primary.
  if (touched > 0) sql.routing.pinToPrimary();
  return viewer;
}
