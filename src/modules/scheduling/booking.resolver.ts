import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { Availability } from './availability.entity';
import { BookAvailabilityInput, CancelBookingInput, CompleteBookingInput, PublishAvailabilityInput } from './booking.inputs';
import * as scheduling from './booking.service';
import { Booking } from './booking.entity';

@Resolver()
export class BookingResolver {
  @Mutation(() => [Availability], { description: 'A teacher publishes a slot, or the same slot for several weeks. Overlapping slots are CONFLICT.' })
  publishAvailability(@Arg('input', () => PublishAvailabilityInput) input: PublishAvailabilityInput, @Ctx() context: RequestContext) {
    return scheduling.publishAvailability(context, input);
  }

  @Mutation(() => Booking, {
    description: 'Books an availability for a student (the student, a parent allowed to book, or an admin). A slot already taken, or a time overlapping another booking of the teacher or the student, is CONFLICT.',
  })
  bookAvailability(@Arg('input', () => BookAvailabilityInput) input: BookAvailabilityInput, @Ctx() context: RequestContext) {
    return scheduling.bookAvailability(context, input);
  }

  @Mutation(() => Booking, {
    description: `Cancels a booking and frees its availability. Students and parents may cancel up to ${scheduling.CANCELLATION_CUTOFF_HOURS} hours before the lesson; the teacher and admins until it starts.`,
  })
  cancelBooking(@Arg('input', () => CancelBookingInput) input: CancelBookingInput, @Ctx() context: RequestContext) {
    return scheduling.cancelBooking(context, input);
  }

  @Mutation(() => Booking, { description: 'The teacher marks a lesson that has started as completed; a session report can then be written.' })
  completeBooking(@Arg('input', () => CompleteBookingInput) input: CompleteBookingInput, @Ctx() context: RequestContext) {
    return scheduling.completeBooking(context, input);
  }
}
