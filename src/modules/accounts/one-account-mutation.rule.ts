import { GraphQLError } from 'graphql';
import type { RootFieldRule } from '../../graphql/limits/admission.plugin';

// At most one login, register, refreshSession or requestPasswordReset per request: each costs a
// scrypt hash, tokens or an e-mail, and aliases would otherwise multiply them inside one request
// past the throttling (OWASP GraphQL Cheat Sheet, "Batching attacks"). A rule of the admission
// step (src/graphql/limits/admission.plugin.ts), which collects the root fields as graphql-js will
// execute them (fragments expanded, @skip / @include applied, one response key per executed field:
// `login` spread twice through one fragment runs once), before any resolver.

export const ACCOUNT_MUTATIONS = ['login', 'register', 'refreshSession', 'requestPasswordReset'] as const;
const RULE = 'ONE_ACCOUNT_MUTATION_PER_REQUEST';
const ACCOUNT_MUTATION_NAMES: ReadonlySet<string> = new Set(ACCOUNT_MUTATIONS);

/** Refuses a mutation with more than one account mutation: BAD_USER_INPUT naming the rule and, in `fields`, their response keys. */
export const oneAccountMutationRule: RootFieldRule = (operationType, rootFields) => {
  if (operationType !== 'mutation') return;
  const keys = rootFields.filter((field) => ACCOUNT_MUTATION_NAMES.has(field.fieldName)).map((field) => field.responseKey);
  if (keys.length <= 1) return;
  throw new GraphQLError(`At most one of ${ACCOUNT_MUTATIONS.join(', ')} per request (rule ${RULE}); this operation has ${keys.length}: ${keys.join(', ')}`, {
    extensions: { code: 'BAD_USER_INPUT', rule: RULE, fields: keys, http: { status: 400 } },
  });
};
