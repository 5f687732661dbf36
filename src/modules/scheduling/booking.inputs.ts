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

@InputType({ description: 'Mark a lesson as taught.' })
export class CompleteBookingInput {
  @Field(() => ID, { description: 'The booking that took place.' })
  bookingId!: string;
}

@InputType({ description: 'Publish one slot, or the same slot every week.' })
export class PublishAvailabilityInput {
  @Field(() => DateTimeScalar, { description: 'Start of the (first) slot.' })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the (first) slot, after its start.' })
  endTime!: Date;

  @Field(() => Boolean, { description: 'The slot is for a lesson in the centre (true) or online (false).' })
  isForInPerson!: boolean;

  @Field(() => Int, { defaultValue: 1, description: 'Number of weekly occurrences (1 = a single slot, at most 26).' })
  @IsInt()
  @Min(1)
  @Max(26)
  weeks!: number;
}
