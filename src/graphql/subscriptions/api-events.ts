import type { EntityManager } from 'typeorm';

// The events live updates are made of. A mutation publishes them inside its own transaction with
// pg_notify, so PostgreSQL delivers them when (and only if) the transaction commits, to every
// instance LISTENing on the channel (notification-listener.ts). Payloads carry ids only: each
// subscriber reads the row again under its own row policies (subscriber-read.ts), so a payload
// never carries data someone may not read, and stays far below NOTIFY's 8,000-byte limit.

/** The PostgreSQL channel (LISTEN / NOTIFY) every instance listens on. */
export const EVENTS_CHANNEL = 'nexus_api_events';

export const BOOKING_CHANGED = 'BOOKING_CHANGED';
export const MESSAGE_RECEIVED = 'MESSAGE_RECEIVED';
export const AVAILABILITY_CHANGED = 'AVAILABILITY_CHANGED';

/** What happened to a booking (BookingEventKind in the schema, scheduling.enums.ts). */
export type BookingChangeKind = 'BOOKED' | 'CANCELLED' | 'RESCHEDULED' | 'COMPLETED' | 'CONFIRMED' | 'DECLINED' | 'NO_SHOW';

export interface BookingChangedPayload {
  kind: BookingChangeKind;
  bookingId: number;
  teacherId: number;
  studentId: number;
}

export interface MessageReceivedPayload {
  messageId: number;
}

export interface AvailabilityChangedPayload {
  availabilityId: number;
}

/**
 * One event: its topic, the id that narrows the topic (routed as `topic:id` by the in-process
 * PubSub, so only the subscribers of that recipient or teacher are woken), and its payload.
 */
export type ApiEvent =
  | { topic: typeof BOOKING_CHANGED; id: null; payload: BookingChangedPayload }
  | { topic: typeof MESSAGE_RECEIVED; id: number; payload: MessageReceivedPayload }
  | { topic: typeof AVAILABILITY_CHANGED; id: number; payload: AvailabilityChangedPayload };

/**
 * Queues events in the transaction of `manager` (pg_notify): delivered to every instance on
 * commit, dropped on rollback. One statement for all the events.
 */
export async function publishEvents(manager: EntityManager, events: ApiEvent[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query(`SELECT pg_notify($1, event) FROM unnest($2::text[]) AS event`, [EVENTS_CHANNEL, events.map((event) => JSON.stringify(event))]);
}

const TOPICS: ReadonlySet<string> = new Set([BOOKING_CHANGED, MESSAGE_RECEIVED, AVAILABILITY_CHANGED]);

/** A notification's text back to an event; null for anything else (another writer on the channel). */
export function parseEvent(text: string): ApiEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const event = value as Partial<ApiEvent> | null;
  if (!event || typeof event.topic !== 'string' || !TOPICS.has(event.topic) || typeof event.payload !== 'object' || event.payload === null) return null;
  if (event.id !== null && !Number.isSafeInteger(event.id)) return null;
  return event as ApiEvent;
}
