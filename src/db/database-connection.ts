import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { createDataSource, servingTimeouts } from './data-source';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

export interface DatabaseHandle {
  dataSource: DataSource;
  url: string;
  /** null: DATABASE_URL. */
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** Turns a driver error into one line saying what to fix, without the password. */
export function describeConnectionError(error: unknown, url: string, source: string): string {
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || 5432}`;
  const user = decodeURIComponent(parsed.username);
  const database = parsed.pathname.slice(1);
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${where} (connection refused): start the server or fix ${source}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `PostgreSQL host "${parsed.hostname}" not found: fix ${source}`;
    case 'ETIMEDOUT':
      return `PostgreSQL at ${where} did not answer in time: check the network or fix ${source}`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused user "${user}" (authentication failed): fix the credentials in ${source}`;
    case '3D000':
      return `database "${database}" does not exist on ${where}: create it or fix ${source}`;
    default:
      if (/timeout/i.test(message ?? '')) return `PostgreSQL at ${where} did not answer in time: check the server or fix ${source}`;
      return `cannot connect to PostgreSQL at ${where}: ${message ?? String(error)} (check ${source})`;
  }
}

export interface OpenDatabaseOptions {
  /** Apply pending migrations first (without statement timeouts: a migration may run long). */
  migrate: boolean;
  /** The pool serves requests: its connections get the statement time limits of config.deadlines. */
  serving?: boolean;
}

export async function openDatabase(config: AppConfig, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (url === null) {
    embedded = await startEmbeddedDatabase({
      directory: config.embeddedDatabaseDirectory,
      port: config.embeddedDatabasePort,
      persistent: true,
    });
    url = embedded.url;
  }
  const dataSource = createDataSource({
    url,
    poolSize: config.databasePoolSize,
    logSql: config.logSql,
    statementTimeouts: options.serving ? servingTimeouts(config.deadlines) : undefined,
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw new DatabaseUnavailableError(describeConnectionError(error, url, config.databaseUrl ? 'DATABASE_URL' : 'the embedded database'));
  }
  if (options.migrate) {
    // A serving pool's statement_timeout would cut a long migration: those run on a pool of their own.
    const migrator = options.serving ? createDataSource({ url, poolSize: 1, logSql: config.logSql }) : dataSource;
    try {
      if (migrator !== dataSource) await migrator.initialize();
      await migrator.runMigrations({ transaction: 'each' });
    } catch (error) {
      await dataSource.destroy();
      await embedded?.stop();
      throw error;
    } finally {
      if (migrator !== dataSource && migrator.isInitialized) await migrator.destroy();
    }
  }
  return {
    dataSource,
    url,
    embedded,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
