import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeScalar, DecimalScalar, JSONScalar } from '../../graphql/scalars';
import { GradeLevel } from '../curriculum/grade-level.enum';
import { FormulaType } from './formula-type.enum';

@InputType({ description: 'A new formula of the catalogue.' })
export class CreateFormulaInput {
  @Field(() => String, { description: 'Name shown to families.' })
  @Length(2, 120)
  name!: string;

  @Field(() => FormulaType, { description: 'Kind of formula.' })
  type!: FormulaType;

  @Field(() => GradeLevel, { description: 'Lycée year it is for.' })
  level!: GradeLevel;

  @Field(() => DecimalScalar, { description: 'Monthly price in dinars, such as "180.000".' })
  priceDt!: string;

  @Field(() => Int, { description: 'Hours of lessons per month.' })
  @IsInt()
  @Min(1)
  @Max(200)
  hoursPerMonth!: number;

  @Field(() => Int, { nullable: true, description: 'Largest group size, for group formulas.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  maxStudents?: number | null;

  @Field(() => String, { nullable: true, description: 'Description for families.' })
  @IsOptional()
  @Length(0, 4000)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'What the formula includes (array of strings).' })
  @IsOptional()
  features?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Available online.' })
  @IsOptional()
  supportsOnline?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Available in the centre.' })
  @IsOptional()
  supportsInPerson?: boolean | null;
}

@InputType({ description: 'Changes to a formula; absent fields stay as they are.' })
export class UpdateFormulaInput {
  @Field(() => ID, { description: 'The formula to change.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Name shown to families.' })
  @IsOptional()
  @Length(2, 120)
  name?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Monthly price in dinars.' })
  @IsOptional()
  priceDt?: string;

  @Field(() => Int, { nullable: true, description: 'Hours of lessons per month.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  hoursPerMonth?: number;

  @Field(() => String, { nullable: true, description: 'Description for families.' })
  @IsOptional()
  @Length(0, 4000)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'What the formula includes.' })
  @IsOptional()
  features?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Available online.' })
  @IsOptional()
  supportsOnline?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Available in the centre.' })
  @IsOptional()
  supportsInPerson?: boolean;
}

@InputType({ description: 'A new room of the centre.' })
export class CreateLocationInput {
  @Field(() => String, { description: 'Name of the room.' })
  @Length(2, 120)
  name!: string;

  @Field(() => Int, { description: 'Seats (at least 1).' })
  @IsInt()
  @Min(1)
  @Max(500)
  capacity!: number;

  @Field(() => String, { nullable: true, description: 'Street address.' })
  @IsOptional()
  @Length(0, 300)
  address?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Equipment (array of strings).' })
  @IsOptional()
  equipment?: unknown;
}

@InputType({ description: 'Changes to a room; absent fields stay as they are.' })
export class UpdateLocationInput {
  @Field(() => ID, { description: 'The room to change.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Name of the room.' })
  @IsOptional()
  @Length(2, 120)
  name?: string;

  @Field(() => Int, { nullable: true, description: 'Seats (at least 1).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  capacity?: number;

  @Field(() => Boolean, { nullable: true, description: 'false closes the room to new in-person bookings.' })
  @IsOptional()
  isActive?: boolean;
}

@InputType({ description: 'A time range, and the seats needed, to find rooms that are free then.' })
export class FreeLocationsInput {
  @Field(() => DateTimeScalar, { description: 'Start of the range.' })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the range: after its start, at most 12 hours later.' })
  endTime!: Date;

  @Field(() => Int, { defaultValue: 1, description: 'Seats needed for the whole range (1 for a one-to-one lesson, the group’s places for a group session; 1 to 200).' })
  @IsInt()
  @Min(1)
  @Max(200)
  seats!: number;
}
