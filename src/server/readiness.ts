import { Client, type Pool } from 'pg';
import { logger } from './logger';

export interface ReadinessState {
  ready: boolean;
  /** Why not ready ('database unreachable', 'shutting down'), or null. */
  reason: string | null;
  /** When the database last answered or failed, ISO 8601. */
  checkedAt: string | null;
}

/**
 * /readyz answers from this cache, in microseconds, whatever the load: a background probe runs
 * `SELECT 1` every `intervalMs` on a connection of its own (never waiting behind requests for a
 * pooled one, and still open when the server refuses new connections), bounded by `timeoutMs`.
 */
export class ReadinessProbe {
  private state: ReadinessState = { ready: false, reason: 'not probed yet', checkedAt: null };
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly intervalMs = 1_000,
    private readonly timeoutMs = 2_000,
  ) {}

  get status(): ReadinessState {
    // A pool that was closed serves nothing, whatever the database says.
    if ((this.pool as Pool & { ending?: boolean }).ending) return { ready: false, reason: 'database unreachable', checkedAt: this.state.checkedAt };
    return this.state;
  }

  /** Probes once (awaited), then every intervalMs. */
  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  probe(): Promise<void> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.query(),
        new Promise((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`no answer in ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      if (!this.state.ready && this.state.checkedAt !== null) logger().info('database reachable again');
      this.state = { ready: true, reason: null, checkedAt: new Date().toISOString() };
    } catch (error) {
      if (this.state.ready) logger().warn({ err: error }, 'database unreachable');
      this.state = { ready: false, reason: 'database unreachable', checkedAt: new Date().toISOString() };
      this.dropClient();
    } finally {
      clearTimeout(timeout);
    }
  }

  private async query(): Promise<void> {
    if (!this.client) {
      const client = new Client({ ...this.pool.options, application_name: 'nexus-reussite-api readiness', connectionTimeoutMillis: this.timeoutMs });
      client.on('error', () => this.dropClient());
      this.client = client;
      await client.connect();
    }
    await this.client.query('SELECT 1');
  }

  private dropClient(): void {
    const client = this.client;
    this.client = null;
    client?.end().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.dropClient();
  }
}
