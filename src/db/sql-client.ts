import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** Runs parameterised SQL for one request and counts its statements (the cost the contract bounds). */
export class SqlClient {
  private count = 0;

  constructor(private readonly pool: Pool) {}

  static fromDataSource(dataSource: DataSource): SqlClient {
    return new SqlClient(poolOf(dataSource));
  }

  get statements(): number {
    return this.count;
  }

  async query<Row = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
    this.count += 1;
    const result = await this.pool.query(text, values);
    return result.rows as Row[];
  }
}

/** The pg Pool behind TypeORM's postgres driver: one pool for the whole process. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
