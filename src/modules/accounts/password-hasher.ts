import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Passwords are stored as scrypt hashes in PHC string format, with the parameters of the OWASP
// Password Storage Cheat Sheet: N = 2^17 (ln=17), r = 8, p = 1, a 16-byte random salt and a
// 32-byte key:
//   $scrypt$ln=17,r=8,p=1$<salt, base64 without padding>$<key, base64 without padding>
// The parameters travel with each hash, so they can be raised later: verifyPassword reads them
// from the stored string, and old hashes keep verifying.

export const SCRYPT_PARAMETERS = { ln: 17, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

// scrypt needs 128 * N * r bytes (128 MiB at N = 2^17, r = 8); Node refuses above maxmem (32 MiB by default).
const MAX_MEMORY = 256 * 1024 * 1024;

// Upper bounds accepted when verifying, so that a forged hash cannot make the server burn CPU;
// memory is bounded by MAX_MEMORY (scrypt fails, and verifyPassword answers false, above it).
const MAX_LN = 20;
const MAX_R = 32;
const MAX_P = 16;

const PHC_PATTERN = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function deriveKey(plain: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function toBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** Strict unpadded base64: undefined unless the text decodes and encodes back to itself. */
function fromBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return toBase64(bytes) === text ? bytes : undefined;
}

/**
 * Hashes with the given salt. Only for callers that need a reproducible hash (the demo seed,
 * which must produce identical rows on every run); everything else uses hashPassword.
 */
export async function hashPasswordWithSalt(plain: string, salt: Buffer): Promise<string> {
  if (salt.length < SCRYPT_PARAMETERS.saltBytes) throw new RangeError(`the salt must have at least ${SCRYPT_PARAMETERS.saltBytes} bytes`);
  const { ln, r, p, keyBytes } = SCRYPT_PARAMETERS;
  const key = await deriveKey(plain, salt, keyBytes, { N: 2 ** ln, r, p, maxmem: MAX_MEMORY });
  return `$scrypt$ln=${ln},r=${r},p=${p}$${toBase64(salt)}$${toBase64(key)}`;
}

/** A new PHC string for the password, with a fresh random salt. */
export function hashPassword(plain: string): Promise<string> {
  return hashPasswordWithSalt(plain, randomBytes(SCRYPT_PARAMETERS.saltBytes));
}

/** Whether the password matches the stored PHC string; false (never an exception) for a malformed string. */
export async function verifyPassword(plain: string, phc: string): Promise<boolean> {
  if (typeof plain !== 'string' || typeof phc !== 'string') return false;
  const match = PHC_PATTERN.exec(phc);
  if (!match) return false;
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (ln < 1 || ln > MAX_LN || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return false;
  const salt = fromBase64(match[4]);
  const expected = fromBase64(match[5]);
  if (!salt || !expected || salt.length < 8 || expected.length < 16 || expected.length > 64) return false;
  let actual: Buffer;
  try {
    actual = await deriveKey(plain, salt, expected.length, { N: 2 ** ln, r, p, maxmem: MAX_MEMORY });
  } catch {
    return false;
  }
  return timingSafeEqual(actual, expected);
}
