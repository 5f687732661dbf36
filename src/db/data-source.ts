import { types, type PoolConfig } from 'pg';
import type { Deadlines } from '../config/config';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming-strategy';
import { PinoTypeOrmLogger } from './typeorm-logger';

// `date` columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);
// COUNT(*) and bigint come back as strings; our counts are far below 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  logSql?: boolean;
  /**
   * Serving requests: PostgreSQL's `statement_timeout` and `idle_in_transaction_session_timeout`
   * (ms) of every pool connection, sent as startup parameters. Left out for migrations, the seed
   * and the audit, whose statements may run long.
   */
  statementTimeouts?: { statementMs: number; idleInTransactionMs: number };
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // The schema is built by migrations only.
    synchronize: false,
    migrationsRun: false,
    logging: options.logSql ? 'all' : ['error', 'warn', 'info', 'log', 'migration'],
    logger: new PinoTypeOrmLogger(options.logSql ?? false),
    extra: poolOptions(options),
  });
}

/** The pg Pool options of a pool (the primary's, and each read replica's: src/db/replica-set.ts). */
export function poolOptions(options: Omit<DataSourceOptions, 'url' | 'logSql'>): PoolConfig {
  return {
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    application_name: 'nexus-reussite-api',
    ...(options.statementTimeouts && {
      statement_timeout: options.statementTimeouts.statementMs,
      idle_in_transaction_session_timeout: options.statementTimeouts.idleInTransactionMs,
    }),
  };
}

/** The statement time limits of a serving pool, from the request deadlines (src/config/config.ts). */
export function servingTimeouts(deadlines: Deadlines): NonNullable<DataSourceOptions['statementTimeouts']> {
  // A transaction cannot rightly sit idle longer than the request that opened it lives.
  return { statementMs: deadlines.statementMs, idleInTransactionMs: deadlines.requestMs };
}
