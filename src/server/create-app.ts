import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { installConnectRetry } from '../db/database-availability';
import { servingTimeouts } from '../db/data-source';
import { ReplicaSet } from '../db/replica-set';
import { poolOf } from '../db/sql-client';
import { createRequestContext, defaultServices, type AppServices, type RequestContext } from '../graphql/context';
import { formatError } from '../graphql/errors/format-error';
import { RequestLoaders } from '../graphql/loaders/request-loaders';
import { admissionPlugin } from '../graphql/limits/admission.plugin';
import { buildApiSchema } from '../graphql/schema';
import { deliverEvent } from '../graphql/subscriptions/event-bus';
import { NotificationListener } from '../graphql/subscriptions/notification-listener';
import { createSubscriptionServer } from '../graphql/subscriptions/subscription-server';
import { accessLog, recordErrorForAccessLog } from './access-log';
import { consoleRouter } from './console/console';
import { graphqlRequestBody } from './graphql-request-body';
import { jsonErrorHandler, notFound, onlyMethods } from './http-errors';
import { oneAccountMutationRule } from '../modules/accounts/one-account-mutation.rule';
import { requestEndSignal } from './request-deadline';
import { metricsText, observePool, observeReplicas } from './metrics';
import { operationsPlugin } from './operations.plugin';
import { readRoutingPlugin } from './read-routing.plugin';
import { ReadinessProbe } from './readiness';
import { attachTelemetry } from './request-telemetry';
import { GracefulShutdown } from './shutdown';
import { sqlStatementsPlugin } from './sql-statements.plugin';

/** Largest request body /graphql reads; a larger one is 413 PAYLOAD_TOO_LARGE. */
const BODY_LIMIT = '1mb';

export interface App {
  httpServer: Server;
  apollo: ApolloServer<RequestContext>;
  readiness: ReadinessProbe;
  /** The read replicas (DATABASE_REPLICA_URLS; none: an empty set). */
  replicas: ReplicaSet;
  /**
   * Stops accepting requests on every connection, waits for those in flight (SHUTDOWN_GRACE_SECONDS),
   * cancels what still runs, then stops Apollo (closing the WebSocket clients) and the LISTEN
   * connection (src/server/shutdown.ts). The caller closes the primary pool; it closes the replica pools.
   */
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Benchmark only (`npm run bench`): false turns DataLoader batching off, one statement per parent. Never set by config. */
  batching?: boolean;
  /** Tests and benchmark only: false reads every level of relationships through the DataLoaders instead of prefetching it with its parents' rows (src/graphql/prefetch). Never set by config. */
  prefetch?: boolean;
}

export async function createApp(
  config: AppConfig,
  dataSource: DataSource,
  services: AppServices = defaultServices(config),
  options: AppOptions = {},
): Promise<App> {
  const batching = options.batching ?? true;
  const prefetch = options.prefetch ?? true;
  const production = config.nodeEnv === 'production';
  const app = express();
  const httpServer = createServer(app);
  const pool = poolOf(dataSource);
  // Waits for a connection while PostgreSQL restarts or refuses new ones, as long as a request would wait for a pooled one.
  installConnectRetry(pool, pool.options.connectionTimeoutMillis || 5_000);
  const stopObservingPool = observePool(pool);
  const readiness = new ReadinessProbe(pool);
  await readiness.start();
  // Read replicas: statements of the read API go there (src/db/read-routing.ts); the pools get the primary's limits.
  const replicas = new ReplicaSet(config.databaseReplicaUrls, { poolSize: pool.options.max, statementTimeouts: servingTimeouts(config.deadlines) }, config.databaseReplicaCheckMs);
  await replicas.start();
  const stopObservingReplicas = observeReplicas(() => replicas.status());
  const appServices: AppServices = { ...services, replicas };
  const shutdown = new GracefulShutdown(httpServer, pool);
  const schema = await buildApiSchema();
  // Live updates: this instance's LISTEN connection, and graphql-ws on /graphql (src/graphql/subscriptions).
  const listener = new NotificationListener(pool.options, deliverEvent);
  await listener.start();
  const subscriptions = createSubscriptionServer({
    config,
    dataSource,
    services,
    schema,
    httpServer,
    draining: () => shutdown.draining,
    refuseUpgrade: shutdown.refuseUpgrade,
    // Express's req.ip for an upgrade (which never goes through Express): its request prototype's
    // `ip` getter over the upgrade's headers and socket, so sockets count by the HTTP throttle's address.
    clientAddress: (request) => (Object.create(app.request, { headers: { value: request.headers }, socket: { value: request.socket } }) as express.Request).ip ?? 'unknown',
  });
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: config.graphqlIntrospection,
    // graphql-js stops parsing past this many tokens: bounds the document before any walk over it.
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    // main.ts owns SIGTERM / SIGINT: it drains Apollo, then closes the pool and the embedded
    // database. Apollo's own handler would stop and re-send the signal, killing the process midway.
    stopOnTerminationSignals: false,
    // Internal errors are logged once per request, on its access log line (operationsPlugin).
    formatError: (formatted, error) => formatError(formatted, error, { hideSchemaDetails: production, log: () => undefined }),
    plugins: [
      operationsPlugin({ shuttingDown: () => shutdown.draining }),
      // The API sets no cache hints; the default cache-control plugin would still wrap every
      // field resolver (−20 % Node CPU on a 686-object screen, measured by npm run bench).
      ApolloServerPluginCacheControlDisabled(),
      // The console is served by consoleRouter below (offline GraphiQL), not by Apollo's landing page.
      ApolloServerPluginLandingPageDisabled(),
      subscriptions.drainPlugin,
      admissionPlugin(config.queryLimits, config.inputLimits, [oneAccountMutationRule]),
      readRoutingPlugin(),
      ...(production ? [] : [sqlStatementsPlugin()]),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // No ETag: Express would hash every response body it sends (SHA-1 of a GraphQL response: 20–30 µs
  // of a 2.5 ms request, test/bench/profile-server.ts) for a validator nobody can use, since
  // /graphql answers are no-store (below) and the health and metrics answers change on every call.
  app.set('etag', false);
  // req.ip, the client address that throttling counts by: the socket's, or the X-Forwarded-For
  // entry set by the trusted reverse proxies of TRUST_PROXY (Express's "trust proxy": hops or addresses / CIDRs).
  app.set('trust proxy', config.trustProxy);
  app.use(accessLog());
  app.use(shutdown.middleware);
  // X-Content-Type-Options: nosniff and the other OWASP Secure Headers defaults. The CSP would block
  // the Apollo Sandbox landing page, which exists only outside production.
  app.use(helmet({ contentSecurityPolicy: production ? undefined : false, crossOriginEmbedderPolicy: false }));
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', (_request, response) => {
    const { ready, reason, checkedAt } = readiness.status;
    // A replica down is "degraded" (200: the primary serves its reads), never unready.
    const replicaStatus = replicas.size > 0 ? { replicas: replicas.status() } : {};
    const degraded = replicas.status().some((replica) => !replica.available);
    if (shutdown.draining) response.status(503).json({ status: 'unavailable', reason: 'shutting down', checkedAt, ...replicaStatus });
    else if (ready) response.json({ status: degraded ? 'degraded' : 'ready', checkedAt, ...replicaStatus });
    else response.status(503).json({ status: 'unavailable', reason, checkedAt, ...replicaStatus });
  });
  if (config.operations.metrics.mode === 'main') {
    app.get('/metrics', async (_request, response) => {
      const { contentType, body } = await metricsText();
      response.type(contentType).send(body);
    });
  }
  const corsOrigins = config.operations.corsOrigins;
  if (!production) {
    // GET only: an Express router answers an OPTIONS request for its paths itself (200 with Allow),
    // which would pre-empt the CORS preflight answered on /graphql below.
    const console = consoleRouter('/graphql');
    app.use((request, response, next) => (request.method === 'GET' || request.method === 'HEAD' ? console(request, response, next) : next()));
  }
  // /graphql answers GET and POST (and CORS preflights); every refusal, here or anywhere else, is
  // GraphQL-shaped JSON with its status (http-errors.ts).
  const graphql = express.Router();
  graphql.use((_request, response, next) => {
    // Responses carry a viewer's data or tokens (login): no cache may keep them (RFC 9111 §5.2.2.5).
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  graphql.use(cors({ origin: corsOrigins === '*' ? '*' : corsOrigins.length > 0 ? corsOrigins : false, maxAge: 600, exposedHeaders: ['X-Request-Id', 'Retry-After'] }));
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
        }, appServices);
        if (!batching || !prefetch) context.loaders = new RequestLoaders(context.sql, () => context.scope(), { batching, prefetch });
        res.locals.telemetry = attachTelemetry(context);
        return context;
      },
    }),
  );
  app.use('/graphql', graphql);
  const metricsPath = config.operations.metrics.mode === 'main' ? ['/metrics'] : [];
  app.use(notFound([...metricsPath, ...(production ? [] : ['/sandbox', '/console/*'])]));
  app.use(recordErrorForAccessLog);
  // The access log line carries the error (5xx at error level): nothing else to log here.
  app.use(jsonErrorHandler(BODY_LIMIT, () => undefined));

  return {
    httpServer,
    apollo,
    readiness,
    replicas,
    stop: async () => {
      await shutdown.drain(config.operations.shutdownGraceSeconds * 1000);
      await apollo.stop();
      await listener.stop();
      await readiness.stop();
      stopObservingPool();
      stopObservingReplicas();
      await replicas.close();
    },
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
