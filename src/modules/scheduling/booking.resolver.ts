import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { Availability } from './availability.entity';
import * as lifecycle from './booking-lifecycle.service';
import { BookAvailabilityInput, BookingActionInput, CancelBookingInput, CompleteBookingInput, DeclineBookingInput, PublishAvailabilityInput, WithdrawAvailabilityInput } from './booking.inputs';
import * as scheduling from './booking.service';
import { Booking } from './booking.entity';

@Resolver()
export class BookingResolver {
  @Mutation(() => [Availability], {
    description: `A teacher publishes a slot, or the same slot for several weeks. A slot lasts ${scheduling.AVAILABILITY_MINUTES.min} minutes to ${scheduling.AVAILABILITY_MINUTES.max / 60} hours (BAD_USER_INPUT on input.endTime otherwise). Overlapping slots are CONFLICT.`,
  })
  publishAvailability(@Arg('input', () => PublishAvailabilityInput) input: PublishAvailabilityInput, @Ctx() context: RequestContext) {
    return scheduling.publishAvailability(context, input);
  }

  @Mutation(() => Availability, {
    description:
      'The teacher who published a free future slot (or an admin) takes it off the list; returns the slot as it was. A booked slot is CONFLICT (cancel the booking first), so is one that has started; someone else’s is FORBIDDEN.',
  })
  withdrawAvailability(@Arg('input', () => WithdrawAvailabilityInput) input: WithdrawAvailabilityInput, @Ctx() context: RequestContext) {
    return scheduling.withdrawAvailability(context, input);
  }

  @Mutation(() => Booking, {
    description:
      'Books an availability for a student (the student, a parent allowed to book, or an admin). A booking by the student or a parent is PENDING until the teacher confirms it (confirmBooking) or declines it; one an admin makes is CONFIRMED. An ONLINE booking gets a meetingUrl and a meetingPassword. A slot already taken, a time overlapping another lesson of the teacher or a booking of the student, or a full room, is CONFLICT.',
  })
  bookAvailability(@Arg('input', () => BookAvailabilityInput) input: BookAvailabilityInput, @Ctx() context: RequestContext) {
    return scheduling.bookAvailability(context, input);
  }

  @Mutation(() => Booking, {
    description: `Cancels a booking, frees its availability and removes its meeting link and passcode. Students and parents may cancel up to ${scheduling.CANCELLATION_CUTOFF_HOURS} hours before the lesson; the teacher and admins until it starts.`,
  })
  cancelBooking(@Arg('input', () => CancelBookingInput) input: CancelBookingInput, @Ctx() context: RequestContext) {
    return scheduling.cancelBooking(context, input);
  }

  @Mutation(() => Booking, { description: 'The teacher (or an admin) confirms a PENDING booking before it starts; any other status is CONFLICT.' })
  confirmBooking(@Arg('input', () => BookingActionInput) input: BookingActionInput, @Ctx() context: RequestContext) {
    return lifecycle.confirmBooking(context, input);
  }

  @Mutation(() => Booking, {
    description: 'The teacher (or an admin) declines a PENDING booking: it is CANCELLED with the reason, its slot is free again and its meeting link removed. Any other status is CONFLICT.',
  })
  declineBooking(@Arg('input', () => DeclineBookingInput) input: DeclineBookingInput, @Ctx() context: RequestContext) {
    return lifecycle.declineBooking(context, input);
  }

  @Mutation(() => Booking, { description: 'The teacher (or an admin) marks a CONFIRMED lesson that has started as completed; a session report can then be written.' })
  completeBooking(@Arg('input', () => CompleteBookingInput) input: CompleteBookingInput, @Ctx() context: RequestContext) {
    return lifecycle.completeBooking(context, input);
  }

  @Mutation(() => Booking, { description: 'The teacher (or an admin) records that the student did not come to a CONFIRMED lesson that has started (status NO_SHOW).' })
  markNoShow(@Arg('input', () => BookingActionInput) input: BookingActionInput, @Ctx() context: RequestContext) {
    return lifecycle.markNoShow(context, input);
  }
}
