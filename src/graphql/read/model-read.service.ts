import { buildConnection, type Connection } from '../connections/connection';
import { rootCountStatement, rootPageStatement } from '../connections/page-query';
import { resolvePageRequest, type ConnectionArguments, type PageRequest } from '../connections/page-request';
import type { RequestContext } from '../context';
import { ForbiddenError } from '../errors/domain-error';
import { parseId } from '../filters/id-argument';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition, Relationship } from '../model-registry';
import { withAggregateSource } from '../aggregates/aggregate-source';

// The read side of every model: one by id, a root list, and relationship fields, all through the
// request's loaders and scope.

/**
 * One row by id: null when it does not exist, FORBIDDEN when it exists but the viewer may not
 * read it (asked for explicitly, the client deserves to know; lists simply leave such rows out).
 */
export async function findById(context: RequestContext, model: ModelDefinition, id: unknown): Promise<Row | null> {
  const key = parseId(id, 'id');
  const row = await context.loaders.rowBy(model, 'id').load(key);
  if (row) return row;
  if (await context.loaders.exists(model).load(key)) throw new ForbiddenError(`You are not allowed to read ${model.typeName} ${key}`);
  return null;
}

export async function listRows(context: RequestContext, model: ModelDefinition, args: ConnectionArguments): Promise<Connection> {
  const page = resolvePageRequest(model, args);
  const scope = await context.scope();
  const statement = rootPageStatement(model, page, scope);
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

export function findRelated(context: RequestContext, relationship: Relationship, parent: Row): Promise<Row | null> {
  const key = parent[relationship.parentKey];
  if (key === null || key === undefined) return Promise.resolve(null);
  return context.loaders.toOne(relationship).load(key as number);
}

/** One parent's page of a to-many relationship, for a page request already resolved (resolvePageRequest). */
export function listRelated(context: RequestContext, relationship: Relationship, parent: Row, page: PageRequest): Promise<Connection> {
  const parentKey = parent[relationship.parentKey] as number;
  return context.loaders
    .toMany(relationship, page)
    .load(parentKey)
    .then((connection) => withAggregateSource(connection, { model: relationship.target, filter: page.filter, search: page.search, relationship, parentKey }));
}
