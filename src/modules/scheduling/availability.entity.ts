import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { Teacher } from '../teachers/teacher.entity';
import { Booking } from './booking.entity';

@ObjectType('Availability', { description: 'A time slot a teacher publishes as free for a lesson; a student books it.' })
@Entity({ name: 'availabilities' })
@Check('chk_availabilities_time_range', '"end_time" > "start_time"')
// A slot lasts 15 minutes to 4 hours (AVAILABILITY_MINUTES in booking.service.ts says the same to clients).
@Check('chk_availabilities_duration', `"end_time" - "start_time" BETWEEN interval '15 minutes' AND interval '4 hours'`)
// A teacher's slots are listed in time order: (teacher_id, start_time, id) serves both the FK and that page.
@Index('idx_availabilities_teacher_id', ['teacherId', 'startTime', 'id'])
// "Free slots from now on": is_booked = false, in time order.
@Index('idx_availabilities_is_booked', ['isBooked', 'startTime', 'id'])
@Index('idx_availabilities_created_at', ['createdAt', 'id'])
@Index('idx_availabilities_updated_at', ['updatedAt', 'id'])
// A teacher's published slots never overlap.
@Exclusion('excl_availabilities_teacher_time', 'USING gist ("teacher_id" WITH =, tstzrange("start_time", "end_time") WITH &&)')
// Per-parent pages in the default order (id) read a range of (fk, id) and stop after first + 1.
@Index('idx_availabilities_teacher_id_id', ['teacherId', 'id'])
export class Availability {
  @Field(() => ID, { description: 'Unique identifier of the slot.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The teacher who is available.' })
  @Column({ type: 'integer' })
  teacherId!: number;

  @Field(() => DateTimeScalar, { description: 'Start of the slot.' })
  @Column({ type: 'timestamptz', precision: 3 })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the slot (after the start).' })
  @Column({ type: 'timestamptz', precision: 3 })
  endTime!: Date;

  // No default: the teacher must say whether the slot is in the centre or online.
  @Field(() => Boolean, { description: 'True: the lesson is given in the centre; false: online.' })
  @Column({ type: 'boolean' })
  isForInPerson!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether the slot repeats (see recurringPattern).' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isRecurring!: boolean | null;

  @Field(() => JSONScalar, { nullable: true, description: 'How the slot repeats (e.g. every Wednesday until the end of the term).' })
  @Column({ type: 'jsonb', nullable: true })
  recurringPattern!: unknown;

  @Field(() => Boolean, { nullable: true, description: 'True once a student has booked the slot.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isBooked!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the slot was published.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the slot was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Teacher, (teacher) => teacher.availabilities, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'teacher_id' })
  teacher?: Teacher;

  @OneToMany(() => Booking, (booking) => booking.availability)
  bookings?: Booking[];
}
