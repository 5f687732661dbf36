import type { Pool, PoolClient } from 'pg';

// What a lost or refusing database looks like, and a pool that waits (bounded) for a connection
// instead of failing at once while PostgreSQL restarts or refuses new connections.

/** Socket errors of the driver (Node's errno codes). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * SQLSTATEs meaning "the server cannot serve this now" (PostgreSQL Appendix A): class 08
 * (connection exception), 53300 too_many_connections, 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down).
 */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03']);

/**
 * 08P01 protocol_violation: PostgreSQL refused a message we sent (a malformed Bind, say). Class 08,
 * but the server is fine and the fault is ours: an internal error, not an outage (no 503, no
 * replica taken out of rotation).
 */
const PROTOCOL_VIOLATION = '08P01';

/** pg and TypeORM messages for a connection that is gone or could not be had in time. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Connection is not established/i,
];

/** TypeORM errors thrown when the connection under a query runner died (e.g. during a restart). */
const UNAVAILABLE_NAMES = new Set(['DatabaseUnreachableError', 'QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError', 'ConnectionIsNotSetError']);

export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** True when the error (or the driver error it wraps) says PostgreSQL could not be reached or used. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    const { code, name, message, driverError, cause, thrownValue } = current as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; thrownValue?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || (code.startsWith('08') && code !== PROTOCOL_VIOLATION))) return true;
    if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // graphql-js wraps a thrown non-Error (pg can reject with a plain object) in NonErrorThrown.thrownValue.
    current = driverError ?? cause ?? thrownValue;
  }
  return false;
}

/** Errors after which asking again, a little later, for a connection may succeed. */
function isRetryableConnectError(error: unknown): boolean {
  const { message } = (error ?? {}) as { message?: unknown };
  if (typeof message === 'string' && /timeout exceeded when trying to connect|after calling end/i.test(message)) return false;
  return isDatabaseUnavailable(error);
}

type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined, release: (error?: Error | boolean) => void) => void;

const installed = new WeakSet<Pool>();

/** When each pool last failed to open a connection because the server was unreachable. */
const lastUnavailableAt = new WeakMap<Pool, number>();

/**
 * True when `pool` failed to open a connection because PostgreSQL was unreachable at or after
 * `since` (the start of a wait for a connection): a wait that then runs out is an outage
 * (SERVICE_UNAVAILABLE), not a busy pool (TIMEOUT). Judged over the wait itself, so a wait that
 * began during an outage and ran out just after the first connection of the recovery is still
 * an outage's, and one that began after it is a busy pool's.
 */
export function poolUnavailableSince(pool: Pool, since: number): boolean {
  const at = lastUnavailableAt.get(pool);
  if (at !== undefined && at >= since) return true;
  // A connection attempt still unanswered after a second: the server is not answering (starting,
  // stopping, unreachable), which is also an outage and not a busy pool.
  for (const attempt of connectAttempts.get(pool) ?? []) {
    if (Date.now() - attempt.started >= STALLED_CONNECT_MS) return true;
  }
  return false;
}

/** Each pool's connection attempts in progress, with their start times. */
const connectAttempts = new WeakMap<Pool, Set<{ started: number }>>();
const STALLED_CONNECT_MS = 1_000;

/** Thrown instead of a connection-wait TIMEOUT when the wait ran out because the server is unreachable. */
export class DatabaseUnreachableError extends Error {
  constructor() {
    super('The database could not be reached in time');
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * Makes `pool.connect` (used by pool.query and by TypeORM) retry with exponential backoff for up to
 * `acquireTimeoutMs` when the server refuses or drops new connections, instead of failing at once.
 * On "too many connections" (53300) the pool stops opening new connections for a while and queues
 * for its own, already open ones (pg-pool hands a released client to the first waiter).
 * Own code rather than a library: this is about pg-pool's own queue, which no package extends.
 */
export function installConnectRetry(pool: Pool, acquireTimeoutMs: number): void {
  if (installed.has(pool)) return;
  installed.add(pool);
  const connectOnce = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const configuredMax = pool.options.max ?? 10;
  let restoreMax: NodeJS.Timeout | null = null;

  const capAtOpenConnections = () => {
    if (pool.totalCount === 0) return;
    pool.options.max = Math.max(1, pool.totalCount);
    if (restoreMax) clearTimeout(restoreMax);
    restoreMax = setTimeout(() => {
      pool.options.max = configuredMax;
      restoreMax = null;
    }, 2_000);
    restoreMax.unref();
  };

  const connectWithRetry = async (): Promise<PoolClient> => {
    const deadline = Date.now() + acquireTimeoutMs;
    let delay = 25;
    for (;;) {
      const attempts = connectAttempts.get(pool) ?? new Set<{ started: number }>();
      connectAttempts.set(pool, attempts);
      const attempt = { started: Date.now() };
      attempts.add(attempt);
      try {
        return await connectOnce().finally(() => attempts.delete(attempt));
      } catch (error) {
        if (isDatabaseUnavailable(error)) lastUnavailableAt.set(pool, Date.now());
        if (!isRetryableConnectError(error) || Date.now() + delay >= deadline) throw error;
        if ((error as { code?: unknown }).code === '53300') capAtOpenConnections();
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 500);
      }
    }
  };

  (pool as unknown as { connect: (callback?: ConnectCallback) => Promise<PoolClient> | undefined }).connect = (callback?: ConnectCallback) => {
    const connecting = connectWithRetry();
    if (!callback) return connecting;
    connecting.then(
      (client) => callback(undefined, client, (error) => client.release(error)),
      (error: Error) => callback(error, undefined, () => undefined),
    );
    return undefined;
  };
}
