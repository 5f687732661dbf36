import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar } from '../../graphql/scalars';
import { EngagementLevel } from '../students/engagement-level.enum';
import { Teacher } from '../teachers/teacher.entity';
import { Booking } from './booking.entity';

@ObjectType('SessionReport', { description: 'The teacher’s report after a booked lesson: what was covered, how the student did, the homework.' })
@Entity({ name: 'session_reports' })
@Check('chk_session_reports_participation_level', enumCheck('participation_level', EngagementLevel))
@Check('chk_session_reports_comprehension_level', enumCheck('comprehension_level', EngagementLevel))
@Check('chk_session_reports_student_performance', '"student_performance" IS NULL OR "student_performance" BETWEEN 1 AND 5')
@Index('idx_session_reports_teacher_id', ['teacherId', 'id'])
@Index('idx_session_reports_created_at', ['createdAt', 'id'])
export class SessionReport {
  @Field(() => ID, { description: 'Unique identifier of the report.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  // Unique through the one-to-one relation below (uq_session_reports_booking_id): one report per
  // lesson. The audited schema did not say so; the contract's Booking.sessionReport is to-one.
  @Field(() => ID, { description: 'The lesson reported on (one report per booking).' })
  @Column({ type: 'integer' })
  bookingId!: number;

  @Field(() => [String], { nullable: true, description: 'Topics covered during the lesson (array).' })
  @Column({ type: 'jsonb', nullable: true })
  topicsCovered!: unknown;

  @Field(() => Int, { nullable: true, description: "The teacher's mark of the student's work during the lesson, from 1 to 5." })
  @Column({ type: 'integer', nullable: true })
  studentPerformance!: number | null;

  @Field(() => EngagementLevel, { nullable: true, description: 'How actively the student took part.' })
  @Column({ type: 'varchar', nullable: true })
  participationLevel!: EngagementLevel | null;

  @Field(() => EngagementLevel, { nullable: true, description: 'How well the student understood the material.' })
  @Column({ type: 'varchar', nullable: true })
  comprehensionLevel!: EngagementLevel | null;

  @Field(() => String, { nullable: true, description: "The teacher's notes on the lesson." })
  @Column({ type: 'text', nullable: true })
  teacherNotes!: string | null;

  @Field(() => String, { nullable: true, description: 'Homework set for the next lesson.' })
  @Column({ type: 'text', nullable: true })
  homeworkAssigned!: string | null;

  @Field(() => String, { nullable: true, description: 'What the next lesson should cover.' })
  @Column({ type: 'text', nullable: true })
  nextSessionRecommendations!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the teacher asks the parents to react to this report.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  parentFeedbackRequested!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the report was written.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => ID, { description: 'The teacher who wrote the report.' })
  @Column({ type: 'integer' })
  teacherId!: number;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => Booking, (booking) => booking.sessionReport, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'booking_id' })
  booking?: Booking;

  @ManyToOne(() => Teacher, (teacher) => teacher.sessionReports, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'teacher_id' })
  teacher?: Teacher;
}
