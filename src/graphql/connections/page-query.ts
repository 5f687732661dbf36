import { compileFilter, type FilterInput } from '../filters/filter-sql';
import { equalsAnyInteger, quoteIdentifier, SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, Relationship, ScalarField } from '../model-registry';
import { rowSource, SEARCH_RANK_COLUMN } from '../search/search-sql';
import { keysetCondition, orderByClause } from './keyset';
import { MAX_PAGE_SIZE, type PageRequest } from './page-request';

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

/**
 * What a statement selects of each row of `model` aliased `alias`: every exposed column
 * (ALL_COLUMNS), or a row plan's columns and prefetched relationships (prefetch/row-plan-sql.ts).
 */
export interface RowSelection {
  /** The row's columns, `expression AS "name"`. */
  columnList(model: ModelDefinition, alias: string): string;
  /** Their output names, in that order. */
  columnNames(model: ModelDefinition): string[];
  /**
   * Values computed over a row (prefetched relationships), given how to reach the row's fields
   * (`field` → SQL expression); they may add parameters. `name` is quoted.
   */
  computedList(field: (field: ScalarField) => string, params: SqlParameters, scope: RowScope): ComputedValue[];
}

export interface ComputedValue {
  name: string;
  expression: string;
}

export const PARENT_KEY = '__parentKey';
const ALIAS = 'c';
const selectLists = new WeakMap<ModelDefinition, string>();

/** Every exposed column, as the statements read before row plans: what services get. */
export const ALL_COLUMNS: RowSelection = {
  columnList: (model, alias) => (alias === ALIAS ? selectList(model) : columnList(model.fields, alias)),
  columnNames: (model) => model.fields.map((field) => field.name),
  computedList: () => [],
};

/** The full select list of a row that is not a page's (no LIMIT): columns and computed values side by side. */
export function rowSelectList(selection: RowSelection, model: ModelDefinition, alias: string, params: SqlParameters, scope: RowScope): string {
  const computed = selection.computedList((field) => `${alias}.${quoteIdentifier(field.column)}`, params, scope);
  return [selection.columnList(model, alias), ...computed.map((value) => `${value.expression} AS ${value.name}`)].join(', ');
}

/** `alias.column AS "name"` for each field. */
export function columnList(fields: readonly ScalarField[], alias: string): string {
  return fields.map((field) => `${alias}.${quoteIdentifier(field.column)} AS ${quoteIdentifier(field.name)}`).join(', ');
}

/** Exposed columns only, aliased to their GraphQL names: secrets are never read. */
export function selectList(model: ModelDefinition): string {
  let list = selectLists.get(model);
  if (!list) {
    list = columnList(model.fields, ALIAS);
    selectLists.set(model, list);
  }
  return list;
}

function whereClause(conditions: Array<string | null>): string {
  const present = conditions.filter((condition): condition is string => condition !== null);
  return present.length > 0 ? `WHERE ${present.join(' AND ')}` : '';
}

function pageConditions(model: ModelDefinition, page: PageRequest, params: SqlParameters, scope: RowScope, alias = ALIAS): Array<string | null> {
  return [
    scope.condition(model, alias, params),
    compileFilter(model, page.filter, alias, params, scope),
    page.after ? keysetCondition(alias, page.keys, page.after, 'after', params) : null,
    page.before ? keysetCondition(alias, page.keys, page.before, 'before', params) : null,
  ];
}

function table(model: ModelDefinition): string {
  return `${quoteIdentifier(model.table)} AS ${ALIAS}`;
}

/** The condition linking rows of `relationship.target` aliased `alias` to the parent key `parentKey` (an SQL expression). */
export function relationshipLink(relationship: Relationship, alias: string, parentKey: string): string {
  return relationship.through
    ? `${alias}.id IN ${relationship.through(parentKey)}`
    : `${alias}.${quoteIdentifier(relationship.targetColumn)} = ${parentKey}`;
}

/**
 * The page's LIMIT (limit + 1: the extra row tells whether there is a next page) as a literal, not
 * a parameter. With `LIMIT $n`, PostgreSQL's generic plan for a prepared statement cannot know
 * the limit and estimates the subqueries as if they read 10 % of their rows, so its cost exceeds
 * the custom plans' and PostgreSQL re-plans the statement on every execution (planning is most of
 * a screen's statement: measured at scale 10, screen c 1.56 ms per execution with `LIMIT $n`,
 * 0.55 ms with the generic plan). A page size is an integer from 0 to MAX_PAGE_SIZE
 * (resolvePageRequest), so a literal is safe, and it adds at most 101 statement texts per shape
 * (the per-connection cache of prepared statements is bounded: prepared-statements.ts).
 */
function limitLiteral(page: PageRequest): string {
  const limit = page.limit + 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE + 1) throw new Error(`page limit ${String(page.limit)} out of range`);
  return String(limit);
}

/**
 * One page of rows of `model` aliased `alias`, as a subquery text: the selected columns and the
 * rank of a search (its cursors may carry it); the row policy, the filter, the cursors and `link`
 * (a parent's rows, or null) as conditions; the page's order; limit + 1 rows (the last one only
 * tells whether there is a next page). Values computed over the rows (prefetched relationships)
 * are computed in an outer query for the first `limit` rows only: the lookahead row is never
 * returned, and its relationships would be work (a page of `first: 0` with a deep selection below
 * costs 1 at admission, and must cost nothing here either). Its rows come in the page's order.
 */
export function pageSubquery(
  model: ModelDefinition,
  page: PageRequest,
  scope: RowScope,
  params: SqlParameters,
  options: { alias: string; selection: RowSelection; link: string | null },
): string {
  const { alias, selection, link } = options;
  const rank = page.search === null ? '' : `, ${alias}.${quoteIdentifier(SEARCH_RANK_COLUMN)} AS ${quoteIdentifier(SEARCH_RANK_COLUMN)}`;
  const from = rowSource(model, page.search, alias, params, scope);
  const where = whereClause([link, ...pageConditions(model, page, params, scope, alias)]);
  const order = orderByClause(alias, page.keys, page.backward);
  const tail = `FROM ${from} ${where} ORDER BY ${order} LIMIT ${limitLiteral(page)}`;
  const computed = selection.computedList((field) => `${PAGE}.${quoteIdentifier(field.name)}`, params, scope);
  if (computed.length === 0) return `SELECT ${selection.columnList(model, alias)}${rank} ${tail}`;
  const names = [...selection.columnNames(model), ...(page.search === null ? [] : [SEARCH_RANK_COLUMN])];
  const outer = [
    ...names.map((name) => `${PAGE}.${quoteIdentifier(name)}`),
    ...computed.map((value) => `CASE WHEN ${PAGE}.${POSITION} <= ${page.limit} THEN ${value.expression} END AS ${value.name}`),
  ];
  return (
    `SELECT ${outer.join(', ')} FROM (SELECT ${selection.columnList(model, alias)}${rank}, row_number() OVER (ORDER BY ${order}) AS ${POSITION} ${tail}) AS ${PAGE} ` +
    `ORDER BY ${PAGE}.${POSITION}`
  );
}

const PAGE = 'page_rows';
const POSITION = '"__position"';

export function rootPageStatement(model: ModelDefinition, page: PageRequest, scope: RowScope, selection: RowSelection = ALL_COLUMNS): Statement {
  const params = new SqlParameters();
  const text = pageSubquery(model, page, scope, params, { alias: ALIAS, selection, link: null });
  return { text, values: params.values };
}

export function childPagesStatement(
  relationship: Relationship,
  parentKeys: readonly number[],
  page: PageRequest,
  scope: RowScope,
  selection: RowSelection = ALL_COLUMNS,
): Statement {
  const params = new SqlParameters();
  const keys = params.add(parentKeys);
  const inner = pageSubquery(relationship.target, page, scope, params, { alias: ALIAS, selection, link: relationshipLink(relationship, ALIAS, 'p.key') });
  return {
    text: `SELECT p.key AS ${quoteIdentifier(PARENT_KEY)}, page.* FROM unnest(${keys}::int[]) AS p(key) CROSS JOIN LATERAL (${inner}) AS page`,
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
    equalsAnyInteger(column, parentKeys, params),
    scope.condition(model, ALIAS, params),
    compileFilter(model, filter, ALIAS, params, scope),
  ]);
  return {
    text: `SELECT ${column} AS ${quoteIdentifier(PARENT_KEY)}, count(*) AS count FROM ${from} ${where} GROUP BY ${column}`,
    values: params.values,
  };
}

/** Rows of `model` whose `column` is one of `keys` (to-one lookups, by id or by a unique foreign key). */
export function rowsByColumnStatement(
  model: ModelDefinition,
  column: string,
  keys: readonly number[],
  scope: RowScope,
  selection: RowSelection = ALL_COLUMNS,
): Statement {
  const params = new SqlParameters();
  const keyList = equalsAnyInteger(`${ALIAS}.${quoteIdentifier(column)}`, keys, params);
  const columns = rowSelectList(selection, model, ALIAS, params, scope);
  const where = whereClause([keyList, scope.condition(model, ALIAS, params)]);
  return { text: `SELECT ${columns}, ${ALIAS}.${quoteIdentifier(column)} AS ${quoteIdentifier(PARENT_KEY)} FROM ${table(model)} ${where}`, values: params.values };
}
