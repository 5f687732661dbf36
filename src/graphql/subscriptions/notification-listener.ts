import { Client, type ClientConfig } from 'pg';
import { logger } from '../../server/logger';
import { EVENTS_CHANNEL, parseEvent, type ApiEvent } from './api-events';

// One dedicated PostgreSQL connection per instance, outside the pool, that LISTENs on the events
// channel and hands every notification to this process's subscribers. A pooled connection cannot
// listen (it would be handed to requests); a session-mode PgBouncer or a direct connection is
// needed (transaction mode drops LISTEN). When the connection ends (database restart, network,
// pg_terminate_backend) it connects again with a growing delay (0.25 s → 5 s) and LISTENs again.
// Notifications sent while it was away are lost (PostgreSQL only delivers to connected listeners):
// clients re-read what they show after a reconnect of their own (README, Subscriptions).
//
// Own code rather than pg-listen: that package has had no release since 2020 and wraps the same
// three pg calls (connect, LISTEN, on('notification')) plus the reconnect loop kept here.

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5_000;

export class NotificationListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  private listening: Promise<void> | null = null;

  constructor(
    private readonly connection: ClientConfig,
    private readonly deliver: (event: ApiEvent) => void,
  ) {}

  /** Connects and LISTENs; resolves once listening, or after a first failure (it keeps retrying then). */
  start(): Promise<void> {
    this.listening ??= this.connect();
    return this.listening;
  }

  /** True while the connection is up and listening (for tests and readiness). */
  get connected(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.connection, application_name: 'nexus-reussite-api listener', connectionTimeoutMillis: 5_000 });
    let failed = false;
    const lost = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      logger().warn({ component: 'subscriptions', err: error }, 'the LISTEN connection was lost: connecting again');
      this.retryLater();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL || message.payload === undefined) return;
      const event = parseEvent(message.payload);
      if (event) this.deliver(event);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.retryMs = FIRST_RETRY_MS;
    } catch (error) {
      lost(error as Error);
    }
  }

  private retryLater(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
