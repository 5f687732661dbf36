// What an audit check returns: one finding per problem, in the vocabulary of the seed's report
// (shared/seeds/000_527f4fd25f895199.txt): a model, a type, an issue, a recommendation, a fix.

export type Severity = 'high' | 'medium' | 'low';

export type FindingType =
  | 'missing_index'
  | 'n_plus_one_risk'
  | 'missing_table'
  | 'missing_column'
  | 'column_drift'
  | 'missing_foreign_key'
  | 'foreign_key_drift'
  | 'unmapped_table'
  | 'redundant_index';

export interface Finding {
  severity: Severity;
  type: FindingType;
  /** GraphQL/ORM model name (`ARIAInteraction`), or the table name when no entity maps the table. */
  model: string;
  table: string;
  /** The column (or columns, comma separated) the finding is about, when there is one. */
  column?: string;
  issue: string;
  recommendation: string;
  /** DDL that fixes the finding (to be written as a migration), when there is one. */
  sql?: string;
}

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

export interface SeverityCounts {
  total: number;
  high: number;
  medium: number;
  low: number;
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { total: findings.length, high: 0, medium: 0, low: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** The process exit code of `npm run audit`: 1 when any high or medium finding exists. */
export function auditExitCode(findings: readonly Finding[]): number {
  return findings.some((finding) => finding.severity === 'high' || finding.severity === 'medium') ? 1 : 0;
}
