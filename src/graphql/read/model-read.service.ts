import { buildConnection, type Connection } from '../connections/connection';
import { rootCountStatement, rootPageStatement } from '../connections/page-query';
import { resolvePageRequest, type ConnectionArguments, type PageRequest } from '../connections/page-request';
import type { RequestContext } from '../context';
import { ForbiddenError } from '../errors/domain-error';
import { parseId } from '../filters/id-argument';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition, Relationship } from '../model-registry';
import { withAggregateSource } from '../aggregates/aggregate-source';
import type { GraphQLResolveInfo } from 'graphql';
import { connectionRowPlan, objectRowPlan, prefetchProperty, type RowPlan } from '../prefetch/row-plan';
import { PlanSelection } from '../prefetch/row-plan-sql';

// The read side of every model: one by id, a root list, and relationship fields, all through the
// request's loaders and scope. Given the field's resolve info, a read selects only what the
// operation asks of its rows and prefetches the relationships selected below them (row-plan.ts);
// a relationship field whose value was prefetched with its parent row returns it without SQL.

/** The row plan of an object field, when this request prefetches. */
function objectPlan(context: RequestContext, info: GraphQLResolveInfo | undefined, model: ModelDefinition): RowPlan | undefined {
  return info && context.loaders.prefetching ? objectRowPlan(info, model) : undefined;
}

/** The row plan of a connection field for its page, when this request prefetches. */
function connectionPlan(context: RequestContext, info: GraphQLResolveInfo | undefined, model: ModelDefinition, page: PageRequest): RowPlan | undefined {
  return info && context.loaders.prefetching ? connectionRowPlan(info, model, page) : undefined;
}

/** The value prefetched for this field on `parent` (a row of a plan's statement), or undefined. */
function prefetchedValue(parent: Row, info: GraphQLResolveInfo | undefined): unknown {
  if (info === undefined) return undefined;
  const property = prefetchProperty(info.fieldNodes[0]);
  return property !== undefined && Object.prototype.hasOwnProperty.call(parent, property) ? parent[property] : undefined;
}

/**
 * One row by id: null when it does not exist, FORBIDDEN when it exists but the viewer may not
 * read it (asked for explicitly, the client deserves to know; lists simply leave such rows out).
 */
/**
 * The row of `model` with this id if the viewer may read it, else null; with the resolve info of
 * the field returning it, only what the field selects and its relationships prefetched.
 */
export function loadRow(context: RequestContext, model: ModelDefinition, id: number, info?: GraphQLResolveInfo): Promise<Row | null> {
  return context.loaders.rowBy(model, 'id', objectPlan(context, info, model)).load(id);
}

export async function findById(context: RequestContext, model: ModelDefinition, id: unknown, info?: GraphQLResolveInfo): Promise<Row | null> {
  const key = parseId(id, 'id');
  const row = await loadRow(context, model, key, info);
  if (row) return row;
  if (await context.loaders.exists(model).load(key)) throw new ForbiddenError(`You are not allowed to read ${model.typeName} ${key}`);
  return null;
}

export async function listRows(context: RequestContext, model: ModelDefinition, args: ConnectionArguments, info?: GraphQLResolveInfo): Promise<Connection> {
  const page = resolvePageRequest(model, args);
  const scope = await context.scope();
  const plan = connectionPlan(context, info, model, page);
  const statement = rootPageStatement(model, page, scope, plan && new PlanSelection(plan));
  const rows = await context.sql.read(statement.text, statement.values);
  let count: Promise<number> | null = null;
  const connection = buildConnection(rows, page, () => {
    count ??= (async () => {
      const total = rootCountStatement(model, page.filter, scope, page.search);
      const [row] = await context.sql.read<{ count: number }>(total.text, total.values);
      return row.count;
    })();
    return count;
  });
  return withAggregateSource(connection, { model, filter: page.filter, search: page.search });
}

export function findRelated(context: RequestContext, relationship: Relationship, parent: Row, info?: GraphQLResolveInfo): Row | null | Promise<Row | null> {
  const prefetched = prefetchedValue(parent, info);
  if (prefetched !== undefined) return prefetched as Row | null;
  const key = parent[relationship.parentKey];
  if (key === null || key === undefined) return null;
  return context.loaders.toOne(relationship, objectPlan(context, info, relationship.target)).load(key as number);
}

/** One parent's page of a to-many relationship, for a page request already resolved (resolvePageRequest). */
export function listRelated(
  context: RequestContext,
  relationship: Relationship,
  parent: Row,
  page: PageRequest,
  info?: GraphQLResolveInfo,
): Connection | Promise<Connection> {
  const parentKey = parent[relationship.parentKey] as number;
  const source = { model: relationship.target, filter: page.filter, search: page.search, relationship, parentKey };
  const prefetched = prefetchedValue(parent, info);
  if (prefetched !== undefined) return withAggregateSource(context.loaders.connection(relationship, page, prefetched as Row[], parentKey), source);
  const plan = connectionPlan(context, info, relationship.target, page);
  return context.loaders
    .toMany(relationship, page, plan)
    .load(parentKey)
    .then((connection) => withAggregateSource(connection, source));
}
