import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import type { AppConfig } from '../../config/config';
import { isDatabaseUnavailable } from '../../db/database-availability';
import { SqlClient } from '../../db/sql-client';
import { StatementGuard } from '../../db/statement-guard';
import { findViewer, parseBearer } from '../../modules/accounts/viewer-lookup';
import { sessionActivityOf } from '../../modules/accounts/session-activity';
import { createRequestContext, type AppServices } from '../context';
import { DomainError } from '../errors/domain-error';
import { formatError } from '../errors/format-error';
import { admitOperation } from '../limits/admission.plugin';
import { SERVICE_UNAVAILABLE_MESSAGE } from '../../server/operations.plugin';
import { createFanOut, subscribeWithFanOut } from './event-fan-out';
import type { Subscriber, SubscriptionContext } from './subscription-context';
import { SocketLimiter, SubscriptionLimiter, type SocketRefusal } from './subscription-limits';

// Subscriptions over the GraphQL over WebSocket protocol (graphql-ws, subprotocol
// `graphql-transport-ws`) on /graphql, next to Apollo Server as its documentation wires them:
// `useServer` on a `ws` server sharing the HTTP server, and a drain plugin that closes the
// sockets when Apollo stops. Apollo serves queries and mutations over HTTP; over WebSocket only
// subscriptions are accepted (a query or mutation there would skip the HTTP plugins: throttling,
// one-account mutations, access log).
//
// - connection_init: `{ authorization: "Bearer <sessionToken>" }` signs the connection in; no
//   payload (or no authorization) is an anonymous connection; an unknown, expired or malformed
//   token closes it with 4403 Forbidden. Tokens travel in the payload rather than a cookie, so a
//   page of another origin cannot open a signed-in socket (no cross-site WebSocket hijacking).
// - subscribe: parsed with the same token limit, validated, admitted by the same rules as an HTTP
//   operation (admission.plugin.ts) with the lower cost limit SUBSCRIPTION_MAX_COST (the selection
//   runs again for every event), counted against SUBSCRIPTIONS_PER_CONNECTION / _PER_USER (anonymous
//   ones per client IP).
// - upgrade: refused with HTTP 429 past SUBSCRIPTION_SOCKETS_PER_IP sockets of one client IP
//   (Express's req.ip, TRUST_PROXY) or SUBSCRIPTION_SOCKETS_MAX on the instance.
// - events: each subscriber's re-read runs in the instance's bounded fan-out (event-fan-out.ts).
// - errors: formatted by the API's formatError (domain codes, internals masked); the database out
//   of reach is SERVICE_UNAVAILABLE, as over HTTP.

/** Largest WebSocket message read, as the HTTP body limit of /graphql. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Milliseconds a socket may stay open without connection_init (then 4408). */
const CONNECTION_INIT_WAIT_MS = 10_000;
/** Retry-After of a refused upgrade, in seconds. */
const SOCKET_RETRY_AFTER_SECONDS = 5;

/** Answers an upgrade over a socket limit: HTTP 429 with a GraphQL-shaped body naming the limit. */
function refuseTooManySockets(socket: Duplex, refusal: SocketRefusal): void {
  const body = JSON.stringify({
    errors: [
      {
        message: `At most ${refusal.maximum} ${refusal.limit}: close a WebSocket connection before opening another`,
        extensions: { code: 'TOO_MANY_REQUESTS', limit: refusal.limit, maximum: refusal.maximum },
      },
    ],
  });
  socket.end(
    `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: application/json\r\nRetry-After: ${SOCKET_RETRY_AFTER_SECONDS}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

type ConnectionContext = { connectionParams?: Readonly<Record<string, unknown>> } & object;

function requestError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export interface SubscriptionServerOptions {
  config: AppConfig;
  dataSource: DataSource;
  services: AppServices;
  schema: GraphQLSchema;
  httpServer: Server;
  /** True once the graceful shutdown started: new sockets and subscriptions are refused. */
  draining: () => boolean;
  /** Refuses an upgrade while draining (shutdown.ts). */
  refuseUpgrade: (socket: Duplex) => void;
  /** The client address of an upgrade request, as Express's req.ip gives it for HTTP (TRUST_PROXY). */
  clientAddress: (request: IncomingMessage) => string;
}

export interface SubscriptionServer {
  /** Apollo plugin: closes every socket (1001 Going Away) when apollo.stop() drains. */
  drainPlugin: ApolloServerPlugin;
}

export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { config, dataSource, services, schema } = options;
  const production = config.nodeEnv === 'production';
  const limiter = new SubscriptionLimiter(config.subscriptionLimits);
  const sockets = new SocketLimiter(config.subscriptionLimits);
  const fanOut = createFanOut(config.databasePoolSize);
  const subscriptionQueryLimits = { ...config.queryLimits, maxCost: Math.min(config.queryLimits.maxCost, config.subscriptionLimits.maxCost) };
  const subscribers = new WeakMap<object, Subscriber & { authorization?: string; request: IncomingMessage; clientAddress: string }>();
  const rules = config.graphqlIntrospection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  // As over HTTP; `extensions.http` (the status Apollo would answer with, removed by Apollo there) goes too.
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => {
      if (isDatabaseUnavailable(unwrapResolverError(error))) return { message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      const formatted = formatError(error.toJSON(), error, { hideSchemaDetails: production });
      if (!formatted.extensions?.http) return formatted;
      const { http: _http, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    });

  const wsServer = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  options.httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
    if (path !== '/graphql' || options.draining()) {
      options.refuseUpgrade(socket);
      return;
    }
    const clientAddress = options.clientAddress(request);
    const refusal = sockets.check(clientAddress);
    if (refusal) {
      refuseTooManySockets(socket, refusal);
      return;
    }
    wsServer.handleUpgrade(request, socket, head, (webSocket) => {
      sockets.opened(clientAddress);
      webSocket.once('close', () => sockets.closed(clientAddress));
      wsServer.emit('connection', webSocket, request);
    });
  });

  function subscribe(context: ConnectionContext, id: string, payload: SubscribePayload): GraphQLError[] | { document: DocumentNode; contextValue: SubscriptionContext } {
    if (options.draining()) return [requestError('The server is shutting down: subscribe again on another connection', 'SERVICE_UNAVAILABLE')];
    const subscriber = subscribers.get(context);
    if (!subscriber) return [requestError('connection_init was not accepted', 'UNAUTHENTICATED')];
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: config.queryLimits.maxTokens });
    } catch (error) {
      if (error instanceof GraphQLError) return [requestError(error.message, 'GRAPHQL_PARSE_FAILED')];
      throw error;
    }
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0) return invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [requestError('The document must name one operation (operationName) to run', 'BAD_REQUEST')];
    if (operation.operation !== 'subscription') {
      return [requestError(`Only subscriptions are served over WebSocket: send this ${operation.operation} as an HTTP POST to /graphql`, 'BAD_REQUEST')];
    }
    try {
      admitOperation(schema, document, operation, payload.variables ?? undefined, subscriptionQueryLimits, config.inputLimits);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const refusal = limiter.admit(context, subscriber, id);
    if (refusal) return [refusal];
    const request = createRequestContext(
      config,
      dataSource,
      { authorization: subscriber.authorization, ipAddress: subscriber.clientAddress, userAgent: subscriber.request.headers['user-agent'] },
      services,
    );
    return { document, contextValue: Object.assign(request, { subscriber, fanOut, readFailure: null }) };
  }

  const server = useServer<Record<string, unknown>>(
    {
      schema,
      subscribe: (args) => subscribeWithFanOut(args, fanOut),
      connectionInitWaitTimeout: CONNECTION_INIT_WAIT_MS,
      onConnect: async (context) => {
        const authorization = context.connectionParams?.authorization;
        if (authorization !== undefined && authorization !== null && typeof authorization !== 'string') return false;
        let userId: number | null = null;
        try {
          const token = parseBearer(authorization ?? undefined);
          if (token !== null) userId = (await findViewer(new SqlClient(dataSource, new StatementGuard(config.deadlines)), token, sessionActivityOf(dataSource))).userId;
        } catch (error) {
          if (error instanceof DomainError) return false; // 4403 Forbidden
          throw error;
        }
        const socket = context.extra.socket;
        subscribers.set(context, {
          userId,
          authorization: authorization ?? undefined,
          request: context.extra.request,
          clientAddress: options.clientAddress(context.extra.request),
          endSession: () => socket.close(CloseCode.Forbidden, 'Forbidden: the session ended'),
        });
        return true;
      },
      onSubscribe: (context, id, payload) => {
        const outcome = subscribe(context, id, payload);
        if (Array.isArray(outcome)) return outcome;
        return { schema, document: outcome.document, operationName: payload.operationName, variableValues: payload.variables, contextValue: outcome.contextValue };
      },
      onNext: (_context, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
      onError: (_context, _id, _payload, errors) => format(errors),
      onComplete: (context, id) => limiter.release(context, id),
      onClose: (context) => limiter.releaseConnection(context),
    },
    wsServer,
  );

  return {
    drainPlugin: {
      async serverWillStart() {
        return {
          async drainServer() {
            await server.dispose();
          },
        };
      },
    },
  };
}
