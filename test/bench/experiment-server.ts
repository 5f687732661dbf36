import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Pool } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { SqlClient } from '../../src/db/sql-client';
import { createRequestContext, defaultServices, type RequestContext } from '../../src/graphql/context';
import { formatError } from '../../src/graphql/errors/format-error';
import { admissionPlugin } from '../../src/graphql/limits/admission.plugin';
import { buildApiSchema } from '../../src/graphql/schema';
import { benchConfig, POOL_SIZE } from './servers';

// Child process of test/bench/experiments.ts: the API's schema, request context, limits plugin and
// error formatting behind a minimal Apollo + Express server (what createApp builds in production),
// with changes switched on by name, to measure them before anyone changes src/:
//   prepared           every statement of SqlClient sent as a named (prepared) statement, so
//                      PostgreSQL plans each statement shape once per connection
//   cache-control-on   Apollo's default cache-control plugin left on, as before commit 988d9ab
//                      (createApp now disables it: it wrapped every field resolver)
// Experiment only: nothing here is used by the API.

type Experiment = 'cache-control-on' | 'prepared';

function usePreparedStatements(): void {
  const names = new Map<string, string>();
  const prototype = SqlClient.prototype as unknown as { query: (text: string, values?: unknown[]) => Promise<unknown[]> };
  prototype.query = async function query(this: { count: number; pool: Pool }, text: string, values: unknown[] = []): Promise<unknown[]> {
    this.count += 1;
    let name = names.get(text);
    if (name === undefined) {
      name = `s${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return (await this.pool.query({ name, text, values })).rows as unknown[];
  };
}

async function main(): Promise<void> {
  const [databaseUrl, list = ''] = process.argv.slice(2);
  const experiments = list.split(',').filter(Boolean) as Experiment[];
  if (experiments.includes('prepared')) usePreparedStatements();
  const config = benchConfig(databaseUrl);
  const dataSource = createDataSource({ url: databaseUrl, poolSize: POOL_SIZE });
  await dataSource.initialize();
  const plugins: ApolloServerPlugin<RequestContext>[] = [ApolloServerPluginLandingPageDisabled(), admissionPlugin(config.queryLimits, config.inputLimits)];
  if (!experiments.includes('cache-control-on')) plugins.push(ApolloServerPluginCacheControlDisabled());
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildApiSchema(),
    introspection: false,
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error),
    plugins,
  });
  await apollo.start();
  const services = defaultServices();
  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createRequestContext(config, dataSource, { authorization: req.headers.authorization, ipAddress: req.ip, userAgent: req.headers['user-agent'] }, services),
    }),
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const shutdown = (): void => {
    server.close();
    void apollo
      .stop()
      .then(() => new Promise((resolve) => setTimeout(resolve, 500)))
      .then(() => dataSource.destroy())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown();
  }, 2_000).unref();
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
