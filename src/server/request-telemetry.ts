import type { Viewer } from '../graphql/authorization/viewer';
import type { RequestContext } from '../graphql/context';

/**
 * What one GraphQL request did, for its access log line and its metrics: filled by the operations
 * plugin and the context, read by pino-http when the response is finished.
 */
export interface RequestTelemetry {
  /** The operation name as the client sent it (bounded for metric labels by operationLabel). */
  operationName: string | null;
  operationType: string | null;
  /** The signed-in user's id once the request looked it up; never an e-mail. */
  viewerId: number | null;
  /** extensions.code of each error sent, once per code. */
  errorCodes: Set<string>;
  /** The first error masked as INTERNAL_SERVER_ERROR (logged once, with the request's line). */
  internalError: unknown;
  /** The database could not be reached: the response becomes one SERVICE_UNAVAILABLE error. */
  unavailable: boolean;
  /** The first error that said so (logged with the request's line). */
  unavailableCause: unknown;
  /** SQL statements the request ran. */
  statements(): number;
}

// A symbol-keyed property, not a WeakMap: Apollo shallow-copies the context of each operation.
const TELEMETRY = Symbol('telemetry');
type WithTelemetry = RequestContext & { [TELEMETRY]?: RequestTelemetry };

/** Attaches a new telemetry record to a request's context; wraps viewer() to note the viewer's id. */
export function attachTelemetry(context: RequestContext): RequestTelemetry {
  const telemetry: RequestTelemetry = {
    operationName: null,
    operationType: null,
    viewerId: null,
    errorCodes: new Set(),
    internalError: null,
    unavailable: false,
    unavailableCause: null,
    statements: () => context.sql.statements,
  };
  const lookUpViewer = context.viewer;
  // viewer() is called by every field that authorizes (scope(), field masks): one noting promise per
  // lookup (a new one after forgetViewer), not one more per call.
  let lookup: Promise<Viewer | null> | null = null;
  let noted: Promise<Viewer | null> | null = null;
  context.viewer = () => {
    const current = lookUpViewer();
    if (current !== lookup || noted === null) {
      lookup = current;
      noted = current.then((viewer) => {
        telemetry.viewerId = viewer?.userId ?? null;
        return viewer;
      });
    }
    return noted;
  };
  (context as WithTelemetry)[TELEMETRY] = telemetry;
  return telemetry;
}

export function telemetryOf(context: RequestContext): RequestTelemetry | undefined {
  return (context as WithTelemetry)[TELEMETRY];
}
