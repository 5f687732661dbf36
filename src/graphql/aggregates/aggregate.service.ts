import type { RequestContext } from '../context';
import { DomainError } from '../errors/domain-error';
import { PARENT_KEY } from '../connections/page-query';
import type { Row } from '../loaders/request-loaders';
import { stableKey } from '../loaders/stable-key';
import { AGGREGATE_FUNCTIONS } from './aggregate-fields';
import { aggregateStatement, keyColumn, MAX_GROUPS, resultColumn, type AggregateQuery } from './aggregate-sql';
import type { GroupKey } from './aggregate-types';
import type { AggregateSource } from './aggregate-source';

// Runs the aggregate statements: one per root field, and one per (relationship, arguments,
// selection) for all parents of a level, through a request loader (cleared with the others when a
// mutation changes the target model).

export interface AggregateValues {
  count: number;
  [fn: string]: unknown;
}

export interface AggregateGroup extends AggregateValues {
  keys: Array<string | null>;
}

function tooManyGroups(): DomainError {
  return new DomainError(
    'QUERY_TOO_COMPLEX',
    `groupedAggregates yields more than ${MAX_GROUPS} groups: narrow the filter, group by fewer or coarser keys (…_TRUNCATED_TO_MONTH), or add a having condition`,
    { limit: 'groups', maximum: MAX_GROUPS },
  );
}

function keyText(key: GroupKey, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (key.field.kind === 'enum') {
    const entry = Object.entries(key.field.enumType as Record<string, unknown>).find(([, member]) => member === value);
    if (entry) return entry[0];
  }
  return String(value);
}

function valuesOf(row: Row, query: AggregateQuery): AggregateValues {
  const values: AggregateValues = { count: row.count as number };
  for (const fn of AGGREGATE_FUNCTIONS) {
    values[fn] = Object.fromEntries(query.selection[fn].map((field) => [field, row[resultColumn(fn, field)]]));
  }
  return values;
}

function groupsOf(rows: Row[], query: AggregateQuery): AggregateGroup[] {
  if (rows.length > MAX_GROUPS) throw tooManyGroups();
  const keys = query.groupBy ?? [];
  return rows.map((row) => ({ keys: keys.map((key, index) => keyText(key, row[keyColumn(index)])), ...valuesOf(row, query) }));
}

/** Rows of the statement for this source: its own statement at the root, a batched one for children. */
async function rowsFor(context: RequestContext, source: AggregateSource, query: AggregateQuery): Promise<Row[]> {
  const [scope, viewer] = await Promise.all([context.scope(), context.viewer()]);
  if (!source.relationship) {
    const statement = aggregateStatement(source.model, query, scope, viewer);
    return context.sql.read<Row>(statement.text, statement.values);
  }
  const { relationship } = source;
  const cacheKey = `${relationship.parent.typeName}.${relationship.name}#aggregates:${stableKey({ ...query, groupBy: query.groupBy?.map(({ field, truncation }) => [field.name, truncation]) ?? null })}`;
  const loader = context.loaders.loader<Row[]>(cacheKey, relationship.target, async (keys) => {
    const statement = aggregateStatement(relationship.target, query, await context.scope(), await context.viewer(), { relationship, keys });
    const byParent = new Map<number, Row[]>();
    for (const row of await context.sql.read<Row>(statement.text, statement.values)) {
      const key = row[PARENT_KEY] as number;
      const rows = byParent.get(key);
      if (rows) rows.push(row);
      else byParent.set(key, [row]);
    }
    return keys.map((key) => byParent.get(key) ?? []);
  }, query.filter ?? null);
  return loader.load(source.parentKey);
}

/** XConnection.aggregates: one row of aggregates over the connection's rows. */
export async function aggregatesOf(context: RequestContext, source: AggregateSource, query: AggregateQuery): Promise<AggregateValues> {
  const [row] = await rowsFor(context, source, query);
  // A parent without children has no row in the GROUP BY: count 0, every other aggregate null.
  if (!row) return valuesOf({ count: 0 }, query);
  return valuesOf(row, query);
}

/** XConnection.groupedAggregates: one entry per group, ordered by its keys (nulls last); more than MAX_GROUPS is refused. */
export async function groupedAggregatesOf(context: RequestContext, source: AggregateSource, query: AggregateQuery): Promise<AggregateGroup[]> {
  return groupsOf(await rowsFor(context, source, query), query);
}
