import {
  getNamedType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../connections/page-request';

// Measures an operation before it runs: depth, aliases, root fields and an estimate of the rows it
// can return, where page sizes multiply (100 teachers × 20 bookings each = 2,000 rows).

export interface QueryMeasures {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

const CONNECTION_PLUMBING = new Set(['edges', 'node', 'nodes', 'pageInfo']);

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  aliases: number;
}

function argumentValue(value: ValueNode, variables: Record<string, unknown>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  return undefined;
}

function pageSize(field: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }, variables: Record<string, unknown>): number {
  for (const name of ['first', 'last']) {
    const argument = field.arguments?.find((candidate) => candidate.name.value === name);
    const value = argument ? argumentValue(argument.value, variables) : undefined;
    if (typeof value === 'number' && value >= 0) return value;
  }
  return DEFAULT_PAGE_SIZE;
}

/** Returns [depth, cost] of a selection set on `parent`. */
function measureSelection(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLObjectType, visited: Set<string>): [number, number] {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD || selection.kind === Kind.INLINE_FRAGMENT) {
      let fragmentSelection: SelectionSetNode | undefined = undefined;
      let typeName: string | undefined;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        const fragment = walk.fragments[name];
        fragmentSelection = fragment?.selectionSet;
        typeName = fragment?.typeCondition.name.value;
        visited = new Set(visited).add(name);
      } else {
        fragmentSelection = selection.selectionSet;
        typeName = selection.typeCondition?.name.value;
      }
      const type = typeName ? walk.schema.getType(typeName) : parent;
      if (!fragmentSelection || !isObjectType(type)) continue;
      const [fragmentDepth, fragmentCost] = measureSelection(walk, fragmentSelection, type, visited);
      depth = Math.max(depth, fragmentDepth);
      cost += fragmentCost;
      continue;
    }
    if (selection.alias) walk.aliases += 1;
    const definition = parent.getFields()[selection.name.value];
    const type = definition ? getNamedType(definition.type) : undefined;
    if (!selection.selectionSet || !isObjectType(type)) {
      depth = Math.max(depth, 1);
      continue;
    }
    const [childDepth, childCost] = measureSelection(walk, selection.selectionSet, type, visited);
    depth = Math.max(depth, childDepth + 1);
    if (type.name.endsWith('Connection') && definition.args.some((argument) => argument.name === 'first')) {
      cost += 1 + pageSize(selection, walk.variables) * (1 + childCost);
    } else if (CONNECTION_PLUMBING.has(selection.name.value)) {
      cost += childCost;
    } else {
      cost += 1 + childCost;
    }
  }
  return [depth, cost];
}

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryMeasures {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const walk: Walk = { schema, fragments, variables, aliases: 0 };
  const selections = operation.selectionSet.selections.filter(
    (selection) => !(selection.kind === Kind.FIELD && selection.name.value.startsWith('__')),
  );
  if (!root || selections.length === 0) return { depth: 0, aliases: 0, rootFields: 0, cost: 0 };
  const [depth, cost] = measureSelection(walk, { ...operation.selectionSet, selections }, root, new Set());
  return { depth, aliases: walk.aliases, rootFields: selections.length, cost };
}
