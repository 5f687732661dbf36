import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { parseId } from '../../graphql/filters/id-argument';
import { AVAILABILITY_CHANGED, BOOKING_CHANGED, type AvailabilityChangedPayload, type BookingChangedPayload } from '../../graphql/subscriptions/api-events';
import { signedInSubscriber, type SubscriptionContext } from '../../graphql/subscriptions/subscription-context';
import { Availability } from './availability.entity';
import { BookingEvent } from './booking-event.type';
import * as events from './booking-events.service';

@Resolver()
export class BookingSubscriptionResolver {
  @Subscription(() => BookingEvent, {
    description:
      'Every change of a booking the signed-in user may read (their own, their confirmed children’s, those of the students they teach; an admin all), optionally narrowed to one teacher or student. Each event is read under the subscriber’s rights when it arrives: a booking they may no longer read is not sent. UNAUTHENTICATED on an anonymous connection.',
    topics: ({ args, context }) => {
      signedInSubscriber(context as SubscriptionContext);
      if (args.teacherId != null) parseId(args.teacherId, 'teacherId');
      if (args.studentId != null) parseId(args.studentId, 'studentId');
      return BOOKING_CHANGED;
    },
    filter: ({ payload, args, context }) => events.acceptsBookingEvent(context as SubscriptionContext, payload as BookingChangedPayload, args),
  })
  bookingChanged(
    @Root() event: BookingChangedPayload,
    @Arg('teacherId', () => ID, { nullable: true, description: 'Only the bookings of this teacher.' }) _teacherId: string | null,
    @Arg('studentId', () => ID, { nullable: true, description: 'Only the bookings of this student.' }) _studentId: string | null,
    @Ctx() context: SubscriptionContext,
  ) {
    return events.bookingEventOf(context, event);
  }

  @Subscription(() => Availability, {
    description:
      'Slots of a teacher that become free to book: newly published, or freed by a cancellation, a decline or a reschedule (the slot the booking left). Public (no sign-in needed), under the same rights as the availabilities list.',
    topics: AVAILABILITY_CHANGED,
    topicId: ({ args }) => parseId(args.teacherId, 'teacherId'),
    filter: ({ payload, context }) => events.acceptsAvailabilityEvent(context as SubscriptionContext, payload as AvailabilityChangedPayload),
  })
  availabilityChanged(
    @Root() event: AvailabilityChangedPayload,
    @Arg('teacherId', () => ID, { description: 'The teacher whose slots to follow.' }) _teacherId: string,
    @Ctx() context: SubscriptionContext,
  ) {
    return events.availabilityOf(context, event);
  }
}
