// Failed sign-ins are limited per e-mail and per IP address (sliding window, in this process).
// A successful sign-in clears the e-mail's counter.

export interface ThrottleLimits {
  perEmail: number;
  perIp: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = { perEmail: 5, perIp: 30, windowMs: 15 * 60 * 1000 };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => now - time < this.limits.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Seconds to wait before another attempt, or 0 when one is allowed. */
  retryAfter(email: string, ip: string, now = Date.now()): number {
    const checks: Array<[string, number]> = [
      [`email:${email}`, this.limits.perEmail],
      [`ip:${ip}`, this.limits.perIp],
    ];
    let wait = 0;
    for (const [key, limit] of checks) {
      const times = this.recent(key, now);
      if (times.length >= limit) wait = Math.max(wait, Math.ceil((times[0] + this.limits.windowMs - now) / 1000));
    }
    return wait;
  }

  recordFailure(email: string, ip: string, now = Date.now()): void {
    for (const key of [`email:${email}`, `ip:${ip}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  recordSuccess(email: string): void {
    this.failures.delete(`email:${email}`);
  }
}
