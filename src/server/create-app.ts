import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { createRequestContext, defaultServices, type AppServices, type RequestContext } from '../graphql/context';
import { formatError } from '../graphql/errors/format-error';
import { RequestLoaders } from '../graphql/loaders/request-loaders';
import { admissionPlugin } from '../graphql/limits/admission.plugin';
import { buildApiSchema } from '../graphql/schema';
import { consoleRouter } from './console/console';
import { graphqlRequestBody } from './graphql-request-body';
import { jsonErrorHandler, notFound, onlyMethods } from './http-errors';
import { oneAccountMutationPlugin } from '../modules/accounts/one-account-mutation.plugin';
import { requestEndSignal } from './request-deadline';
import { sqlStatementsPlugin } from './sql-statements.plugin';

/** Largest request body /graphql reads; a larger one is 413 PAYLOAD_TOO_LARGE. */
const BODY_LIMIT = '1mb';

export interface App {
  httpServer: Server;
  apollo: ApolloServer<RequestContext>;
  /** Stops accepting requests, waits for those in flight, then stops Apollo. */
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Benchmark only (`npm run bench`): false turns DataLoader batching off, one statement per parent. Never set by config. */
  batching?: boolean;
}

export async function createApp(
  config: AppConfig,
  dataSource: DataSource,
  services: AppServices = defaultServices(config),
  options: AppOptions = {},
): Promise<App> {
  const batching = options.batching ?? true;
  const production = config.nodeEnv === 'production';
  const app = express();
  const httpServer = createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildApiSchema(),
    introspection: config.graphqlIntrospection,
    // graphql-js stops parsing past this many tokens: bounds the document before any walk over it.
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    // main.ts owns SIGTERM / SIGINT: it drains Apollo, then closes the pool and the embedded
    // database. Apollo's own handler would stop and re-send the signal, killing the process midway.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, { hideSchemaDetails: production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The API sets no cache hints; the default cache-control plugin would still wrap every
      // field resolver (−20 % Node CPU on a 686-object screen, measured by npm run bench).
      ApolloServerPluginCacheControlDisabled(),
      // The console is served by consoleRouter below (offline GraphiQL), not by Apollo's landing page.
      ApolloServerPluginLandingPageDisabled(),
      admissionPlugin(config.queryLimits, config.inputLimits),
      oneAccountMutationPlugin(),
      ...(production ? [] : [sqlStatementsPlugin()]),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // req.ip, the client address that throttling counts by: the socket's, or the X-Forwarded-For
  // entry set by the last of TRUST_PROXY_HOPS reverse proxies (Express's "trust proxy").
  app.set('trust proxy', config.trustProxyHops);
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    try {
      await dataSource.query('SELECT 1');
      response.json({ status: 'ready' });
    } catch {
      response.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
  if (!production) app.use(consoleRouter('/graphql'));
  // /graphql answers GET and POST (and CORS preflights); every refusal, here or anywhere else, is
  // GraphQL-shaped JSON with its status (http-errors.ts).
  const graphql = express.Router();
  graphql.use(cors());
  graphql.all(
    '/',
    onlyMethods(['GET', 'POST']),
    ...graphqlRequestBody(BODY_LIMIT),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const context = createRequestContext(config, dataSource, {
          authorization: req.headers.authorization,
          ipAddress: req.ip,
          userAgent: req.headers['user-agent'],
          signal: requestEndSignal(res, config.deadlines.requestMs),
        }, services);
        if (!batching) context.loaders = new RequestLoaders(context.sql, () => context.scope(), { batching: false });
        return context;
      },
    }),
  );
  app.use('/graphql', graphql);
  app.use(notFound);
  app.use(jsonErrorHandler(BODY_LIMIT));

  return {
    httpServer,
    apollo,
    stop: () => apollo.stop(),
  };
}

export function listen(app: App, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    app.httpServer.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? Object.assign(new Error(`port ${port} is already in use: stop what listens there or set PORT`), { name: 'PortInUseError' })
          : error,
      );
    });
    app.httpServer.listen(port, host, () => {
      const address = app.httpServer.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
