import { getNamedType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import type { FilterInput } from '../filters/filter-sql';
import type { ModelDefinition, Relationship } from '../model-registry';
import { AGGREGATE_FUNCTIONS, type AggregateFunction } from './aggregate-fields';
import type { AggregateSelection } from './aggregate-sql';

// What an aggregates field needs from the connection it hangs on: the rows the connection pages
// through (a root list, or the children of one parent), its filter and its search text. The read service records it
// when it builds a connection; pages (first, after, orderBy) do not restrict aggregates.

export type AggregateSource =
  | { model: ModelDefinition; filter: FilterInput | null; search?: string | null; relationship?: undefined; parentKey?: undefined }
  | { model: ModelDefinition; filter: FilterInput | null; search?: string | null; relationship: Relationship; parentKey: number };

/**
 * Where a connection object keeps its source: a symbol property, not a WeakMap entry (a screen
 * builds hundreds of connections per request, and each WeakMap entry is an ephemeron the garbage
 * collector must trace: withAggregateSource was 1.4 % of the API's CPU profile on screen f). A
 * symbol key is invisible to graphql-js, which reads only the fields of the connection type.
 */
const SOURCE = Symbol('aggregateSource');

/** Records the source of a connection object; returns the connection. */
export function withAggregateSource<C extends object>(connection: C, source: AggregateSource): C {
  (connection as C & { [SOURCE]?: AggregateSource })[SOURCE] = source;
  return connection;
}

export function aggregateSourceOf(connection: object): AggregateSource {
  const source = (connection as { [SOURCE]?: AggregateSource })[SOURCE];
  if (!source) throw new Error('A connection without its aggregate source: build it through model-read.service');
  return source;
}

/**
 * The aggregated fields a selection asks for, per function, as graphql-js collects them (fragments,
 * @skip / @include): only those are computed. Sorted, so equal selections share a loader.
 */
export function selectionOf(info: GraphQLResolveInfo): AggregateSelection {
  const type = getNamedType(info.returnType) as GraphQLObjectType;
  const selection = Object.fromEntries(AGGREGATE_FUNCTIONS.map((fn) => [fn, new Set<string>()])) as Record<AggregateFunction, Set<string>>;
  const fields = collectSubfields(info.schema, info.fragments, info.variableValues, type, info.fieldNodes);
  for (const nodes of fields.values()) {
    const fn = nodes[0].name.value as AggregateFunction;
    if (!selection[fn]) continue;
    const inner = getNamedType(type.getFields()[fn].type) as GraphQLObjectType;
    for (const innerNodes of collectSubfields(info.schema, info.fragments, info.variableValues, inner, nodes).values()) {
      const name = innerNodes[0].name.value;
      if (name !== '__typename') selection[fn].add(name);
    }
  }
  return Object.fromEntries(AGGREGATE_FUNCTIONS.map((fn) => [fn, [...selection[fn]].sort()])) as AggregateSelection;
}
