import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Max, Min, MinDate, ValidateBy, type ValidationArguments } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { LessonFormat } from '../scheduling/scheduling.enums';

@InputType({ description: 'Plan a meeting of a group.' })
export class PlanGroupSessionInput {
  @Field(() => ID, { description: 'The group that meets.' })
  groupId!: string;

  @Field(() => String, { description: 'Subject of the session.' })
  @Length(1, 100)
  subject!: string;

  @Field(() => DateTimeScalar, { description: 'When the session starts; in the future.' })
  @MinDate(() => new Date(), { message: 'scheduledAt must be in the future' })
  scheduledAt!: Date;

  @Field(() => Int, { description: 'Length of the session in minutes (15 to 480).' })
  @IsInt()
  @Min(15)
  @Max(480)
  durationMinutes!: number;

  @Field(() => LessonFormat, { description: 'ONLINE (a meeting URL is created) or IN_PERSON (in a room).' })
  format!: LessonFormat;

  @Field(() => ID, { nullable: true, description: "Room of an IN_PERSON session, an active location; defaults to the group's room." })
  @IsOptional()
  locationId?: string | null;
}

@InputType({ description: 'Attendance of one student at a group session.' })
export class AttendanceEntryInput {
  @Field(() => ID, { description: 'A student enrolled in the group.' })
  studentId!: string;

  @Field(() => Boolean, { description: 'Whether the student was there.' })
  isPresent!: boolean;

  @Field(() => Int, { nullable: true, description: "The teacher's mark of the student's participation, from 0 to 10." })
  participationScore?: number | null;

  @Field(() => String, { nullable: true, description: 'Notes about this student in this session (at most 2000 characters).' })
  individualNotes?: string | null;
}

/** What is wrong with each entry of the list, naming its index: class-validator reports it on `attendances`. */
export function attendanceProblems(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  const problems: string[] = [];
  (entries as AttendanceEntryInput[]).forEach((entry, index) => {
    const score = entry.participationScore;
    if (score !== null && score !== undefined && !(Number.isInteger(score) && score >= 0 && score <= 10)) {
      problems.push(`attendances[${index}].participationScore must be an integer from 0 to 10`);
    }
    if (typeof entry.individualNotes === 'string' && entry.individualNotes.length > 2000) {
      problems.push(`attendances[${index}].individualNotes must be at most 2000 characters`);
    }
  });
  return problems;
}

function ValidAttendanceEntries(): PropertyDecorator {
  return ValidateBy({
    name: 'validAttendanceEntries',
    validator: {
      validate: (value: unknown) => attendanceProblems(value).length === 0,
      defaultMessage: (args?: ValidationArguments) => attendanceProblems(args?.value).join('; '),
    },
  });
}

@InputType({ description: 'Take (or correct) the attendance of a group session.' })
export class MarkAttendanceInput {
  @Field(() => ID, { description: 'The group session.' })
  sessionId!: string;

  @Field(() => [AttendanceEntryInput], { description: 'One entry per student (1 to 100), each enrolled in the group.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidAttendanceEntries()
  attendances!: AttendanceEntryInput[];
}
