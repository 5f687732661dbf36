import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { LessonFormat } from './scheduling.enums';

@InputType({ description: 'Book a published availability for a student.' })
export class BookAvailabilityInput {
  @Field(() => ID, { description: 'The availability to book.' })
  availabilityId!: string;

  @Field(() => ID, { description: 'The student who takes the lesson (yourself, or your child).' })
  studentId!: string;

  @Field(() => String, { description: 'Subject of the lesson; one the teacher teaches.' })
  @Length(1, 100)
  subject!: string;

  @Field(() => LessonFormat, { description: 'ONLINE (a meeting URL is created) or IN_PERSON (needs locationId).' })
  format!: LessonFormat;

  @Field(() => ID, { nullable: true, description: 'Room of an IN_PERSON lesson: an active location.' })
  @IsOptional()
  locationId?: string | null;

  @Field(() => String, { nullable: true, description: 'What the student wants to work on.' })
  @IsOptional()
  @Length(1, 200)
  topic?: string | null;
}

@InputType({ description: 'Cancel a booking, with the reason.' })
export class CancelBookingInput {
  @Field(() => ID, { description: 'The booking to cancel.' })
  bookingId!: string;

  @Field(() => String, { description: 'Why the lesson is cancelled (shown to the other side).' })
  @Length(3, 500)
  reason!: string;
}

@InputType({ description: 'One step of a booking’s life taken by its teacher: confirm it, complete it, or record a no-show.' })
export class BookingActionInput {
  @Field(() => ID, { description: 'The booking.' })
  bookingId!: string;
}

// Kept under its own name: clients declare variables of type CompleteBookingInput.
@InputType({ description: 'Mark a lesson as taught.' })
export class CompleteBookingInput extends BookingActionInput {}

@InputType({ description: 'The teacher declines a pending booking, with the reason.' })
export class DeclineBookingInput {
  @Field(() => ID, { description: 'The pending booking to decline.' })
  bookingId!: string;

  @Field(() => String, { description: 'Why the teacher declines (shown to the student and the parents).' })
  @Length(3, 500)
  reason!: string;
}

@InputType({ description: 'Take a free future slot off the list.' })
export class WithdrawAvailabilityInput {
  @Field(() => ID, { description: 'The availability to withdraw: one of yours, free and in the future.' })
  availabilityId!: string;
}

@InputType({ description: 'Publish one slot, or the same slot every week.' })
export class PublishAvailabilityInput {
  @Field(() => DateTimeScalar, { description: 'Start of the (first) slot.' })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the (first) slot: 15 minutes to 4 hours after its start.' })
  endTime!: Date;

  @Field(() => Boolean, { description: 'The slot is for a lesson in the centre (true) or online (false).' })
  isForInPerson!: boolean;

  @Field(() => Int, { defaultValue: 1, description: 'Number of weekly occurrences (1 = a single slot, at most 26).' })
  @IsInt()
  @Min(1)
  @Max(26)
  weeks!: number;
}
