import type { DataSource } from 'typeorm';
import { poolOf } from '../../db/sql-client';

/**
 * `user_sessions.last_activity`, written off the request path.
 *
 * The viewer lookup is a plain SELECT (viewer-lookup.ts) that also says whether the session's
 * last_activity is more than a minute old. Such sessions are collected here and written in one
 * `UPDATE … WHERE id = ANY($1)` shortly after (FLUSH_DELAY_MS), outside any request: the request
 * neither waits for it nor counts it among its statements. The UPDATE repeats the one-minute
 * condition, so several processes (or a flush racing a sign-in) still write a session at most once
 * a minute; this process also skips sessions it queued less than a minute ago.
 *
 * The write is best effort: lost when the process stops before the flush, or when PostgreSQL is
 * unreachable at that moment (last_activity is informative; expiry uses expires_at).
 */
export class SessionActivity {
  private readonly pending = new Set<number>();
  /** Session id → when this process last queued it (ms); entries older than a minute are dropped at each flush. */
  private readonly queuedAt = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Notes that `sessionId` was used now and its last_activity is over a minute old. */
  touch(sessionId: number, now = Date.now()): void {
    const queued = this.queuedAt.get(sessionId);
    if (queued !== undefined && now - queued < ONE_MINUTE_MS) return;
    this.queuedAt.set(sessionId, now);
    this.pending.add(sessionId);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS).unref();
  }

  /** Writes the pending sessions now (also called by the timer). Never throws. */
  async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const ids = [...this.pending];
    this.pending.clear();
    const now = Date.now();
    for (const [id, at] of this.queuedAt) if (now - at >= ONE_MINUTE_MS) this.queuedAt.delete(id);
    if (ids.length === 0 || !this.dataSource.isInitialized) return;
    try {
      await poolOf(this.dataSource).query(TOUCH_SESSIONS, [ids]);
    } catch {
      // Best effort (see above): the next use of the session after a minute queues it again.
      for (const id of ids) this.queuedAt.delete(id);
    }
  }
}

const ONE_MINUTE_MS = 60_000;
/** Sessions used within this delay share one UPDATE. */
const FLUSH_DELAY_MS = 1_000;

/** The one statement SessionActivity sends (outside any request). */
export const TOUCH_SESSIONS = `UPDATE user_sessions SET last_activity = now()
WHERE id = ANY($1::int[]) AND (last_activity IS NULL OR last_activity < now() - interval '1 minute')`;

const perDataSource = new WeakMap<DataSource, SessionActivity>();

/** The process's SessionActivity for this pool (one per DataSource). */
export function sessionActivityOf(dataSource: DataSource): SessionActivity {
  let activity = perDataSource.get(dataSource);
  if (activity === undefined) {
    activity = new SessionActivity(dataSource);
    perDataSource.set(dataSource, activity);
  }
  return activity;
}
