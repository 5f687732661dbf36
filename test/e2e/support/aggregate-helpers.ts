import type { TestApp } from '../../support/test-app';

// Shared by the aggregates tests: raw SQL on the app's database, and a query's data (no errors).

export type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface AggregateHelpers {
  sql<T = Data>(text: string, values?: unknown[]): Promise<T[]>;
  data(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Data>;
}

/** Helpers over the app `current()` returns (started in beforeAll). */
export function aggregateHelpers(current: () => TestApp): AggregateHelpers {
  return {
    sql: <T = Data>(text: string, values: unknown[] = []) => current().dataSource.query(text, values) as Promise<T[]>,
    async data(query, variables = {}, headers = {}) {
      const response = await current().graphql(query, variables, headers);
      expect(response.errors).toBeUndefined();
      return response.data as Data;
    },
  };
}
