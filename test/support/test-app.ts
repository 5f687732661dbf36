import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { createApp, listen } from '../../src/server/create-app';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

export interface TestApp {
  url: string;
  dataSource: DataSource;
  database: TestDatabase;
  config: AppConfig;
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

/** Boots the real server on its own database (cloned from the seeded template) and a free port. */
export async function startTestApp(environment: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, ...environment });
  const dataSource = createDataSource({ url: database.url, poolSize: 5 });
  await dataSource.initialize();
  const app = await createApp(config, dataSource);
  const port = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    dataSource,
    database,
    config,
    async graphql(query, variables = {}, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse<never>;
    },
    async close() {
      await app.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
