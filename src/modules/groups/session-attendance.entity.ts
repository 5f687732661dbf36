import { Field, ID, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Grades } from '../../graphql/authorization/field-masks';
import { DateTimeScalar } from '../../graphql/scalars';
import { Student } from '../students/student.entity';
import { GroupSession } from './group-session.entity';
import { TEXT_COLLATION } from '../../db/text-collation';

@ObjectType('SessionAttendance', { description: 'Whether a student attended a group session, and how they took part.' })
@Entity({ name: 'session_attendances' })
@Check('chk_session_attendances_participation_score', '"participation_score" IS NULL OR "participation_score" BETWEEN 0 AND 10')
@Index('idx_session_attendances_session_id', ['sessionId', 'id'])
@Index('idx_session_attendances_student_id', ['studentId', 'id'])
@Index('idx_session_attendances_created_at', ['createdAt', 'id'])
// One attendance row per student and session: marking attendance again updates it.
@Index('uq_session_attendances_session_student', ['sessionId', 'studentId'], { unique: true })
export class SessionAttendance {
  @Field(() => ID, { description: 'Unique identifier of the attendance record.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The group session.' })
  @Column({ type: 'integer' })
  sessionId!: number;

  @Field(() => ID, { description: 'The student.' })
  @Column({ type: 'integer' })
  studentId!: number;

  // No default: null means attendance has not been taken yet, which is not the same as absent.
  @Field(() => Boolean, { nullable: true, description: 'Whether the student was there; null until attendance is taken.' })
  @Column({ type: 'boolean', nullable: true })
  isPresent!: boolean | null;

  @Field(() => Int, { nullable: true, description: "The teacher's mark of the student's participation, from 0 to 10." })
  @UseMiddleware(Grades)
  @Column({ type: 'integer', nullable: true })
  participationScore!: number | null;

  @Field(() => String, { nullable: true, description: "The teacher's notes about this student in this session." })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  individualNotes!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When attendance was recorded.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => GroupSession, (session) => session.attendances, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'session_id' })
  session?: GroupSession;

  @ManyToOne(() => Student, (student) => student.sessionAttendances, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
