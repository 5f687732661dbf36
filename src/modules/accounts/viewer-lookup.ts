import type { SqlClient } from '../../db/sql-client';
import { UnauthenticatedError } from '../../graphql/errors/domain-error';
import type { Viewer } from '../../graphql/authorization/viewer';
import { UserRole, UserStatus } from './account.enums';
import type { SessionActivity } from './session-activity';
import { hashToken, TOKEN_PATTERN } from './session-token';

// The Bearer token of a request → the viewer, in one indexed SELECT (uq_user_sessions_session_token,
// then primary and unique keys): the session (active, not expired), its active user (or a teacher
// awaiting approval), their student / teacher records, admin flags and linked children (confirmed
// links only give rights; pending ones are listed apart). It writes nothing: it says whether the
// session's last_activity is more than a minute old, and session-activity.ts writes it after the
// request (at most once a minute per session). A plain SELECT is preparable (SqlClient names it).

const VIEWER_BY_SESSION_TOKEN = `
WITH session AS (
  SELECT s.id, s.user_id, (s.last_activity IS NULL OR s.last_activity < now() - interval '1 minute') AS stale
  FROM user_sessions s
  WHERE s.session_token = $1 AND s.is_active IS TRUE AND s.expires_at > now()
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
  session.stale AS "activityStale"
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

/**
 * The viewer of a session token, or UNAUTHENTICATED. One statement; a last_activity older than a
 * minute is handed to `activity`, which writes it after the request.
 */
export async function findViewer(sql: SqlClient, sessionToken: string, activity: SessionActivity): Promise<Viewer> {
  const [row] = await sql.query<Viewer & { activityStale: boolean }>(VIEWER_BY_SESSION_TOKEN, [hashToken(sessionToken)]);
  if (!row) throw new UnauthenticatedError('The session token is unknown, expired or revoked: sign in again or refresh the session');
  const { activityStale, ...viewer } = row;
  if (activityStale) activity.touch(viewer.sessionId);
  return viewer;
}
