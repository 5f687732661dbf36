import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { logger } from '../../server/logger';
import { DomainError } from './domain-error';

// The one place where errors become what clients see. Domain errors keep their message and code;
// GraphQL's own errors (syntax, validation, bad variables) are BAD_USER_INPUT or their own code;
// everything else is logged and masked as INTERNAL_SERVER_ERROR.

const GRAPHQL_OWN_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TOO_COMPLEX',
]);

const logInternalError = (error: unknown): void => {
  logger().error({ err: error }, 'internal error');
};

/** `log` receives each error masked as INTERNAL_SERVER_ERROR (the server logs them once per request instead). */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (error: unknown) => void = logInternalError): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof ArgumentValidationError) {
    // Only the single `input` argument of mutations carries validation rules.
    const fields = original.extensions.validationErrors.map((validation) => `input.${validation.property}`);
    const reasons = original.extensions.validationErrors.flatMap((validation) => Object.values(validation.constraints ?? {}));
    return { ...base, message: `Invalid input: ${reasons.join('; ')}`, extensions: { code: 'BAD_USER_INPUT', fields } };
  }
  const code = formatted.extensions?.code;
  // A literal our own scalar refused (a bad Decimal in the query text): graphql-js reports it during
  // validation, and Apollo replaces the scalar's BAD_USER_INPUT with GRAPHQL_VALIDATION_FAILED.
  if (code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof GraphQLError && original.originalError instanceof GraphQLError) {
    if (original.originalError.extensions.code === 'BAD_USER_INPUT') return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (typeof code === 'string' && GRAPHQL_OWN_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions };
  }
  log(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
