import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { logger, serializeError } from './logger';
import { httpRequestDuration, routeLabel } from './metrics';
import type { RequestTelemetry } from './request-telemetry';

// One access log line per request, written when the response is finished: request id, method,
// path (never the query string: a GET /graphql carries its variables there), status, duration,
// and for /graphql the operation, its error codes, SQL statement count and viewer id. A request
// that failed inside the server carries its error on the same line: one line per failed request.

/** X-Request-Id values accepted from a client: 1 to 128 characters of [A-Za-z0-9._:-] (no spaces, no JSON). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Routes whose success is not logged (health checks and scrapes every few seconds). */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

interface Locals {
  telemetry?: RequestTelemetry;
}

export function telemetryOfResponse(response: ServerResponse): RequestTelemetry | undefined {
  return ((response as unknown as { locals?: Locals }).locals ?? {}).telemetry;
}

function graphqlFields(response: ServerResponse): Record<string, unknown> {
  const telemetry = telemetryOfResponse(response);
  if (!telemetry) return {};
  return {
    operation: telemetry.operationName ?? undefined,
    operationType: telemetry.operationType ?? undefined,
    errorCodes: telemetry.errorCodes.size > 0 ? [...telemetry.errorCodes] : undefined,
    sqlStatements: telemetry.statements(),
    viewerId: telemetry.viewerId ?? undefined,
  };
}

function path(request: IncomingMessage): string {
  // Express strips a router's mount path from url; originalUrl keeps it.
  return ((request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '/').split('?')[0];
}

/** Request ids, the access log and the HTTP duration histogram. */
export function accessLog(): RequestHandler {
  const middleware = pinoHttp({
    logger: logger(),
    quietReqLogger: true,
    // Our err serializer sees the error itself, not pino's plain-object copy of every property.
    wrapSerializers: false,
    quietResLogger: true,
    genReqId: (request, response) => {
      const header = request.headers['x-request-id'];
      const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (request) => QUIET_ROUTES.has(path(request)) },
    customLogLevel: (_request, response, error) => {
      if (error || response.statusCode >= 500 || telemetryOfResponse(response)?.internalError) return 'error';
      if (response.statusCode >= 400) return 'warn';
      return 'info';
    },
    customSuccessMessage: (request, response) => `${request.method} ${path(request)} ${response.statusCode}`,
    customErrorMessage: (request, response) => `${request.method} ${path(request)} ${response.statusCode} failed`,
    customSuccessObject: (request, response, value: Record<string, unknown>) => ({
      ...value,
      ...graphqlFields(response),
      method: request.method,
      path: path(request),
      status: response.statusCode,
      ...(telemetryOfResponse(response)?.internalError ? { err: telemetryOfResponse(response)?.internalError } : {}),
    }),
    customErrorObject: (request, response, error, value: Record<string, unknown>) => ({
      ...value,
      ...graphqlFields(response),
      method: request.method,
      path: path(request),
      status: response.statusCode,
      err: telemetryOfResponse(response)?.internalError ?? telemetryOfResponse(response)?.unavailableCause ?? error,
    }),
    // The line's own fields say it all: no request or response object (headers, bodies) is serialized.
    serializers: { req: () => undefined, res: () => undefined, err: serializeError },
    customAttributeKeys: { responseTime: 'durationMs' },
  });
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const labels = { route: routeLabel(path(request)), method: request.method, status: String(response.statusCode) };
      httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    middleware(request, response, next);
  };
}

/** Keeps an error no route handled for the access log line (its serializer drops what could quote the body), then passes it on. */
export const recordErrorForAccessLog: ErrorRequestHandler = (error, _request, response, next) => {
  (response as unknown as { err?: unknown }).err = error;
  next(error);
};
