// The building blocks of the hand-written handler's SQL (test/bench/handwritten-server.ts): the
// viewer's session check as a CTE, timestamps formatted as the API formats them, connections.

/** A timestamptz as the API's DateTime scalar serialises it (Date#toISOString). */
export function iso(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export const VIEWER = `viewer AS (
  SELECT u.id AS user_id, u.role, u.first_name, u.last_name
  FROM user_sessions s JOIN users u ON u.id = s.user_id AND u.status = 'active'
  WHERE s.session_token = $1 AND s.is_active IS TRUE AND s.expires_at > now()
)`;

export function nodes(aggregate: string): string {
  return `json_build_object('nodes', coalesce(${aggregate}, '[]'::json))`;
}

/** Only the admin reads the admin screens (e–h): the rows of a list under this condition. */
export const ADMIN_ONLY = `EXISTS (SELECT 1 FROM viewer WHERE viewer.role = 'admin')`;
