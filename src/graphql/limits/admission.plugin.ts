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
): void {
  checkRawVariables(variables, inputLimits);
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

export function admissionPlugin(limits: QueryLimits, inputLimits: InputLimits, rootFieldRules: readonly RootFieldRule[] = []): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation) admitOperation(schema, document, operation, request.variables, limits, inputLimits, rootFieldRules);
        },
      };
    },
  };
}
