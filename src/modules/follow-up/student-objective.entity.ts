import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { ActorRole } from '../accounts/actor-role.enum';
import { Student } from '../students/student.entity';
import { TEXT_COLLATION } from '../../db/text-collation';

@ObjectType('StudentObjective', { description: 'A goal set for a student in one subject, with a target date and its progress.' })
@Entity({ name: 'student_objectives' })
@Check('chk_student_objectives_created_by', enumCheck('created_by', ActorRole, false))
@Check('chk_student_objectives_progress_percentage', '"progress_percentage" IS NULL OR "progress_percentage" BETWEEN 0 AND 100')
@Index('idx_student_objectives_student_id', ['studentId', 'id'])
@Index('idx_student_objectives_created_at', ['createdAt', 'id'])
@Index('idx_student_objectives_updated_at', ['updatedAt', 'id'])
export class StudentObjective {
  @Field(() => ID, { description: 'Unique identifier of the objective.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student the objective is for.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => String, { description: 'Subject of the objective (Mathématiques, NSI, Physique-Chimie...).' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  subject!: string;

  @Field(() => String, { description: 'The objective (e.g. "Obtenir 14/20 au prochain bac blanc").' })
  @Column({ type: 'text', collation: TEXT_COLLATION })
  objectiveText!: string;

  @Field(() => DateScalar, { description: 'Day by which the objective should be reached.' })
  @Column({ type: 'date' })
  targetDate!: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether the objective was reached.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isAchieved!: boolean | null;

  @Field(() => DateScalar, { nullable: true, description: 'Day the objective was reached.' })
  @Column({ type: 'date', nullable: true })
  achievementDate!: string | null;

  @Field(() => Int, { nullable: true, description: 'Progress towards the objective, from 0 to 100 percent.' })
  @Column({ type: 'integer', nullable: true, default: 0 })
  progressPercentage!: number | null;

  @Field(() => ActorRole, { description: 'Who set the objective: the student, a parent, a teacher or an admin.' })
  @Column({ type: 'varchar' })
  createdBy!: ActorRole;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the objective was set.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the objective was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.studentObjectives, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
