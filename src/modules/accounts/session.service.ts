import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { affectedOf, rowsOf } from '../../db/query-result';
import { DeviceType } from './device-type.enum';
import { generateToken, hashToken } from './session-token';

// Sessions in user_sessions: a bearer token (SESSION_TTL_MINUTES) and a refresh token, both
// stored as SHA-256 only. Refresh rotates both tokens; the refresh token just rotated out still
// gets the current pair for REFRESH_OVERLAP_SECONDS (parallel refreshes), and presented again
// after that (or after a newer rotation) it revokes the session. A session family lives at most
// REFRESH_TTL_DAYS from sign-in.

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
 * A refresh token that was already rotated out is being presented again (outside the overlap
 * period): it was stolen or replayed, so the session it belongs to is revoked. Runs on its own
 * (not in the caller's transaction), so the revocation stands although the request then fails.
 */
export async function revokeIfReplayed(manager: EntityManager, refreshToken: string): Promise<boolean> {
  const revoked = rowsOf<{ id: number }>(
    await manager.query(`UPDATE user_sessions SET is_active = false WHERE used_refresh_tokens @> ARRAY[$1]::varchar[] RETURNING id`, [hashToken(refreshToken)]),
  );
  return revoked.length > 0;
}

/**
 * The pair a rotation hands out, derived from the refresh token presented and a random salt (HMAC-
 * SHA-256, RFC 2104): the holder of that token can be given the same pair again during the overlap
 * period without the server keeping any token in clear; without the salt (stored in the database
 * only) an old refresh token alone does not yield the pair.
 */
function derivedPair(presentedRefreshToken: string, salt: string): { sessionToken: string; refreshToken: string } {
  const derive = (purpose: string) => createHmac('sha256', presentedRefreshToken).update(`${salt}:${purpose}`).digest('base64url');
  return { sessionToken: derive('session'), refreshToken: derive('refresh') };
}

const LIVE_SESSION = `s.is_active IS TRUE AND u.id = s.user_id AND u.status = 'active' AND s.created_at > now() - make_interval(days => $2)`;

/**
 * Rotates both tokens of the session that `refreshToken` belongs to; null when the token is not
 * the current refresh token of a live session, nor its just-rotated one within the overlap period.
 *
 * Refresh token rotation with an overlap period (as Auth0's "rotation overlap period"): two tabs
 * or a retry that refresh with the same token at once all get working tokens. The conditional
 * UPDATE lets exactly one of them rotate (the others wait on the row lock, then no longer match);
 * each other one then finds the token as the session's just-rotated one (usedRefreshTokens[0])
 * within `refreshOverlapSeconds` of the rotation, and gets the current pair, derived again from
 * the token it presented and the stored salt. After the period, or once the session rotated again,
 * the token is a replay: see revokeIfReplayed.
 */
export async function rotateSession(manager: EntityManager, config: AppConfig, refreshToken: string): Promise<IssuedSession | null> {
  const presented = hashToken(refreshToken);
  const salt = generateToken();
  const next = derivedPair(refreshToken, salt);
  const [rotated] = rowsOf<{ id: number; userId: number; expiresAt: Date }>(await manager.query(
    `UPDATE user_sessions s
     SET session_token = $3, refresh_token = $4, expires_at = now() + make_interval(mins => $5), last_activity = now(),
         used_refresh_tokens = (ARRAY[$1]::varchar[] || s.used_refresh_tokens)[1:${MAX_REMEMBERED_REFRESH_TOKENS}],
         rotated_at = now(), rotation_salt = $6
     FROM users u
     WHERE s.refresh_token = $1 AND ${LIVE_SESSION}
     RETURNING s.id, s.user_id AS "userId", s.expires_at AS "expiresAt"`,
    [presented, config.refreshTtlDays, hashToken(next.sessionToken), hashToken(next.refreshToken), config.sessionTtlMinutes, salt],
  ));
  if (rotated) return { sessionId: rotated.id, userId: rotated.userId, ...next, expiresAt: rotated.expiresAt };
  if (config.refreshOverlapSeconds === 0) return null;
  const [overlapping] = rowsOf<{ id: number; userId: number; expiresAt: Date; salt: string; sessionToken: string; refreshToken: string }>(await manager.query(
    `SELECT s.id, s.user_id AS "userId", s.expires_at AS "expiresAt", s.rotation_salt AS salt,
            s.session_token AS "sessionToken", s.refresh_token AS "refreshToken"
     FROM user_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.used_refresh_tokens @> ARRAY[$1]::varchar[] AND s.used_refresh_tokens[1] = $1
       AND s.rotated_at > now() - make_interval(secs => $3) AND ${LIVE_SESSION}`,
    [presented, config.refreshTtlDays, config.refreshOverlapSeconds],
  ));
  if (!overlapping?.salt) return null;
  const current = derivedPair(refreshToken, overlapping.salt);
  // The pair in the row is the one derived from this token unless something else replaced it.
  if (hashToken(current.sessionToken) !== overlapping.sessionToken || hashToken(current.refreshToken) !== overlapping.refreshToken) return null;
  return { sessionId: overlapping.id, userId: overlapping.userId, ...current, expiresAt: overlapping.expiresAt };
}

export async function closeSession(manager: EntityManager, sessionId: number): Promise<void> {
  await manager.query(`UPDATE user_sessions SET is_active = false WHERE id = $1`, [sessionId]);
}

export async function closeAllSessions(manager: EntityManager, userId: number): Promise<number> {
  return affectedOf(await manager.query(`UPDATE user_sessions SET is_active = false WHERE user_id = $1 AND is_active IS TRUE`, [userId]));
}
