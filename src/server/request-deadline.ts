import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * The end of one HTTP request as an AbortSignal: aborted `timeoutMs` after the request started
 * (REQUEST_TIMEOUT_MS, reason "deadline") or when the client goes away before its answer is
 * written (reason "disconnect"). The request's SQL client cancels its statements on it
 * (src/db/statement-guard.ts).
 */
export function requestEndSignal(response: ServerResponse, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  // One listener per statement in flight (each removed when it ends); a wide request has more than
  // Node's default warning threshold of 10 at once.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort('deadline'), timeoutMs);
  response.once('close', () => {
    clearTimeout(timer);
    if (!response.writableFinished) controller.abort('disconnect');
  });
  return controller.signal;
}
