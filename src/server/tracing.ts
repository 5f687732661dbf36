import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { loadConfig } from '../config/config';

// OpenTelemetry tracing, off unless the standard OTEL_* variables configure an exporter
// (OTEL_TRACES_EXPORTER=otlp|console, or OTEL_EXPORTER_OTLP_ENDPOINT): the SDK reads them itself
// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
// main.ts imports this module first, so that http, express, graphql and pg are patched when they
// load. Resolver spans are trimmed: none for trivial resolvers (a property read), list items
// merged, and only the first two levels of fields, so a 600-object screen makes tens of spans.

const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

let sdk: NodeSDK | null = null;

function tracingEnabled(): boolean {
  try {
    return loadConfig().operations.tracing;
  } catch {
    return false; // main.ts reports the configuration error.
  }
}

if (tracingEnabled()) {
  sdk = new NodeSDK({
    // Traces only: metrics are prom-client's (/metrics), logs pino's (stdout); without these two
    // empty lists the SDK would also export both over OTLP by default.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => HEALTH_PATHS.has((request.url ?? '').split('?')[0]) }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true, depth: 2 }),
      // Statement text only: never the values (enhancedDatabaseReporting stays off).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
}

export function tracingActive(): boolean {
  return sdk !== null;
}

/** Exports the spans still buffered; called at the end of the shutdown. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}
