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
