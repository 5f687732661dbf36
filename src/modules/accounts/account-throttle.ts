import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../../graphql/errors/domain-error';

// Throttling of sign-in, registration and password-reset requests, after the OWASP Authentication
// Cheat Sheet ("Protect against automated attacks", "Account lockout"): counters in PostgreSQL
// (rate-limiter-flexible's PostgreSQL store, table rate_limit_counters), so that every API
// instance on the database shares them; each attempt is reserved by one atomic
// `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` before any password is hashed, so concurrent
// attempts cannot overrun a limit. Windows are fixed: they start at the first attempt and the
// counter is reset when they end. README ("Sign-in throttling") states the policy.
//
// Sign-in keys, in the order they are reserved (a refused reservation gives back the earlier ones,
// so attempts already refused by the pair never count against the account or the address):
// - (e-mail, IP): strict, and a successful sign-in clears it: one guesser at one address is slowed
//   to a few guesses per window, the real user's successes never count;
// - e-mail: higher and short: guessing spread over many addresses is bounded, while a stranger
//   can keep the real user (at another address) out for at most one short window at a time;
// - IP: every attempt from one address, on any account (password spraying, and the scrypt cost).
// E-mails are stored as SHA-256 only.

export const RATE_LIMIT_TABLE = 'rate_limit_counters';

/** `points` attempts per window of `durationSeconds`. */
export interface Limit {
  points: number;
  durationSeconds: number;
}

export interface ThrottlePolicy {
  signInPerPair: Limit;
  signInPerEmail: Limit;
  signInPerIp: Limit;
  registerPerIp: Limit;
  passwordResetPerEmail: Limit;
  passwordResetPerIp: Limit;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  signInPerPair: { points: 5, durationSeconds: 15 * 60 },
  signInPerEmail: { points: 20, durationSeconds: 5 * 60 },
  signInPerIp: { points: 50, durationSeconds: 15 * 60 },
  registerPerIp: { points: 10, durationSeconds: 60 * 60 },
  passwordResetPerEmail: { points: 3, durationSeconds: 60 * 60 },
  passwordResetPerIp: { points: 10, durationSeconds: 15 * 60 },
};

type Limiters = Record<keyof ThrottlePolicy, RateLimiterPostgres>;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The network a client address is counted under: an IPv4 address as is (IPv4-mapped IPv6 too), an
 * IPv6 address by its /64 prefix, the block one subscriber gets (RFC 6177): counting single IPv6
 * addresses would let one client take a fresh counter per address. Anything else as given.
 */
export function clientNetworkOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${(address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

export class AccountThrottle {
  // One set of limiters per pool (an app has one pool; tests may run several apps in a process).
  private readonly limiters = new WeakMap<Pool, Limiters>();

  constructor(readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY) {}

  private limitersOf(pool: Pool): Limiters {
    let limiters = this.limiters.get(pool);
    if (!limiters) {
      const entries = (Object.keys(this.policy) as Array<keyof ThrottlePolicy>).map((name, index) => {
        const limit = this.policy[name];
        const limiter = new RateLimiterPostgres({
          storeClient: pool,
          storeType: 'pool',
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true, // by the migration RateLimitCounters
          // One limiter deletes the counters expired for an hour, every 5 minutes, for the table.
          clearExpiredByTimeout: index === 0,
          keyPrefix: name,
          points: limit.points,
          duration: limit.durationSeconds,
        });
        return [name, limiter] as const;
      });
      limiters = Object.fromEntries(entries) as Limiters;
      this.limiters.set(pool, limiters);
    }
    return limiters;
  }

  /** Counts one attempt on `key`; TOO_MANY_REQUESTS (retryAfter: seconds to the window's end) over the limit. */
  private async reserve(limiter: RateLimiterPostgres, key: string, refused: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new TooManyRequestsError(refused, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }

  /** Reserves `keys` in order; when one is refused, gives back those already reserved. */
  private async reserveAll(reservations: Array<[RateLimiterPostgres, string]>, refused: string): Promise<void> {
    for (let index = 0; index < reservations.length; index += 1) {
      const [limiter, key] = reservations[index];
      try {
        await this.reserve(limiter, key, refused);
      } catch (error) {
        await Promise.all(reservations.slice(0, index).map(([earlier, earlierKey]) => earlier.reward(earlierKey, 1)));
        throw error;
      }
    }
  }

  /** Before a password is checked: one attempt for the (e-mail, IP) pair, the e-mail and the IP. */
  async reserveSignIn(pool: Pool, email: string, ip: string): Promise<void> {
    const limiters = this.limitersOf(pool);
    const network = clientNetworkOf(ip);
    await this.reserveAll(
      [
        [limiters.signInPerPair, `${sha256(email)}:${network}`],
        [limiters.signInPerEmail, sha256(email)],
        [limiters.signInPerIp, network],
      ],
      'Too many sign-in attempts',
    );
  }

  /** After a successful sign-in: the pair starts afresh (the e-mail and IP counters keep the attempt). */
  async signInSucceeded(pool: Pool, email: string, ip: string): Promise<void> {
    await this.limitersOf(pool).signInPerPair.delete(`${sha256(email)}:${clientNetworkOf(ip)}`);
  }

  async reserveRegistration(pool: Pool, ip: string): Promise<void> {
    await this.reserve(this.limitersOf(pool).registerPerIp, clientNetworkOf(ip), 'Too many registrations from this address');
  }

  async reservePasswordReset(pool: Pool, email: string, ip: string): Promise<void> {
    const limiters = this.limitersOf(pool);
    await this.reserveAll(
      [
        [limiters.passwordResetPerIp, clientNetworkOf(ip)],
        [limiters.passwordResetPerEmail, sha256(email)],
      ],
      'Too many password reset requests',
    );
  }
}
