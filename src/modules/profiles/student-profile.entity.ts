import { Field, ID, ObjectType, UseMiddleware } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ProfileGrades } from '../../graphql/authorization/field-masks';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';
import { GradeLevel } from '../curriculum/grade-level.enum';
import { EngagementLevel } from '../students/engagement-level.enum';
import { LearningStyle } from '../students/learning-style.enum';

@ObjectType('StudentProfile', { description: 'School and learning details of a user account with the student role.' })
@Entity({ name: 'student_profiles' })
@Check('chk_student_profiles_grade_level', enumCheck('grade_level', GradeLevel, false))
@Check('chk_student_profiles_learning_style', enumCheck('learning_style', LearningStyle))
@Check('chk_student_profiles_motivation_level', enumCheck('motivation_level', EngagementLevel))
@Index('idx_student_profiles_created_at', ['createdAt', 'id'])
@Index('idx_student_profiles_updated_at', ['updatedAt', 'id'])
export class StudentProfile {
  @Field(() => ID, { description: 'Unique identifier of the profile.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  // Unique through the one-to-one relation below (constraint uq_student_profiles_user_id).
  @Field(() => ID, { description: 'The student account this profile belongs to (one profile per account).' })
  @Column({ type: 'integer' })
  userId!: number;

  @Field(() => GradeLevel, { description: 'Lycée year the student is in.' })
  @Column({ type: 'varchar' })
  gradeLevel!: GradeLevel;

  @Field(() => String, { nullable: true, description: 'School the student attends (e.g. Lycée Pierre Mendès France, Tunis).' })
  @Column({ type: 'varchar', nullable: true })
  school!: string | null;

  @Field(() => [String], { nullable: true, description: 'Baccalauréat specialties chosen (array, e.g. ["Mathématiques", "NSI"]).' })
  @Column({ type: 'jsonb', nullable: true })
  specialties!: unknown;

  @Field(() => LearningStyle, { nullable: true, description: 'How the student learns best, used by ARIA to adapt explanations.' })
  @Column({ type: 'varchar', nullable: true })
  learningStyle!: LearningStyle | null;

  @Field(() => JSONScalar, { nullable: true, description: "ARIA's cognitive profile of the student (strengths, difficulties)." })
  @Column({ type: 'jsonb', nullable: true })
  cognitiveProfile!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'Aggregated results per subject.' })
  @UseMiddleware(ProfileGrades)
  @Column({ type: 'jsonb', nullable: true })
  performanceData!: unknown;

  @Field(() => [String], { nullable: true, description: "The student's goals (target average, mention at the bac, higher-education plans)." })
  @Column({ type: 'jsonb', nullable: true })
  goals!: unknown;

  @Field(() => [String], { nullable: true, description: 'Interests outside school, used to make examples relevant.' })
  @Column({ type: 'jsonb', nullable: true })
  interests!: unknown;

  @Field(() => EngagementLevel, { nullable: true, description: "Teachers' judgement of the student's motivation." })
  @Column({ type: 'varchar', nullable: true })
  motivationLevel!: EngagementLevel | null;

  // Legacy denormalised list kept from the audited schema; parent_child_relations is the source of truth.
  @Field(() => [ID], { nullable: true, description: 'Ids of the parent accounts as recorded at sign-up (parentRelations is authoritative).' })
  @Column({ type: 'jsonb', nullable: true })
  parentIds!: unknown;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => User, (user) => user.studentProfile, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
