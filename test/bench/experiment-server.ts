import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import express from 'express';
import { printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createDataSource } from '../../src/db/data-source';
import { createRequestContext, defaultServices, type RequestContext } from '../../src/graphql/context';
import { formatError } from '../../src/graphql/errors/format-error';
import { admissionPlugin } from '../../src/graphql/limits/admission.plugin';
import { buildApiSchema } from '../../src/graphql/schema';
import { benchConfig, POOL_SIZE } from './servers';

// Child process of test/bench/experiments.ts: the API's schema, request context, limits plugin and
// error formatting behind a minimal Apollo + Express server (what createApp builds in production),
// with changes switched on by name, to measure them side by side:
//   prepared-off       DATABASE_PREPARED_STATEMENTS=off (unnamed statements, planned every time)
//   pool=N             a pool of N connections instead of the bench's POOL_SIZE
//   jit                operations compiled by graphql-jit and run through Apollo Server's only
//                      executor hook, the gateway interface (GRAPHQL_JIT_MODULE: where graphql-jit
//                      is installed, outside the project, its `graphql` linked to the project's)
//   cache-control-on   Apollo's default cache-control plugin left on, as before commit 988d9ab
//                      (createApp now disables it: it wrapped every field resolver)
// experiments.ts may also start this file from another checkout (--compare), e.g. main's.
// Experiment only: nothing here is used by the API.

interface GraphqlJit {
  compileQuery(schema: GraphQLSchema, document: DocumentNode, operationName?: string): { query(root: unknown, context: unknown, variables: unknown): unknown } | ExecutionResult;
  isCompiledQuery(compiled: unknown): compiled is { query(root: unknown, context: unknown, variables: unknown): unknown };
}

/** Apollo Server 5 runs a gateway's executor instead of graphql-js's execute: graphql-jit, one compilation per document and operation. */
function jitGateway(schema: GraphQLSchema): GatewayInterface {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jit = require(process.env.GRAPHQL_JIT_MODULE ?? 'graphql-jit') as GraphqlJit;
  const compiled = new WeakMap<DocumentNode, Map<string, ReturnType<GraphqlJit['compileQuery']>>>();
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    load: () =>
      Promise.resolve({
        executor: async (requestContext) => {
          let byOperation = compiled.get(requestContext.document);
          if (byOperation === undefined) {
            byOperation = new Map();
            compiled.set(requestContext.document, byOperation);
          }
          const name = requestContext.operationName ?? '';
          let query = byOperation.get(name);
          if (query === undefined) {
            query = jit.compileQuery(schema, requestContext.document, requestContext.operationName ?? undefined);
            byOperation.set(name, query);
          }
          if (!jit.isCompiledQuery(query)) return query;
          return (await query.query(undefined, requestContext.context, requestContext.request.variables ?? {})) as ExecutionResult;
        },
      }),
    stop: () => Promise.resolve(),
  };
}

async function main(): Promise<void> {
  const [databaseUrl, list = ''] = process.argv.slice(2);
  const experiments = list.split(',').filter(Boolean);
  const config = { ...benchConfig(databaseUrl), databasePreparedStatements: !experiments.includes('prepared-off') };
  const pool = experiments.find((name) => name.startsWith('pool='));
  const dataSource = createDataSource({ url: databaseUrl, poolSize: pool === undefined ? POOL_SIZE : Number(pool.slice('pool='.length)) });
  await dataSource.initialize();
  const plugins: ApolloServerPlugin<RequestContext>[] = [ApolloServerPluginLandingPageDisabled(), admissionPlugin(config.queryLimits, config.inputLimits)];
  if (!experiments.includes('cache-control-on')) plugins.push(ApolloServerPluginCacheControlDisabled());
  const schema = await buildApiSchema();
  const apollo = new ApolloServer<RequestContext>({
    ...((experiments.includes('jit') ? { gateway: jitGateway(schema) } : { schema }) as { schema: GraphQLSchema }),
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
