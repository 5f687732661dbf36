import {
  GraphQLError,
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isObjectType,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import type { InputLimits } from '../../config/config';
import { aggregateFieldCost } from '../aggregates/aggregate-cost';
import { connectionRole } from '../connections/connection-types';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../connections/page-request';
import { SEARCH_ARGUMENT } from '../search/search-sql';
import { checkArgumentValue, inputRefused } from './input-limits';

// Measures an operation as graphql-js will execute it, before it runs: depth, aliases, root fields
// and an estimate of the rows it can return, where page sizes multiply (100 teachers × 20 bookings
// each = 2,000 rows); and checks every argument value on the way (input-limits.ts).
//
// Own code on graphql-js's own field collection (`collectFields` / `collectSubfields`, what
// `execute` calls), rather than graphql-query-complexity or GraphQL Armor's depth / alias rules:
// those walk the document, so a field selected twice (directly and through a fragment) is counted
// twice although it runs once, and each spread of a fragment is walked again, which is exponential
// in nested spreads (graphql-query-complexity stops at a node cap with a generic error). Collecting
// as `execute` does gives the executed shape exactly (fragments named and inline, repeated and
// nested, @skip / @include, merged fields, variables coerced with their defaults), and memoising
// per set of merged field nodes keeps the walk linear in the document. One walk yields every
// measure and the coerced argument values the input limits need.

/** One root field as it will execute: its response key (alias or name) and the field's name. */
export interface ExecutedRootField {
  responseKey: string;
  fieldName: string;
}

export interface QueryMeasures {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
  /** The root fields that will execute, in order, fragments expanded and @skip / @include applied. */
  executedRootFields: ExecutedRootField[];
}

interface SubtreeMeasures {
  depth: number;
  cost: number;
  aliases: number;
  /** Part of `cost` computed once per list, not per row (a connection's aggregates): its page size does not multiply it. */
  perList?: number;
}

const LEAF: SubtreeMeasures = { depth: 1, cost: 0, aliases: 0 };

/**
 * Field extension (type-graphql's @Extensions): the name of the list argument whose length is the
 * number of rows the field returns, costed as a page of that size (`nodes(nodeIds)`).
 */
export const SIZED_BY_LIST_ARGUMENT = 'sizedByListArgument';

/**
 * The rows a field returning a list of objects by a list argument may return (`nodes(nodeIds)`:
 * one per id, at most MAX_PAGE_SIZE as a page, as GitHub's API bounds its nodes(ids:)).
 */
function listArgumentSize(args: Record<string, unknown>, argument: string, path: string): number {
  const size = Array.isArray(args[argument]) ? args[argument].length : 0;
  if (size > MAX_PAGE_SIZE) {
    throw inputRefused(argument, `${argument} of ${path} must hold at most ${MAX_PAGE_SIZE} items (got ${size})`, {
      limit: 'list length',
      maximum: MAX_PAGE_SIZE,
      actual: size,
    });
  }
  return size;
}

/**
 * A full-text search ranks every matching row before the page is cut (search-sql.ts): it costs as
 * much as one more default page of rows.
 */
function searchCost(args: Record<string, unknown>): number {
  return typeof args[SEARCH_ARGUMENT] === 'string' && args[SEARCH_ARGUMENT].trim() !== '' ? DEFAULT_PAGE_SIZE : 0;
}

function pageSize(args: Record<string, unknown>, path: string): number {
  let size: number | null = null;
  for (const name of ['first', 'last']) {
    const value = args[name];
    if (typeof value !== 'number') continue;
    if (value < 0) throw inputRefused(name, `${name} of ${path} must not be negative (got ${value})`);
    if (value > MAX_PAGE_SIZE) {
      // The contract's rule (as GitHub's API): checked here so that it wins over the cost limit.
      throw inputRefused(name, `${name} of ${path} must be at most ${MAX_PAGE_SIZE} (got ${value})`, {
        limit: 'page size',
        maximum: MAX_PAGE_SIZE,
        actual: value,
      });
    }
    size = Math.max(size ?? 0, value);
  }
  return size ?? DEFAULT_PAGE_SIZE;
}

/** graphql-js's meta fields, which getFields() does not list: __schema and __type on the query root. */
function metaField(schema: GraphQLSchema, parent: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (parent !== schema.getQueryType()) return undefined;
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  return undefined;
}

class OperationWalk {
  private readonly memo = new Map<string, SubtreeMeasures>();
  private readonly nodeIds = new Map<FieldNode, number>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly inputLimits: InputLimits,
  ) {}

  /** Fields of one selection, as collected for one runtime type: depth is the deepest, cost and aliases add up. */
  fields(parent: GraphQLObjectType, fields: Map<string, readonly FieldNode[]>, path: string): SubtreeMeasures {
    const total: SubtreeMeasures = { depth: 0, cost: 0, aliases: 0, perList: 0 };
    for (const [responseKey, nodes] of fields) {
      // __typename runs no SQL but its aliases count (200 aliased __typename are still 200 keys).
      if (nodes[0].name.value === '__typename') {
        if (responseKey !== '__typename') total.aliases += 1;
        continue;
      }
      const field = this.field(parent, responseKey, nodes, path ? `${path}.${responseKey}` : responseKey);
      // The standard introspection query nests ofType deeper than GRAPHQL_MAX_DEPTH: its depth is
      // bounded by the schema, so only its aliases, root fields and cost count.
      if (!nodes[0].name.value.startsWith('__')) total.depth = Math.max(total.depth, field.depth);
      total.cost += field.cost;
      total.aliases += field.aliases;
      total.perList! += field.perList ?? 0;
    }
    return total;
  }

  private key(parent: GraphQLObjectType, nodes: readonly FieldNode[]): string {
    const ids = nodes.map((node) => {
      let id = this.nodeIds.get(node);
      if (id === undefined) {
        id = this.nodeIds.size;
        this.nodeIds.set(node, id);
      }
      return id;
    });
    return `${parent.name}:${ids.join(',')}`;
  }

  private field(parent: GraphQLObjectType, responseKey: string, nodes: readonly FieldNode[], path: string): SubtreeMeasures {
    const key = this.key(parent, nodes);
    let measures = this.memo.get(key);
    if (!measures) {
      measures = this.measureField(parent, responseKey, nodes, path);
      this.memo.set(key, measures);
    }
    return measures;
  }

  private measureField(parent: GraphQLObjectType, responseKey: string, nodes: readonly FieldNode[], path: string): SubtreeMeasures {
    const definition = metaField(this.schema, parent, nodes[0].name.value) ?? parent.getFields()[nodes[0].name.value];
    if (!definition) return LEAF;
    const args = this.argumentValues(definition, nodes[0], path);
    const alias = responseKey === definition.name ? 0 : 1;
    const type = getNamedType(definition.type);
    const runtimeTypes = isObjectType(type) ? [type] : isAbstractType(type) ? this.schema.getPossibleTypes(type) : [];
    if (runtimeTypes.length === 0) return { ...LEAF, aliases: alias };
    // An interface or union costs what its most costly runtime type costs.
    const child: SubtreeMeasures = { depth: 0, cost: 0, aliases: 0, perList: 0 };
    for (const runtimeType of runtimeTypes) {
      const measures = this.fields(runtimeType, collectSubfields(this.schema, this.fragments, this.variables, runtimeType, nodes), path);
      child.depth = Math.max(child.depth, measures.depth);
      child.cost = Math.max(child.cost, measures.cost);
      child.aliases = Math.max(child.aliases, measures.aliases);
      child.perList = Math.max(child.perList!, measures.perList ?? 0);
    }
    let cost: number;
    const aggregate = aggregateFieldCost(parent.name, type.name);
    const sizedBy = definition.extensions?.[SIZED_BY_LIST_ARGUMENT];
    if (aggregate !== null) cost = aggregate;
    else if (connectionRole(type.name) === 'connection') cost = 1 + pageSize(args, path) * (1 + child.cost - child.perList!) + child.perList! + searchCost(args);
    else if (typeof sizedBy === 'string') cost = 1 + listArgumentSize(args, sizedBy, path) * (1 + child.cost);
    else if (connectionRole(parent.name) !== 'other') cost = child.cost; // edges, nodes, node, pageInfo: the rows are counted by the page
    else cost = 1 + child.cost;
    const perList = aggregate !== null && connectionRole(parent.name) === 'connection' ? cost : 0;
    return { depth: child.depth + 1, cost, aliases: child.aliases + alias, perList };
  }

  /** The argument values the resolver will get, each checked against the input limits. */
  private argumentValues(definition: GraphQLField<unknown, unknown>, node: FieldNode, path: string): Record<string, unknown> {
    if (definition.args.length === 0) return {};
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(definition, node, this.variables);
    } catch (error) {
      if (error instanceof GraphQLError) return {}; // graphql-js refuses the same arguments when it executes
      throw error;
    }
    try {
      for (const argument of definition.args) {
        if (values[argument.name] !== undefined) checkArgumentValue(this.inputLimits, argument.type, argument.name, values[argument.name]);
      }
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      throw new GraphQLError(`${error.message} (in ${path})`, { extensions: error.extensions });
    }
    return values;
  }
}

/**
 * The measures of `operation` as it will execute with `variables` (already coerced, defaults
 * included); throws BAD_USER_INPUT for an argument value over an input limit or a page size over
 * MAX_PAGE_SIZE.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  inputLimits: InputLimits,
): QueryMeasures {
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, aliases: 0, rootFields: 0, cost: 0, executedRootFields: [] };
  const walk = new OperationWalk(schema, fragments, variables, inputLimits);
  const rootFields = collectFields(schema, fragments, variables, root, operation.selectionSet);
  const measures = walk.fields(root, rootFields, '');
  // Introspection (__schema, __type) runs no SQL but builds large answers: it counts like any root
  // field for the root-field, alias, depth and cost limits (an aliased __schema ×270 is 49 MB).
  const rootFieldCount = [...rootFields.values()].filter((nodes) => nodes[0].name.value !== '__typename').length;
  const executedRootFields = [...rootFields].map(([responseKey, nodes]) => ({ responseKey, fieldName: nodes[0].name.value }));
  return { depth: measures.depth, aliases: measures.aliases, rootFields: rootFieldCount, cost: measures.cost, executedRootFields };
}
