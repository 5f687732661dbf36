import type { Logger as TypeOrmLogger } from 'typeorm';
import { logger } from '../server/logger';

/**
 * TypeORM's messages through the process's logger, never with SQL parameters (they hold password
 * hashes, e-mail addresses, message bodies). A failed statement is logged at debug level only: the
 * request it belongs to logs one line with its outcome, and expected refusals (a CONFLICT from an
 * exclusion constraint) are no errors. With LOG_SQL=true every statement is logged at debug level
 * (set LOG_LEVEL=debug to see them).
 */
export class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logSql: boolean) {}

  private get pino() {
    return logger().child({ component: 'typeorm' });
  }

  logQuery(query: string): void {
    if (this.logSql) this.pino.debug({ query }, 'sql statement');
  }

  logQueryError(error: string | Error, query: string): void {
    const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    this.pino.debug({ query, code }, 'sql statement failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ query, durationMs: time }, 'slow sql statement');
  }

  logSchemaBuild(message: string): void {
    this.pino.info(message);
  }

  logMigration(message: string): void {
    // "Migration X has been executed successfully" is news; TypeORM's counting before it is not.
    if (/executed successfully|reverted successfully/.test(message)) this.pino.info(message);
    else this.pino.debug(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    // The pg pool's errors reach here ("Postgres pool raised an error"): a connection lost while idle.
    this.pino[level === 'warn' ? 'warn' : 'info'](String(message));
  }
}
