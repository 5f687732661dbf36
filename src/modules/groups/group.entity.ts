import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { Location } from '../catalog/location.entity';
import { GradeLevel } from '../curriculum/grade-level.enum';
import { Teacher } from '../teachers/teacher.entity';
import { Enrollment } from './enrollment.entity';
import { GroupSession } from './group-session.entity';
import { TEXT_COLLATION } from '../../db/text-collation';
import { Searchable } from '../../graphql/search/searchable';

@ObjectType('Group', { description: 'A small class of students of the same lycée year, taught one subject by one teacher.' })
@Entity({ name: 'groups' })
@Check('chk_groups_level', enumCheck('level', GradeLevel, false))
@Check('chk_groups_max_students', '"max_students" IS NULL OR "max_students" > 0')
// A group is never over-full: enrollInGroup relies on this as the last line of defence.
@Check(
  'chk_groups_current_students',
  '"current_students" IS NULL OR ("current_students" >= 0 AND ("max_students" IS NULL OR "current_students" <= "max_students"))',
)
@Index('idx_groups_teacher_id', ['teacherId', 'id'])
@Index('idx_groups_default_location_id', ['defaultLocationId', 'id'])
@Index('idx_groups_created_at', ['createdAt', 'id'])
@Searchable({ index: 'idx_groups_search', weights: { A: ['name'], B: ['subject'] } })
export class Group {
  @Field(() => ID, { description: 'Unique identifier of the group.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => String, { description: 'Name of the group (e.g. "Terminale Maths — mercredi").' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  name!: string;

  @Field(() => String, { description: 'Subject taught (Mathématiques, NSI, Physique-Chimie...).' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  subject!: string;

  @Field(() => GradeLevel, { description: 'Lycée year of the students.' })
  @Column({ type: 'varchar' })
  level!: GradeLevel;

  @Field(() => Int, { nullable: true, description: 'Most students the group takes; null for no limit.' })
  @Column({ type: 'integer', nullable: true })
  maxStudents!: number | null;

  @Field(() => Int, { nullable: true, description: 'Students currently enrolled (never more than maxStudents).' })
  @Column({ type: 'integer', nullable: true, default: 0 })
  currentStudents!: number | null;

  @Field(() => ID, { description: 'The teacher of the group.' })
  @Column({ type: 'integer' })
  teacherId!: number;

  @Field(() => ID, { nullable: true, description: 'The room where the group usually meets.' })
  @Column({ type: 'integer', nullable: true })
  defaultLocationId!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Students may follow the sessions online.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  supportsOnline!: boolean | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Weekly timetable of the group (day, start time, length).' })
  @Column({ type: 'jsonb', nullable: true })
  schedule!: unknown;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the group was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Teacher, (teacher) => teacher.groups, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'teacher_id' })
  teacher?: Teacher;

  @ManyToOne(() => Location, (location) => location.groups, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'default_location_id' })
  defaultLocation?: Location;

  @OneToMany(() => Enrollment, (enrollment) => enrollment.group)
  enrollments?: Enrollment[];

  @OneToMany(() => GroupSession, (session) => session.group)
  sessions?: GroupSession[];
}
