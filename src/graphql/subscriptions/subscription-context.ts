import { isDatabaseUnavailable } from '../../db/database-availability';
import { TimeoutError, UnauthenticatedError } from '../errors/domain-error';
import type { RequestContext } from '../context';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition } from '../model-registry';
import type { FanOut } from './event-fan-out';

// The context of one subscription: a RequestContext (same loaders, same row policies as queries)
// built from the connection_init payload's token, plus who subscribed. Every event is checked
// afresh: the viewer is read again (a session logged out, expired or revoked ends the connection,
// a lost link or teaching relationship hides the row) and the row is read through the loaders
// under the subscriber's own scope.

/** The WebSocket connection a subscription runs on. */
export interface Subscriber {
  /** users.id of the connection_init token, or null for an anonymous connection. */
  userId: number | null;
  /** Closes the connection (4403 Forbidden): its session ended. */
  endSession(): void;
}

export interface SubscriptionContext extends RequestContext {
  subscriber: Subscriber;
  /** The instance's bounded queue for the reads of an event (event-fan-out.ts). */
  fanOut: FanOut;
  /** A transient failure of the last event's read, sent as that event's error (event-fan-out.ts). */
  readFailure: Error | null;
}

/** The subscriber's user id; UNAUTHENTICATED for an anonymous connection. */
export function signedInSubscriber(context: SubscriptionContext): number {
  if (context.subscriber.userId === null) {
    throw new UnauthenticatedError('This subscription needs a signed-in user: send { authorization: "Bearer <sessionToken>" } in connection_init');
  }
  return context.subscriber.userId;
}

/**
 * The row `id` of `model` as the subscriber may read it now, or null (not readable, gone, or the
 * session ended, in which case the connection is closed). Loaders and viewer are renewed first,
 * so each event is read under the rights of the moment; the row stays cached for the event's
 * resolvers.
 */
export async function readForSubscriber(context: SubscriptionContext, model: ModelDefinition, id: number): Promise<Row | null> {
  context.forgetViewer();
  if (context.subscriber.userId !== null) {
    try {
      await context.viewer();
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      context.subscriber.endSession();
      return null;
    }
  }
  return context.loaders.rowBy(model, 'id').load(id);
}

/** A failure after which the same read may succeed a little later: pool wait, statement timeout, outage. */
function isTransient(error: unknown): boolean {
  return error instanceof TimeoutError || isDatabaseUnavailable(error);
}

/**
 * A subscription filter's read: may the subscriber read row `id` of `model` now? Queued in the
 * instance's fan-out. A transient failure (TimeoutError, database unavailable) lets the event
 * through with `readFailure` set, so the subscriber gets TIMEOUT or SERVICE_UNAVAILABLE for it
 * and stays subscribed; any other error is thrown.
 */
export async function subscriberMayRead(context: SubscriptionContext, model: ModelDefinition, id: number): Promise<boolean> {
  try {
    return (await context.fanOut(() => readForSubscriber(context, model, id))) !== null;
  } catch (error) {
    if (!isTransient(error)) throw error;
    context.readFailure = error as Error;
    return true;
  }
}
