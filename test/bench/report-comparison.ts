import { runOf } from './checks';
import { benchQueries } from './queries';
import type { QueryRun, ScaleResult } from './results';
import { VARIANTS, type Variant } from './servers';

// The per-server tables of docs/benchmarks.md: each screen on each server (requests/s, latency,
// CPU per request of each process, peak RSS, ratios) and the goals of the PostGraphile comparison (the
// shipped API against PostGraphile v5 and the hand-written lower bound).

const QUERIES = benchQueries();

export const VARIANT_LABEL: Record<Variant, string> = {
  shipped: 'API (shipped)',
  unbatched: 'API, batching off',
  handwritten: 'hand-written SQL',
  postgraphile: 'PostGraphile v5',
};

/** PostGraphile comparison goals: shipped ≥ PostGraphile req/s, ≥ 0.5× hand-written, p99 ≤ PostGraphile's. */
export const POSTGRAPHILE_RPS_GOAL = 1;
export const HANDWRITTEN_RPS_GOAL = 0.5;

export function fixed(value: number | null | undefined, digits: number): string {
  return value === undefined || value === null || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

export function rps(run: QueryRun | undefined): number | undefined {
  return run?.load?.requestsPerSecond;
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`;
}

export function ratio(numerator: number | undefined, denominator: number | undefined): string {
  if (numerator === undefined || denominator === undefined || denominator === 0) return '—';
  return `${(numerator / denominator).toFixed(numerator / denominator >= 10 ? 0 : 2)}×`;
}

export function mebibytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '—' : String(Math.round(bytes / 2 ** 20));
}

function cpuTotal(run: QueryRun | undefined): number | undefined {
  const server = run?.load?.serverCpuMs;
  const postgres = run?.load?.postgresCpuMs;
  return server === null || server === undefined || postgres === null || postgres === undefined ? undefined : server + postgres;
}

/** The servers that ran at this scale, in the order of VARIANTS. */
export function variantsOf(scale: ScaleResult): Variant[] {
  return VARIANTS.filter((variant) => scale.runs.some((run) => run.variant === variant));
}

/** The table of one scale: every screen on every server. */
export function serverTable(scale: ScaleResult): string {
  const lines = [
    '| query | server | req/s | p50 ms | p99 ms | SQL / request | rows | CPU ms / request: Node | CPU ms / request: PostgreSQL | CPU ms / request: both | peak RSS of the server (MiB) | machine CPU used by other jobs | shipped ÷ this (req/s) |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const query of QUERIES) {
    const shipped = rps(runOf(scale, query.id, 'shipped'));
    for (const variant of variantsOf(scale)) {
      const current = runOf(scale, query.id, variant);
      const cells = [
        variant === 'shipped' ? `**${query.id}** ${query.title}` : '',
        VARIANT_LABEL[variant],
        fixed(rps(current), 0),
        fixed(current?.load?.p50, 1),
        fixed(current?.load?.p99, 1),
        String(current?.statements ?? '—'),
        String(current?.rows ?? '—'),
        fixed(current?.load?.serverCpuMs, 2),
        fixed(current?.load?.postgresCpuMs, 2),
        fixed(cpuTotal(current), 2),
        mebibytes(current?.peakRssBytes),
        percent(current?.load?.otherCpuShare),
        variant === 'shipped' ? '' : ratio(shipped, rps(current)),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

/** The PostGraphile comparison's goals, screen by screen, at every scale where PostGraphile ran. */
export function postgraphileGoals(scales: ScaleResult[]): string {
  const lines = [
    `| scale | query | shipped req/s | PostGraphile req/s | shipped ÷ PostGraphile (goal ≥ ${POSTGRAPHILE_RPS_GOAL}×) | shipped ÷ hand-written (goal ≥ ${HANDWRITTEN_RPS_GOAL}×) | p99 ms shipped / PostGraphile (goal ≤) | CPU ms / request shipped / PostGraphile (Node + PostgreSQL) |`,
    '|--:|---|--:|--:|--:|--:|--:|--:|',
  ];
  const mark = (value: number | undefined, passed: boolean): string => (value === undefined ? '—' : `${value.toFixed(2)}× ${passed ? '✅' : '❌'}`);
  let rows = 0;
  for (const scale of scales) {
    for (const query of QUERIES) {
      const shipped = runOf(scale, query.id, 'shipped');
      const postgraphile = runOf(scale, query.id, 'postgraphile');
      const handwritten = runOf(scale, query.id, 'handwritten');
      if (!shipped?.load || !postgraphile?.load) continue;
      rows += 1;
      const versusPostGraphile = rps(shipped) !== undefined && rps(postgraphile) ? (rps(shipped) as number) / (rps(postgraphile) as number) : undefined;
      const versusHandwritten = rps(shipped) !== undefined && rps(handwritten) ? (rps(shipped) as number) / (rps(handwritten) as number) : undefined;
      const p99Met = shipped.load.p99 <= postgraphile.load.p99;
      lines.push(
        `| ${scale.scale} | ${query.id} ${query.title} | ${fixed(rps(shipped), 0)} | ${fixed(rps(postgraphile), 0)} | ${mark(versusPostGraphile, (versusPostGraphile ?? 0) >= POSTGRAPHILE_RPS_GOAL)} | ` +
          `${mark(versusHandwritten, (versusHandwritten ?? 0) >= HANDWRITTEN_RPS_GOAL)} | ${shipped.load.p99.toFixed(0)} / ${postgraphile.load.p99.toFixed(0)} ${p99Met ? '✅' : '❌'} | ` +
          `${fixed(cpuTotal(shipped), 1)} / ${fixed(cpuTotal(postgraphile), 1)} |`,
      );
    }
  }
  return rows === 0 ? 'PostGraphile was not measured in this run (--no-postgraphile or --counts-only).' : lines.join('\n');
}
