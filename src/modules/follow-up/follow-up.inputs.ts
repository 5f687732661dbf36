import { ArrayMaxSize, IsInt, IsOptional, Length, Max, MaxDate, Min, MinDate, ValidateBy } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { MessagePriority } from './follow-up.enums';

/** Today at 00:00 UTC: Date scalars are parsed to UTC midnights. */
function startOfToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function IsMonday(): PropertyDecorator {
  return ValidateBy({
    name: 'isMonday',
    validator: {
      validate: (value: unknown) => value instanceof Date && value.getUTCDay() === 1,
      defaultMessage: () => 'weekStartDate must be a Monday',
    },
  });
}

@InputType({ description: 'Set an objective for a student.' })
export class CreateObjectiveInput {
  @Field(() => ID, { description: 'The student (yourself, or a student you teach).' })
  studentId!: string;

  @Field(() => String, { description: 'Subject of the objective.' })
  @Length(1, 100)
  subject!: string;

  @Field(() => String, { description: 'The objective (1 to 2000 characters).' })
  @Length(1, 2000)
  objectiveText!: string;

  @Field(() => DateScalar, { description: 'Day by which the objective should be reached: today or later.' })
  @MinDate(startOfToday, { message: 'targetDate must be today or later' })
  targetDate!: Date;

  @Field(() => Int, { defaultValue: 0, description: 'Progress so far, from 0 to 100 percent; 100 means achieved.' })
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercentage!: number;
}

@InputType({ description: 'Record the progress towards an objective.' })
export class UpdateObjectiveProgressInput {
  @Field(() => ID, { description: 'The objective.' })
  objectiveId!: string;

  @Field(() => Int, { description: 'Progress from 0 to 100 percent; 100 marks the objective achieved (today).' })
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercentage!: number;
}

@InputType({ description: "Build a student's report of one week from the week's data, and send it to the parents." })
export class SendWeeklyReportInput {
  @Field(() => ID, { description: 'The student (one you teach, or any for an admin).' })
  studentId!: string;

  @Field(() => DateScalar, { description: 'Monday of the week reported on; a week that has begun.' })
  @IsMonday()
  @MaxDate(() => new Date(), { message: 'weekStartDate must be the Monday of a week that has begun' })
  weekStartDate!: Date;

  @Field(() => String, { nullable: true, description: 'Your comment on the week (at most 5000 characters).' })
  @IsOptional()
  @Length(1, 5000)
  teacherComments?: string | null;

  @Field(() => [String], { nullable: true, description: 'Objectives for the coming week (at most 20, each 1 to 300 characters).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Length(1, 300, { each: true })
  nextWeekObjectives?: string[] | null;
}

@InputType({ description: "A message about a student: from a parent to one of the child's teachers, or from a teacher to a parent of the student." })
export class SendParentMessageInput {
  @Field(() => ID, { description: 'The student the message is about.' })
  studentId!: string;

  @Field(() => ID, { description: 'The recipient: the user account of a teacher of the student, or of a parent of the student.' })
  recipientUserId!: string;

  @Field(() => String, { description: 'Subject line (1 to 200 characters).' })
  @Length(1, 200)
  subject!: string;

  @Field(() => String, { description: 'Body of the message (1 to 5000 characters).' })
  @Length(1, 5000)
  message!: string;

  @Field(() => MessagePriority, { defaultValue: MessagePriority.NORMAL, description: 'How urgently the message should be read.' })
  priority!: MessagePriority;
}

@InputType({ description: 'Mark a message you received as read.' })
export class MarkMessageReadInput {
  @Field(() => ID, { description: 'The message.' })
  messageId!: string;
}
