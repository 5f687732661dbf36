import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { affectedOf, rowsOf } from '../../db/query-result';
import { UnauthenticatedError } from '../../graphql/errors/domain-error';
import { DeviceType } from './device-type.enum';
import { generateToken, hashToken } from './session-token';

// Sessions in user_sessions: a bearer token (SESSION_TTL_MINUTES) and a refresh token, both
// stored as SHA-256 only. Refresh rotates both tokens; a refresh token presented again after its
// rotation revokes the session. A session family lives at most REFRESH_TTL_DAYS from sign-in.

export interface IssuedSession {
  sessionId: number;
  userId: number;
  sessionToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export interface ClientInfo {
  ipAddress?: string;
  userAgent?: string;
}

const MAX_REMEMBERED_REFRESH_TOKENS = 50;

export function deviceTypeOf(userAgent: string | undefined): DeviceType {
  if (!userAgent) return DeviceType.UNKNOWN;
  if (/ipad|tablet/i.test(userAgent)) return DeviceType.TABLET;
  if (/mobi|iphone|android/i.test(userAgent)) return DeviceType.MOBILE;
  if (/windows|macintosh|x11|linux|cros/i.test(userAgent)) return DeviceType.DESKTOP;
  return DeviceType.UNKNOWN;
}

export async function openSession(manager: EntityManager, config: AppConfig, userId: number, client: ClientInfo): Promise<IssuedSession> {
  const sessionToken = generateToken();
  const refreshToken = generateToken();
  const [row] = rowsOf<{ id: number; expiresAt: Date }>(await manager.query(
    `INSERT INTO user_sessions (user_id, session_token, refresh_token, expires_at, ip_address, user_agent, device_type, is_active, last_activity)
     VALUES ($1, $2, $3, now() + make_interval(mins => $4), $5, $6, $7, true, now())
     RETURNING id, expires_at AS "expiresAt"`,
    [userId, hashToken(sessionToken), hashToken(refreshToken), config.sessionTtlMinutes, client.ipAddress ?? null, client.userAgent?.slice(0, 500) ?? null, deviceTypeOf(client.userAgent)],
  ));
  return { sessionId: row.id, userId, sessionToken, refreshToken, expiresAt: row.expiresAt };
}

/**
 * A refresh token that was already rotated out is being presented again: it was stolen or
 * replayed, so the session it belongs to is revoked. Runs on its own (not in the caller's
 * transaction), so the revocation stands although the request then fails.
 */
export async function revokeIfReplayed(manager: EntityManager, refreshToken: string): Promise<boolean> {
  const revoked = rowsOf<{ id: number }>(
    await manager.query(`UPDATE user_sessions SET is_active = false WHERE used_refresh_tokens @> ARRAY[$1]::varchar[] RETURNING id`, [hashToken(refreshToken)]),
  );
  return revoked.length > 0;
}

/** Rotates both tokens of the session that `refreshToken` belongs to. */
export async function rotateSession(manager: EntityManager, config: AppConfig, refreshToken: string): Promise<IssuedSession> {
  const presented = hashToken(refreshToken);
  const sessionToken = generateToken();
  const nextRefreshToken = generateToken();
  const [updated] = rowsOf<{ id: number; userId: number; expiresAt: Date }>(await manager.query(
    `UPDATE user_sessions s
     SET session_token = $2, refresh_token = $3, expires_at = now() + make_interval(mins => $4), last_activity = now(),
         used_refresh_tokens = (ARRAY[$1]::varchar[] || s.used_refresh_tokens)[1:${MAX_REMEMBERED_REFRESH_TOKENS}]
     FROM users u
     WHERE s.refresh_token = $1 AND s.is_active IS TRUE AND u.id = s.user_id AND u.status = 'active'
       AND s.created_at > now() - make_interval(days => $5)
     RETURNING s.id, s.user_id AS "userId", s.expires_at AS "expiresAt"`,
    [presented, hashToken(sessionToken), hashToken(nextRefreshToken), config.sessionTtlMinutes, config.refreshTtlDays],
  ));
  if (!updated) throw new UnauthenticatedError('The refresh token is unknown, expired or revoked: sign in again');
  return { sessionId: updated.id, userId: updated.userId, sessionToken, refreshToken: nextRefreshToken, expiresAt: updated.expiresAt };
}

export async function closeSession(manager: EntityManager, sessionId: number): Promise<void> {
  await manager.query(`UPDATE user_sessions SET is_active = false WHERE id = $1`, [sessionId]);
}

export async function closeAllSessions(manager: EntityManager, userId: number): Promise<number> {
  return affectedOf(await manager.query(`UPDATE user_sessions SET is_active = false WHERE user_id = $1 AND is_active IS TRUE`, [userId]));
}
