import { UnauthenticatedError } from '../errors/domain-error';
import type { RequestContext } from '../context';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition } from '../model-registry';

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
