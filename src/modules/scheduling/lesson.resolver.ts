import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { Booking } from './booking.entity';
import { CANCELLATION_CUTOFF_HOURS } from './booking.service';
import { RescheduleBookingInput, UpdateSessionReportInput, WriteSessionReportInput } from './lesson.inputs';
import * as lessons from './lesson.service';
import { SessionReport } from './session-report.entity';

@Resolver()
export class LessonResolver {
  @Mutation(() => SessionReport, {
    description: 'The teacher of a completed lesson writes its report; a booking has one report at most (a second one is CONFLICT).',
  })
  writeSessionReport(@Arg('input', () => WriteSessionReportInput) input: WriteSessionReportInput, @Ctx() context: RequestContext) {
    return lessons.writeSessionReport(context, input);
  }

  @Mutation(() => SessionReport, {
    description: 'The teacher who wrote a session report changes it (absent fields stay as they are); anyone else is FORBIDDEN.',
  })
  updateSessionReport(@Arg('input', () => UpdateSessionReportInput) input: UpdateSessionReportInput, @Ctx() context: RequestContext) {
    return lessons.updateSessionReport(context, input);
  }

  @Mutation(() => Booking, {
    description: `Moves a pending or confirmed booking to another free availability of the same teacher, freeing the old one; the lesson keeps its length from the new slot's start (a shorter slot is BAD_USER_INPUT). Students and parents allowed to book may do it up to ${CANCELLATION_CUTOFF_HOURS} hours before the lesson; the teacher and admins until it starts. A taken slot, or a time overlapping another booking, is CONFLICT.`,
  })
  rescheduleBooking(@Arg('input', () => RescheduleBookingInput) input: RescheduleBookingInput, @Ctx() context: RequestContext) {
    return lessons.rescheduleBooking(context, input);
  }
}
