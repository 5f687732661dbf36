import type { Client } from 'pg';
import type { Deadlines } from '../config/config';
import { TimeoutError } from '../graphql/errors/domain-error';
import { sendCancelRequest } from './cancel-request';

// The deadline of one request applied to its database work. A pool connection is waited for at
// most `acquireMs` (and never past the deadline); while a statement or transaction runs, the end
// of the request (deadline passed, or client gone) discards the connection at once and sends
// PostgreSQL a CancelRequest for its backend: the running statement stops, the backend reads the
// connection's end and exits, so an open transaction rolls back and no statement it was about to
// send can run. A discarded connection is never reused, so a late cancel cannot hit another request.

/** SQLSTATE query_canceled: statement_timeout or a CancelRequest. */
const QUERY_CANCELED = '57014';

export class StatementGuard {
  /**
   * @param signal aborted when the request's deadline passes or its client disconnects
   *   (src/server/request-deadline.ts); none for work outside a request.
   */
  constructor(
    private readonly deadlines: Deadlines,
    readonly signal?: AbortSignal,
  ) {}

  private deadlineError(): TimeoutError {
    return new TimeoutError('request deadline', this.deadlines.requestMs);
  }

  /** A statement refused by PostgreSQL's statement_timeout becomes TIMEOUT; other errors pass. */
  private translate(error: unknown): unknown {
    if ((error as { code?: string } | null)?.code === QUERY_CANCELED) {
      // The pg error stays as the cause: a cancel sent by the shutdown (operations.plugin.ts) reads as an outage.
      return this.signal?.aborted ? this.deadlineError() : Object.assign(new TimeoutError('statement timeout', this.deadlines.statementMs), { cause: error });
    }
    return error;
  }

  /**
   * Waits for a pool connection; TIMEOUT after `acquireMs` or when the request ends. A connection
   * that arrives after the wait gave up goes straight back through `giveBack`.
   */
  async acquire<Connection>(connect: () => Promise<Connection>, giveBack: (connection: Connection) => void): Promise<Connection> {
    if (this.signal?.aborted) throw this.deadlineError();
    const pending = connect();
    let timer: NodeJS.Timeout | undefined;
    let onAbort = (): void => undefined;
    const giveUp = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new TimeoutError('connection wait', this.deadlines.acquireMs)), this.deadlines.acquireMs);
      onAbort = () => reject(this.deadlineError());
      this.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([pending, giveUp]);
    } catch (error) {
      pending.then(giveBack, () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
      this.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Runs `work` on `client`, then calls `release` exactly once: `release(false)` when the work
   * settled, `release(true)` (discard the connection) at once when the request ended during it,
   * in which case this rejects with TIMEOUT without waiting for the work.
   */
  run<T>(client: Client, release: (discard: boolean) => void, work: () => Promise<T>): Promise<T> {
    if (this.signal?.aborted) {
      release(false);
      return Promise.reject(this.deadlineError());
    }
    const signal = this.signal;
    return new Promise<T>((resolve, reject) => {
      let ended = false;
      const onAbort = () => {
        ended = true;
        release(true);
        void sendCancelRequest(client);
        reject(this.deadlineError());
      };
      const settle = (finish: () => void) => {
        if (ended) return;
        signal?.removeEventListener('abort', onAbort);
        release(false);
        finish();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      work().then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(this.translate(error))),
      );
    });
  }
}
