import { Field, Float, ID, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Grades } from '../../graphql/authorization/field-masks';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { Student } from '../students/student.entity';
import { DifficultyLevel, LearningSessionType } from './learning.enums';

@ObjectType('LearningSession', { description: 'A self-study session of a student with the ARIA tutor.' })
@Entity({ name: 'learning_sessions' })
@Check('chk_learning_sessions_session_type', enumCheck('session_type', LearningSessionType, false))
@Check('chk_learning_sessions_difficulty_level', enumCheck('difficulty_level', DifficultyLevel))
@Check('chk_learning_sessions_rates', '("completion_rate" IS NULL OR "completion_rate" BETWEEN 0 AND 1) AND ("accuracy_rate" IS NULL OR "accuracy_rate" BETWEEN 0 AND 1)')
@Check('chk_learning_sessions_duration_minutes', '"duration_minutes" IS NULL OR "duration_minutes" > 0')
@Index('idx_learning_sessions_student_id', ['studentId', 'id'])
@Index('idx_learning_sessions_created_at', ['createdAt', 'id'])
export class LearningSession {
  @Field(() => ID, { description: 'Unique identifier of the learning session.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student who studied.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => String, { description: 'Subject studied (Mathématiques, NSI, Physique-Chimie...).' })
  @Column({ type: 'varchar' })
  subject!: string;

  @Field(() => String, { description: 'Topic within the subject (e.g. "Suites numériques").' })
  @Column({ type: 'varchar' })
  topic!: string;

  @Field(() => LearningSessionType, { description: 'Kind of session.' })
  @Column({ type: 'varchar' })
  sessionType!: LearningSessionType;

  @Field(() => Int, { nullable: true, description: 'Length of the session in minutes.' })
  @Column({ type: 'integer', nullable: true })
  durationMinutes!: number | null;

  @Field(() => [String], { nullable: true, description: 'What ARIA recommended during the session.' })
  @Column({ type: 'jsonb', nullable: true })
  ariaRecommendations!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'Log of the exchanges of the session.' })
  @Column({ type: 'jsonb', nullable: true })
  interactionData!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'Measures of the session (time per exercise, hints used...).' })
  @UseMiddleware(Grades)
  @Column({ type: 'jsonb', nullable: true })
  performanceMetrics!: unknown;

  @Field(() => Float, { nullable: true, description: 'Share of the planned material completed, from 0 to 1.' })
  @UseMiddleware(Grades)
  @Column({ type: 'double precision', nullable: true })
  completionRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of correct answers, from 0 to 1.' })
  @UseMiddleware(Grades)
  @Column({ type: 'double precision', nullable: true })
  accuracyRate!: number | null;

  @Field(() => DifficultyLevel, { nullable: true, description: 'Difficulty of the material.' })
  @Column({ type: 'varchar', nullable: true })
  difficultyLevel!: DifficultyLevel | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the student started.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the student finished, if they did.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the record was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @ManyToOne(() => Student, (student) => student.sessions, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
