import DataLoader from 'dataloader';
import type { SqlClient } from '../../db/sql-client';
import { recordDataLoaderBatch } from '../../server/metrics';
import { buildConnection, type Connection } from '../connections/connection';
import {
  childCountsStatement,
  childPagesStatement,
  PARENT_KEY,
  rowsByColumnStatement,
  type RowScope,
  type Statement,
} from '../connections/page-query';
import { pageKey, type PageRequest } from '../connections/page-request';
import type { FilterInput } from '../filters/filter-sql';
import { modelsReadByFilter } from '../filters/relation-filter-types';
import { quoteIdentifier } from '../filters/sql-parameters';
import type { ModelDefinition, Relationship } from '../model-registry';
import { PlanSelection } from '../prefetch/row-plan-sql';
import type { RowPlan } from '../prefetch/row-plan';
import { stableKey } from './stable-key';

export type Row = Record<string, unknown>;

// Built per request, in the GraphQL context: one DataLoader per (relationship, arguments), so each
// relationship field costs one statement per nesting level whatever the number of parents.
// Keys are integer ids sent as one array parameter (`= ANY($1)`), so no batch nears PostgreSQL's
// parameter limit; maxBatchSize still bounds the size of a single statement.

const MAX_BATCH_SIZE = 5_000;

function groupByParent(rows: Row[]): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const parentKey = row[PARENT_KEY] as number;
    delete row[PARENT_KEY];
    const group = groups.get(parentKey);
    if (group) group.push(row);
    else groups.set(parentKey, [row]);
  }
  return groups;
}

export interface RequestLoaderOptions {
  /** Benchmark only (`npm run bench`'s unbatched variant): false loads every relationship per parent, one statement each, and prefetches nothing. */
  batching?: boolean;
  /** Tests and benchmark only: false reads each level of relationships through these loaders instead of prefetching it with its parents (src/graphql/prefetch). */
  prefetch?: boolean;
}

/** The loader key part of a row plan: none (every column) or the plan's key. */
function planKey(plan: RowPlan | undefined): string {
  return plan === undefined ? '' : `|${plan.key}`;
}

function selectionOf(plan: RowPlan | undefined): PlanSelection | undefined {
  return plan === undefined ? undefined : new PlanSelection(plan);
}

export class RequestLoaders {
  /** `reads`: every model the loader's statements read (its target, and the models its relation filters read). */
  private readonly loaders = new Map<string, { reads: ReadonlySet<ModelDefinition>; loader: DataLoader<number, unknown> }>();

  constructor(
    private readonly sql: SqlClient,
    private readonly scope: () => Promise<RowScope>,
    private readonly options: RequestLoaderOptions = {},
  ) {}

  /** The request's loader for `cacheKey`, made on first use; cleared with the loaders of the models it reads (`target` and those its filter reaches through relations). Aggregates use it too. */
  loader<V>(
    cacheKey: string,
    target: ModelDefinition,
    batch: (keys: readonly number[]) => Promise<V[]>,
    filter: FilterInput | null = null,
    plan?: RowPlan,
  ): DataLoader<number, V> {
    let entry = this.loaders.get(cacheKey);
    if (!entry) {
      entry = { reads: modelsReadByFilter(target, filter, new Set([target, ...(plan?.reads ?? [])])), loader: new DataLoader<number, V>((keys) => {
        recordDataLoaderBatch(keys.length);
        return batch(keys);
      }, { maxBatchSize: MAX_BATCH_SIZE, batch: this.options.batching !== false }) as DataLoader<number, unknown> };
      this.loaders.set(cacheKey, entry);
    }
    return entry.loader as DataLoader<number, V>;
  }

  private run(statement: Statement): Promise<Row[]> {
    return this.sql.read<Row>(statement.text, statement.values);
  }

  /** Whether resolvers prefetch relationships with their parents' rows (src/graphql/prefetch). */
  get prefetching(): boolean {
    return this.options.prefetch !== false && this.options.batching !== false;
  }

  /** Rows of `model` by a unique integer column (`id`, or a one-to-one foreign key): every exposed column, or what `plan` selects. */
  rowBy(model: ModelDefinition, column: string, plan?: RowPlan): DataLoader<number, Row | null> {
    return this.loader(`${model.typeName}.${column}${planKey(plan)}`, model, async (keys) => {
      const rows = groupByParent(await this.run(rowsByColumnStatement(model, column, keys, await this.scope(), selectionOf(plan))));
      return keys.map((key) => rows.get(key)?.[0] ?? null);
    }, null, plan);
  }

  /**
   * Which of these ids exist in `model`'s table, whoever may read them (one `= ANY($1)`): tells
   * a row the viewer may not read (FORBIDDEN) from one that does not exist (null).
   */
  exists(model: ModelDefinition): DataLoader<number, boolean> {
    return this.loader(`${model.typeName}#exists`, model, async (keys) => {
      const rows = await this.sql.read<{ id: number }>(`SELECT id FROM ${quoteIdentifier(model.table)} WHERE id = ANY($1::int[])`, [keys]);
      const found = new Set(rows.map((row) => row.id));
      return keys.map((key) => found.has(key));
    });
  }

  toOne(relationship: Relationship, plan?: RowPlan): DataLoader<number, Row | null> {
    return this.rowBy(relationship.target, relationship.targetColumn, plan);
  }

  /** One page of children per parent key, for the given (already validated) page request; every exposed column, or what `plan` selects. */
  toMany(relationship: Relationship, page: PageRequest, plan?: RowPlan): DataLoader<number, Connection> {
    const cacheKey = `${relationship.parent.typeName}.${relationship.name}:${pageKey(page)}${planKey(plan)}`;
    return this.loader(cacheKey, relationship.target, async (keys) => {
      const groups = groupByParent(await this.run(childPagesStatement(relationship, keys, page, await this.scope(), selectionOf(plan))));
      return keys.map((key) => this.connection(relationship, page, groups.get(key) ?? [], key));
    }, page.filter, plan);
  }

  /** A parent's page from its `limit + 1` rows (read by toMany, or prefetched with the parent); totalCount through count(). */
  connection(relationship: Relationship, page: PageRequest, rows: Row[], parentKey: number): Connection {
    return buildConnection(rows, page, () => this.count(relationship, page.filter, page.search).load(parentKey));
  }

  /** Number of children per parent key matching the filter (and the search): one GROUP BY for all parents. */
  count(relationship: Relationship, filter: FilterInput | null, search: string | null = null): DataLoader<number, number> {
    const cacheKey = `${relationship.parent.typeName}.${relationship.name}#count:${stableKey({ filter, search })}`;
    return this.loader(cacheKey, relationship.target, async (keys) => {
      const rows = await this.run(childCountsStatement(relationship, keys, filter, await this.scope(), search));
      const counts = new Map(rows.map((row) => [row[PARENT_KEY] as number, row.count as number]));
      return keys.map((key) => counts.get(key) ?? 0);
    }, filter);
  }

  /** After a change of accounts or sessions: forget everything this request read. */
  clearAll(): void {
    for (const entry of this.loaders.values()) entry.loader.clearAll();
    this.loaders.clear();
  }

  /** After a mutation: forget everything read from the changed model (through a relation filter too). */
  clear(model: ModelDefinition): void {
    for (const [cacheKey, entry] of this.loaders) {
      if (entry.reads.has(model)) {
        entry.loader.clearAll();
        this.loaders.delete(cacheKey);
      }
    }
  }
}
