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
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import type { AppConfig } from '../../config/config';
import { SqlClient } from '../../db/sql-client';
import { StatementGuard } from '../../db/statement-guard';
import { findViewer, parseBearer } from '../../modules/accounts/viewer-lookup';
import { sessionActivityOf } from '../../modules/accounts/session-activity';
import { createRequestContext, type AppServices } from '../context';
import { DomainError } from '../errors/domain-error';
import { formatError } from '../errors/format-error';
import { admitOperation } from '../limits/admission.plugin';
import type { Subscriber, SubscriptionContext } from './subscription-context';
import { SubscriptionLimiter } from './subscription-limits';

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
//   operation (admission.plugin.ts), counted against SUBSCRIPTIONS_PER_CONNECTION / _PER_USER.
// - errors: formatted by the API's formatError (domain codes, internals masked).

/** Largest WebSocket message read, as the HTTP body limit of /graphql. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Milliseconds a socket may stay open without connection_init (then 4408). */
const CONNECTION_INIT_WAIT_MS = 10_000;

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
}

export interface SubscriptionServer {
  /** Apollo plugin: closes every socket (1001 Going Away) when apollo.stop() drains. */
  drainPlugin: ApolloServerPlugin;
}

export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { config, dataSource, services, schema } = options;
  const production = config.nodeEnv === 'production';
  const limiter = new SubscriptionLimiter(config.subscriptionLimits);
  const subscribers = new WeakMap<object, Subscriber & { authorization?: string; request: IncomingMessage }>();
  const rules = config.graphqlIntrospection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  // As over HTTP; `extensions.http` (the status Apollo would answer with, removed by Apollo there) goes too.
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => {
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
    wsServer.handleUpgrade(request, socket, head, (webSocket) => wsServer.emit('connection', webSocket, request));
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
      admitOperation(schema, document, operation, payload.variables ?? undefined, config.queryLimits, config.inputLimits);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const refusal = limiter.admit(context, subscriber.userId, id);
    if (refusal) return [refusal];
    const request = createRequestContext(
      config,
      dataSource,
      { authorization: subscriber.authorization, ipAddress: subscriber.request.socket.remoteAddress, userAgent: subscriber.request.headers['user-agent'] },
      services,
    );
    return { document, contextValue: Object.assign(request, { subscriber }) };
  }

  const server = useServer<Record<string, unknown>>(
    {
      schema,
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
