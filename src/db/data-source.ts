import { types } from 'pg';
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
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      application_name: 'nexus-reussite-api',
    },
  });
}
