import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import { isDatabaseUnavailable, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '../db/database-availability';
import type { RequestContext } from '../graphql/context';
import { formatError } from '../graphql/errors/format-error';
import { graphqlErrors, graphqlOperationDuration, operationLabel, sqlStatementsPerRequest } from './metrics';
import { telemetryOf, type RequestTelemetry } from './request-telemetry';

// Per GraphQL request: the operation's name, outcome, error codes and duration for the access log
// line and the metrics, and the outage rule: when the database cannot be reached, the response is
// one SERVICE_UNAVAILABLE error with HTTP 503 and Retry-After (RFC 9110 §10.2.3), however many
// fields failed, so a client has one thing to retry on.

/** SQLSTATE 57014 query_canceled: during a shutdown, the statement was cancelled by it. */
const QUERY_CANCELED = '57014';

export const SERVICE_UNAVAILABLE_MESSAGE = 'The service cannot reach its database right now: try again in a few seconds';

function isUnavailable(error: unknown, shuttingDown: boolean): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const { code, driverError, cause } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown }; cause?: { code?: unknown } };
  return shuttingDown && [code, driverError?.code, cause?.code].includes(QUERY_CANCELED);
}

function record(telemetry: RequestTelemetry, error: GraphQLError, shuttingDown: boolean): void {
  const original = unwrapResolverError(error);
  if (isUnavailable(original, shuttingDown)) {
    telemetry.unavailable = true;
    telemetry.unavailableCause ??= original;
    return;
  }
  // The code a client sees is the one formatError gives; an INTERNAL_SERVER_ERROR is kept for the log line.
  const formatted = formatError(error.toJSON(), error, {
    log: (internal) => {
      telemetry.internalError ??= internal;
    },
  });
  const code = formatted.extensions?.code;
  telemetry.errorCodes.add(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
  graphqlErrors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
}

function outcome(telemetry: RequestTelemetry): string {
  if (telemetry.unavailable) return 'unavailable';
  if (telemetry.internalError) return 'internal_error';
  return telemetry.errorCodes.size > 0 ? 'client_error' : 'success';
}

export function operationsPlugin(options: { shuttingDown(): boolean }): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const started = process.hrtime.bigint();
      const telemetry = telemetryOf(contextValue);
      if (!telemetry) return {};
      telemetry.operationName = request.operationName ?? null;
      return {
        async didResolveOperation({ operation, operationName }) {
          telemetry.operationName = operationName ?? null;
          telemetry.operationType = operation?.operation ?? null;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) record(telemetry, error, options.shuttingDown());
        },
        async willSendResponse({ response }) {
          if (telemetry.unavailable && response.body.kind === 'single') {
            graphqlErrors.inc({ code: 'SERVICE_UNAVAILABLE' });
            telemetry.errorCodes.add('SERVICE_UNAVAILABLE');
            response.http.status = 503;
            response.http.headers.set('retry-after', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
            response.body.singleResult = { errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } }] };
          }
          const operation = operationLabel(telemetry.operationName);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          graphqlOperationDuration.observe({ operation, type: telemetry.operationType ?? 'none', outcome: outcome(telemetry) }, seconds);
          sqlStatementsPerRequest.observe({ operation }, telemetry.statements());
        },
      };
    },
  };
}
