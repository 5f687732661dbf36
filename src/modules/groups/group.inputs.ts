import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { JSONScalar } from '../../graphql/scalars';
import { GradeLevel } from '../curriculum/grade-level.enum';

@InputType({ description: 'A new teaching group.' })
export class CreateGroupInput {
  @Field(() => String, { description: 'Name of the group.' })
  @Length(2, 120)
  name!: string;

  @Field(() => String, { description: 'Subject taught.' })
  @Length(1, 100)
  subject!: string;

  @Field(() => GradeLevel, { description: 'Lycée year.' })
  level!: GradeLevel;

  @Field(() => Int, { description: 'Places (at least 1).' })
  @IsInt()
  @Min(1)
  @Max(60)
  maxStudents!: number;

  @Field(() => ID, { description: 'The teacher of the group.' })
  teacherId!: string;

  @Field(() => ID, { nullable: true, description: 'The room it usually meets in.' })
  @IsOptional()
  defaultLocationId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Students may follow online.' })
  @IsOptional()
  supportsOnline?: boolean | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Weekly schedule (e.g. [{"day": "wednesday", "start": "14:00"}]).' })
  @IsOptional()
  schedule?: unknown;
}

@InputType({ description: 'Changes to a group; absent fields stay as they are.' })
export class UpdateGroupInput {
  @Field(() => ID, { description: 'The group to change.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Name of the group.' })
  @IsOptional()
  @Length(2, 120)
  name?: string;

  @Field(() => Int, { nullable: true, description: 'Places; never fewer than the students enrolled.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  maxStudents?: number;

  @Field(() => ID, { nullable: true, description: 'A new teacher for the group.' })
  @IsOptional()
  teacherId?: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Weekly schedule.' })
  @IsOptional()
  schedule?: unknown;
}
