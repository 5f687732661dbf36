import { registerEnumType } from 'type-graphql';

// Registered as BookingFormat: the contract fixes `enum BookingFormat { ONLINE IN_PERSON }`, and the
// same two values describe bookings, individual and group sessions and enrollment preferences.
export enum LessonFormat {
  ONLINE = 'online',
  IN_PERSON = 'in_person',
}

export enum BookingStatus {
  PENDING = 'pending',
  CONFIRMED = 'confirmed',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
  NO_SHOW = 'no_show',
}

export enum SessionStatus {
  SCHEDULED = 'scheduled',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
  NO_SHOW = 'no_show',
}

registerEnumType(LessonFormat, {
  name: 'BookingFormat',
  description: 'Where a lesson takes place.',
  valuesConfig: {
    ONLINE: { description: 'By video call (meeting URL).' },
    IN_PERSON: { description: 'In one of the centre’s rooms (location).' },
  },
});
registerEnumType(BookingStatus, {
  name: 'BookingStatus',
  description: 'Life cycle of a booking.',
  valuesConfig: {
    PENDING: { description: 'Requested, not yet confirmed by the teacher.' },
    CONFIRMED: { description: 'Confirmed: the lesson will take place.' },
    COMPLETED: { description: 'The lesson took place.' },
    CANCELLED: { description: 'Cancelled before it took place (see cancellationReason).' },
    NO_SHOW: { description: 'The student did not attend.' },
  },
});
registerEnumType(SessionStatus, {
  name: 'SessionStatus',
  description: 'Life cycle of a scheduled individual or group session.',
  valuesConfig: {
    SCHEDULED: { description: 'Planned, not yet held.' },
    COMPLETED: { description: 'Held.' },
    CANCELLED: { description: 'Called off.' },
    NO_SHOW: { description: 'Nobody attended.' },
  },
});

/** What happened to a booking, in a bookingChanged event (values as published: src/graphql/subscriptions/api-events.ts). */
export enum BookingEventKind {
  BOOKED = 'BOOKED',
  CANCELLED = 'CANCELLED',
  RESCHEDULED = 'RESCHEDULED',
  COMPLETED = 'COMPLETED',
  CONFIRMED = 'CONFIRMED',
  DECLINED = 'DECLINED',
  NO_SHOW = 'NO_SHOW',
}

registerEnumType(BookingEventKind, {
  name: 'BookingEventKind',
  description: 'What happened to a booking (bookingChanged).',
  valuesConfig: {
    BOOKED: { description: 'A student (or a parent, or an admin) booked an availability.' },
    CANCELLED: { description: 'The student, a parent, the teacher or an admin cancelled it.' },
    RESCHEDULED: { description: 'It moved to another availability of the same teacher.' },
    COMPLETED: { description: 'The teacher marked the lesson as held.' },
    CONFIRMED: { description: 'The teacher confirmed a PENDING booking.' },
    DECLINED: { description: 'The teacher declined a PENDING booking (its status is CANCELLED).' },
    NO_SHOW: { description: 'The teacher recorded that the student did not come.' },
  },
});
