import 'reflect-metadata';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prepareBenchDatabase } from './database';
import { bodyOf, measure } from './load';
import { API_NODE_OPTIONS } from './node-settings';
import { benchQueries, type BenchQuery } from './queries';
import { openViewerSessions, startServerProcess } from './servers';

// node -r ts-node/register/transpile-only test/bench/profile-server.ts [--scale N] [--duration S]
//     [--screens d1,h,typename] [--connections C] [--top N] [--node-flags max-semi-space-size=16,...] [--again]
//
// A V8 CPU profile of the shipped API (test/bench/server-process.ts, as `npm run bench` starts it)
// under load on each screen (and `typename`: `{ __typename }`, the fixed cost of a request), one
// server process per screen started with `--cpu-prof`. Only the
// samples taken during the measured load count (startup, schema build and warm-up are left out:
// the profile's timestamps and this process's share the monotonic clock). Prints, per screen, the
// self time per component (the package or source folder of the sampled function), the top
// functions by self time, and the inclusive time of the functions that mark a stage of a request.
// Profiles are kept in .data-bench/profiles/ (git-ignored) for Chrome DevTools or speedscope;
// --again prints the summaries of the kept ones without running anything. The server runs with the
// Node options the API ships with (node-settings.ts), then --node-flags (the last of a flag wins).

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = path.resolve(__dirname, '../..');

/** The fixed cost of a request: `{ __typename }` by the signed-in admin (no SQL: nothing asks for the viewer). */
const TYPENAME: BenchQuery = { id: 'typename', title: '{ __typename }', viewer: 'admin', operationName: 'Typename', query: 'query Typename { __typename }', variables: {}, nested: false };
const PROFILES = path.join(ROOT, '.data-bench/profiles');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
}

/** The component a function belongs to: a package under node_modules, a source folder, or V8/Node. */
function componentOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const source = /\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  if (source) return source[1];
  return path.relative(ROOT, url.replace(/^file:\/\//, ''));
}

/** The stages of a request, by the file of the nearest frame of ours or of a package (first match wins). */
const STEPS: Array<[string, RegExp]> = [
  ['access log (pino-http, pino, its stdout write, redaction)', /node_modules\/(pino|pino-http|sonic-boom|@pinojs\/[^/]+)\/|src\/server\/access-log\.ts/],
  ['metrics (prom-client)', /node_modules\/prom-client\/|src\/server\/metrics\.ts/],
  ['body: reading and checking it', /node_modules\/(raw-body|body-parser|content-type|iconv-lite)\/|src\/server\/(graphql-request-body|inexact-numbers)\.ts/],
  ['Express, its router and middlewares (helmet, cors), Node HTTP writes', /node_modules\/(express|router|helmet|cors|vary|on-finished|parseurl|finalhandler|send|etag|fresh|negotiator|accepts|type-is|mime-types|proxy-addr|forwarded|content-disposition|cookie|qs|statuses|http-errors|depd)\/|src\/server\/(shutdown|http-errors)\.ts/],
  ['Apollo Server pipeline (and its Express integration)', /node_modules\/(@apollo\/[^/]+|@as-integrations\/[^/]+|whatwg-mimetype|lru-cache|@graphql-tools\/[^/]+)\//],
  ['plugins: operations, read routing, admission', /src\/server\/(operations|read-routing|sql-statements)\.plugin\.ts|src\/graphql\/limits\//],
  ['context, deadline, telemetry, viewer lookup', /src\/graphql\/context\.ts|src\/server\/(request-telemetry|request-deadline|create-app)\.ts|src\/modules\/accounts\/|src\/graphql\/authorization\//],
  ['graphql-js execution', /node_modules\/graphql\//],
  ['type-graphql and class-validator (root resolvers\' arguments)', /node_modules\/(type-graphql|class-validator|class-transformer|libphonenumber-js|validator)\//],
  ['pg, pg-pool, pg-protocol, SqlClient', /node_modules\/(pg|pg-pool|pg-protocol|pg-types|postgres-[^/]+|pgpass|split2)\/|src\/db\//],
  ['data fetching and the rest of src/graphql (loaders, pages, reads, filters, cursors)', /node_modules\/dataloader\/|src\/graphql\/(connections|loaders|read|filters|search|aggregates|node)\/|src\/graphql\/[^/]+\.ts/],
  ['scalars', /src\/graphql\/scalars\//],
  ['ts-node source maps (bench only: the image runs compiled JavaScript)', /node_modules\/(@cspotcode|ts-node|typescript|v8-compile-cache)[^/]*\//],
];

function stepOf(frame: ProfileNode['callFrame']): string {
  return STEPS.find(([, pattern]) => pattern.test(frame.url))?.[0] ?? componentOf(frame);
}

/**
 * Functions whose inclusive time (synchronous: what runs under them until their first await) marks
 * a stage of a request: name, a part of the file path. Express middlewares are not among them: each
 * calls next() synchronously, so the rest of the request runs under it.
 */
const STAGES: Array<[string, string, RegExp]> = [
  ['apollo: processGraphQLRequest (sync parts)', '@apollo/server', /^processGraphQLRequest$/],
  ['apollo: prettyJSONStringify (the response)', '@apollo/server', /^prettyJSONStringify$/],
  ['admission: admitOperation', 'src/graphql/limits', /^admitOperation$/],
  ['graphql-js: execute (sync parts)', 'graphql/execution/execute', /^execute$/],
  ['graphql-js: completeValue', 'graphql/execution/execute', /^completeValue$/],
  ['pg: parse rows (parseRow)', 'pg/lib/result', /^parseRow$/],
  ['pg-protocol: parse', 'pg-protocol', /^parse$/],
  ['viewer lookup: findViewer', 'src/modules/accounts', /^findViewer$/],
  ['body: parseRequest', 'src/server/graphql-request-body', /^parseRequest$/],
];

interface Summary {
  totalMs: number;
  byComponent: Map<string, number>;
  byFunction: Map<string, number>;
  stages: Map<string, number>;
  /** Each sample given to the nearest frame of a package or source folder (Node's internals and natives count for their caller). */
  attributed: Map<string, number>;
}

function summarize(profile: CpuProfile, fromMicros: number, toMicros: number): Summary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMicros = new Map<number, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index];
    if (time < fromMicros || time > toMicros) return;
    // A sample's weight: the delta to the next sample (the last one: the mean).
    const weight = profile.timeDeltas[index + 1] ?? 0;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + weight);
  });
  const summary: Summary = { totalMs: 0, byComponent: new Map(), byFunction: new Map(), stages: new Map(), attributed: new Map() };
  const add = (map: Map<string, number>, key: string, ms: number): void => void map.set(key, (map.get(key) ?? 0) + ms);
  for (const [id, micros] of selfMicros) {
    const node = nodes.get(id) as ProfileNode;
    const ms = micros / 1000;
    summary.totalMs += ms;
    add(summary.byComponent, componentOf(node.callFrame), ms);
    const { functionName, url, lineNumber } = node.callFrame;
    add(summary.byFunction, `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim(), ms);
    let owner: string | null = node.callFrame.url === '' && node.callFrame.functionName.startsWith('(') ? componentOf(node.callFrame) : null;
    // JSON.stringify of the response is native code under Apollo: its own line.
    if (owner === null && node.callFrame.functionName === 'prettyJSONStringify') owner = 'the response as JSON (Apollo: JSON.stringify)';
    // Inclusive: a stage counts a sample once, however deep its frames recurse.
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = (nodes.get(current) as ProfileNode).callFrame;
      if (owner === null && frame.url !== '' && !frame.url.startsWith('node:')) owner = frame.functionName === 'prettyJSONStringify' ? 'the response as JSON (Apollo: JSON.stringify)' : stepOf(frame);
      for (const [stage, file, name] of STAGES) {
        if (!seen.has(stage) && frame.url.includes(file) && name.test(frame.functionName)) {
          seen.add(stage);
          add(summary.stages, stage, ms);
        }
      }
    }
    add(summary.attributed, owner ?? '(Node internals, no caller of ours)', ms);
  }
  return summary;
}

function table(title: string, entries: Map<string, number>, totalMs: number, requests: number, top: number): string {
  const rows = [...entries].sort((a, b) => b[1] - a[1]).slice(0, top);
  const lines = [`  ${title}`];
  for (const [name, ms] of rows) {
    lines.push(`    ${((100 * ms) / totalMs).toFixed(1).padStart(5)} %  ${((1000 * ms) / requests).toFixed(0).padStart(5)} µs/req  ${name}`);
  }
  return lines.join('\n');
}

/** What a profile covers: the measured load's window on the monotonic clock (µs) and its requests. */
interface ProfileWindow {
  screen: string;
  title: string;
  from: number;
  to: number;
  requests: number;
  connections: number;
  nodeFlags: string[];
}

function report(name: string, window: ProfileWindow, top: number): string {
  const summary = summarize(JSON.parse(readFileSync(path.join(PROFILES, name), 'utf8')) as CpuProfile, window.from, window.to);
  const { requests } = window;
  const flags = window.nodeFlags.length > 0 ? ` node ${window.nodeFlags.join(' ')},` : '';
  const out = [`screen ${window.screen} (${window.title}), ${window.connections} connections,${flags} ${requests} requests: ${((1000 * summary.totalMs) / requests).toFixed(0)} µs of samples per request`];
  out.push(table('self time by component', summary.byComponent, summary.totalMs, requests, top));
  out.push(table('time by stage of the request: each sample for the nearest frame of ours or of a package (Node internals and natives count for their caller)', summary.attributed, summary.totalMs, requests, STEPS.length + 8));
  out.push(table('self time by function', summary.byFunction, summary.totalMs, requests, top));
  out.push(table('inclusive time by stage', summary.stages, summary.totalMs, requests, STAGES.length));
  return `${out.join('\n')}\n\n`;
}

async function main(): Promise<void> {
  const scale = Number(option('--scale', '1'));
  const duration = Number(option('--duration', '15'));
  const connections = Number(option('--connections', '4'));
  const top = Number(option('--top', '25'));
  const screens = option('--screens', 'd1,h').split(',');
  const nodeFlags = option('--node-flags', '').split(',').filter(Boolean).map((flag) => `--${flag}`);
  const suffix = nodeFlags.map((flag) => flag.replace(/[^a-z0-9=]+/gi, '-')).join('');
  const names = (id: string): [string, string] => [`shipped-${id}-scale-${scale}${suffix}.cpuprofile`, `shipped-${id}-scale-${scale}${suffix}.window.json`];
  if (process.argv.includes('--again')) {
    // The summaries of the profiles the last run kept, without running anything.
    for (const id of screens) {
      const [name, windowFile] = names(id);
      process.stdout.write(report(name, JSON.parse(readFileSync(path.join(PROFILES, windowFile), 'utf8')) as ProfileWindow, top));
    }
    return;
  }
  const log = (line: string): void => void process.stderr.write(`profile: ${line}\n`);
  const database = await prepareBenchDatabase(scale, log);
  mkdirSync(PROFILES, { recursive: true });
  try {
    const tokens = await openViewerSessions(database.dataSource, database.url);
    for (const id of screens) {
      const query = [...benchQueries(), TYPENAME].find((candidate) => candidate.id === id);
      if (!query) throw new Error(`no screen ${id}`);
      const [name, windowFile] = names(id);
      rmSync(path.join(PROFILES, name), { force: true });
      const server = await startServerProcess('shipped', database.url, [...API_NODE_OPTIONS, ...nodeFlags, '--cpu-prof', `--cpu-prof-dir=${PROFILES}`, `--cpu-prof-name=${name}`]);
      let window: ProfileWindow;
      try {
        await measure(server.url, tokens[query.viewer], bodyOf(query), 3, connections, undefined, 0);
        const from = Number(process.hrtime.bigint() / 1000n);
        const result = await measure(server.url, tokens[query.viewer], bodyOf(query), duration, connections, undefined, 0);
        window = { screen: id, title: query.title, from, to: Number(process.hrtime.bigint() / 1000n), requests: result.requests, connections, nodeFlags };
        log(`${id}: ${result.requests} requests in ${duration} s (${Math.round(result.requestsPerSecond)} req/s)`);
      } finally {
        await server.stop();
      }
      if (!readdirSync(PROFILES).includes(name)) throw new Error(`the server wrote no profile ${name}`);
      writeFileSync(path.join(PROFILES, windowFile), `${JSON.stringify(window)}\n`);
      process.stdout.write(report(name, window, top));
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error('profile: failed:', error);
  process.exit(1);
});
