import { GraphQLError } from 'graphql';
import type { SubscriptionLimits } from '../../config/config';

// Active subscriptions per WebSocket connection and per signed-in user (all their connections to
// this instance). Counted in this process: a user connected to two instances may hold the limit on
// each (README, Subscriptions); the counts die with their connections, so nothing is left to share.

function refused(limit: string, maximum: number): GraphQLError {
  return new GraphQLError(`At most ${maximum} ${limit}: complete one before subscribing again`, {
    extensions: { code: 'TOO_MANY_REQUESTS', limit, maximum, actual: maximum + 1 },
  });
}

export class SubscriptionLimiter {
  private readonly perConnection = new Map<object, { userId: number | null; ids: Set<string> }>();
  private readonly perUser = new Map<number, number>();

  constructor(private readonly limits: SubscriptionLimits) {}

  /** Counts subscription `id` of `connection`, or returns the refusal (TOO_MANY_REQUESTS with limit, maximum, actual). */
  admit(connection: object, userId: number | null, id: string): GraphQLError | null {
    const entry = this.perConnection.get(connection) ?? { userId, ids: new Set<string>() };
    if (entry.ids.size >= this.limits.perConnection) return refused('subscriptions per connection', this.limits.perConnection);
    if (userId !== null && (this.perUser.get(userId) ?? 0) >= this.limits.perUser) return refused('subscriptions per user', this.limits.perUser);
    entry.ids.add(id);
    this.perConnection.set(connection, entry);
    if (userId !== null) this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    return null;
  }

  /** The subscription ended (completed by either side, or failed). */
  release(connection: object, id: string): void {
    const entry = this.perConnection.get(connection);
    if (!entry?.ids.delete(id)) return;
    if (entry.userId !== null) {
      const left = (this.perUser.get(entry.userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(entry.userId, left);
      else this.perUser.delete(entry.userId);
    }
  }

  /** The connection closed: all its subscriptions end. */
  releaseConnection(connection: object): void {
    for (const id of [...(this.perConnection.get(connection)?.ids ?? [])]) this.release(connection, id);
    this.perConnection.delete(connection);
  }
}
