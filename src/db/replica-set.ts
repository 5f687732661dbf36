import { Client, Pool } from 'pg';
import { logger } from '../server/logger';
import { poolOptions, type DataSourceOptions } from './data-source';

// The read replicas of one API process (DATABASE_REPLICA_URLS): one pg Pool per streaming replica,
// with the same size, connect timeout and statement limits as the primary's pool, so the request's
// StatementGuard (acquire timeout, statement_timeout, CancelRequest on the request's end) applies
// to them unchanged. A replica that fails a statement is taken out (the primary serves, see
// read-routing.ts) until a health check on a connection of its own succeeds again.
//
// Kept here rather than through TypeORM's `replication` option: TypeORM would send its own
// find* calls to a random replica with no health state, and offers no way to take one out.

export interface ReplicaStatus {
  /** 'replica 1', 'replica 2'...: its position in DATABASE_REPLICA_URLS (URLs hold passwords, never shown). */
  name: string;
  available: boolean;
  /** Seconds since the last transaction replayed from the primary (PostgreSQL's pg_last_xact_replay_timestamp), null when unknown. */
  replayLagSeconds: number | null;
  /** Why it was taken out ('connection', 'recovery conflict', 'timeout', 'not a standby'), null while available. */
  reason: string | null;
}

export interface Replica {
  readonly name: string;
  readonly pool: Pool;
}

interface ReplicaState extends Replica {
  url: string;
  available: boolean;
  reason: string | null;
  replayLagSeconds: number | null;
}

/** Whole milliseconds a health check may take (connect + one statement) before the replica counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

export class ReplicaSet {
  private readonly replicas: ReplicaState[];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  /**
   * @param urls postgres:// URLs of streaming replicas
   * @param options the primary pool's options (size, statement limits) applied to each replica pool
   * @param checkMs milliseconds between health checks
   */
  constructor(
    urls: string[],
    options: Omit<DataSourceOptions, 'url' | 'logSql'>,
    private readonly checkMs: number,
  ) {
    this.replicas = urls.map((url, index) => {
      const pool = new Pool({ connectionString: url, ...poolOptions(options), application_name: 'nexus-reussite-api replica' });
      // An idle client whose replica goes away emits 'error' on the pool: without a listener, the process would end.
      pool.on('error', () => undefined);
      return { name: `replica ${index + 1}`, url, pool, available: true, reason: null, replayLagSeconds: null };
    });
  }

  get size(): number {
    return this.replicas.length;
  }

  get pools(): Pool[] {
    return this.replicas.map((replica) => replica.pool);
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, available, replayLagSeconds, reason }) => ({ name, available, replayLagSeconds, reason }));
  }

  /**
   * The available replica with the fewest connections in use or awaited (least busy; the first
   * in DATABASE_REPLICA_URLS order on a tie), or null when none is available.
   */
  pick(): Replica | null {
    let best: ReplicaState | null = null;
    let bestLoad = Infinity;
    for (const replica of this.replicas) {
      if (!replica.available) continue;
      const load = replica.pool.totalCount - replica.pool.idleCount + replica.pool.waitingCount;
      if (load < bestLoad) {
        best = replica;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Takes a replica out until a health check succeeds; its idle connections are closed as they fail. */
  takeOut(replica: Replica, reason: string): void {
    const state = this.replicas.find((candidate) => candidate.pool === replica.pool);
    if (!state || !state.available) return;
    state.available = false;
    state.reason = reason;
    logger().warn({ replica: state.name, reason }, 'read replica taken out: the primary serves its reads until a health check succeeds');
  }

  /** Checks every replica once (awaited), then every checkMs. */
  async start(): Promise<void> {
    if (this.replicas.length === 0) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), this.checkMs);
    this.timer.unref();
  }

  check(): Promise<void> {
    this.running ??= Promise.all(this.replicas.map((replica) => this.checkOne(replica))).then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * One health check on a connection of its own (never waiting behind requests): the server
   * answers within CHECK_TIMEOUT_MS and is a standby in recovery (a promoted replica is a new
   * primary: reading from it would miss the writes of the real one).
   */
  private async checkOne(replica: ReplicaState): Promise<void> {
    const client = new Client({ connectionString: replica.url, connectionTimeoutMillis: CHECK_TIMEOUT_MS, statement_timeout: CHECK_TIMEOUT_MS, application_name: 'nexus-reussite-api replica check' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ standby: boolean; lag: number | null }>(
        'SELECT pg_is_in_recovery() AS standby, extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag',
      );
      replica.replayLagSeconds = rows[0].lag;
      if (!rows[0].standby) {
        this.takeOut(replica, 'not a standby');
        return;
      }
      if (!replica.available) logger().info({ replica: replica.name }, 'read replica re-admitted after a successful health check');
      replica.available = true;
      replica.reason = null;
    } catch {
      replica.replayLagSeconds = null;
      this.takeOut(replica, 'connection');
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await Promise.all(this.replicas.map((replica) => replica.pool.end().catch(() => undefined)));
  }
}
