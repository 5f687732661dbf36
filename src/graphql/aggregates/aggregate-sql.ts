import type { Viewer } from '../authorization/viewer';
import { PARENT_KEY, type RowScope, type Statement } from '../connections/page-query';
import { BadUserInputError } from '../errors/domain-error';
import { compileFilter, type FilterInput } from '../filters/filter-sql';
import { rowSource } from '../search/search-sql';
import { equalsAnyInteger, quoteIdentifier, SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, Relationship, ScalarField } from '../model-registry';
import { AGGREGATE_FUNCTIONS, aggregateSql, type AggregateFunction } from './aggregate-fields';
import { HAVING_OPERATORS, type GroupKey, type HavingOperator } from './aggregate-types';
import { visibleValue } from './masked-field-sql';

// The one statement of an aggregates or groupedAggregates field: over a root list, or over the
// children of many parents at once (GROUP BY the parent key, as the counts of page-query.ts).
// The connection's filter and the viewer's row policy restrict the rows; masked fields enter as
// the viewer sees them (masked-field-sql.ts). Identifiers come from the registry only.

/** Most groups a groupedAggregates field returns (per parent): more is refused, not cut. */
export const MAX_GROUPS = 1_000;

/** The aggregates a selection asks for: field names per function (count is always computed). */
export type AggregateSelection = Record<AggregateFunction, string[]>;

export type HavingInput = Record<string, unknown>;

export interface AggregateQuery {
  filter: FilterInput | null;
  /** The connection's search text (null: none): aggregates cover the rows it matches, as its pages do. */
  search: string | null;
  /** null: one aggregates row (per parent); else the keys of groupedAggregates. */
  groupBy: GroupKey[] | null;
  having: HavingInput | null;
  selection: AggregateSelection;
}

const ALIAS = 'c';

export function resultColumn(fn: AggregateFunction, field: string): string {
  return `${fn}:${field}`;
}

export function keyColumn(index: number): string {
  return `key:${index}`;
}

class AggregateBuilder {
  readonly params = new SqlParameters();

  constructor(
    private readonly model: ModelDefinition,
    private readonly viewer: Viewer | null,
  ) {}

  field(name: string, path: string): ScalarField {
    const field = this.model.fieldsByName.get(name);
    if (!field) throw new BadUserInputError(`${path} is not a field of ${this.model.typeName}`, [path]);
    return field;
  }

  aggregate(fn: AggregateFunction, field: ScalarField): string {
    return aggregateSql(fn, field, visibleValue(this.model, field, ALIAS, this.viewer, this.params));
  }

  groupKey(key: GroupKey): string {
    const column = `${ALIAS}.${quoteIdentifier(key.field.column)}`;
    if (!key.truncation) return column;
    const unit = `'${key.truncation}'`;
    // timestamptz in UTC whatever the session's TimeZone; a date stays a date.
    return key.field.kind === 'datetime' ? `date_trunc(${unit}, ${column}, 'UTC')` : `date_trunc(${unit}, ${column})::date`;
  }

  /** A having condition, from the same aggregate expressions as the results. */
  having(having: HavingInput, path: string): string {
    const conditions: string[] = [];
    for (const [key, value] of Object.entries(having)) {
      if (value === undefined) continue;
      const entry = `${path}.${key}`;
      if (value === null) throw nullEntry(entry);
      if (key === 'and' || key === 'or') {
        const parts = (value as unknown[]).map((item, index) => {
          if (item === null || item === undefined) throw nullEntry(`${entry}[${index}]`);
          return this.having(item as HavingInput, `${entry}[${index}]`);
        });
        conditions.push(parts.length === 0 ? (key === 'and' ? 'TRUE' : 'FALSE') : `(${parts.join(key === 'and' ? ' AND ' : ' OR ')})`);
      } else if (key === 'count') {
        conditions.push(...this.comparisons('count(*)', value as Record<string, unknown>, entry));
      } else {
        for (const [name, operators] of Object.entries(value as Record<string, unknown>)) {
          if (operators === undefined) continue;
          if (operators === null) throw nullEntry(`${entry}.${name}`);
          const field = this.field(name, `${entry}.${name}`);
          const expression = this.aggregate(key as AggregateFunction, field);
          conditions.push(...this.comparisons(expression, operators as Record<string, unknown>, `${entry}.${name}`, field.kind === 'date' && key !== 'distinctCount'));
        }
      }
    }
    if (conditions.length === 0) throw new BadUserInputError(`${path} is empty: give at least one condition`, [path]);
    return conditions.length === 1 ? conditions[0] : `(${conditions.join(' AND ')})`;
  }

  /** `isDate`: the operands are calendar dates (the Date scalar gives a Date at midnight UTC), sent as YYYY-MM-DD. */
  private comparisons(expression: string, operators: Record<string, unknown>, path: string, isDate = false): string[] {
    const conditions: string[] = [];
    for (const [operator, operand] of Object.entries(operators)) {
      if (operand === undefined) continue;
      if (operand === null) throw new BadUserInputError(`${path}.${operator} is null: a having value cannot be null`, [`${path}.${operator}`]);
      const value = isDate && operand instanceof Date ? operand.toISOString().slice(0, 10) : operand;
      conditions.push(`${expression} ${HAVING_OPERATORS[operator as HavingOperator]} ${this.params.add(value)}`);
    }
    if (conditions.length === 0) throw new BadUserInputError(`${path} is empty: give at least one operator`, [path]);
    return conditions;
  }
}

function nullEntry(path: string): BadUserInputError {
  return new BadUserInputError(`${path} is null: leave the entry out instead`, [path]);
}

/** Children of many parents: the parent key expression, the FROM clause and the link condition. */
interface ParentLink {
  relationship: Relationship;
  keys: readonly number[];
}

/**
 * SELECT [parent key,] [group keys,] count(*), aggregates FROM … WHERE scope AND filter
 * [GROUP BY …] [HAVING …] [ORDER BY keys]; grouped results are limited to MAX_GROUPS + 1 rows per
 * parent, so that more than MAX_GROUPS is seen and refused.
 */
export function aggregateStatement(model: ModelDefinition, query: AggregateQuery, scope: RowScope, viewer: Viewer | null, parent: ParentLink | null = null): Statement {
  const builder = new AggregateBuilder(model, viewer);
  const { params } = builder;
  let from = rowSource(model, query.search, ALIAS, params, scope);
  let parentKey: string | null = null;
  const where: Array<string | null> = [];
  if (parent?.relationship.through) {
    from = `unnest(${params.add(parent.keys)}::int[]) AS p(key) JOIN ${from} ON ${ALIAS}.id IN ${parent.relationship.through('p.key')}`;
    parentKey = 'p.key';
  } else if (parent) {
    parentKey = `${ALIAS}.${quoteIdentifier(parent.relationship.targetColumn)}`;
    where.push(equalsAnyInteger(parentKey, parent.keys, params));
  }
  where.push(scope.condition(model, ALIAS, params), compileFilter(model, query.filter, ALIAS, params, scope));

  const select: string[] = [];
  const groups: string[] = [];
  if (parentKey) {
    select.push(`${parentKey} AS ${quoteIdentifier(PARENT_KEY)}`);
    groups.push(parentKey);
  }
  (query.groupBy ?? []).forEach((key, index) => {
    const expression = builder.groupKey(key);
    select.push(`${expression} AS ${quoteIdentifier(keyColumn(index))}`);
    groups.push(expression);
  });
  select.push('count(*) AS count');
  for (const fn of AGGREGATE_FUNCTIONS) {
    for (const name of query.selection[fn]) {
      select.push(`${builder.aggregate(fn, builder.field(name, `${fn}.${name}`))} AS ${quoteIdentifier(resultColumn(fn, name))}`);
    }
  }
  // Groups in key order, nulls last (groupBy: [] at the root is one group, nothing to order).
  const order = query.groupBy && groups.length > 0 ? groups.map((expression) => `${expression} ASC NULLS LAST`).join(', ') : null;
  // Nested: window functions run after GROUP BY / HAVING, so number the groups of each parent.
  if (order && parentKey) select.unshift(`row_number() OVER (PARTITION BY ${parentKey} ORDER BY ${order}) AS group_number`);
  const present = where.filter((condition): condition is string => condition !== null);
  let text = `SELECT ${select.join(', ')} FROM ${from}${present.length > 0 ? ` WHERE ${present.join(' AND ')}` : ''}`;
  if (groups.length > 0) text += ` GROUP BY ${groups.join(', ')}`;
  if (query.having) text += ` HAVING ${builder.having(query.having, 'having')}`;
  if (order && parentKey) {
    text = `SELECT * FROM (${text}) AS numbered WHERE group_number <= ${params.add(MAX_GROUPS + 1)} ORDER BY group_number`;
  } else if (order) {
    text += ` ORDER BY ${order} LIMIT ${params.add(MAX_GROUPS + 1)}`;
  }
  return { text, values: params.values };
}
