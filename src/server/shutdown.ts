import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type Pool } from 'pg';
import { SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '../db/database-availability';
import { logger } from './logger';

// Graceful shutdown, in this order, so that no write commits after its client was cut off:
// 1. stop accepting: the listener closes, idle keep-alive sockets are closed, responses in flight
//    get `Connection: close`, and a request arriving on a still-open socket is answered 503
//    before anything of it runs; a WebSocket upgrade is refused the same way, and a subscribe
//    message on an open socket gets SERVICE_UNAVAILABLE (subscription-server.ts);
// 2. the requests in flight finish, for up to the grace period (SHUTDOWN_GRACE_SECONDS);
// 3. then their running statements are cancelled (pg_cancel_backend), so their transactions roll
//    back and their clients hear a 503; past CANCEL_WAIT_MS the backends are terminated
//    (pg_terminate_backend: an open transaction rolls back) before any socket is destroyed;
// 4. the caller then stops Apollo, whose drain plugin closes the WebSocket clients (1001 Going
//    Away: graphql-ws clients reconnect, to another instance behind a load balancer), then stops
//    the LISTEN connection and closes the pool.

const CANCEL_WAIT_MS = 2_000;
const TERMINATE_WAIT_MS = 1_000;

export class GracefulShutdown {
  private readonly inFlight = new Set<ServerResponse>();
  private idle: (() => void) | null = null;
  draining = false;

  constructor(
    private readonly server: Server,
    private readonly pool: Pool,
  ) {}

  /** First middleware: refuses requests once draining, counts the others until their response closes. */
  readonly middleware = (_request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (this.draining) {
      response.shouldKeepAlive = false;
      response.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS),
        connection: 'close',
      });
      response.end(JSON.stringify({ errors: [{ message: 'The server is shutting down: send the request again', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }));
      return;
    }
    this.inFlight.add(response);
    response.once('close', () => {
      this.inFlight.delete(response);
      if (this.draining) {
        // The socket may now be idle: close it rather than wait for another request.
        setImmediate(() => this.server.closeIdleConnections());
        if (this.inFlight.size === 0) this.idle?.();
      }
    });
    next();
  };

  /** A WebSocket upgrade on a path that has none, or while draining: 404 / 503, the socket closed. */
  readonly refuseUpgrade = (socket: Duplex): void => {
    const [status, message] = this.draining ? ['503 Service Unavailable', 'The server is shutting down: connect again'] : ['404 Not Found', 'WebSocket connections are served on /graphql only'];
    const body = JSON.stringify({ errors: [{ message, extensions: { code: this.draining ? 'SERVICE_UNAVAILABLE' : 'NOT_FOUND' } }] });
    const retry = this.draining ? `Retry-After: ${SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS}\r\n` : '';
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retry}Connection: close\r\n\r\n${body}`);
  };

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Runs steps 1 to 3; resolves when no request is in flight and every socket is closed. */
  async drain(graceMs: number): Promise<void> {
    const log = logger().child({ component: 'shutdown' });
    this.draining = true;
    this.server.close();
    this.server.closeIdleConnections();
    for (const response of this.inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
    log.info({ requestsInFlight: this.inFlight.size, graceSeconds: graceMs / 1000 }, 'shutting down: finishing requests in flight');

    if (!(await this.allFinished(graceMs))) {
      log.warn({ requestsInFlight: this.inFlight.size }, 'grace period over: cancelling running statements');
      const deadline = Date.now() + CANCEL_WAIT_MS;
      while (this.inFlight.size > 0 && Date.now() < deadline) {
        await this.signalBackends('pg_cancel_backend');
        await this.allFinished(200);
      }
      if (this.inFlight.size > 0) {
        log.warn({ requestsInFlight: this.inFlight.size }, 'terminating the database sessions of requests still running');
        await this.signalBackends('pg_terminate_backend');
        await this.allFinished(TERMINATE_WAIT_MS);
      }
    }
    this.server.closeAllConnections();
  }

  private allFinished(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idle = null;
        resolve(false);
      }, timeoutMs);
      this.idle = () => {
        clearTimeout(timer);
        this.idle = null;
        resolve(true);
      };
    });
  }

  /** Backend process ids of the pool's connections that are checked out (running a request's work). */
  private busyBackends(): number[] {
    const internals = this.pool as unknown as { _clients?: Array<{ processID?: number }>; _idle?: Array<{ client: unknown }> };
    const idle = new Set((internals._idle ?? []).map((entry) => entry.client));
    return (internals._clients ?? []).filter((client) => !idle.has(client) && typeof client.processID === 'number').map((client) => client.processID as number);
  }

  /** Cancels (or terminates) the busy backends over a connection of its own (the pool's may all be busy). */
  private async signalBackends(fn: 'pg_cancel_backend' | 'pg_terminate_backend'): Promise<void> {
    const pids = this.busyBackends();
    if (pids.length === 0) return;
    const client = new Client({ ...this.pool.options, application_name: 'nexus-reussite-api shutdown', connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(`SELECT ${fn}(pid) FROM unnest($1::int[]) AS pid`, [pids]);
    } catch (error) {
      logger().warn({ err: error, component: 'shutdown' }, `${fn} failed`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
