import { Field, Float, ID, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TeacherProfilePrivate } from '../../graphql/authorization/field-masks';
import { DateScalar, DateTimeScalar, DecimalScalar, JSONScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';
import { TEXT_COLLATION } from '../../db/text-collation';
import { Searchable } from '../../graphql/search/searchable';

@ObjectType('TeacherProfile', { description: 'Qualifications, rates and teaching record of a user account with the teacher role.' })
@Entity({ name: 'teacher_profiles' })
@Check(
  'chk_teacher_profiles_hourly_rates',
  '("hourly_rate_online" IS NULL OR "hourly_rate_online" >= 0) AND ("hourly_rate_in_person" IS NULL OR "hourly_rate_in_person" >= 0) AND ("hourly_rate_group" IS NULL OR "hourly_rate_group" >= 0)',
)
@Check('chk_teacher_profiles_rating', '"rating" IS NULL OR "rating" BETWEEN 0 AND 5')
@Check('chk_teacher_profiles_experience_years', '"experience_years" IS NULL OR "experience_years" >= 0')
@Check('chk_teacher_profiles_max_hours_per_week', '"max_hours_per_week" IS NULL OR "max_hours_per_week" > 0')
@Check(
  'chk_teacher_profiles_counters',
  '("total_reviews" IS NULL OR "total_reviews" >= 0) AND ("total_hours_taught" IS NULL OR "total_hours_taught" >= 0)',
)
@Index('idx_teacher_profiles_created_at', ['createdAt', 'id'])
@Index('idx_teacher_profiles_updated_at', ['updatedAt', 'id'])
@Searchable({ index: 'idx_teacher_profiles_search', weights: { A: ['subjects'], B: ['specialtiesDescription'], C: ['bio'] } })
export class TeacherProfile {
  @Field(() => ID, { description: 'Unique identifier of the profile.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  // Unique through the one-to-one relation below (constraint uq_teacher_profiles_user_id).
  @Field(() => ID, { description: 'The teacher account this profile belongs to (one profile per account).' })
  @Column({ type: 'integer' })
  userId!: number;

  @Field(() => [String], { description: 'Subjects the teacher teaches (array, e.g. ["Mathématiques", "NSI"]).' })
  @Column({ type: 'jsonb' })
  subjects!: unknown;

  @Field(() => [String], { nullable: true, description: 'Diplomas and certifications (agrégation, CAPES, master...).' })
  @Column({ type: 'jsonb', nullable: true })
  qualifications!: unknown;

  @Field(() => Int, { nullable: true, description: 'Years of teaching experience.' })
  @Column({ type: 'integer', nullable: true })
  experienceYears!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Certified by the AEFE (Agence pour l’enseignement français à l’étranger).' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isAefeCertified!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Holds the DIU "Enseigner l’informatique au lycée", required to teach NSI.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isNsiDiu!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Accepts online lessons.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  canTeachOnline!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Accepts lessons in the centre.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  canTeachInPerson!: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Formats the teacher prefers (individual, group, online...).' })
  @Column({ type: 'jsonb', nullable: true })
  preferredFormats!: unknown;

  @Field(() => DecimalScalar, { nullable: true, description: 'Hourly rate of an individual online lesson, in Tunisian dinars.' })
  @Column({ type: 'numeric', precision: 12, scale: 3, nullable: true })
  hourlyRateOnline!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Hourly rate of an individual lesson in the centre, in Tunisian dinars.' })
  @Column({ type: 'numeric', precision: 12, scale: 3, nullable: true })
  hourlyRateInPerson!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Hourly rate of a group lesson, in Tunisian dinars.' })
  @Column({ type: 'numeric', precision: 12, scale: 3, nullable: true })
  hourlyRateGroup!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Usual weekly availability (day → time ranges), used to suggest slots.' })
  @UseMiddleware(TeacherProfilePrivate)
  @Column({ type: 'jsonb', nullable: true })
  defaultAvailability!: unknown;

  @Field(() => Int, { nullable: true, description: 'Most hours the teacher wants to teach in a week.' })
  @UseMiddleware(TeacherProfilePrivate)
  @Column({ type: 'integer', nullable: true })
  maxHoursPerWeek!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average rating given by students and parents, from 0 to 5.' })
  @Column({ type: 'double precision', nullable: true })
  rating!: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of reviews the rating is based on.' })
  @Column({ type: 'integer', nullable: true, default: 0 })
  totalReviews!: number | null;

  @Field(() => Int, { nullable: true, description: 'Hours taught on the platform so far.' })
  @UseMiddleware(TeacherProfilePrivate)
  @Column({ type: 'integer', nullable: true, default: 0 })
  totalHoursTaught!: number | null;

  @Field(() => String, { nullable: true, description: 'Presentation shown to families.' })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  bio!: string | null;

  @Field(() => String, { nullable: true, description: 'What the teacher specialises in (bac preparation, grandes écoles, remediation...).' })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  specialtiesDescription!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Day the teacher joined Nexus Réussite.' })
  @UseMiddleware(TeacherProfilePrivate)
  @Column({ type: 'date', nullable: true })
  hireDate!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'False once the teacher no longer takes students.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  isActiveTeacher!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => User, (user) => user.teacherProfile, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
