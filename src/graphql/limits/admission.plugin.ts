import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getVariableValues,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { InputLimits, QueryLimits } from '../../config/config';
import { measureOperation, type ExecutedRootField } from './executed-operation';
import { checkRawVariables } from './input-limits';

// Admission: after parsing and validation, before graphql-js coerces the variables and before any
// resolver (so any SQL) runs, the operation is measured as it will execute and refused with
// QUERY_TOO_COMPLEX (depth, cost, aliases, root fields: limit, maximum, actual) or BAD_USER_INPUT
// (an argument value over an input limit, a page size over 100: fields, limit, maximum, actual).
// The document's size is bounded before that, by the parser (`maxTokens`, set in create-app.ts).
//
// Cost per request, measured by test/bench/admission-cost.ts (docs/benchmarks.md, "The admission
// step's cost"): 17–102 µs for the bench's screens, about 4 % of their server CPU, most of it
// coercing arguments as execution does again.

/**
 * A rule on the root fields an operation will execute (as collected by the admission walk, so no
 * module walks the document again); throws a GraphQLError to refuse the operation before any
 * resolver runs.
 */
export type RootFieldRule = (operationType: OperationDefinitionNode['operation'], rootFields: readonly ExecutedRootField[]) => void;

function tooComplex(limit: string, maximum: number, actual: number): GraphQLError {
  const measured = Math.min(actual, Number.MAX_SAFE_INTEGER);
  return new GraphQLError(`Query ${limit} is ${measured}, more than the maximum of ${maximum}`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', limit, maximum, actual: measured, http: { status: 400 } },
  });
}

/**
 * Admits or refuses one operation with the raw variables of the request; throws the refusal
 * (a GraphQLError with its code and http status 400). Does nothing when the variables cannot be
 * coerced: graphql-js refuses them itself when it executes, before any resolver.
 */
export function admitOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
  inputLimits: InputLimits,
  rootFieldRules: readonly RootFieldRule[] = [],
  /** true when the caller already ran checkRawVariables on these variables. */
  variablesChecked = false,
): void {
  if (!variablesChecked) checkRawVariables(variables, inputLimits);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const measures = measureOperation(schema, operation, fragments, coerced.coerced, inputLimits);
  if (measures.depth > limits.maxDepth) throw tooComplex('depth', limits.maxDepth, measures.depth);
  if (measures.rootFields > limits.maxRootFields) throw tooComplex('root field count', limits.maxRootFields, measures.rootFields);
  if (measures.aliases > limits.maxAliases) throw tooComplex('alias count', limits.maxAliases, measures.aliases);
  if (measures.cost > limits.maxCost) throw tooComplex('cost', limits.maxCost, measures.cost);
  for (const rule of rootFieldRules) rule(operation.operation, measures.executedRootFields);
}

/** Variables (as JSON text) up to this length are remembered per operation once admitted. */
const REMEMBERED_VARIABLES_LENGTH = 2_048;
/** Distinct variable values remembered per operation (the oldest forgotten first). */
const REMEMBERED_PER_OPERATION = 64;

/**
 * Admission depends on nothing but the operation (Apollo keeps one parsed, validated document per
 * query text, so the node is the same object from request to request), the raw variables and the
 * limits, which are fixed per plugin. So an admitted (operation, variables) pair is remembered: a
 * client repeating a screen with the same variables skips the walk (about 100 µs of the 2.5 ms of
 * Node CPU of the bench's admin list, profiled by test/bench/profile-server.ts). Refusals are not
 * remembered (each throws a fresh error, and they are rare); variables are compared as JSON text,
 * short ones only, a bounded number per operation. The raw variables check (input-limits.ts) runs
 * on every request all the same: it is what bounds the variables JSON.stringify walks.
 */
class AdmittedOperations {
  private readonly byOperation = new WeakMap<OperationDefinitionNode, Set<string>>();

  /** The key of an admission worth remembering, or null (variables too long to keep). */
  key(variables: Record<string, unknown> | undefined): string | null {
    const text = variables === undefined ? '' : JSON.stringify(variables);
    return text.length <= REMEMBERED_VARIABLES_LENGTH ? text : null;
  }

  has(operation: OperationDefinitionNode, key: string): boolean {
    return this.byOperation.get(operation)?.has(key) ?? false;
  }

  add(operation: OperationDefinitionNode, key: string): void {
    let keys = this.byOperation.get(operation);
    if (keys === undefined) {
      keys = new Set();
      this.byOperation.set(operation, keys);
    }
    // A Set keeps insertion order: the first is the oldest.
    if (keys.size >= REMEMBERED_PER_OPERATION) keys.delete(keys.values().next().value as string);
    keys.add(key);
  }
}

export function admissionPlugin(limits: QueryLimits, inputLimits: InputLimits, rootFieldRules: readonly RootFieldRule[] = []): ApolloServerPlugin {
  const admitted = new AdmittedOperations();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          // First, on every request: it bounds the variables' depth and size before JSON.stringify walks them.
          checkRawVariables(request.variables, inputLimits);
          const key = admitted.key(request.variables);
          if (key !== null && admitted.has(operation, key)) return;
          admitOperation(schema, document, operation, request.variables, limits, inputLimits, rootFieldRules, true);
          if (key !== null) admitted.add(operation, key);
        },
      };
    },
  };
}
