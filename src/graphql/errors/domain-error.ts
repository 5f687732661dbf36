// Domain errors: thrown by services and mapped once, at the API edge, to extensions.code.
// Their messages are written for clients; anything else is an internal error and is masked.

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'QUERY_TOO_COMPLEX'
  | 'TOO_MANY_REQUESTS'
  | 'TIMEOUT';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Bad arguments; `fields` names each offending argument or input field (e.g. "first", "input.email"). */
export class BadUserInputError extends DomainError {
  constructor(message: string, fields: string[]) {
    super('BAD_USER_INPUT', message, { fields });
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'You must be signed in to do this') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(typeName: string, id: string | number) {
    super('NOT_FOUND', `${typeName} ${id} does not exist`, { typeName, id: String(id) });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class QueryTooComplexError extends DomainError {
  constructor(limit: string, maximum: number, actual: number) {
    super('QUERY_TOO_COMPLEX', `Query ${limit} is ${actual}, more than the maximum of ${maximum}`, { limit, maximum, actual });
  }
}

/** Throttled (sign-in, registration, password reset): `retryAfter` is the wait in whole seconds. */
export class TooManyRequestsError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', `${message}: try again in ${retryAfterSeconds} s`, { retryAfter: retryAfterSeconds });
  }
}

/**
 * The request ran past its deadline, its client went away, a statement ran past PostgreSQL's
 * `statement_timeout`, or no pool connection was free in time. `limit` says which; `timeoutMs` is
 * the limit in milliseconds.
 */
export class TimeoutError extends DomainError {
  constructor(limit: 'request deadline' | 'statement timeout' | 'connection wait', timeoutMs: number) {
    super('TIMEOUT', `The ${limit} of ${timeoutMs} ms passed: the request was stopped`, { limit, timeoutMs });
  }
}
