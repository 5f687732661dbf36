import { Field, ID, ObjectType, UseMiddleware } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToMany, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StudentGrades } from '../../graphql/authorization/field-masks';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, EmailAddressScalar, JSONScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';
import { GradeLevel } from '../curriculum/grade-level.enum';
import { ParentCommunication } from '../follow-up/parent-communication.entity';
import { StudentObjective } from '../follow-up/student-objective.entity';
import { WeeklyReport } from '../follow-up/weekly-report.entity';
import { Enrollment } from '../groups/enrollment.entity';
import { SessionAttendance } from '../groups/session-attendance.entity';
import { ARIAInteraction } from '../learning/aria-interaction.entity';
import { Assessment } from '../learning/assessment.entity';
import { LearningSession } from '../learning/learning-session.entity';
import { Booking } from '../scheduling/booking.entity';
import { IndividualSession } from '../scheduling/individual-session.entity';
import { LearningStyle } from './learning-style.enum';

@ObjectType('Student', { description: 'A lycée student followed by the platform: the record that lessons, bookings, grades and reports hang from.' })
@Entity({ name: 'students' })
@Check('chk_students_grade_level', enumCheck('grade_level', GradeLevel, false))
@Check('chk_students_learning_style', enumCheck('learning_style', LearningStyle))
@Index('idx_students_created_at', ['createdAt', 'id'])
@Index('idx_students_updated_at', ['updatedAt', 'id'])
export class Student {
  @Field(() => ID, { description: 'Unique identifier of the student.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  // Unique through the one-to-one relation below (TypeORM adds the constraint uq_students_user_id).
  @Field(() => ID, { nullable: true, description: 'The user account this student signs in with, if any.' })
  @Column({ type: 'integer', nullable: true })
  userId!: number | null;

  @Field(() => String, { description: 'First and last name, as shown to teachers and parents.' })
  @Column({ type: 'varchar' })
  fullName!: string;

  @Field(() => EmailAddressScalar, { description: 'Contact e-mail of the student (unique).' })
  @Column({ type: 'varchar', unique: true })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Phone number, international format (+216...).' })
  @Column({ type: 'varchar', nullable: true })
  phone!: string | null;

  @Field(() => GradeLevel, { description: 'Lycée year the student is in.' })
  @Column({ type: 'varchar' })
  gradeLevel!: GradeLevel;

  @Field(() => String, { nullable: true, description: 'School the student attends.' })
  @Column({ type: 'varchar', nullable: true })
  school!: string | null;

  @Field(() => [String], { nullable: true, description: 'Subjects the student wants help with (array of subject names).' })
  @Column({ type: 'jsonb', nullable: true })
  preferredSubjects!: unknown;

  @Field(() => LearningStyle, { nullable: true, description: 'How the student learns best, used by ARIA to adapt explanations.' })
  @Column({ type: 'varchar', nullable: true })
  learningStyle!: LearningStyle | null;

  @Field(() => JSONScalar, { nullable: true, description: "ARIA's cognitive profile of the student (strengths, difficulties)." })
  @Column({ type: 'jsonb', nullable: true })
  cognitiveProfile!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'Aggregated results per subject, computed from sessions and assessments.' })
  @UseMiddleware(StudentGrades)
  @Column({ type: 'jsonb', nullable: true })
  performanceData!: unknown;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the record was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the record was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'False once the student has left the platform.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  isActive!: boolean | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => User, (user) => user.student, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @OneToMany(() => LearningSession, (session) => session.student)
  sessions?: LearningSession[];

  @OneToMany(() => Assessment, (assessment) => assessment.student)
  assessments?: Assessment[];

  @OneToMany(() => ARIAInteraction, (interaction) => interaction.student)
  ariaInteractions?: ARIAInteraction[];

  @OneToMany(() => Booking, (booking) => booking.student)
  bookings?: Booking[];

  @OneToMany(() => Enrollment, (enrollment) => enrollment.student)
  enrollments?: Enrollment[];

  @OneToMany(() => IndividualSession, (session) => session.student)
  individualSessions?: IndividualSession[];

  @OneToMany(() => SessionAttendance, (attendance) => attendance.student)
  sessionAttendances?: SessionAttendance[];

  @OneToMany(() => WeeklyReport, (report) => report.student)
  weeklyReports?: WeeklyReport[];

  @OneToMany(() => ParentCommunication, (communication) => communication.student)
  parentCommunications?: ParentCommunication[];

  @OneToMany(() => StudentObjective, (objective) => objective.student)
  studentObjectives?: StudentObjective[];
}
