import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { logger } from './logger';

// What /graphql (and every other path) answers when the request never reaches GraphQL: the same
// shape as a GraphQL error response, {"errors":[{"message","extensions":{"code"}}]}, with the HTTP
// status of the problem (GraphQL over HTTP, "Response": a request that is not a well-formed
// GraphQL request gets a 4xx status). Never Express's HTML page, never a stack trace, and never
// the request body, in the response or in the log.

export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL_SERVER_ERROR';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendHttpError(response: Response, error: HttpError): void {
  response.status(error.status).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.extensions } }] });
}

/**
 * Errors of body-parser / raw-body (http-errors with a `type`) → our HttpError. Their own
 * messages are replaced: body-parser's parse errors quote the body.
 */
function fromMiddlewareError(error: unknown, bodyLimit: string): HttpError {
  if (error instanceof HttpError) return error;
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${bodyLimit}`);
    case 'encoding.unsupported':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The Content-Encoding of the body is not supported: send identity, gzip, deflate or br');
    case 'charset.unsupported':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be UTF-8 JSON (Content-Type: application/json; charset=utf-8)');
    case 'request.aborted':
    case 'request.size.invalid':
      return new HttpError(400, 'BAD_REQUEST', 'The request body was incomplete: its length does not match Content-Length');
    default:
      if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(400, 'BAD_REQUEST', 'The request could not be read');
      return new HttpError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  }
}

/** The last error handler of the app. Only an unexpected error is logged: its name and message, never the request. */
export function jsonErrorHandler(bodyLimit: string, log: (message: string) => void = (message) => logger().error(message)): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const httpError = fromMiddlewareError(error, bodyLimit);
    if (httpError.status >= 500) log(`HTTP request failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
    sendHttpError(response, httpError);
  };
}

/**
 * Any path the API does not serve: 404 whose message lists what is served. `servedPaths`: the GET
 * paths besides /graphql, /healthz, /readyz that this app serves (/metrics on the API port,
 * /sandbox and /console/* outside production).
 */
export function notFound(servedPaths: readonly string[] = []): RequestHandler {
  const served = ['GET /graphql', '/healthz', '/readyz', ...servedPaths].join(', ');
  return (request, response) => {
    sendHttpError(response, new HttpError(404, 'NOT_FOUND', `Nothing is served at ${request.method} ${request.path}: the API is POST /graphql (and ${served})`));
  };
}

/** 405 with Allow for methods a path does not answer (RFC 9110 §15.5.6). */
export function onlyMethods(methods: string[]): RequestHandler {
  return (request, response, next) => {
    if (methods.includes(request.method)) {
      next();
      return;
    }
    response.setHeader('Allow', methods.join(', '));
    sendHttpError(response, new HttpError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not supported here: use ${methods.join(' or ')}`));
  };
}
