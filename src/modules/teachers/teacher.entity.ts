import { Field, ID, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToMany, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TeacherPrivate } from '../../graphql/authorization/field-masks';
import { DerivedRelationship } from '../../graphql/derived-relationship';
import { DateTimeScalar, DecimalScalar, EmailAddressScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';
import { Enrollment } from '../groups/enrollment.entity';
import { Group } from '../groups/group.entity';
import { Availability } from '../scheduling/availability.entity';
import { Booking } from '../scheduling/booking.entity';
import { IndividualSession } from '../scheduling/individual-session.entity';
import { SessionReport } from '../scheduling/session-report.entity';
import { TEXT_COLLATION } from '../../db/text-collation';
import { Student } from '../students/student.entity';
import { taughtStudentIds } from './teaching-relationship';
import { Searchable } from '../../graphql/search/searchable';
import { TeacherProfile } from '../profiles/teacher-profile.entity';

@ObjectType('Teacher', {
  description: 'A teacher of the centre: the record that availabilities, bookings, groups and session reports hang from.',
})
@Entity({ name: 'teachers' })
@DerivedRelationship({
  name: 'students',
  target: () => Student,
  targetIds: taughtStudentIds,
  description:
    'The students this teacher teaches now: a booking with them not cancelled and starting less than three months ago or later, an individual session likewise, or an active enrollment with them or in their groups. Only the students you may read.',
})
// Search: name and subjects, and the bio of the teacher's profile (where the viewer may read it).
@Searchable({
  index: 'idx_teachers_search',
  weights: { A: ['firstName', 'lastName'], B: ['subjects'] },
  include: [{ target: () => TeacherProfile, column: 'user_id', targetColumn: 'user_id' }],
})
@Check(
  'chk_teachers_hourly_rates',
  '("hourly_rate_online" IS NULL OR "hourly_rate_online" >= 0) AND ("hourly_rate_in_person" IS NULL OR "hourly_rate_in_person" >= 0)',
)
@Check('chk_teachers_experience_years', '"experience_years" IS NULL OR "experience_years" >= 0')
@Index('idx_teachers_created_at', ['createdAt', 'id'])
export class Teacher {
  @Field(() => ID, { description: 'Unique identifier of the teacher.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  // Unique through the one-to-one relation below (TypeORM adds the constraint uq_teachers_user_id).
  @Field(() => ID, { nullable: true, description: 'The user account this teacher signs in with, if any.' })
  @Column({ type: 'integer', nullable: true })
  userId!: number | null;

  @Field(() => String, { description: 'First name.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  lastName!: string;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'Professional e-mail of the teacher (unique); null unless you are this teacher or an admin.' })
  @UseMiddleware(TeacherPrivate)
  @Column({ type: 'varchar', collation: TEXT_COLLATION, unique: true })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Phone number, international format (+216...).' })
  @UseMiddleware(TeacherPrivate)
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  phone!: string | null;

  @Field(() => [String], { nullable: true, description: 'Subjects the teacher teaches (array, e.g. ["Physique-Chimie"]).' })
  @Column({ type: 'jsonb', nullable: true })
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

  @Field(() => DecimalScalar, { nullable: true, description: 'Hourly rate of an online lesson, in Tunisian dinars.' })
  @Column({ type: 'numeric', precision: 12, scale: 3, nullable: true })
  hourlyRateOnline!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Hourly rate of a lesson in the centre, in Tunisian dinars.' })
  @Column({ type: 'numeric', precision: 12, scale: 3, nullable: true })
  hourlyRateInPerson!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the record was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => User, (user) => user.teacher, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @OneToMany(() => Group, (group) => group.teacher)
  groups?: Group[];

  @OneToMany(() => IndividualSession, (session) => session.teacher)
  individualSessions?: IndividualSession[];

  @OneToMany(() => Availability, (availability) => availability.teacher)
  availabilities?: Availability[];

  @OneToMany(() => Booking, (booking) => booking.teacher)
  bookings?: Booking[];

  @OneToMany(() => SessionReport, (report) => report.teacher)
  sessionReports?: SessionReport[];

  @OneToMany(() => Enrollment, (enrollment) => enrollment.teacher)
  enrollments?: Enrollment[];
}
