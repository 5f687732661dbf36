import { Field, ObjectType } from 'type-graphql';
import type { Row } from '../../graphql/loaders/request-loaders';
import { Booking } from './booking.entity';
import { BookingEventKind } from './scheduling.enums';

@ObjectType({ description: 'A change of a booking, as the subscriber may read it (bookingChanged).' })
export class BookingEvent {
  @Field(() => BookingEventKind, { description: 'What happened.' })
  kind!: BookingEventKind;

  @Field(() => Booking, { description: 'The booking after the change, read under the subscriber’s rights when the event arrived.' })
  booking!: Row;
}
