import { orderByClause } from '../connections/keyset';
import type { OrderKey } from '../connections/order';
import { pageSubquery, relationshipLink, type RowScope, type RowSelection } from '../connections/page-query';
import { quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, ScalarField } from '../model-registry';
import type { ChildPlan, RowPlan } from './row-plan';

// A row plan as SQL: its columns, and each prefetched relationship as one correlated subquery
// whose value PostgreSQL builds as JSON (to-one: the row or null; to-many: the page's rows, at
// most limit + 1, in the page's order). The subqueries apply the same row policies, filters,
// cursors, search and order as the loaders' statements (page-query.ts builds both), so a
// prefetched value is what the DataLoader would have returned for that parent.
// Inside JSON, values take the text the read path gives them (timestamp-text.ts: toISOString's
// form; numeric as its exact text), not to_json's (`+00:00`, numbers that lose trailing zeros).

/** timestamptz as `Date.prototype.toISOString` writes it: UTC, milliseconds truncated (as pg's parser and timestamp-text.ts do). */
const ISO_INSTANT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

function jsonValue(field: ScalarField, alias: string): string {
  const column = `${alias}.${quoteIdentifier(field.column)}`;
  if (field.kind === 'datetime') return `to_char(${column} AT TIME ZONE 'UTC', ${ISO_INSTANT})`;
  if (field.kind === 'decimal') return `${column}::text`;
  return column;
}

/** Aliases of nested rows: one per depth (a subquery sees only its parent's alias). */
const nestedAlias = (depth: number): string => `n${depth}`;

/** Sort values of a page's rows, under hidden names, so json_agg can keep the page's order. */
function orderColumns(keys: OrderKey[], alias: string): { list: string; keys: OrderKey[] } {
  const hidden = keys.map((key, index) => ({ ...key, field: { ...key.field, column: `__o${index}` } }));
  const list = keys.map((key, index) => `${alias}.${quoteIdentifier(key.field.column)} AS ${quoteIdentifier(`__o${index}`)}`).join(', ');
  return { list, keys: hidden };
}

function childValue(child: ChildPlan, parentAlias: string, depth: number, params: SqlParameters, scope: RowScope): string {
  const { relationship, page, plan } = child;
  const alias = nestedAlias(depth);
  const parentKey = `${parentAlias}.${quoteIdentifier(relationship.parent.fieldsByName.get(relationship.parentKey)?.column ?? relationship.parentKey)}`;
  const selection = new PlanSelection(plan, depth, true);
  const link = relationshipLink(relationship, alias, parentKey);
  if (page === null) {
    const target = relationship.target;
    const conditions = [link, scope.condition(target, alias, params)].filter((condition): condition is string => condition !== null);
    const columns = selection.selectList(target, alias, params, scope);
    return `(SELECT to_json(s) FROM (SELECT ${columns} FROM ${quoteIdentifier(target.table)} AS ${alias} WHERE ${conditions.join(' AND ')} LIMIT 1) AS s)`;
  }
  const order = orderColumns(page.keys, alias);
  const rows = pageSubquery(relationship.target, page, scope, params, { alias, selection, link, extra: order.list });
  return `(SELECT coalesce(json_agg(to_json(s) ORDER BY ${orderByClause('s', order.keys, page.backward)}), '[]'::json) FROM (${rows}) AS s)`;
}

/** A row plan as the select list of a statement (RowSelection): at the top, values as pg parses them; nested, as JSON text. */
export class PlanSelection implements RowSelection {
  constructor(
    private readonly plan: RowPlan,
    private readonly depth = 0,
    private readonly json = false,
  ) {}

  selectList(_model: ModelDefinition, alias: string, params: SqlParameters, scope: RowScope): string {
    const columns = this.plan.columns.map(
      (field) => `${this.json ? jsonValue(field, alias) : `${alias}.${quoteIdentifier(field.column)}`} AS ${quoteIdentifier(field.name)}`,
    );
    const children = this.plan.children.map(
      (child) => `${childValue(child, alias, this.depth + 1, params, scope)} AS ${quoteIdentifier(child.property)}`,
    );
    return [...columns, ...children].join(', ');
  }
}
