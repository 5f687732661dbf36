import { Field, ID, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Grades } from '../../graphql/authorization/field-masks';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar } from '../../graphql/scalars';
import { Location } from '../catalog/location.entity';
import { Student } from '../students/student.entity';
import { Teacher } from '../teachers/teacher.entity';
import { LessonFormat, SessionStatus } from './scheduling.enums';

@ObjectType('IndividualSession', { description: 'A one-to-one lesson of a subscription (formula), scheduled by the centre.' })
@Entity({ name: 'individual_sessions' })
@Check('chk_individual_sessions_format', enumCheck('format', LessonFormat))
@Check('chk_individual_sessions_status', enumCheck('status', SessionStatus))
@Check('chk_individual_sessions_duration_minutes', '"duration_minutes" IS NULL OR "duration_minutes" > 0')
@Check('chk_individual_sessions_student_performance', '"student_performance" IS NULL OR "student_performance" BETWEEN 1 AND 5')
// Per-student and per-teacher agendas are listed by date: (fk, scheduled_at, id) serves the FK and that page.
@Index('idx_individual_sessions_student_id', ['studentId', 'scheduledAt', 'id'])
@Index('idx_individual_sessions_teacher_id', ['teacherId', 'scheduledAt', 'id'])
@Index('idx_individual_sessions_location_id', ['locationId', 'id'])
@Index('idx_individual_sessions_status', ['status', 'id'])
@Index('idx_individual_sessions_created_at', ['createdAt', 'id'])
// A room's lessons by time, for the room-capacity trigger (migration LessonRules; an expression index TypeORM does not manage).
@Index('idx_individual_sessions_location_time', { synchronize: false })
@Index('idx_individual_sessions_teacher_time', { synchronize: false })
// Per-parent pages in the default order (id) read a range of (fk, id) and stop after first + 1.
@Index('idx_individual_sessions_student_id_id', ['studentId', 'id'])
@Index('idx_individual_sessions_teacher_id_id', ['teacherId', 'id'])
export class IndividualSession {
  @Field(() => ID, { description: 'Unique identifier of the session.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student taught.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => ID, { description: 'The teacher who teaches.' })
  @Column({ type: 'integer' })
  teacherId!: number;

  @Field(() => String, { description: 'Subject of the lesson (Mathématiques, NSI, Physique-Chimie...).' })
  @Column({ type: 'varchar' })
  subject!: string;

  @Field(() => DateTimeScalar, { description: 'When the lesson starts.' })
  @Column({ type: 'timestamptz', precision: 3 })
  scheduledAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Length of the lesson in minutes.' })
  @Column({ type: 'integer', nullable: true })
  durationMinutes!: number | null;

  @Field(() => LessonFormat, { nullable: true, description: 'Online or in the centre.' })
  @Column({ type: 'varchar', nullable: true })
  format!: LessonFormat | null;

  @Field(() => ID, { nullable: true, description: 'The room, for an in-person lesson.' })
  @Column({ type: 'integer', nullable: true })
  locationId!: number | null;

  @Field(() => SessionStatus, { nullable: true, description: 'Whether the lesson is planned, held, cancelled or missed.' })
  @Column({ type: 'varchar', nullable: true, default: SessionStatus.SCHEDULED })
  status!: SessionStatus | null;

  @Field(() => [String], { nullable: true, description: 'Topics covered during the lesson (array).' })
  @Column({ type: 'jsonb', nullable: true })
  topicsCovered!: unknown;

  @Field(() => String, { nullable: true, description: 'Homework set for the next lesson.' })
  @Column({ type: 'text', nullable: true })
  homeworkAssigned!: string | null;

  @Field(() => String, { nullable: true, description: "The teacher's notes on the lesson." })
  @Column({ type: 'text', nullable: true })
  teacherNotes!: string | null;

  @Field(() => Int, { nullable: true, description: "The teacher's mark of the student's work during the lesson, from 1 to 5." })
  @UseMiddleware(Grades)
  @Column({ type: 'integer', nullable: true })
  studentPerformance!: number | null;

  @Field(() => String, { nullable: true, description: 'Video-call link of an online lesson.' })
  @Column({ type: 'varchar', nullable: true })
  meetingUrl!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the session was scheduled.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.individualSessions, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;

  @ManyToOne(() => Teacher, (teacher) => teacher.individualSessions, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'teacher_id' })
  teacher?: Teacher;

  @ManyToOne(() => Location, (location) => location.individualSessions, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'location_id' })
  location?: Location;
}
