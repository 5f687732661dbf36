import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineBusyMs, peakRssBytes, postmasterPid, processCpuMs, treeCpuMs } from './cpu';
import { prepareBenchDatabase } from './database';
import { bodyOf, measure, type LoadResult } from './load';
import { API_NODE_OPTIONS } from './node-settings';
import { benchQueries } from './queries';
import { openViewerSessions, startChildServer, startServerProcess, type RunningServer } from './servers';

// node -r ts-node/register/transpile-only test/bench/experiments.ts [--scale N] [--duration S] [--rounds R]
//     [--setups name,name,...] [--compare label=/path/to/checkout ...] [--compare-app label=/path/to/checkout ...]
//
// Measures changes side by side on the bench's cached database (default scale 10). Setups:
//   shipped             the API of this checkout as createApp builds it in production
//                       (test/bench/experiment-server.ts)
//   prepared-off        DATABASE_PREPARED_STATEMENTS=off
//   pool-N              a pool of N connections (the bench's default is POOL_SIZE)
//   semi-space-N        Node started with --max-semi-space-size=N (MB; the young generation)
//   jit                 graphql-jit as executor (GRAPHQL_JIT_MODULE=/path/to/node_modules/graphql-jit)
//   cache-control-on    Apollo's default cache-control plugin back on (the API before commit 988d9ab)
//   hand-written        the lower bound (test/bench/handwritten-server.ts)
//   app                 the whole app of this checkout as the bench's shipped server runs it (createApp:
//                       access log, helmet, body parsing, every plugin; test/bench/server-process.ts),
//                       with the Node options it ships with (test/bench/node-settings.ts)
//   app-semi-space-N    the same, Node started with --max-semi-space-size=N instead (16: Node's default)
//   app:flag:flag...    the same, Node started with the shipped options and --flag --flag (e.g. app:single-threaded-gc)
// --setups picks them (default: shipped,prepared-off,hand-written; '' for none), --queries a,d1,...
// the screens (default: all but d2). --compare label=dir adds the
// experiment server of another checkout (e.g. `git archive main | tar -x -C dir`, node_modules
// linked): the code before a change, measured in the same run as the code after it. --compare-app
// label=dir does the same with that checkout's whole app (its test/bench/server-process.ts, with
// Node's default options).
// Setups are interleaved query by query over R rounds (default 2); each cell keeps the round with
// the least CPU per request (Node + PostgreSQL): other jobs on a shared machine only ever add to it
// (cache and core contention, requests cut off at the end of a slow run), so the least is the
// closest to the setup's own cost. --connections C (default 10) sets autocannon's connections.
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

function textOption(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** One setup of the list above, in its own child process. */
async function startSetup(setup: string, databaseUrl: string): Promise<RunningServer> {
  if (setup === 'hand-written') return { ...(await startServerProcess('handwritten', databaseUrl)), variant: setup };
  if (setup === 'app') return { ...(await startServerProcess('shipped', databaseUrl)), variant: setup };
  const appSemiSpace = /^app-semi-space-(\d+)$/.exec(setup);
  if (setup.startsWith('app:')) {
    const flags = [...API_NODE_OPTIONS, ...setup.split(':').slice(1).map((flag) => `--${flag}`)];
    return { ...(await startServerProcess('shipped', databaseUrl, flags)), variant: setup };
  }
  if (appSemiSpace) return { ...(await startServerProcess('shipped', databaseUrl, [`--max-semi-space-size=${appSemiSpace[1]}`])), variant: setup };
  const experiment = (list: string): Promise<RunningServer> => startChildServer(setup, 'experiment-server.ts', [databaseUrl, list]);
  const pool = /^pool-(\d+)$/.exec(setup);
  if (pool) return experiment(`pool=${pool[1]}`);
  const semiSpace = /^semi-space-(\d+)$/.exec(setup);
  if (semiSpace) {
    // startChildServer copies process.env when it spawns (synchronously): NODE_OPTIONS reaches this child only.
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${saved ?? ''} --max-semi-space-size=${semiSpace[1]}`.trim();
    try {
      return await experiment('');
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  }
  if (['shipped', 'prepared-off', 'cache-control-on', 'jit'].includes(setup)) return experiment(setup === 'shipped' ? '' : setup);
  throw new Error(`unknown setup ${setup}`);
}

async function main(): Promise<void> {
  const scale = option('--scale', 10);
  const duration = option('--duration', 5);
  const log = (line: string): void => void process.stderr.write(`experiments: ${line}\n`);
  const database = await prepareBenchDatabase(scale, log);
  const rounds = option('--rounds', 2);
  const connections = option('--connections', 10);
  const rows: Row[] = [];
  const servers: RunningServer[] = [];
  try {
    const tokens = await openViewerSessions(database.dataSource, database.url);
    const postmaster = postmasterPid(database.directory);
    const only = textOption('--queries')?.split(',');
    const queries = benchQueries().filter((query) => query.id !== 'd2' && (only === undefined || only.includes(query.id)));
    for (const comparison of process.argv.flatMap((argument, index) => (process.argv[index - 1] === '--compare' ? [argument] : []))) {
      const [label, directory] = comparison.split('=');
      const entry = path.relative(__dirname, path.join(path.resolve(directory), 'test/bench/experiment-server.ts'));
      servers.push(await startChildServer(label, entry, [database.url, '']));
    }
    for (const comparison of process.argv.flatMap((argument, index) => (process.argv[index - 1] === '--compare-app' ? [argument] : []))) {
      const [label, directory] = comparison.split('=');
      const entry = path.relative(__dirname, path.join(path.resolve(directory), 'test/bench/server-process.ts'));
      servers.push(await startChildServer(label, entry, ['shipped', database.url]));
    }
    const setups = (textOption('--setups') ?? 'shipped,prepared-off,hand-written').split(',').filter(Boolean);
    for (const setup of setups) servers.push(await startSetup(setup, database.url));
    // Setups interleaved query by query, in several rounds: other jobs on the machine come and go,
    // so each cell keeps the round during which they used the least CPU.
    for (let round = 1; round <= rounds; round += 1) {
      for (const query of queries) {
        for (const server of servers) {
          const load = await measure(server.url, tokens[query.viewer], bodyOf(query), duration, connections, {
            server: () => processCpuMs(server.pid),
            postgres: () => (postmaster === null ? null : treeCpuMs(postmaster)),
            machine: machineBusyMs,
          });
          log(
            `round ${round} ${server.variant.padEnd(18)} ${query.id.padEnd(3)} ${Math.round(load.requestsPerSecond).toString().padStart(6)} req/s  p50 ${load.p50.toFixed(1)} ms  ` +
              `CPU/req node ${load.serverCpuMs?.toFixed(2) ?? '?'} ms, PostgreSQL ${load.postgresCpuMs?.toFixed(2) ?? '?'} ms; ` +
              `others used ${load.otherCpuShare === null ? '?' : Math.round(load.otherCpuShare * 100)} %; peak RSS so far ${Math.round((peakRssBytes(server.pid) ?? 0) / 2 ** 20)} MiB`,
          );
          const previous = rows.findIndex((row) => row.setup === server.variant && row.query === query.id);
          const cpu = (result: LoadResult): number => (result.serverCpuMs ?? Infinity) + (result.postgresCpuMs ?? 0);
          const quieter = (candidate: LoadResult, current: LoadResult): boolean => cpu(candidate) < cpu(current);
          if (previous === -1) rows.push({ setup: server.variant, query: query.id, load });
          else if (quieter(load, rows[previous].load)) rows[previous] = { setup: server.variant, query: query.id, load };
        }
      }
    }
  } finally {
    for (const server of servers) await server.stop();
    await database.close();
  }
  const setups = [...new Set(rows.map((row) => row.setup))];
  const queryIds = [...new Set(rows.map((row) => row.query))];
  const lines = [`scale ${scale}, ${duration} s per query and setup, ${connections} connections; req/s (CPU ms per request: node + PostgreSQL)`];
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
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, scale, duration, rounds, loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100), rows: summary }, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error: unknown) => {
  console.error('experiments: failed:', error);
  process.exit(1);
});
