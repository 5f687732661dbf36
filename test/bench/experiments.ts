import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineBusyMs, postmasterPid, processCpuMs, treeCpuMs } from './cpu';
import { prepareBenchDatabase } from './database';
import { bodyOf, measure, type LoadResult } from './load';
import { benchQueries } from './queries';
import { openViewerSessions, startChildServer, startServerProcess, type RunningServer } from './servers';

// node -r ts-node/register/transpile-only test/bench/experiments.ts [--scale N] [--duration S]
//
// Measures the fixes docs/benchmarks.md proposes before anyone applies them to src/ or the
// migrations, on the bench's cached database (default scale 10):
//   baseline            the API in production mode (test/bench/experiment-server.ts, no change)
//   cache-control-off   Apollo's cache-control plugin disabled
//   prepared            named (prepared) statements in SqlClient
//   both                the two together
//   hand-written        the lower bound (test/bench/handwritten-server.ts)
// Prints a table and writes test/bench/experiments.json, which docs/benchmarks.md shows (regenerate
// the report with `npm run bench -- --report`). Bounded: a fixed list of servers and queries, a
// fixed duration each.

interface Row {
  setup: string;
  query: string;
  load: LoadResult;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a whole number ≥ 1`);
  return value;
}

async function main(): Promise<void> {
  const scale = option('--scale', 10);
  const duration = option('--duration', 5);
  const log = (line: string): void => void process.stderr.write(`experiments: ${line}\n`);
  const database = await prepareBenchDatabase(scale, log);
  const rows: Row[] = [];
  try {
    const tokens = await openViewerSessions(database.dataSource, database.url);
    const postmaster = postmasterPid(database.directory);
    const queries = benchQueries().filter((query) => query.id !== 'd2');
    const run = async (setup: string, server: RunningServer): Promise<void> => {
      try {
        for (const query of queries) {
          const load = await measure(server.url, tokens[query.viewer], bodyOf(query), duration, 10, {
            server: () => processCpuMs(server.pid),
            postgres: () => (postmaster === null ? null : treeCpuMs(postmaster)),
            machine: machineBusyMs,
          });
          rows.push({ setup, query: query.id, load });
          log(
            `${setup.padEnd(24)} ${query.id.padEnd(3)} ${Math.round(load.requestsPerSecond).toString().padStart(6)} req/s  p50 ${load.p50.toFixed(1)} ms  ` +
              `CPU/req node ${load.serverCpuMs?.toFixed(2) ?? '?'} ms, PostgreSQL ${load.postgresCpuMs?.toFixed(2) ?? '?'} ms; ` +
              `others used ${load.otherCpuShare === null ? '?' : Math.round(load.otherCpuShare * 100)} %`,
          );
        }
      } finally {
        await server.stop();
      }
    };
    const experiment = (label: string, list: string): Promise<RunningServer> => startChildServer(label, 'experiment-server.ts', [database.url, list]);
    await run('baseline', await experiment('baseline', ''));
    await run('cache-control-off', await experiment('cache-control-off', 'cache-control-off'));
    await run('prepared', await experiment('prepared', 'prepared'));
    await run('both', await experiment('both', 'cache-control-off,prepared'));
    await run('hand-written', await startServerProcess('handwritten', database.url));
  } finally {
    await database.close();
  }
  const setups = [...new Set(rows.map((row) => row.setup))];
  const queryIds = [...new Set(rows.map((row) => row.query))];
  const lines = [`scale ${scale}, ${duration} s per query and setup, 10 connections; req/s (CPU ms per request: node + PostgreSQL)`];
  lines.push(['setup'.padEnd(22), ...queryIds.map((id) => id.padStart(22))].join(' '));
  for (const setup of setups) {
    const cells = queryIds.map((id) => {
      const found = rows.find((row) => row.setup === setup && row.query === id);
      if (!found) return '—'.padStart(22);
      const { requestsPerSecond, serverCpuMs, postgresCpuMs } = found.load;
      return `${Math.round(requestsPerSecond)} (${serverCpuMs?.toFixed(1) ?? '?'}+${postgresCpuMs?.toFixed(1) ?? '?'})`.padStart(22);
    });
    lines.push([setup.padEnd(22), ...cells].join(' '));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const file = path.join(__dirname, 'experiments.json');
  const machine = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node.js ${process.version}`;
  const summary = rows.map((row) => ({
    setup: row.setup,
    query: row.query,
    requestsPerSecond: Math.round(row.load.requestsPerSecond),
    p50: row.load.p50,
    serverCpuMs: row.load.serverCpuMs === null ? null : Math.round(row.load.serverCpuMs * 100) / 100,
    postgresCpuMs: row.load.postgresCpuMs === null ? null : Math.round(row.load.postgresCpuMs * 100) / 100,
    otherCpuShare: row.load.otherCpuShare === null ? null : Math.round(row.load.otherCpuShare * 100) / 100,
  }));
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, scale, duration, loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100), rows: summary }, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error: unknown) => {
  console.error('experiments: failed:', error);
  process.exit(1);
});
