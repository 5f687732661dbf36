import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createDataSource, servingTimeouts } from '../../src/db/data-source';
import { defaultServices, type AppServices } from '../../src/graphql/context';
import { openSession } from '../../src/modules/accounts/session.service';
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
  /** Sends a query with the default viewer's token, unless headers give another authorization ('' = anonymous). */
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<Data>>;
  /** Opens a session for a seeded account (as login would) and returns its bearer token. */
  signIn(email: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  environment?: Record<string, string>;
  /** The account whose token graphql() sends by default; null for anonymous requests. */
  signInAs?: string | null;
  /** Mailer and login throttle; the defaults log mail to the console. */
  services?: AppServices;
  /** false: every level of relationships through the DataLoaders, nothing prefetched with its parents (AppOptions.prefetch). */
  prefetch?: boolean;
}

/** Boots the real server on its own database (cloned from the seeded template) and a free port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, ...options.environment });
  const dataSource = createDataSource({ url: database.url, poolSize: 5, statementTimeouts: servingTimeouts(config.deadlines) });
  await dataSource.initialize();
  const app = await createApp(config, dataSource, options.services ?? defaultServices(), { prefetch: options.prefetch });
  const port = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const signIn = async (email: string): Promise<string> => {
    const [user] = (await dataSource.query('SELECT id FROM users WHERE email = $1', [email])) as Array<{ id: number }>;
    if (!user) throw new Error(`no seeded account ${email}`);
    return (await openSession(dataSource.manager, config, user.id, { userAgent: 'jest' })).sessionToken;
  };
  const signInAs = options.signInAs === undefined ? 'admin@example.com' : options.signInAs;
  const defaultAuthorization = signInAs === null ? '' : `Bearer ${await signIn(signInAs)}`;
  return {
    url,
    dataSource,
    database,
    config,
    async graphql(query, variables = {}, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: defaultAuthorization, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse<never>;
    },
    signIn,
    async close() {
      await app.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
