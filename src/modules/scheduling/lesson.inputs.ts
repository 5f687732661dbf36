import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EngagementLevel } from '../students/engagement-level.enum';

/**
 * The optional parts of a session report, the same when it is written and when it is changed.
 * Its fields are inherited by the two inputs that extend it (type-graphql inheritance); the
 * schema only holds the types the resolvers use, so this one never appears in it.
 */
@InputType({ description: 'The optional parts of a session report.' })
abstract class SessionReportDetailsInput {
  @Field(() => EngagementLevel, { nullable: true, description: 'How actively the student took part.' })
  @IsOptional()
  participationLevel?: EngagementLevel | null;

  @Field(() => EngagementLevel, { nullable: true, description: 'How well the student understood the material.' })
  @IsOptional()
  comprehensionLevel?: EngagementLevel | null;

  @Field(() => String, { nullable: true, description: "The teacher's notes on the lesson (at most 5000 characters)." })
  @IsOptional()
  @MaxLength(5000)
  teacherNotes?: string | null;

  @Field(() => String, { nullable: true, description: 'Homework set for the next lesson (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000)
  homeworkAssigned?: string | null;

  @Field(() => String, { nullable: true, description: 'What the next lesson should cover (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000)
  nextSessionRecommendations?: string | null;
}

@InputType({ description: 'The report of a completed lesson, written by its teacher (one per booking).' })
export class WriteSessionReportInput extends SessionReportDetailsInput {
  @Field(() => ID, { description: 'The completed booking reported on.' })
  bookingId!: string;

  @Field(() => [String], { description: 'Topics covered during the lesson (1 to 20, each 1 to 200 characters).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Length(1, 200, { each: true })
  topicsCovered!: string[];

  @Field(() => Int, { description: "The teacher's mark of the student's work during the lesson, from 1 to 5." })
  @IsInt()
  @Min(1)
  @Max(5)
  studentPerformance!: number;

  @Field(() => Boolean, { defaultValue: false, description: 'Ask the parents to react to this report.' })
  parentFeedbackRequested!: boolean;
}

@InputType({ description: 'Move a confirmed booking to another free availability of the same teacher.' })
export class RescheduleBookingInput {
  @Field(() => ID, { description: 'The confirmed booking to move.' })
  bookingId!: string;

  @Field(() => ID, { description: 'The free availability of the same teacher that the lesson moves to.' })
  availabilityId!: string;
}

@InputType({ description: 'Changes to a session report by the teacher who wrote it; absent fields stay as they are, null clears an optional one.' })
export class UpdateSessionReportInput extends SessionReportDetailsInput {
  @Field(() => ID, { description: 'The report to change.' })
  sessionReportId!: string;

  @Field(() => [String], { nullable: true, description: 'Topics covered during the lesson (1 to 20, each 1 to 200 characters).' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Length(1, 200, { each: true })
  topicsCovered?: string[];

  @Field(() => Int, { nullable: true, description: "The teacher's mark of the student's work during the lesson, from 1 to 5." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  studentPerformance?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Ask the parents to react to this report.' })
  @IsOptional()
  parentFeedbackRequested?: boolean | null;
}
