import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { computeChecks } from './checks';
import { machineBusyMs, peakRssBytes, postmasterPid, processCpuMs, resetPeakRss, treeCpuMs } from './cpu';
import { prepareBenchDatabase, type BenchDatabase } from './database';
import { captureStatements, explain, tableSizes } from './explain';
import { bodyOf, measure, post, type GraphQLBody, type GraphQLResult } from './load';
import { ensurePostGraphile, type PostGraphileInstall } from './postgraphile';
import { parseOptions, type Options } from './options';
import { postgraphileBody, type ViewerUserIds } from './postgraphile-queries';
import { compareWithApi, postgraphileDeepCursor, postgraphileStatements } from './postgraphile-run';
import { ADMIN_LIST_FILTER, ADMIN_LIST_PAGE, benchQueries, countRows, NOW, type BenchQuery, type ViewerRole } from './queries';
import { machineInfo, markdownReport, readAmplification, svgChart, terminalTable } from './report';
import type { BenchRun, DeepPage, QueryRun, ScaleResult, StatementReport } from './results';
import {
  openViewerSessions,
  startInProcessApi,
  startPostGraphileProcess,
  startServerProcess,
  VARIANTS,
  viewerUserIds,
  type RunningServer,
  type Variant,
} from './servers';

// npm run bench [-- --scale N ... --duration S --connections C --counts-only --no-docs --no-postgraphile]
// npm run bench -- --report   rewrites docs/benchmarks.{md,svg} from the last run (.data-bench/last-run.json)
//
// For each scale: an embedded PostgreSQL (cached, seeded data), the statement-capture pass and
// EXPLAIN of every statement on the API in this process, then four servers in child processes
// (the API, the API without batching, hand-written SQL, PostGraphile v5) measured with autocannon,
// query by query. PostGraphile and the Node 22 it needs are installed into .cache/bench/ on first use.
// Every loop is bounded: a fixed list of scales, queries and servers, a fixed duration each,
// and at most MAX_WALK requests to reach the deep page.

const ROOT = path.resolve(__dirname, '../..');
const LARGE_TABLE_ROWS = 5_000;
const MAX_WALK = 2_000;
const WALK_PAGE = 100;
const DEEP_FRACTION = 0.9;

/** What to stop if the bench is interrupted (Ctrl-C): the servers and the embedded PostgreSQL. */
const cleanups = new Set<() => Promise<void>>();
process.once('SIGINT', () => {
  log('interrupted: stopping the servers and PostgreSQL');
  void Promise.allSettled([...cleanups].map((cleanup) => cleanup())).finally(() => process.exit(130));
});

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function assertOk(result: GraphQLResult, what: string): void {
  if (result.status !== 200 || result.errors || result.data === undefined) {
    throw new Error(`${what}: HTTP ${result.status} ${JSON.stringify(result.errors ?? result.data).slice(0, 500)}`);
  }
}

/** Walks the admin list through the API with endCursor, to a page ~90 % down; returns its cursor. */
async function findDeepPage(apiUrl: string, token: string, query: BenchQuery, database: BenchDatabase): Promise<{ cursor: string | null; deep: DeepPage }> {
  const [{ count }] = (await database.dataSource.query(`SELECT count(*)::int AS count FROM bookings WHERE status = 'confirmed' AND start_time >= $1`, [NOW])) as Array<{ count: number }>;
  const target = Math.floor((count * DEEP_FRACTION) / WALK_PAGE) * WALK_PAGE;
  let cursor: string | null = null;
  let seen = 0;
  let requests = 0;
  while (seen < target && requests < MAX_WALK) {
    const result = await post(apiUrl, token, { ...bodyOf(query), variables: { first: WALK_PAGE, after: cursor, filter: ADMIN_LIST_FILTER } });
    assertOk(result, 'walking the bookings list');
    const page = (result.data as { bookings: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).bookings;
    requests += 1;
    seen += page.nodes.length;
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) break;
    cursor = page.pageInfo.endCursor;
  }
  return {
    cursor,
    deep: {
      totalRows: count,
      pageSize: ADMIN_LIST_PAGE,
      page: Math.floor(seen / ADMIN_LIST_PAGE) + 1,
      pages: Math.ceil(count / ADMIN_LIST_PAGE),
      walkRequests: requests,
    },
  };
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    return rows[0].version.split(' on ')[0];
  } finally {
    await client.end();
  }
}

async function benchScale(scale: number, options: Options, postgraphile: PostGraphileInstall | null): Promise<ScaleResult> {
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg();
  const database = await prepareBenchDatabase(scale, log);
  cleanups.add(database.close);
  const servers: RunningServer[] = [];
  try {
    const queries = benchQueries();
    const tokens: Record<ViewerRole, string> = await openViewerSessions(database.dataSource, database.url);

    // 1. The API in this process (development mode: it reports extensions.sqlStatements): deep
    //    cursor, statement capture, reference data; then the same with batching off, for its counts.
    const api = await startInProcessApi(database.url);
    const reference = new Map<string, unknown>();
    const counts = new Map<string, number>();
    const statements: StatementReport[] = [];
    const captured = new Map<string, Array<{ text: string; values: unknown[] }>>();
    let deep: DeepPage;
    try {
      const d2 = queries.find((query) => query.id === 'd2') as BenchQuery;
      const walk = await findDeepPage(api.url, tokens.admin, d2, database);
      d2.variables = { ...d2.variables, after: walk.cursor };
      deep = walk.deep;
      log(`scale ${scale}: deep page ${deep.page} of ${deep.pages} reached in ${deep.walkRequests} requests`);
      for (const query of queries) {
        // The capture sees every statement of this process: on a busy machine a pool may open a
        // connection (or a timer fire) during the request. Such a capture is taken again, up to 3 times.
        let { result, statements: sent } = await captureStatements(() => post(api.url, tokens[query.viewer], bodyOf(query)));
        for (let attempt = 1; attempt < 3 && result.extensions?.sqlStatements !== sent.length; attempt += 1) {
          log(
            `${query.id}: the API reported ${result.extensions?.sqlStatements} statements, the capture saw ${sent.length} ` +
              `(${sent.map((statement) => statement.text.replace(/\s+/g, ' ').slice(0, 60)).join(' | ')}): capturing again`,
          );
          ({ result, statements: sent } = await captureStatements(() => post(api.url, tokens[query.viewer], bodyOf(query))));
        }
        assertOk(result, `${query.id} on the API`);
        if (result.extensions?.sqlStatements !== sent.length) {
          throw new Error(
            `${query.id}: the API reported ${result.extensions?.sqlStatements} statements, the capture saw ${sent.length}: ` +
              sent.map((statement) => statement.text.replace(/\s+/g, ' ').slice(0, 80)).join(' | '),
          );
        }
        reference.set(query.id, result.data);
        captured.set(query.id, sent);
        counts.set(`${query.id}/shipped`, sent.length);
      }
    } finally {
      await api.stop();
    }
    const unbatchedApi = await startInProcessApi(database.url, false);
    try {
      for (const query of queries) {
        const result = await post(unbatchedApi.url, tokens[query.viewer], bodyOf(query));
        assertOk(result, `${query.id} on the API without batching`);
        counts.set(`${query.id}/unbatched`, result.extensions?.sqlStatements ?? NaN);
      }
    } finally {
      await unbatchedApi.stop();
    }

    // 2. EXPLAIN every captured statement.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    let sizes: Map<string, number>;
    try {
      sizes = await tableSizes(client);
      for (const query of queries) {
        const sent = captured.get(query.id) ?? [];
        for (const [index, statement] of sent.entries()) {
          statements.push({ queryId: query.id, index: index + 1, plan: await explain(client, statement, sizes, LARGE_TABLE_ROWS) });
        }
      }
    } finally {
      await client.end();
    }
    log(`scale ${scale}: ${statements.length} statements explained, ${statements.filter((statement) => statement.plan.largeSeqScans.length > 0).length} with a Seq Scan on a large table`);

    // 3. The servers, in child processes (the API ones with NODE_ENV=production, as shipped).
    const variants = VARIANTS.filter((variant) => variant !== 'postgraphile' || postgraphile !== null);
    for (const variant of variants) {
      const server = variant === 'postgraphile' ? await startPostGraphileProcess(postgraphile as PostGraphileInstall, database.url) : await startServerProcess(variant, database.url);
      servers.push(server);
      cleanups.add(server.stop);
    }
    const serverOf = (variant: Variant): RunningServer => servers.find((server) => server.variant === variant) as RunningServer;
    const viewers: ViewerUserIds = await viewerUserIds(database.dataSource);
    const deepCursor = postgraphile === null ? null : await postgraphileDeepCursor(serverOf('postgraphile').url, (queries.find((query) => query.id === 'd2') as BenchQuery).variables.after as string | null);
    const bodyFor = (variant: Variant, query: BenchQuery): GraphQLBody | null => (variant === 'postgraphile' ? postgraphileBody(query, viewers, deepCursor) : bodyOf(query));

    const runs: QueryRun[] = [];
    const mismatches: string[] = [];
    const postmaster = postmasterPid(database.directory);
    for (const query of queries) {
      for (const variant of variants) {
        const server = serverOf(variant);
        const token = tokens[query.viewer];
        const body = bodyFor(variant, query);
        if (body === null) {
          // PostGraphile and its plugins cannot express this screen: no run, reported as such.
          log(`scale ${scale}: ${query.id} ${variant}: n/a: no plugin`);
          continue;
        }
        // PostGraphile's pool closes connections idle for 10 s, and a new connection sends a statement
        // of its own: one request first, so that the counted one runs on an open connection.
        if (variant === 'postgraphile') await post(server.url, token, body);
        const sentBefore = variant === 'postgraphile' ? await postgraphileStatements(server.url) : 0;
        const response = await post(server.url, token, body);
        assertOk(response, `${query.id} on ${variant}`);
        const expected = reference.get(query.id);
        let policyMasked: number | undefined;
        if (variant === 'postgraphile') {
          const compared = compareWithApi(query.id, expected, response.data);
          policyMasked = compared.masked;
          if (!compared.same) mismatches.push(`${query.id}: postgraphile returned other data than the API`);
        } else if (!isDeepStrictEqual(response.data, expected)) {
          mismatches.push(`${query.id}: ${variant} returned other data than the API`);
        }
        const statements =
          variant === 'postgraphile'
            ? (await postgraphileStatements(server.url)) - sentBefore
            : variant === 'handwritten'
              ? (response.extensions?.sqlStatements ?? NaN)
              : // The API in production does not report it: the development instances above counted.
                (counts.get(`${query.id}/${variant}`) ?? NaN);
        const run: QueryRun = {
          queryId: query.id,
          variant,
          load: null,
          statements,
          rows: countRows(response.data),
          responseBytes: Buffer.byteLength(JSON.stringify({ data: response.data })),
          peakRssBytes: null,
          ...(policyMasked === undefined ? {} : { policyMasked }),
        };
        if (!options.countsOnly) {
          resetPeakRss(server.pid);
          run.load = await measure(server.url, token, body, options.duration, options.connections, {
            server: () => processCpuMs(server.pid),
            postgres: () => (postmaster === null ? null : treeCpuMs(postmaster)),
            machine: machineBusyMs,
          });
          run.peakRssBytes = peakRssBytes(server.pid);
          if (run.load.non2xx > 0 || run.load.errors > 0) throw new Error(`${query.id} on ${variant}: ${run.load.non2xx} non-2xx responses, ${run.load.errors} errors under load`);
          assertOk(await post(server.url, token, body), `${query.id} on ${variant} after the load`);
          const cpu = (value: number | null): string => (value === null ? '?' : value.toFixed(2));
          log(
            `scale ${scale}: ${query.id} ${variant.padEnd(12)} ${Math.round(run.load.requestsPerSecond).toString().padStart(6)} req/s  ` +
              `p50 ${run.load.p50.toFixed(1)} ms  p99 ${run.load.p99.toFixed(1)} ms  ${run.statements} SQL/req  ` +
              `peak RSS ${run.peakRssBytes === null ? '?' : `${Math.round((run.peakRssBytes ?? 0) / 2 ** 20)} MiB`}  ` +
              `CPU/req: server ${cpu(run.load.serverCpuMs)} ms, PostgreSQL ${cpu(run.load.postgresCpuMs)} ms; ` +
              `others used ${run.load.otherCpuShare === null ? '?' : Math.round(run.load.otherCpuShare * 100)} % of the machine`,
          );
        }
        runs.push(run);
      }
    }

    const tableRows = Object.fromEntries([...sizes.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return {
      scale,
      seed: database.seed,
      preparedInSeconds: database.preparedInSeconds,
      tableRows,
      postgresVersion: await postgresVersion(database.url),
      runs,
      statements,
      deep,
      mismatches,
      postgraphile: postgraphile?.versions ?? null,
      startedAt,
      loadAverage: { before: loadBefore, after: os.loadavg() },
    };
  } finally {
    for (const server of servers) {
      await server.stop();
      cleanups.delete(server.stop);
    }
    await database.close();
    cleanups.delete(database.close);
  }
}

const LAST_RUN = path.join(ROOT, '.data-bench/last-run.json');

function writeDocs(run: BenchRun): void {
  const machine = machineInfo(run.scales[0]?.postgresVersion ?? 'PostgreSQL');
  writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), markdownReport(run, machine));
  writeFileSync(path.join(ROOT, 'docs/benchmarks.svg'), svgChart(run));
  process.stdout.write('wrote docs/benchmarks.md and docs/benchmarks.svg\n');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.reportOnly) {
    if (!existsSync(LAST_RUN)) {
      process.stderr.write(`bench: --report rewrites the docs from the last run with load, and there is none yet (${path.relative(ROOT, LAST_RUN)}): run npm run bench first (--counts-only does not write it)\n`);
      return 2;
    }
    const run = JSON.parse(readFileSync(LAST_RUN, 'utf8')) as BenchRun;
    writeDocs({ ...run, checks: computeChecks(run.scales, run.largeTableRows) });
    return 0;
  }
  const started = new Date();
  log(`scales ${options.scales.join(', ')}; ${options.countsOnly ? 'counts only' : `${options.duration} s per query and server, ${options.connections} connections`}; load average ${os.loadavg().map((value) => value.toFixed(2)).join(', ')}`);
  const postgraphile = options.postgraphile ? await ensurePostGraphile(log) : null;
  if (postgraphile) log(`postgraphile ${postgraphile.versions.postgraphile} (connection filter ${postgraphile.versions.connectionFilter}) on Node ${postgraphile.versions.node}, from ${path.relative(ROOT, postgraphile.directory)}`);
  const scales: ScaleResult[] = [];
  for (const scale of options.scales) scales.push(await benchScale(scale, options, postgraphile));
  const run: BenchRun = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    durationSeconds: options.duration,
    connections: options.connections,
    largeTableRows: LARGE_TABLE_ROWS,
    scales,
    checks: computeChecks(scales, LARGE_TABLE_ROWS),
  };
  process.stdout.write('\n');
  for (const scale of scales) process.stdout.write(`${terminalTable(scale, run)}\n\n`);
  for (const check of run.checks) {
    process.stdout.write(`${check.passed === null ? 'NOT RUN' : check.passed ? 'PASS' : 'FAIL'}  ${check.name}\n`);
    for (const detail of check.details) process.stdout.write(`      ${detail}\n`);
  }
  const largest = scales[scales.length - 1];
  if (largest) process.stdout.write(`\n${readAmplification(largest)}\n`);
  process.stdout.write('\n');
  if (!options.countsOnly) writeFileSync(LAST_RUN, `${JSON.stringify(run, null, 2)}\n`);
  if (options.docs && !options.countsOnly) writeDocs(run);
  process.stdout.write(`finished in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s\n`);
  return run.checks.some((check) => check.passed === false) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench: failed:', error);
    process.exit(1);
  },
);
