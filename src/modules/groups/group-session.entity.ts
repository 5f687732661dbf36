import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar } from '../../graphql/scalars';
import { Location } from '../catalog/location.entity';
import { LessonFormat, SessionStatus } from '../scheduling/scheduling.enums';
import { Group } from './group.entity';
import { SessionAttendance } from './session-attendance.entity';

@ObjectType('GroupSession', { description: 'One meeting of a group: when, where, what was covered.' })
@Entity({ name: 'group_sessions' })
@Check('chk_group_sessions_format', enumCheck('format', LessonFormat))
@Check('chk_group_sessions_status', enumCheck('status', SessionStatus))
@Check('chk_group_sessions_duration_minutes', '"duration_minutes" IS NULL OR "duration_minutes" > 0')
// A group's sessions are listed by date: (group_id, scheduled_at, id) serves the FK and that page.
@Index('idx_group_sessions_group_id', ['groupId', 'scheduledAt', 'id'])
@Index('idx_group_sessions_location_id', ['locationId', 'id'])
@Index('idx_group_sessions_status', ['status', 'id'])
@Index('idx_group_sessions_created_at', ['createdAt', 'id'])
// Two live sessions of one group never overlap (lesson_period: migration LessonRules).
@Exclusion('excl_group_sessions_group_time', `USING gist ("group_id" WITH =, lesson_period("scheduled_at", "duration_minutes") WITH &&) WHERE ("status" IS DISTINCT FROM 'cancelled')`)
// A room's lessons by time, for the room-capacity trigger (an expression index TypeORM does not manage).
@Index('idx_group_sessions_location_time', { synchronize: false })
// Per-parent pages in the default order (id) read a range of (fk, id) and stop after first + 1.
@Index('idx_group_sessions_group_id_id', ['groupId', 'id'])
export class GroupSession {
  @Field(() => ID, { description: 'Unique identifier of the session.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The group that meets.' })
  @Column({ type: 'integer' })
  groupId!: number;

  @Field(() => String, { description: 'Subject of the session (Mathématiques, NSI, Physique-Chimie...).' })
  @Column({ type: 'varchar' })
  subject!: string;

  @Field(() => DateTimeScalar, { description: 'When the session starts.' })
  @Column({ type: 'timestamptz', precision: 3 })
  scheduledAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Length of the session in minutes.' })
  @Column({ type: 'integer', nullable: true })
  durationMinutes!: number | null;

  @Field(() => LessonFormat, { nullable: true, description: 'Online or in the centre.' })
  @Column({ type: 'varchar', nullable: true })
  format!: LessonFormat | null;

  @Field(() => ID, { nullable: true, description: 'The room, for an in-person session (defaults to the group’s room).' })
  @Column({ type: 'integer', nullable: true })
  locationId!: number | null;

  @Field(() => SessionStatus, { nullable: true, description: 'Whether the session is planned, held, cancelled or missed.' })
  @Column({ type: 'varchar', nullable: true, default: SessionStatus.SCHEDULED })
  status!: SessionStatus | null;

  @Field(() => [String], { nullable: true, description: 'Topics covered during the session (array).' })
  @Column({ type: 'jsonb', nullable: true })
  topicsCovered!: unknown;

  @Field(() => String, { nullable: true, description: 'Homework set for the next session.' })
  @Column({ type: 'text', nullable: true })
  homeworkAssigned!: string | null;

  @Field(() => String, { nullable: true, description: "The teacher's notes on the session." })
  @Column({ type: 'text', nullable: true })
  teacherNotes!: string | null;

  @Field(() => String, { nullable: true, description: 'Video-call link, for students following online.' })
  @Column({ type: 'varchar', nullable: true })
  meetingUrl!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the session was scheduled.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Group, (group) => group.sessions, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'group_id' })
  group?: Group;

  @ManyToOne(() => Location, (location) => location.groupSessions, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'location_id' })
  location?: Location;

  @OneToMany(() => SessionAttendance, (attendance) => attendance.session)
  attendances?: SessionAttendance[];
}
