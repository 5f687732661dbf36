import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { Student } from '../students/student.entity';
import { AssessmentType } from './learning.enums';
import { TEXT_COLLATION } from '../../db/text-collation';

@ObjectType('Assessment', { description: 'A test taken by a student (diagnostic, quiz, homework, bac blanc), corrected with feedback from ARIA.' })
@Entity({ name: 'assessments' })
@Check('chk_assessments_assessment_type', enumCheck('assessment_type', AssessmentType, false))
@Check('chk_assessments_score', '"score" IS NULL OR "score" BETWEEN 0 AND 100')
@Index('idx_assessments_student_id', ['studentId', 'id'])
@Index('idx_assessments_created_at', ['createdAt', 'id'])
export class Assessment {
  @Field(() => ID, { description: 'Unique identifier of the assessment.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student who takes the assessment.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => String, { description: 'Title shown to the student (e.g. "Bac blanc n°2 — Mathématiques").' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  title!: string;

  @Field(() => String, { description: 'Subject assessed (Mathématiques, NSI, Physique-Chimie...).' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  subject!: string;

  @Field(() => AssessmentType, { description: 'Kind of assessment.' })
  @Column({ type: 'varchar' })
  assessmentType!: AssessmentType;

  @Field(() => JSONScalar, { description: 'The questions, with their expected answers and points.' })
  @Column({ type: 'jsonb' })
  questionsData!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "The student's answers, keyed by question." })
  @Column({ type: 'jsonb', nullable: true })
  answersData!: unknown;

  @Field(() => Float, { nullable: true, description: 'Overall score as a percentage, from 0 to 100.' })
  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Correction question by question (points earned, mistakes, skills).' })
  @Column({ type: 'jsonb', nullable: true })
  detailedResults!: unknown;

  @Field(() => String, { nullable: true, description: "ARIA's written feedback on the student's work." })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  ariaFeedback!: string | null;

  @Field(() => String, { nullable: true, description: 'What the student should work on next.' })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  nextSteps!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the assessment was assigned.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the student handed it in.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the student has handed it in.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isCompleted!: boolean | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.assessments, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
