import { IsOptional, Length } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { DecimalScalar, JSONScalar } from '../../graphql/scalars';
import { LearningStyle } from '../students/learning-style.enum';
import { EngagementLevel } from '../students/engagement-level.enum';
import { ContactMethod, ReportFrequency } from './profile.enums';

@InputType({ description: "Changes to the signed-in teacher's public profile; absent fields stay as they are." })
export class UpdateTeacherProfileInput {
  @Field(() => [String], { nullable: true, description: 'Subjects taught (array of subject names).' })
  @IsOptional()
  subjects?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Presentation shown to families.' })
  @IsOptional()
  @Length(0, 4000)
  bio?: string | null;

  @Field(() => String, { nullable: true, description: 'Specialties in a sentence.' })
  @IsOptional()
  @Length(0, 1000)
  specialtiesDescription?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Hourly rate online, in dinars.' })
  @IsOptional()
  hourlyRateOnline?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Hourly rate in the centre, in dinars.' })
  @IsOptional()
  hourlyRateInPerson?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Accepts online lessons.' })
  @IsOptional()
  canTeachOnline?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Accepts lessons in the centre.' })
  @IsOptional()
  canTeachInPerson?: boolean;
}

@InputType({ description: "Changes to the signed-in parent's profile and contact preferences." })
export class UpdateParentProfileInput {
  @Field(() => String, { nullable: true, description: 'Profession.' })
  @IsOptional()
  @Length(0, 200)
  profession?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  @IsOptional()
  @Length(0, 500)
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Emergency contact (name and phone).' })
  @IsOptional()
  @Length(0, 200)
  emergencyContact?: string | null;

  @Field(() => ContactMethod, { nullable: true, description: 'Preferred contact method.' })
  @IsOptional()
  preferredContactMethod?: ContactMethod | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Notifications wanted.' })
  @IsOptional()
  notificationPreferences?: unknown;

  @Field(() => ReportFrequency, { nullable: true, description: 'How often to receive progress reports.' })
  @IsOptional()
  reportFrequency?: ReportFrequency | null;
}

@InputType({ description: "Changes to the signed-in student's profile." })
export class UpdateStudentProfileInput {
  @Field(() => String, { nullable: true, description: 'School.' })
  @IsOptional()
  @Length(0, 200)
  school?: string | null;

  @Field(() => [String], { nullable: true, description: 'Baccalauréat specialties (array).' })
  @IsOptional()
  specialties?: string[] | null;

  @Field(() => LearningStyle, { nullable: true, description: 'How the student learns best.' })
  @IsOptional()
  learningStyle?: LearningStyle | null;

  @Field(() => [String], { nullable: true, description: 'Goals (target average, mention, plans).' })
  @IsOptional()
  goals?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Interests.' })
  @IsOptional()
  interests?: string[] | null;

  @Field(() => EngagementLevel, { nullable: true, description: 'Motivation, as the student sees it.' })
  @IsOptional()
  motivationLevel?: EngagementLevel | null;
}
