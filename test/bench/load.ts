import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { BenchQuery } from './queries';

// The load generator: autocannon (in the bench process) against one server, with a fixed request
// body, a fixed number of connections and a bounded duration.

export interface LoadResult {
  requestsPerSecond: number;
  /** CPU ms per request of the server process and of PostgreSQL (all backends), null if unknown. */
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
  /**
   * Share of the machine's CPU (all cores) used during the run by everything except the server,
   * PostgreSQL and the bench process (load generator): other jobs, the noise of this measurement.
   */
  otherCpuShare: number | null;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface GraphQLBody {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

export function bodyOf(query: BenchQuery): GraphQLBody {
  return { operationName: query.operationName, query: query.query, variables: query.variables };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    // Without a progress bar or a table: the bench prints its own.
    instance.on('error', reject);
  });
}

export interface CpuProbes {
  server(): number | null;
  postgres(): number | null;
  machine?(): number | null;
}

function benchProcessCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function perRequest(before: number | null, after: number | null, requests: number): number | null {
  return before === null || after === null || requests === 0 ? null : (after - before) / requests;
}

export async function measure(
  url: string,
  token: string,
  body: GraphQLBody,
  seconds: number,
  connections: number,
  cpu: CpuProbes = { server: () => null, postgres: () => null },
  warmupSeconds = 1,
): Promise<LoadResult> {
  const options: autocannon.Options = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    connections,
    pipelining: 1,
    timeout: 30,
  };
  if (warmupSeconds > 0) await run({ ...options, duration: warmupSeconds });
  const serverBefore = cpu.server();
  const postgresBefore = cpu.postgres();
  const machineBefore = cpu.machine?.() ?? null;
  const benchBefore = benchProcessCpuMs();
  const started = performance.now();
  const result = await run({ ...options, duration: seconds });
  const wallMs = performance.now() - started;
  const serverAfter = cpu.server();
  const postgresAfter = cpu.postgres();
  const machineAfter = cpu.machine?.() ?? null;
  const benchAfter = benchProcessCpuMs();
  let otherCpuShare: number | null = null;
  if (machineBefore !== null && machineAfter !== null && serverBefore !== null && serverAfter !== null && postgresBefore !== null && postgresAfter !== null) {
    const ours = serverAfter - serverBefore + (postgresAfter - postgresBefore) + (benchAfter - benchBefore);
    otherCpuShare = Math.max(0, (machineAfter - machineBefore - ours) / (wallMs * availableParallelism()));
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    serverCpuMs: perRequest(serverBefore, serverAfter, result.requests.total),
    postgresCpuMs: perRequest(postgresBefore, postgresAfter, result.requests.total),
    otherCpuShare,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export interface GraphQLResult {
  status: number;
  data?: unknown;
  errors?: Array<{ message: string }>;
  extensions?: { sqlStatements?: number };
}

export async function post(url: string, token: string, body: GraphQLBody): Promise<GraphQLResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}
