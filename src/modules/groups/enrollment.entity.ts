import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { Formula } from '../catalog/formula.entity';
import { LessonFormat } from '../scheduling/scheduling.enums';
import { Student } from '../students/student.entity';
import { Teacher } from '../teachers/teacher.entity';
import { Group } from './group.entity';

@ObjectType('Enrollment', { description: "A student's subscription to a formula, in a group or with an individual teacher, over a period." })
@Entity({ name: 'enrollments' })
@Check('chk_enrollments_preferred_format', enumCheck('preferred_format', LessonFormat))
@Check('chk_enrollments_date_range', '"end_date" IS NULL OR "end_date" >= "start_date"')
@Index('idx_enrollments_student_id', ['studentId', 'id'])
@Index('idx_enrollments_formula_id', ['formulaId', 'id'])
@Index('idx_enrollments_group_id', ['groupId', 'id'])
@Index('idx_enrollments_teacher_id', ['teacherId', 'id'])
@Index('idx_enrollments_created_at', ['createdAt', 'id'])
// One active enrollment of a student in a group.
@Index('uq_enrollments_active_group_student', ['groupId', 'studentId'], { unique: true, where: '"is_active" IS TRUE AND "group_id" IS NOT NULL' })
export class Enrollment {
  @Field(() => ID, { description: 'Unique identifier of the enrollment.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student enrolled.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => ID, { description: 'The formula subscribed to.' })
  @Column({ type: 'integer' })
  formulaId!: number;

  @Field(() => ID, { nullable: true, description: 'The group joined, for a group formula.' })
  @Column({ type: 'integer', nullable: true })
  groupId!: number | null;

  @Field(() => ID, { nullable: true, description: 'The assigned teacher, for an individual formula.' })
  @Column({ type: 'integer', nullable: true })
  teacherId!: number | null;

  @Field(() => DateScalar, { description: 'First day of the enrollment.' })
  @Column({ type: 'date' })
  startDate!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the enrollment; null while it runs on.' })
  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'False once the enrollment has ended or was cancelled.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  isActive!: boolean | null;

  @Field(() => LessonFormat, { nullable: true, description: 'Whether the student prefers online or in-person lessons.' })
  @Column({ type: 'varchar', nullable: true })
  preferredFormat!: LessonFormat | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the enrollment was recorded.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.enrollments, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;

  @ManyToOne(() => Formula, (formula) => formula.enrollments, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'formula_id' })
  formula?: Formula;

  @ManyToOne(() => Group, (group) => group.enrollments, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'group_id' })
  group?: Group;

  @ManyToOne(() => Teacher, (teacher) => teacher.enrollments, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'teacher_id' })
  teacher?: Teacher;
}
