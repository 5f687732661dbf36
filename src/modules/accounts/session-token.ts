import { createHash, randomBytes } from 'node:crypto';

// Bearer and refresh tokens: 256 random bits, base64url. Only their SHA-256 is stored, so a
// leaked database does not leak usable tokens.

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A single-use token that carries its own expiry ("<epoch seconds>.<random>"): its hash is stored,
 * so changing the expiry changes the hash and the token no longer matches.
 */
export function generateExpiringToken(expiresAt: Date): string {
  return `${Math.floor(expiresAt.getTime() / 1000)}.${generateToken()}`;
}

/** The expiry an expiring token carries, or null if it is not one. */
export function expiryOf(token: string): Date | null {
  const match = /^(\d{9,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? new Date(Number(match[1]) * 1000) : null;
}
