import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { connectionTypesOf } from '../connections/connection-types';
import type { RequestContext } from '../context';
import { BadUserInputError } from '../errors/domain-error';
import type { FilterInput } from '../filters/filter-sql';
import type { ModelDefinition } from '../model-registry';
import { defineMethod, type Method } from '../read/read-resolvers';
import { aggregatesOf, groupedAggregatesOf } from './aggregate.service';
import { aggregateSourceOf, selectionOf } from './aggregate-source';
import { MAX_GROUPS, type HavingInput } from './aggregate-sql';
import { aggregateTypesOf, groupKeyOf } from './aggregate-types';

/** Most keys in one groupBy: each adds a GROUP BY expression and a key to every group. */
export const MAX_GROUP_KEYS = 5;

/** groupBy as given, or BAD_USER_INPUT naming `groupBy` when it has a key twice or more than MAX_GROUP_KEYS keys. */
function checkedGroupBy(groupBy: string[]): string[] {
  if (groupBy.length > MAX_GROUP_KEYS) {
    throw new BadUserInputError(`groupBy has ${groupBy.length} keys: at most ${MAX_GROUP_KEYS}`, ['groupBy']);
  }
  const repeated = groupBy.find((value, index) => groupBy.indexOf(value) !== index);
  if (repeated !== undefined) throw new BadUserInputError(`groupBy has ${repeated} more than once: give each key once`, ['groupBy']);
  return groupBy;
}

// For every model's XConnection (root lists and relationship fields alike): `aggregates` and
// `groupedAggregates(groupBy, having)`, made by applying type-graphql's decorators as read-resolvers.ts does.

function filterOf(connection: object): FilterInput | null {
  return aggregateSourceOf(connection).filter;
}

function buildResolver(model: ModelDefinition): Function {
  const types = aggregateTypesOf(model);
  const name = `${model.typeName}AggregateResolver`;
  const resolver = { [name]: class {} }[name];
  const prototype = resolver.prototype;

  FieldResolver(() => types.aggregates, {
    description: 'Aggregates over every row of the list matching its filter that you may read (not only this page); masked fields count as null.',
  })(
    prototype,
    'aggregates',
    defineMethod(prototype, 'aggregates', ((connection: object, context: RequestContext, info: GraphQLResolveInfo) =>
      aggregatesOf(context, aggregateSourceOf(connection), { filter: filterOf(connection), search: aggregateSourceOf(connection).search ?? null, groupBy: null, having: null, selection: selectionOf(info) })) as Method),
  );
  Root()(prototype, 'aggregates', 0);
  Ctx()(prototype, 'aggregates', 1);
  Info()(prototype, 'aggregates', 2);

  FieldResolver(() => [types.group], {
    description: `Aggregates per group of the rows matching the list's filter that you may read, ordered by the keys (nulls last). At most ${MAX_GROUPS} groups: more is QUERY_TOO_COMPLEX.`,
  })(
    prototype,
    'groupedAggregates',
    defineMethod(prototype, 'groupedAggregates', ((connection: object, groupBy: string[], having: HavingInput | null, context: RequestContext, info: GraphQLResolveInfo) =>
      groupedAggregatesOf(context, aggregateSourceOf(connection), {
        filter: filterOf(connection),
        search: aggregateSourceOf(connection).search ?? null,
        groupBy: checkedGroupBy(groupBy).map((value) => groupKeyOf(model, value)),
        having: having ?? null,
        selection: selectionOf(info),
      })) as Method),
  );
  Root()(prototype, 'groupedAggregates', 0);
  Arg('groupBy', () => [types.groupBy], { description: `The keys of the groups, most significant first ([] makes one group of every row); at most ${MAX_GROUP_KEYS}, each once: otherwise BAD_USER_INPUT.` })(prototype, 'groupedAggregates', 1);
  Arg('having', () => types.having, { nullable: true, description: 'Only groups whose aggregates match these conditions (SQL HAVING).' })(prototype, 'groupedAggregates', 2);
  Ctx()(prototype, 'groupedAggregates', 3);
  Info()(prototype, 'groupedAggregates', 4);

  Resolver(() => connectionTypesOf(model).connection)(resolver);
  return resolver;
}

/** The aggregate field resolvers of every model's connection type. */
export function buildAggregateResolvers(models: readonly ModelDefinition[]): Function[] {
  return models.map(buildResolver);
}
