import { compileFilter, type FilterInput } from '../filters/filter-sql';
import { quoteIdentifier, SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, Relationship } from '../model-registry';
import { rowSource, SEARCH_RANK_COLUMN } from '../search/search-sql';
import { keysetCondition, orderByClause } from './keyset';
import type { PageRequest } from './page-request';

// The SQL shapes of the read API. Each builds one statement whatever the number of parents:
// per-parent pages use a LATERAL join (one index range scan per parent, stopping at limit + 1),
// counts one GROUP BY, to-one lookups one `= ANY($1)`.

export interface Statement {
  text: string;
  values: unknown[];
}

/** Authorization hook: a condition restricting which rows of a model the viewer may read. */
export interface RowScope {
  condition(model: ModelDefinition, alias: string, params: SqlParameters): string | null;
}

export const PARENT_KEY = '__parentKey';
const ALIAS = 'c';
const selectLists = new WeakMap<ModelDefinition, string>();

/** Exposed columns only, aliased to their GraphQL names: secrets are never read. */
export function selectList(model: ModelDefinition): string {
  let list = selectLists.get(model);
  if (!list) {
    list = model.fields.map((field) => `${ALIAS}.${quoteIdentifier(field.column)} AS ${quoteIdentifier(field.name)}`).join(', ');
    selectLists.set(model, list);
  }
  return list;
}

function whereClause(conditions: Array<string | null>): string {
  const present = conditions.filter((condition): condition is string => condition !== null);
  return present.length > 0 ? `WHERE ${present.join(' AND ')}` : '';
}

function pageConditions(model: ModelDefinition, page: PageRequest, params: SqlParameters, scope: RowScope): Array<string | null> {
  return [
    scope.condition(model, ALIAS, params),
    compileFilter(model, page.filter, ALIAS, params, scope),
    page.after ? keysetCondition(ALIAS, page.keys, page.after, 'after', params) : null,
    page.before ? keysetCondition(ALIAS, page.keys, page.before, 'before', params) : null,
  ];
}

function table(model: ModelDefinition): string {
  return `${quoteIdentifier(model.table)} AS ${ALIAS}`;
}

/** The page's columns: the model's, and the rank of a search (its cursors may carry it). */
function pageSelectList(model: ModelDefinition, page: PageRequest): string {
  if (page.search === null) return selectList(model);
  return `${selectList(model)}, ${ALIAS}.${quoteIdentifier(SEARCH_RANK_COLUMN)} AS ${quoteIdentifier(SEARCH_RANK_COLUMN)}`;
}

export function rootPageStatement(model: ModelDefinition, page: PageRequest, scope: RowScope): Statement {
  const params = new SqlParameters();
  const from = rowSource(model, page.search, ALIAS, params, scope);
  const where = whereClause(pageConditions(model, page, params, scope));
  const limit = params.add(page.limit + 1);
  return {
    text: `SELECT ${pageSelectList(model, page)} FROM ${from} ${where} ORDER BY ${orderByClause(ALIAS, page.keys, page.backward)} LIMIT ${limit}`,
    values: params.values,
  };
}

export function childPagesStatement(relationship: Relationship, parentKeys: readonly number[], page: PageRequest, scope: RowScope): Statement {
  const model = relationship.target;
  const params = new SqlParameters();
  const keys = params.add(parentKeys);
  const link = relationship.through
    ? `${ALIAS}.id IN ${relationship.through('p.key')}`
    : `${ALIAS}.${quoteIdentifier(relationship.targetColumn)} = p.key`;
  const from = rowSource(model, page.search, ALIAS, params, scope);
  const where = whereClause([link, ...pageConditions(model, page, params, scope)]);
  const limit = params.add(page.limit + 1);
  return {
    text:
      `SELECT p.key AS ${quoteIdentifier(PARENT_KEY)}, page.* FROM unnest(${keys}::int[]) AS p(key) CROSS JOIN LATERAL (` +
      `SELECT ${pageSelectList(model, page)} FROM ${from} ${where} ORDER BY ${orderByClause(ALIAS, page.keys, page.backward)} LIMIT ${limit}` +
      `) AS page`,
    values: params.values,
  };
}

/** `search`: only the rows matching this search text (null: no search). */
export function rootCountStatement(model: ModelDefinition, filter: FilterInput | null, scope: RowScope, search: string | null = null): Statement {
  const params = new SqlParameters();
  const from = rowSource(model, search, ALIAS, params, scope);
  const where = whereClause([scope.condition(model, ALIAS, params), compileFilter(model, filter, ALIAS, params, scope)]);
  return { text: `SELECT count(*) AS count FROM ${from} ${where}`, values: params.values };
}

export function childCountsStatement(
  relationship: Relationship,
  parentKeys: readonly number[],
  filter: FilterInput | null,
  scope: RowScope,
  search: string | null = null,
): Statement {
  const model = relationship.target;
  const params = new SqlParameters();
  const from = rowSource(model, search, ALIAS, params, scope);
  if (relationship.through) {
    // A derived relationship: each parent's target ids come from its rule, joined per parent key.
    const keys = params.add(parentKeys);
    const where = whereClause([scope.condition(model, ALIAS, params), compileFilter(model, filter, ALIAS, params, scope)]);
    return {
      text:
        `SELECT p.key AS ${quoteIdentifier(PARENT_KEY)}, count(*) AS count FROM unnest(${keys}::int[]) AS p(key) ` +
        `JOIN ${from} ON ${ALIAS}.id IN ${relationship.through('p.key')} ${where} GROUP BY p.key`,
      values: params.values,
    };
  }
  const column = `${ALIAS}.${quoteIdentifier(relationship.targetColumn)}`;
  const where = whereClause([
    `${column} = ANY(${params.add(parentKeys)}::int[])`,
    scope.condition(model, ALIAS, params),
    compileFilter(model, filter, ALIAS, params, scope),
  ]);
  return {
    text: `SELECT ${column} AS ${quoteIdentifier(PARENT_KEY)}, count(*) AS count FROM ${from} ${where} GROUP BY ${column}`,
    values: params.values,
  };
}

/** Rows of `model` whose `column` is one of `keys` (to-one lookups, by id or by a unique foreign key). */
export function rowsByColumnStatement(model: ModelDefinition, column: string, keys: readonly number[], scope: RowScope): Statement {
  const params = new SqlParameters();
  const where = whereClause([`${ALIAS}.${quoteIdentifier(column)} = ANY(${params.add(keys)}::int[])`, scope.condition(model, ALIAS, params)]);
  return { text: `SELECT ${selectList(model)}, ${ALIAS}.${quoteIdentifier(column)} AS ${quoteIdentifier(PARENT_KEY)} FROM ${table(model)} ${where}`, values: params.values };
}
