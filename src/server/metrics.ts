import { createServer, type Server } from 'node:http';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReplicaStatus } from '../db/replica-set';

// Prometheus metrics (prom-client), served as text at GET /metrics. Every label has a bounded set
// of values: operation names are cut to MAX_OPERATION_NAMES distinct names (then "other"), routes
// to the API's own paths, error codes to the API's codes.

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests, from the first byte read to the last byte sent, by route, method and status code',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: DURATION_BUCKETS,
  registers,
});

export const graphqlOperationDuration = new Histogram({
  name: 'graphql_operation_duration_seconds',
  help: 'GraphQL operations by operation name, type and outcome (success, client_error, internal_error, unavailable)',
  labelNames: ['operation', 'type', 'outcome'] as const,
  buckets: DURATION_BUCKETS,
  registers,
});

export const graphqlErrors = new Counter({
  name: 'graphql_errors_total',
  help: 'GraphQL errors sent to clients, by extensions.code (one per error, a request may send several)',
  labelNames: ['code'] as const,
  registers,
});

export const sqlStatementsPerRequest = new Histogram({
  name: 'graphql_sql_statements_per_request',
  help: 'SQL statements one GraphQL request ran, by operation name',
  labelNames: ['operation'] as const,
  buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144],
  registers,
});

export const dataloaderBatchSize = new Histogram({
  name: 'dataloader_batch_size',
  help: 'Keys in one DataLoader batch (one SQL statement)',
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000],
  registers,
});

export const signInThrottleRefusals = new Counter({
  name: 'signin_throttle_refusals_total',
  help: 'Sign-ins refused by the failed sign-in throttle',
  registers,
});

const pools = new Set<Pool>();

new Gauge({
  name: 'db_pool_connections',
  help: 'Connections of the PostgreSQL pool: total (open), idle, and waiting (requests queued for one)',
  labelNames: ['state'] as const,
  registers,
  collect() {
    let total = 0;
    let idle = 0;
    let waiting = 0;
    for (const pool of pools) {
      total += pool.totalCount;
      idle += pool.idleCount;
      waiting += pool.waitingCount;
    }
    this.set({ state: 'total' }, total);
    this.set({ state: 'idle' }, idle);
    this.set({ state: 'waiting' }, waiting);
  },
});

export const readStatements = new Counter({
  name: 'db_read_statements_total',
  help: 'Read-API statements by where they ran (replica, or primary when replicas are configured), counted only with DATABASE_REPLICA_URLS',
  labelNames: ['target'] as const,
  registers,
});

export const replicaFallbacks = new Counter({
  name: 'db_replica_fallbacks_total',
  help: 'Statements that failed on a read replica and ran again on the primary, by reason (connection, recovery conflict, timeout)',
  labelNames: ['reason'] as const,
  registers,
});

/** Read at each scrape: the replicas of the process (src/db/replica-set.ts). */
let replicaStatus: () => ReplicaStatus[] = () => [];

new Gauge({
  name: 'db_replica_available',
  help: 'Read replicas by name: 1 while statements may go to it, 0 while taken out',
  labelNames: ['replica'] as const,
  registers,
  collect() {
    this.reset();
    for (const replica of replicaStatus()) this.set({ replica: replica.name }, replica.available ? 1 : 0);
  },
});

new Gauge({
  name: 'db_replica_replay_lag_seconds',
  help: 'Seconds since the last transaction a replica replayed (grows while the primary is idle), at its last health check',
  labelNames: ['replica'] as const,
  registers,
  collect() {
    this.reset();
    for (const replica of replicaStatus()) if (replica.replayLagSeconds !== null) this.set({ replica: replica.name }, replica.replayLagSeconds);
  },
});

export function observeReplicas(status: () => ReplicaStatus[]): () => void {
  replicaStatus = status;
  return () => {
    replicaStatus = () => [];
  };
}

export function recordReadStatement(target: 'replica' | 'primary'): void {
  readStatements.inc({ target });
}

export function recordReplicaFallback(reason: string): void {
  replicaFallbacks.inc({ reason });
}

/** The pool's counts are read at each scrape. */
export function observePool(pool: Pool): () => void {
  pools.add(pool);
  return () => pools.delete(pool);
}

/** The one place a sign-in refused by the throttle is counted. */
export function recordSignInThrottleRefusal(): void {
  signInThrottleRefusals.inc();
}

export function recordDataLoaderBatch(size: number): void {
  dataloaderBatchSize.observe(size);
}

const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const seenOperationNames = new Set<string>();

/** A label value for a client-chosen operation name: "anonymous", the name, or "other" past the first 200 names. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'other';
  if (seenOperationNames.has(name)) return name;
  if (seenOperationNames.size >= MAX_OPERATION_NAMES) return 'other';
  seenOperationNames.add(name);
  return name;
}

const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

export function routeLabel(path: string): string {
  const route = path.split('?')[0];
  return ROUTES.has(route) ? route : 'other';
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/** METRICS=<port>: /metrics on a port of its own (kept off the public one). */
export function startMetricsServer(port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || routeLabel(request.url ?? '') !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    metricsText().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
