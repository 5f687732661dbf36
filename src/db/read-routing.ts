import type { Pool } from 'pg';
import { TimeoutError } from '../graphql/errors/domain-error';
import { recordReplicaFallback, recordReadStatement } from '../server/metrics';
import { isDatabaseUnavailable } from './database-availability';
import type { ReplicaSet } from './replica-set';

// Where one request's read-API statements run (README, "Read replicas"). A request reads from a
// replica until it writes or is known to be a mutation; from then on every statement of the request
// runs on the primary, so it reads its own writes (a replica replays the primary's WAL a little
// later). Statements other than the read API's (the viewer lookup, which may write, sign-in,
// throttle counters, transactions) always run on the primary.
//
// A replica that fails a statement (its connection, a recovery conflict, a timeout) is taken out
// and the statement runs once more, on the primary: only reads ever run on a replica, so running
// one again changes nothing. A failure caused by the request itself ending (deadline, client gone)
// is not the replica's fault and is not retried.

/** SQLSTATEs of a standby cancelling a query that conflicts with the WAL it replays (PostgreSQL docs, "Hot Standby", 26.4.2). */
const RECOVERY_CONFLICT_SQLSTATES = new Set(['40001', '40P01', '57P04']);

/** Why a statement's failure on a replica takes that replica out, or null when it does not. */
export function replicaFailure(error: unknown, requestEnded: boolean): 'connection' | 'recovery conflict' | 'timeout' | null {
  if (requestEnded) return null;
  if (error instanceof TimeoutError) return error.details?.limit === 'request deadline' ? null : 'timeout';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && RECOVERY_CONFLICT_SQLSTATES.has(code)) return 'recovery conflict';
  if (isDatabaseUnavailable(error)) return 'connection';
  return null;
}

export class ReadRouting {
  private pinned = false;

  /**
   * @param primary the primary's pool
   * @param replicas the process's replicas; null or empty: every statement runs on the primary
   * @param signal the request's end (deadline or client gone), as given to its StatementGuard
   */
  constructor(
    private readonly primary: Pool,
    private readonly replicas: ReplicaSet | null,
    private readonly signal?: AbortSignal,
  ) {}

  /** From now on every statement of this request runs on the primary (it wrote, or is a mutation). */
  pinToPrimary(): void {
    this.pinned = true;
  }

  get pinnedToPrimary(): boolean {
    return this.pinned;
  }

  /** Runs a read-API statement on a replica when the request may, else (or when that replica fails) on the primary. */
  async read<T>(run: (pool: Pool) => Promise<T>): Promise<T> {
    const replica = this.pinned || !this.replicas ? null : this.replicas.pick();
    if (!replica) {
      if (this.replicas && this.replicas.size > 0) recordReadStatement('primary');
      return run(this.primary);
    }
    try {
      const result = await run(replica.pool);
      recordReadStatement('replica');
      return result;
    } catch (error) {
      const reason = replicaFailure(error, this.signal?.aborted ?? false);
      if (reason === null) throw error;
      this.replicas?.takeOut(replica, reason);
      recordReplicaFallback(reason);
      recordReadStatement('primary');
      return run(this.primary);
    }
  }
}
