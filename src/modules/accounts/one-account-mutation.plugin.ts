import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

// At most one login, register, refreshSession or requestPasswordReset per request: each costs a
// scrypt hash, tokens or an e-mail, and aliases would otherwise multiply them inside one request
// past the throttling (OWASP GraphQL Cheat Sheet, "Batching attacks"). Checked on the operation
// about to run, fragments expanded, before any resolver.
//
// The walk is written here because graphql-js's collectFields is internal; it counts distinct
// response keys (what execution runs: `login` spread twice through one fragment runs once) and
// ignores @skip/@include, which can only make it count more.

export const ACCOUNT_MUTATIONS = ['login', 'register', 'refreshSession', 'requestPasswordReset'] as const;
const RULE = 'ONE_ACCOUNT_MUTATION_PER_REQUEST';

/** Response keys of the root selection set whose field is one of `names`, fragments expanded. */
function rootResponseKeys(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, names: ReadonlySet<string>, keys = new Set<string>(), seen = new Set<string>()): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (names.has(selection.name.value)) keys.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootResponseKeys(selection.selectionSet, fragments, names, keys, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootResponseKeys(fragment.selectionSet, fragments, names, keys, seen);
    }
  }
  return keys;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** BAD_USER_INPUT naming the rule and, in `fields`, the response keys of the account mutations. */
export function oneAccountMutationPlugin(): ApolloServerPlugin {
  const names = new Set<string>(ACCOUNT_MUTATIONS);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation }) {
          if (operation?.operation !== 'mutation') return;
          const keys = [...rootResponseKeys(operation.selectionSet, fragmentsOf(document), names)];
          if (keys.length <= 1) return;
          throw new GraphQLError(`At most one of ${ACCOUNT_MUTATIONS.join(', ')} per request (rule ${RULE}); this operation has ${keys.length}: ${keys.join(', ')}`, {
            extensions: { code: 'BAD_USER_INPUT', rule: RULE, fields: keys, http: { status: 400 } },
          });
        },
      };
    },
  };
}
