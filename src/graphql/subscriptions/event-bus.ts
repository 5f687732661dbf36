import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from 'type-graphql';
import type { ApiEvent } from './api-events';

// The type-graphql PubSub of this process (buildSchema's `pubSub`, what `@Subscription({ topics })`
// subscribes to): GraphQL Yoga's in-process pub/sub, the one type-graphql's documentation uses.
// Only notification-listener.ts publishes to it, with the events PostgreSQL delivered after their
// transaction committed; nothing is published here directly, so every instance (this one included)
// sees the same events, once, and only committed ones.

const pubSub = createPubSub();

/** The PubSub handed to type-graphql's buildSchema. */
export const subscriptionPubSub: PubSub = {
  publish: (routingKey, ...args) => pubSub.publish(routingKey, ...(args as [number | string, unknown])),
  subscribe: (routingKey, dynamicId) =>
    dynamicId === undefined ? pubSub.subscribe(routingKey) : pubSub.subscribe(routingKey, dynamicId as number | string),
};

/** Hands one committed event to this process's subscribers of its topic (and id). */
export function deliverEvent(event: ApiEvent): void {
  if (event.id === null) pubSub.publish(event.topic, event.payload);
  else pubSub.publish(event.topic, event.id, event.payload);
}
