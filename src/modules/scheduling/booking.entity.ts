import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar } from '../../graphql/scalars';
import { ActorRole } from '../accounts/actor-role.enum';
import { Location } from '../catalog/location.entity';
import { Student } from '../students/student.entity';
import { Teacher } from '../teachers/teacher.entity';
import { Availability } from './availability.entity';
import { BookingStatus, LessonFormat } from './scheduling.enums';
import { SessionReport } from './session-report.entity';
import { TEXT_COLLATION } from '../../db/text-collation';

@ObjectType('Booking', { description: 'A one-to-one lesson a student booked with a teacher, usually on one of the teacher’s availabilities.' })
@Entity({ name: 'bookings' })
@Check('chk_bookings_format', enumCheck('format', LessonFormat, false))
@Check('chk_bookings_status', enumCheck('status', BookingStatus))
@Check('chk_bookings_created_by', enumCheck('created_by', ActorRole))
@Check('chk_bookings_time_range', '"end_time" > "start_time"')
@Check('chk_bookings_duration_minutes', '"duration_minutes" IS NULL OR "duration_minutes" > 0')
// Per-student and per-teacher agendas are listed in time order, and the overlap check of
// bookAvailability scans them by start_time: (fk, start_time, id) serves the FK and both.
@Index('idx_bookings_student_id', ['studentId', 'startTime', 'id'])
@Index('idx_bookings_teacher_id', ['teacherId', 'startTime', 'id'])
@Index('idx_bookings_availability_id', ['availabilityId', 'id'])
@Index('idx_bookings_location_id', ['locationId', 'id'])
@Index('idx_bookings_status', ['status', 'startTime', 'id'])
@Index('idx_bookings_start_time', ['startTime', 'id'])
@Index('idx_bookings_created_at', ['createdAt', 'id'])
@Index('idx_bookings_updated_at', ['updatedAt', 'id'])
// The database itself refuses two live bookings of one teacher, or of one student, that overlap.
@Exclusion('excl_bookings_teacher_time', `USING gist ("teacher_id" WITH =, tstzrange("start_time", "end_time") WITH &&) WHERE ("status" IS DISTINCT FROM 'cancelled')`)
@Exclusion('excl_bookings_student_time', `USING gist ("student_id" WITH =, tstzrange("start_time", "end_time") WITH &&) WHERE ("status" IS DISTINCT FROM 'cancelled')`)
// A room's lessons by time, for the room-capacity trigger (migration LessonRules; an expression index TypeORM does not manage).
@Index('idx_bookings_location_time', { synchronize: false })
// Bookings per month (groupBy START_TIME_TRUNCATED_TO_MONTH) from the index alone (migration BookingsMonthIndex; an expression index).
@Index('idx_bookings_start_month', { synchronize: false })
// Per-parent pages in the default order (id) read a range of (fk, id) and stop after first + 1.
@Index('idx_bookings_teacher_id_id', ['teacherId', 'id'])
export class Booking {
  @Field(() => ID, { description: 'Unique identifier of the booking.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student who takes the lesson.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => ID, { description: 'The teacher who gives the lesson.' })
  @Column({ type: 'integer' })
  teacherId!: number;

  @Field(() => ID, { nullable: true, description: 'The availability slot that was booked; null for a lesson arranged outside the published slots.' })
  @Column({ type: 'integer', nullable: true })
  availabilityId!: number | null;

  @Field(() => DateTimeScalar, { description: 'Start of the lesson.' })
  @Column({ type: 'timestamptz', precision: 3 })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the lesson (after the start).' })
  @Column({ type: 'timestamptz', precision: 3 })
  endTime!: Date;

  @Field(() => LessonFormat, { description: 'Online or in the centre.' })
  @Column({ type: 'varchar' })
  format!: LessonFormat;

  @Field(() => ID, { nullable: true, description: 'The room, for an in-person lesson.' })
  @Column({ type: 'integer', nullable: true })
  locationId!: number | null;

  @Field(() => String, { description: 'Subject of the lesson (Mathématiques, NSI, Physique-Chimie...).' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'Topic the student wants to work on (e.g. "Intégrales").' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  topic!: string | null;

  @Field(() => String, { nullable: true, description: 'What the student needs, in their own words.' })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  description!: string | null;

  @Field(() => Int, { nullable: true, description: 'Length of the lesson in minutes.' })
  @Column({ type: 'integer', nullable: true })
  durationMinutes!: number | null;

  @Field(() => BookingStatus, { nullable: true, description: 'Where the booking is in its life cycle.' })
  @Column({ type: 'varchar', nullable: true, default: BookingStatus.PENDING })
  status!: BookingStatus | null;

  @Field(() => String, { nullable: true, description: 'Notes for the teacher left when booking.' })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  bookingNotes!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the booking was cancelled.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  cancellationReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Video-call link of an online lesson.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  meetingUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Passcode of the video call, shared with the participants.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  meetingPassword!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the booking was made.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the booking was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  @Field(() => ActorRole, { nullable: true, description: 'Who made the booking: the student, a parent, the teacher or an admin.' })
  @Column({ type: 'varchar', nullable: true })
  createdBy!: ActorRole | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.bookings, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;

  @ManyToOne(() => Teacher, (teacher) => teacher.bookings, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'teacher_id' })
  teacher?: Teacher;

  @ManyToOne(() => Availability, (availability) => availability.bookings, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'availability_id' })
  availability?: Availability;

  @ManyToOne(() => Location, (location) => location.bookings, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'location_id' })
  location?: Location;

  @OneToOne(() => SessionReport, (report) => report.booking)
  sessionReport?: SessionReport;
}
