import { GraphQLError } from 'graphql';
import type { SubscriptionLimits } from '../../config/config';

// Active subscriptions per WebSocket connection and per owner (a signed-in user, or the client IP
// of anonymous connections) over all their connections to this instance; open sockets per client
// IP and per instance. Counted in this process: a client connected to two instances may hold the
// limits on each (README, Subscriptions); the counts die with their connections, so nothing is
// left to share.

function refused(limit: string, maximum: number): GraphQLError {
  return new GraphQLError(`At most ${maximum} ${limit}: complete one before subscribing again`, {
    extensions: { code: 'TOO_MANY_REQUESTS', limit, maximum, actual: maximum + 1 },
  });
}

/** Who a subscription counts against: the signed-in user, else the client IP. */
export interface SubscriptionOwner {
  userId: number | null;
  clientAddress: string;
}

function ownerKey(owner: SubscriptionOwner): string {
  return owner.userId !== null ? `user:${owner.userId}` : `ip:${owner.clientAddress}`;
}

export class SubscriptionLimiter {
  private readonly perConnection = new Map<object, { owner: string; ids: Set<string> }>();
  private readonly perOwner = new Map<string, number>();

  constructor(private readonly limits: SubscriptionLimits) {}

  /** Counts subscription `id` of `connection`, or returns the refusal (TOO_MANY_REQUESTS with limit, maximum, actual). */
  admit(connection: object, owner: SubscriptionOwner, id: string): GraphQLError | null {
    const key = ownerKey(owner);
    const entry = this.perConnection.get(connection) ?? { owner: key, ids: new Set<string>() };
    if (entry.ids.size >= this.limits.perConnection) return refused('subscriptions per connection', this.limits.perConnection);
    if ((this.perOwner.get(key) ?? 0) >= this.limits.perUser) {
      return refused(owner.userId !== null ? 'subscriptions per user' : 'subscriptions per client IP', this.limits.perUser);
    }
    entry.ids.add(id);
    this.perConnection.set(connection, entry);
    this.perOwner.set(key, (this.perOwner.get(key) ?? 0) + 1);
    return null;
  }

  /** The subscription ended (completed by either side, or failed). */
  release(connection: object, id: string): void {
    const entry = this.perConnection.get(connection);
    if (!entry?.ids.delete(id)) return;
    const left = (this.perOwner.get(entry.owner) ?? 1) - 1;
    if (left > 0) this.perOwner.set(entry.owner, left);
    else this.perOwner.delete(entry.owner);
  }

  /** The connection closed: all its subscriptions end. */
  releaseConnection(connection: object): void {
    for (const id of [...(this.perConnection.get(connection)?.ids ?? [])]) this.release(connection, id);
    this.perConnection.delete(connection);
  }
}

/** Why a WebSocket upgrade is refused: the limit's name and its maximum. */
export interface SocketRefusal {
  limit: 'sockets per client IP' | 'sockets per instance';
  maximum: number;
}

/** Open WebSocket connections per client IP and on this instance (SUBSCRIPTION_SOCKETS_PER_IP, _MAX). */
export class SocketLimiter {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: SubscriptionLimits) {}

  /** The refusal for one more socket of `clientAddress`, or null. */
  check(clientAddress: string): SocketRefusal | null {
    if (this.total >= this.limits.socketsMax) return { limit: 'sockets per instance', maximum: this.limits.socketsMax };
    if ((this.perAddress.get(clientAddress) ?? 0) >= this.limits.socketsPerIp) return { limit: 'sockets per client IP', maximum: this.limits.socketsPerIp };
    return null;
  }

  opened(clientAddress: string): void {
    this.total += 1;
    this.perAddress.set(clientAddress, (this.perAddress.get(clientAddress) ?? 0) + 1);
  }

  closed(clientAddress: string): void {
    this.total -= 1;
    const left = (this.perAddress.get(clientAddress) ?? 1) - 1;
    if (left > 0) this.perAddress.set(clientAddress, left);
    else this.perAddress.delete(clientAddress);
  }
}
