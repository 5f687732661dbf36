import { pageSubquery, relationshipLink, rowSelectList, type ComputedValue, type RowScope, type RowSelection } from '../connections/page-query';
import { quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, ScalarField } from '../model-registry';
import type { ChildPlan, RowPlan } from './row-plan';

// A row plan as SQL: its columns, and each prefetched relationship as one correlated subquery
// whose value PostgreSQL builds as JSON (to-one: the row or null; to-many: the page's rows, at
// most limit + 1, in the page's order, the last one without its own relationships). The subqueries apply the same row policies, filters,
// cursors, search and order as the loaders' statements (page-query.ts builds both), so a
// prefetched value is what the DataLoader would have returned for that parent.
// Inside JSON, numerics are written as their exact text (to_json would write numbers that lose
// trailing zeros); timestamps as to_json writes them (`2026-11-25T04:54:07.123456+00:00`), which
// the DateTime scalar and cursors bring to toISOString's form (timestampTextOfJson): formatting
// them with to_char here cost 17 % of screen f's statement in PostgreSQL.

function jsonValue(field: ScalarField, alias: string): string {
  const column = `${alias}.${quoteIdentifier(field.column)}`;
  if (field.kind === 'decimal') return `${column}::text`;
  return column;
}

/** Aliases of nested rows: one per depth (a subquery sees only its parent's alias). */
const nestedAlias = (depth: number): string => `n${depth}`;

function childValue(child: ChildPlan, parentKey: string, depth: number, params: SqlParameters, scope: RowScope): string {
  const { relationship, page, plan } = child;
  const alias = nestedAlias(depth);
  const selection = new PlanSelection(plan, depth, true);
  const link = relationshipLink(relationship, alias, parentKey);
  if (page === null) {
    const target = relationship.target;
    const conditions = [link, scope.condition(target, alias, params)].filter((condition): condition is string => condition !== null);
    const columns = rowSelectList(selection, target, alias, params, scope);
    return `(SELECT to_json(s) FROM (SELECT ${columns} FROM ${quoteIdentifier(target.table)} AS ${alias} WHERE ${conditions.join(' AND ')} LIMIT 1) AS s)`;
  }
  // json_agg takes the rows in the order the page's subquery returns them (ORDER BY … LIMIT, read
  // by a Subquery Scan into a plain Aggregate: nothing in between reorders them). PostgreSQL's
  // documentation ("Aggregate Expressions") says supplying the input from a sorted subquery
  // "will usually work"; PostGraphile builds its nested lists the same way. An ORDER BY inside
  // json_agg would sort every page a second time and carry the sort values in the JSON: measured
  // on screen f at scale 10, 10.0 → 8.8 ms of PostgreSQL time and 305 → 227 kB per statement.
  // test/e2e/prefetch.test.ts compares prefetched pages, forwards and backwards, with the loaders'.
  const rows = pageSubquery(relationship.target, page, scope, params, { alias, selection, link });
  return `(SELECT coalesce(json_agg(s), '[]'::json) FROM (${rows}) AS s)`;
}

/** A row plan as what a statement selects of its rows (RowSelection): at the top, values as pg parses them; nested, as JSON text. */
export class PlanSelection implements RowSelection {
  constructor(
    private readonly plan: RowPlan,
    private readonly depth = 0,
    private readonly json = false,
  ) {}

  columnList(_model: ModelDefinition, alias: string): string {
    return this.plan.columns
      .map((field) => `${this.json ? jsonValue(field, alias) : `${alias}.${quoteIdentifier(field.column)}`} AS ${quoteIdentifier(field.name)}`)
      .join(', ');
  }

  columnNames(): string[] {
    return this.plan.columns.map((field) => field.name);
  }

  computedList(field: (field: ScalarField) => string, params: SqlParameters, scope: RowScope): ComputedValue[] {
    return this.plan.children.map((child) => {
      const parentKey = child.relationship.parent.fieldsByName.get(child.relationship.parentKey) as ScalarField;
      return { name: quoteIdentifier(child.property), expression: childValue(child, field(parentKey), this.depth + 1, params, scope) };
    });
  }
}
