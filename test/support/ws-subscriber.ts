import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

// A graphql-ws client (the protocol's reference client, over the `ws` package: Node 20 has no
// global WebSocket) that records what one subscription receives, for the tests of live updates.

export interface ReceivedError {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface Subscription<T> {
  /** The `data` of every `next` message, in order. */
  events: T[];
  /** Errors of `next` messages and of the `error` message. */
  errors: ReceivedError[];
  /** Resolves when the subscription ends: completed, refused or its connection closed. */
  ended: Promise<void>;
  unsubscribe(): void;
}

export interface Connection {
  client: Client;
  /** Close code and reason once the socket closed. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe<T>(query: string, variables?: Record<string, unknown>): Subscription<T>;
  dispose(): Promise<void>;
}

/** Opens a connection (connection_init with `authorization` when given) and waits for its ack. */
export async function connect(url: string, authorization?: string): Promise<Connection> {
  let closedWith: (value: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  let acknowledged: () => void = () => undefined;
  let refused: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    acknowledged = resolve;
    refused = reject;
  });
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : undefined,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      connected: () => acknowledged(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closedWith({ code, reason: String(reason) });
        refused(new Error(`closed with ${code} ${reason}`));
      },
    },
  });
  await ready;
  return {
    client,
    closed,
    subscribe<T>(query: string, variables: Record<string, unknown> = {}): Subscription<T> {
      const events: T[] = [];
      const errors: ReceivedError[] = [];
      let end: () => void = () => undefined;
      const ended = new Promise<void>((resolve) => (end = resolve));
      const unsubscribe = client.subscribe<T>(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) errors.push(...(result.errors as ReceivedError[]));
            if (result.data) events.push(result.data as T);
          },
          error: (error) => {
            if (Array.isArray(error)) errors.push(...(error as ReceivedError[]));
            else errors.push({ message: String((error as { reason?: string }).reason ?? error), extensions: { closeCode: (error as { code?: number }).code } });
            end();
          },
          complete: () => end(),
        },
      );
      return {
        events,
        errors,
        ended,
        unsubscribe,
      };
    },
    dispose: () => Promise.resolve(client.dispose()),
  };
}
