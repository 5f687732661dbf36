import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { Student } from '../students/student.entity';

@ObjectType('WeeklyReport', { description: "A week's summary of a student's progress, combining ARIA's analysis and the teachers' comments, sent to the parents." })
@Entity({ name: 'weekly_reports' })
@Check('chk_weekly_reports_week_range', '"week_end_date" >= "week_start_date"')
@Index('idx_weekly_reports_student_id', ['studentId', 'id'])
@Index('idx_weekly_reports_created_at', ['createdAt', 'id'])
export class WeeklyReport {
  @Field(() => ID, { description: 'Unique identifier of the report.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student the report is about.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => DateScalar, { description: 'First day of the week covered (a Monday).' })
  @Column({ type: 'date' })
  weekStartDate!: string;

  @Field(() => DateScalar, { description: 'Last day of the week covered.' })
  @Column({ type: 'date' })
  weekEndDate!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Progress per subject over the week (hours, results, trend).' })
  @Column({ type: 'jsonb', nullable: true })
  subjectsProgress!: unknown;

  @Field(() => String, { nullable: true, description: "ARIA's analysis of the week." })
  @Column({ type: 'text', nullable: true })
  ariaInsights!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "Teachers' comments, one per teacher or subject." })
  @Column({ type: 'jsonb', nullable: true })
  teacherComments!: unknown;

  @Field(() => [String], { nullable: true, description: 'Objectives for the coming week (array).' })
  @Column({ type: 'jsonb', nullable: true })
  nextWeekObjectives!: unknown;

  @Field(() => String, { nullable: true, description: "The parents' reply to the report." })
  @Column({ type: 'text', nullable: true })
  parentFeedback!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the report has been sent to the parents.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isSentToParents!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the report was produced.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.weeklyReports, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
