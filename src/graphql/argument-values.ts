import type { FieldNode, GraphQLDirective, GraphQLField } from 'graphql';
// The module graphql-js's executor calls getArgumentValues through (execute.js: `_values.getArgumentValues`).
import * as executionValues from 'graphql/execution/values';

type ArgumentValues = Record<string, unknown>;
type GetArgumentValues = (definition: GraphQLField<unknown, unknown> | GraphQLDirective, node: FieldNode, variableValues?: object | null) => ArgumentValues;

/**
 * graphql-js computes a field's arguments from the document again for every parent it resolves
 * the field on (executeField → getArgumentValues): 3.3 µs for `bookings(first: 5, orderBy: [...])`,
 * and screen f resolves such fields 600 times a request (≈ 10 % of its Node CPU). The arguments
 * depend only on the field definition, the field node and the execution's variable values, so
 * they are computed once per (definition, node, variables) and the same object is handed to
 * every parent: resolvers treat arguments as read-only (toNfc and type-graphql's argument
 * classes copy them). A failure is not remembered: each parent gets its own error, located at
 * its own path, as graphql-js does.
 *
 * Own code rather than a library: graphql-js 16 has no hook for this and Apollo Server 5 runs
 * graphql-js's execute (its only other executor is the gateway interface; graphql-jit through it
 * could not compile the API's recursive filter inputs, docs/benchmarks.md). graphql-js calls the
 * function through its module's export, which is replaced once; src/graphql/__tests__/argument-values.test.ts
 * fails if an upgrade of graphql-js stops calling through it.
 */
const original = executionValues.getArgumentValues as GetArgumentValues;
const memo = new WeakMap<object, WeakMap<FieldNode, WeakMap<object, ArgumentValues>>>();
const NO_VARIABLES = {};

function memoizedArgumentValues(definition: GraphQLField<unknown, unknown> | GraphQLDirective, node: FieldNode, variableValues?: object | null): ArgumentValues {
  // A field without arguments: graphql-js's answer is a new empty object, cheap; nothing to keep.
  if (definition.args.length === 0) return original(definition, node, variableValues);
  let byNode = memo.get(definition);
  if (byNode === undefined) {
    byNode = new WeakMap();
    memo.set(definition, byNode);
  }
  let byVariables = byNode.get(node);
  if (byVariables === undefined) {
    byVariables = new WeakMap();
    byNode.set(node, byVariables);
  }
  const key = variableValues ?? NO_VARIABLES;
  let values = byVariables.get(key);
  if (values === undefined) {
    values = original(definition, node, variableValues);
    byVariables.set(key, values);
  }
  return values;
}

let installed = false;

/** Makes graphql-js compute each field's arguments once per execution (see above); idempotent. */
export function computeArgumentsOncePerExecution(): void {
  if (installed) return;
  (executionValues as { getArgumentValues: GetArgumentValues }).getArgumentValues = memoizedArgumentValues;
  installed = true;
}
