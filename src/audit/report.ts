import { countBySeverity, type Finding, type Severity } from './findings';

// The Markdown report, in the seed's format (shared/seeds/000_527f4fd25f895199.txt): title,
// executive summary, models discovered, one section per severity, then the DBML.

export interface ModelSummary {
  name: string;
  table: string;
  columns: number;
  relationships: number;
}

export interface ReportInput {
  generatedAt: Date;
  models: readonly ModelSummary[];
  findings: readonly Finding[];
  dbml: string;
}

export const SEVERITY_HEADINGS: Record<Severity, string> = {
  high: '## 🔴 High Severity Issues',
  medium: '## 🟡 Medium Severity Issues',
  low: '## 🟢 Low Severity Issues',
};

function findingLines(finding: Finding): string[] {
  const lines = [
    `### ${finding.model}`,
    `- **Type:** ${finding.type}`,
    `- **Issue:** ${finding.issue}`,
    `- **Recommendation:** ${finding.recommendation || 'N/A'}`,
  ];
  if (finding.sql) lines.push(`- **SQL:** \`${finding.sql}\``);
  return [...lines, ''];
}

export function renderReport(input: ReportInput): string {
  const counts = countBySeverity(input.findings);
  const lines = [
    '# Database & ORM Audit Report',
    `**Generated:** ${input.generatedAt.toISOString()}`,
    '',
    '## Executive Summary',
    '',
    `- **Total Models:** ${input.models.length}`,
    `- **Total Issues:** ${counts.total}`,
    `- **High Severity:** ${counts.high}`,
    `- **Medium Severity:** ${counts.medium}`,
    `- **Low Severity:** ${counts.low}`,
    '',
    '## Models Discovered',
    '',
  ];
  for (const model of input.models) {
    lines.push(`### ${model.name}`, `- **Table:** \`${model.table}\``, `- **Columns:** ${model.columns}`, `- **Relationships:** ${model.relationships}`, '');
  }
  for (const severity of ['high', 'medium', 'low'] as const) {
    lines.push(SEVERITY_HEADINGS[severity], '');
    const findings = input.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) lines.push('None.', '');
    for (const finding of findings) lines.push(...findingLines(finding));
  }
  lines.push('## Database Schema (DBML)', '', '```dbml', input.dbml.trimEnd(), '```');
  return `${lines.join('\n')}\n`;
}

/** One line for the terminal after the report. */
export function summaryLine(models: number, findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  return `audit: ${models} models, ${counts.total} issues (${counts.high} high, ${counts.medium} medium, ${counts.low} low)`;
}
