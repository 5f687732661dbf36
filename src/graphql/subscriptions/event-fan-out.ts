import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import pLimit from 'p-limit';
import type { SubscriptionContext } from './subscription-context';

// Event fan-out: one event wakes every subscriber of its topic, and each reads its row again and
// runs its selection under its own rights. Unbounded, a few hundred subscribers take every pool
// connection at once and HTTP requests time out waiting for one (OWASP API4:2023, Unrestricted
// Resource Consumption). So the re-reads of this instance (the filter's read and the execution of
// the selection) run through one p-limit queue, at most half the pool at a time; the rest of the
// pool stays free for HTTP. Events wait in the queue (in memory: bounded by the socket and
// subscription limits), none is dropped.

/** Runs one subscriber's work for an event, within the instance's concurrency bound. */
export type FanOut = <T>(task: () => Promise<T>) => Promise<T>;

/** A fan-out running at most `max(1, floor(poolSize / 2))` tasks at once. */
export function createFanOut(poolSize: number): FanOut {
  const limit = pLimit(Math.max(1, Math.floor(poolSize / 2)));
  return (task) => limit(task);
}

/** The result sent for an event whose re-read failed for a transient reason (TIMEOUT, SERVICE_UNAVAILABLE once formatted). */
function failedRead(failure: Error): ExecutionResult {
  return { errors: [new GraphQLError(failure.message, { originalError: failure })] };
}

/**
 * graphql-ws's `subscribe`: graphql-js's own (source stream, then `execute` per event with the
 * event as root value), with each execution queued in `fanOut`. A transient failure of the
 * filter's read (left on the context by subscriberMayRead) is sent as that event's error; the
 * subscription goes on.
 */
export async function subscribeWithFanOut(args: ExecutionArgs, fanOut: FanOut): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  const context = args.contextValue as SubscriptionContext;
  const run = (event: unknown): Promise<ExecutionResult> => {
    const failure = context.readFailure;
    if (failure) {
      context.readFailure = null;
      return Promise.resolve(failedRead(failure));
    }
    return fanOut(async () => execute({ ...args, rootValue: event }));
  };
  const done = (): Promise<IteratorResult<ExecutionResult>> => Promise.resolve({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const next = await source.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: await run(next.value) };
    },
    return: () => (source.return ? source.return().then(done) : done()),
    throw: (error: unknown) => (source.throw ? source.throw(error).then(done) : Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
