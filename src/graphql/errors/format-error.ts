import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError } from './domain-error';
import { maskSchemaDetails } from './schema-details';

// The one place where errors become what clients see. Domain errors keep their message and code;
// errors of the request itself (HTTP body, syntax, validation, variables, operation name,
// persisted queries) are client errors with Apollo's code; everything else (an exception in a
// resolver, the context or a plugin) is logged and masked as INTERNAL_SERVER_ERROR.

/**
 * Apollo's codes for a request the client got wrong: every code of ApolloServerErrorCode except
 * INTERNAL_SERVER_ERROR, taken from the enum so that a code Apollo adds is never masked.
 */
const CLIENT_CODES: ReadonlySet<string> = new Set(
  Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
);

export interface FormatErrorOptions {
  /** Production: strip suggestions and input field names from graphql-js messages (see schema-details.ts). */
  hideSchemaDetails?: boolean;
  /** Where internal errors are reported; console.error by default. */
  log?: (error: unknown) => void;
}

/**
 * The code of an error the request itself caused, raised before or around execution by Apollo,
 * graphql-js or our plugins (never by a resolver, never wrapping an exception); null otherwise.
 * - a code other than INTERNAL_SERVER_ERROR (QUERY_TOO_COMPLEX of the limits plugin...);
 * - an HTTP 4xx status without a code: Apollo's refusals of a persisted query whose sha256Hash
 *   does not match its text or whose version is not 1 (its formatter would default them to
 *   INTERNAL_SERVER_ERROR) → BAD_REQUEST;
 * - no code but a location in the operation: graphql-js refusing an argument value at execution
 *   (a variable inside a literal) → BAD_USER_INPUT.
 */
function requestErrorCode(original: unknown): string | null {
  if (!(original instanceof GraphQLError) || original.path !== undefined) return null;
  if (original.originalError !== undefined && !(original.originalError instanceof GraphQLError)) return null;
  const code = original.extensions.code;
  if (typeof code === 'string') return code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR ? null : code;
  const status = (original.extensions.http as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return ApolloServerErrorCode.BAD_REQUEST;
  return original.nodes !== undefined && original.nodes.length > 0 ? ApolloServerErrorCode.BAD_USER_INPUT : null;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, options: FormatErrorOptions = {}): GraphQLFormattedError {
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
  const clientMessage = options.hideSchemaDetails ? maskSchemaDetails(formatted.message) : formatted.message;
  const code = formatted.extensions?.code;
  // A literal our own scalar refused (a bad Decimal in the query text): graphql-js reports it during
  // validation, and Apollo replaces the scalar's BAD_USER_INPUT with GRAPHQL_VALIDATION_FAILED.
  if (code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof GraphQLError && original.originalError instanceof GraphQLError) {
    if (original.originalError.extensions.code === 'BAD_USER_INPUT') return { ...base, message: clientMessage, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...base, message: clientMessage, extensions };
  }
  const requestCode = requestErrorCode(original);
  if (requestCode !== null) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...base, message: clientMessage, extensions: { ...extensions, code: requestCode } };
  }
  (options.log ?? console.error)(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
