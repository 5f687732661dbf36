import type { SeedResult } from '../../src/seed';
import type { StatementPlan } from './explain';
import type { LoadResult } from './load';
import type { Variant } from './servers';

// What one run of the bench measured, per scale, and the verdicts of its checks.

export interface QueryRun {
  queryId: string;
  variant: Variant;
  /** null when the load step was skipped (--counts-only). */
  load: LoadResult | null;
  /** SQL statements per request: extensions.sqlStatements (API) or the handler's own count. */
  statements: number;
  rows: number;
  responseBytes: number;
}

export interface StatementReport {
  queryId: string;
  index: number;
  plan: StatementPlan;
}

export interface DeepPage {
  /** Rows matching the admin list's filter. */
  totalRows: number;
  pageSize: number;
  /** 1-based number of the deep page measured. */
  page: number;
  pages: number;
  /** Requests it took to walk there (pages of 100 through the API). */
  walkRequests: number;
}

export interface ScaleResult {
  scale: number;
  seed: SeedResult | null;
  preparedInSeconds: number;
  tableRows: Record<string, number>;
  postgresVersion: string;
  runs: QueryRun[];
  statements: StatementReport[];
  deep: DeepPage;
  /** Queries whose hand-written or unbatched `data` differed from the API's (must be empty). */
  mismatches: string[];
  startedAt: string;
  loadAverage: { before: number[]; after: number[] };
}

export interface CheckOutcome {
  name: string;
  passed: boolean | null;
  details: string[];
}

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  connections: number;
  largeTableRows: number;
  scales: ScaleResult[];
  checks: CheckOutcome[];
}
