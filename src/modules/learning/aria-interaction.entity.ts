import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { Student } from '../students/student.entity';
import { AriaInteractionType } from './learning.enums';
import { TEXT_COLLATION } from '../../db/text-collation';
import { Searchable } from '../../graphql/search/searchable';

@ObjectType('ARIAInteraction', { description: 'One exchange between a student and ARIA, the AI tutor: what was asked and what ARIA answered.' })
@Entity({ name: 'aria_interactions' })
@Check('chk_aria_interactions_interaction_type', enumCheck('interaction_type', AriaInteractionType, false))
@Check('chk_aria_interactions_confidence_score', '"confidence_score" IS NULL OR "confidence_score" BETWEEN 0 AND 1')
@Check('chk_aria_interactions_feedback_rating', '"feedback_rating" IS NULL OR "feedback_rating" BETWEEN 1 AND 5')
@Check('chk_aria_interactions_processing_time_ms', '"processing_time_ms" IS NULL OR "processing_time_ms" >= 0')
@Index('idx_aria_interactions_student_id', ['studentId', 'id'])
@Index('idx_aria_interactions_created_at', ['createdAt', 'id'])
@Searchable({ index: 'idx_aria_interactions_search', weights: { A: ['userInput'], B: ['ariaResponse'] } })
export class ARIAInteraction {
  @Field(() => ID, { description: 'Unique identifier of the interaction.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student who talked to ARIA.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => AriaInteractionType, { description: 'What the student asked ARIA for.' })
  @Column({ type: 'varchar' })
  interactionType!: AriaInteractionType;

  @Field(() => String, { nullable: true, description: 'What the student wrote; empty when ARIA spoke first (e.g. a recommendation).' })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  userInput!: string | null;

  @Field(() => String, { description: "ARIA's answer." })
  @Column({ type: 'text', collation: TEXT_COLLATION })
  ariaResponse!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Context given to ARIA (subject, exercise, previous messages).' })
  @Column({ type: 'jsonb', nullable: true })
  contextData!: unknown;

  @Field(() => Float, { nullable: true, description: "ARIA's confidence in its answer, from 0 to 1." })
  @Column({ type: 'double precision', nullable: true })
  confidenceScore!: number | null;

  @Field(() => Int, { nullable: true, description: 'Time ARIA took to answer, in milliseconds.' })
  @Column({ type: 'integer', nullable: true })
  processingTimeMs!: number | null;

  @Field(() => Int, { nullable: true, description: "The student's rating of the answer, from 1 to 5 stars." })
  @Column({ type: 'integer', nullable: true })
  feedbackRating!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the exchange took place.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.ariaInteractions, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
