import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { TimeoutError } from '../graphql/errors/domain-error';
import { DatabaseUnreachableError, poolUnavailableSince } from './database-availability';
import { ReadRouting } from './read-routing';
import type { ReplicaSet } from './replica-set';
import { PreparedStatementCache } from './prepared-statements';
import { StatementGuard } from './statement-guard';
import { READ_PATH_TYPES } from './timestamp-text';

/**
 * Runs parameterised SQL for one request and counts its statements (the cost the contract bounds).
 * Every statement and transaction goes through the request's StatementGuard: bounded wait for a
 * connection, cancelled when the request's deadline passes or its client disconnects.
 * `query` and `transaction` run on the primary; `read` (the read API's statements) on a replica
 * while the request may (src/db/read-routing.ts).
 */
/** PostgreSQL's limit of parameters per statement (the Bind message's 16-bit count). */
export const MAX_PARAMETERS = 65_535;

export class SqlClient {
  private count = 0;
  private readonly pool: Pool;
  /** Where read-API statements run; pinned to the primary once the request writes. */
  readonly routing: ReadRouting;

  /**
   * @param options.preparedStatements send each statement as a named (prepared) statement
   *   (DATABASE_PREPARED_STATEMENTS, default on; off behind PgBouncer in transaction mode).
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly guard: StatementGuard,
    replicas: ReplicaSet | null = null,
    private readonly options: { preparedStatements: boolean } = { preparedStatements: true },
  ) {
    this.pool = poolOf(dataSource);
    this.routing = new ReadRouting(this.pool, replicas, guard.signal);
  }

  get statements(): number {
    return this.count;
  }

  /**
   * The guard's bounded wait for a connection; when it runs out while the pool could not reach
   * PostgreSQL, that is an outage (SERVICE_UNAVAILABLE, retryable), not a busy pool (TIMEOUT).
   */
  private async acquire<Connection>(connect: () => Promise<Connection>, giveBack: (connection: Connection) => void, pool = this.pool): Promise<Connection> {
    const waitStarted = Date.now();
    try {
      return await this.guard.acquire(connect, giveBack);
    } catch (error) {
      if (error instanceof TimeoutError && error.details.limit === 'connection wait' && poolUnavailableSince(pool, waitStarted)) {
        throw new DatabaseUnreachableError();
      }
      throw error;
    }
  }

  /** A statement on the primary. */
  query<Row = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
    return this.queryOn<Row>(this.pool, text, values);
  }

  /** A read-API statement (it never writes): on a replica unless the request wrote or is a mutation. */
  read<Row = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
    return this.routing.read((pool) => this.queryOn<Row>(pool, text, values));
  }

  private async queryOn<Row>(pool: Pool, text: string, values: unknown[]): Promise<Row[]> {
    // The extended protocol counts parameters in 16 bits: past 65,535, pg sends a Bind PostgreSQL
    // refuses with a class 08 SQLSTATE, which would read as an outage (HTTP 503, a replica taken
    // out of rotation). The read side keeps its statements far below (row-plan.ts bounds them);
    // this is the last line, an internal error of our own.
    if (values.length > MAX_PARAMETERS) throw new Error(`a statement of ${values.length} parameters (PostgreSQL takes at most ${MAX_PARAMETERS})`);
    this.count += 1;
    const client = await this.acquire(
      () => pool.connect(),
      (late) => late.release(),
      pool,
    );
    listenForErrors(client);
    const result = await this.guard.run(
      client,
      (discard) => client.release(discard),
      // timestamptz as ISO text (timestamp-text.ts): these rows go to the response as they are.
      async () => client.query({ ...(this.options.preparedStatements ? await PREPARED_STATEMENTS.named(client, text, values) : { text, values }), types: READ_PATH_TYPES }),
    );
    return result.rows as Row[];
  }

  /**
   * One transaction on one connection: committed when `work` resolves, rolled back when it throws,
   * and, when the request ends during it, its connection discarded and its statement cancelled,
   * so that PostgreSQL rolls it back.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.routing.pinToPrimary();
    const runner = this.dataSource.createQueryRunner() as PostgresQueryRunner;
    const client = (await this.acquire(
      () => runner.connect(),
      () => void runner.release(),
    )) as PoolClient;
    // releasePostgresConnection(error) is TypeORM's way (public at run time, private in its typings)
    // to hand pg-pool an error on release, which makes the pool destroy the connection.
    const discardable = runner as unknown as { releasePostgresConnection(error?: Error): Promise<void> };
    const release = (discard: boolean) => void discardable.releasePostgresConnection(discard ? new Error('request ended: connection discarded') : undefined);
    return this.guard.run(client, release, async () => {
      await runner.startTransaction();
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive && !runner.isReleased) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    });
  }
}

/**
 * Named statements kept per pool connection. The API sends a few dozen statement shapes; a filter
 * or order a client invents is one more, so the bound keeps PostgreSQL's memory per connection
 * fixed (a prepared statement with its cached plan takes a few kB to a few tens of kB).
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 200;
const PREPARED_STATEMENTS = new PreparedStatementCache(PREPARED_STATEMENTS_PER_CONNECTION);

const ignoreClientError = (): void => undefined;
const listened = new WeakSet<PoolClient>();

/**
 * A pg client whose connection dies emits 'error'; pg-pool listens only while the client is idle,
 * and an 'error' nobody listens to ends the process. While checked out here, the running query
 * fails with the same error and pg-pool discards the broken client on release (it is no longer
 * queryable), so the event itself needs nothing more than a listener (as pool.query has).
 */
function listenForErrors(client: PoolClient): void {
  if (listened.has(client)) return;
  listened.add(client);
  client.on('error', ignoreClientError);
}

/** The pg Pool behind TypeORM's postgres driver: one pool for the whole process. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
