import { describeNode } from './explain';
import type { CheckOutcome, QueryRun, ScaleResult } from './results';
import type { Variant } from './servers';

// The bench's checks, computed from what it measured:
//   (i)   at scale ≥ 10, no statement of the suite seq-scans a large table;
//   (ii)  a page deep in the keyset-paginated bookings list costs what the first page costs;
//   (iii) the API's statements per request do not depend on the scale;
//   plus: every server returns the same data as the API (PostGraphile's normalised).

export const DEEP_LATENCY_RATIO = 1.5;
export const DEEP_BUFFER_RATIO = 2;

export function runOf(scale: ScaleResult, queryId: string, variant: Variant): QueryRun | undefined {
  return scale.runs.find((run) => run.queryId === queryId && run.variant === variant);
}

function checkSeqScans(scales: ScaleResult[], largeTableRows: number): CheckOutcome {
  const name = `(i) no Seq Scan on a table of ≥ ${largeTableRows.toLocaleString('en-US')} rows in any statement the API sends (scale ≥ 10)`;
  const large = scales.filter((scale) => scale.scale >= 10);
  if (large.length === 0) return { name, passed: null, details: ['not run: no scale ≥ 10 in this run'] };
  const details: string[] = [];
  let offendingCount = 0;
  for (const scale of large) {
    const offending = scale.statements.filter((statement) => statement.plan.largeSeqScans.length > 0);
    offendingCount += offending.length;
    details.push(`scale ${scale.scale}: ${scale.statements.length} statements explained, ${offending.length} with a Seq Scan on a large table`);
    for (const statement of offending) {
      details.push(`  ${statement.queryId} #${statement.index} ${statement.plan.summary}: Seq Scan on ${statement.plan.largeSeqScans.join(', ')}`);
    }
  }
  return { name, passed: offendingCount === 0, details };
}

function rootBookingsPlan(scale: ScaleResult, queryId: string) {
  return scale.statements.find((statement) => statement.queryId === queryId && statement.plan.summary.startsWith('root page of bookings'));
}

function checkDeepPage(scales: ScaleResult[]): CheckOutcome {
  const name = '(ii) a deep page of the bookings list costs the same as the first page (statements, latency, index scan)';
  const details: string[] = [];
  let passed = true;
  for (const scale of scales) {
    const first = runOf(scale, 'd1', 'shipped');
    const deep = runOf(scale, 'd2', 'shipped');
    const firstPlan = rootBookingsPlan(scale, 'd1');
    const deepPlan = rootBookingsPlan(scale, 'd2');
    if (!first || !deep || !firstPlan || !deepPlan) {
      details.push(`scale ${scale.scale}: missing measurements`);
      passed = false;
      continue;
    }
    const sameStatements = first.statements === deep.statements;
    const scans = deepPlan.plan.nodes.filter((node) => node.relation === 'bookings').map(describeNode);
    const indexed = scans.length > 0 && scans.every((scan) => /Index( Only)? Scan/.test(scan));
    const buffersOk = deepPlan.plan.buffers <= DEEP_BUFFER_RATIO * firstPlan.plan.buffers + 8;
    let latencyOk = true;
    let latency = 'latency not measured (--counts-only)';
    if (first.load && deep.load) {
      const ratio = deep.load.p50 / Math.max(first.load.p50, 0.1);
      latencyOk = deep.load.p50 <= DEEP_LATENCY_RATIO * first.load.p50 + 1;
      latency = `p50 ${first.load.p50.toFixed(1)} → ${deep.load.p50.toFixed(1)} ms (×${ratio.toFixed(2)}), ${Math.round(first.load.requestsPerSecond)} → ${Math.round(deep.load.requestsPerSecond)} req/s`;
    }
    const ok = sameStatements && indexed && buffersOk && latencyOk;
    passed &&= ok;
    details.push(
      `scale ${scale.scale}: page ${scale.deep.page} of ${scale.deep.pages} (${scale.deep.totalRows.toLocaleString('en-US')} rows, reached in ${scale.deep.walkRequests} requests): ` +
        `${first.statements} vs ${deep.statements} statements; ${latency}; root statement ${scans.join(' + ') || 'no scan of bookings'}, ` +
        `${firstPlan.plan.buffers} vs ${deepPlan.plan.buffers} buffers, ${firstPlan.plan.executionMs.toFixed(2)} vs ${deepPlan.plan.executionMs.toFixed(2)} ms in PostgreSQL — ${ok ? 'ok' : 'FAIL'}`,
    );
  }
  return { name, passed, details };
}

function checkStatementCounts(scales: ScaleResult[]): CheckOutcome {
  const name = '(iii) SQL statements per request are the same at every scale (the API as it ships)';
  if (scales.length < 2) return { name, passed: null, details: ['not run: only one scale in this run'] };
  const details: string[] = [];
  let passed = true;
  const queryIds = [...new Set(scales[0].runs.map((run) => run.queryId))];
  for (const queryId of queryIds) {
    const counts = scales.map((scale) => runOf(scale, queryId, 'shipped')?.statements ?? NaN);
    const unbatched = scales.map((scale) => runOf(scale, queryId, 'unbatched')?.statements ?? NaN);
    const same = counts.every((count) => count === counts[0]);
    passed &&= same;
    details.push(
      `${queryId}: ${scales.map((scale, index) => `scale ${scale.scale}: ${counts[index]}`).join(', ')} — ${same ? 'identical' : 'DIFFERENT'}` +
        ` (unbatched: ${unbatched.join(' → ')})`,
    );
  }
  return { name, passed, details };
}

const SERVER_NAMES: Record<Variant, string> = {
  shipped: 'the API',
  unbatched: 'the API without batching',
  handwritten: 'the hand-written handler',
  postgraphile: 'PostGraphile (normalised)',
};

/** "a, b and c": the servers that ran (`--no-postgraphile` leaves PostGraphile out), in this order. */
export function serversThatRan(scales: ScaleResult[]): string {
  const ran = new Set(scales.flatMap((scale) => scale.runs.map((run) => run.variant)));
  const names = (Object.keys(SERVER_NAMES) as Variant[]).filter((variant) => ran.has(variant)).map((variant) => SERVER_NAMES[variant]);
  return names.length <= 1 ? (names[0] ?? 'no server') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function checkSameData(scales: ScaleResult[]): CheckOutcome {
  const mismatches = scales.flatMap((scale) => scale.mismatches.map((mismatch) => `scale ${scale.scale}: ${mismatch}`));
  return {
    name: `${serversThatRan(scales)} return the same data for every query`,
    passed: mismatches.length === 0,
    details:
      mismatches.length === 0
        ? scales.map((scale) => {
            const masked = scale.runs.reduce((sum, run) => sum + (run.policyMasked ?? 0), 0);
            const servers = new Set(scale.runs.map((run) => run.variant)).size;
            return `scale ${scale.scale}: ${new Set(scale.runs.map((run) => run.queryId)).size} queries × ${servers} servers compared${masked > 0 ? ` (${masked} to-one objects PostGraphile returns where the API's row policies answer null left out)` : ''}`;
          })
        : mismatches,
  };
}

export function computeChecks(scales: ScaleResult[], largeTableRows: number): CheckOutcome[] {
  return [checkSeqScans(scales, largeTableRows), checkDeepPage(scales), checkStatementCounts(scales), checkSameData(scales)];
}
