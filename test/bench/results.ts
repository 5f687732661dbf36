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
  /** SQL statements per request: extensions.sqlStatements (API), the handler's own count, PostGraphile's pg calls. */
  statements: number;
  /**
   * Peak resident set size of the server process during this screen's load, in bytes (VmHWM, reset
   * before the load where Linux allows it); null if unknown or not measured (older runs: absent).
   */
  peakRssBytes?: number | null;
  /** PostGraphile only: to-one objects its data had where the API's row policies answer null (not compared). */
  policyMasked?: number;
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
  /** Queries whose hand-written, unbatched or PostGraphile `data` differed from the API's (must be empty). */
  mismatches: string[];
  /** The PostGraphile that ran (null: not run, --no-postgraphile). */
  postgraphile?: { postgraphile: string; connectionFilter: string; aggregates?: string; node: string } | null;
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
