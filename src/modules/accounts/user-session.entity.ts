import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar } from '../../graphql/scalars';
import { DeviceType } from './device-type.enum';
import { User } from './user.entity';

@ObjectType('UserSession', { description: 'A signed-in session of a user on one device; revoked by logout.' })
@Entity({ name: 'user_sessions' })
@Check('chk_user_sessions_device_type', enumCheck('device_type', DeviceType))
@Index('idx_user_sessions_user_id', ['userId', 'id'])
@Index('idx_user_sessions_created_at', ['createdAt', 'id'])
export class UserSession {
  @Field(() => ID, { description: 'Unique identifier of the session.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The user signed in by this session.' })
  @Column({ type: 'integer' })
  userId!: number;

  // Secret: SHA-256 of the bearer token, never a GraphQL field.
  @Column({ type: 'varchar', unique: true })
  sessionToken!: string;

  // Secret: SHA-256 of the refresh token, never a GraphQL field.
  @Column({ type: 'varchar', unique: true, nullable: true })
  refreshToken!: string | null;

  // Secret: SHA-256 of the refresh tokens already rotated out. Presenting one again means it was
  // stolen (or replayed): the whole session is revoked. Searched through a GIN index (migration).
  @Index('idx_user_sessions_used_refresh_tokens', { synchronize: false })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  usedRefreshTokens!: string[];

  // When the tokens were last rotated: the refresh token rotated out then (usedRefreshTokens[0])
  // still gets the current pair back for REFRESH_OVERLAP_SECONDS (session.service.ts).
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  rotatedAt!: Date | null;

  // Secret: the random salt the current tokens were derived with from the previous refresh token.
  @Column({ type: 'varchar', nullable: true })
  rotationSalt!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the session token stops being accepted.' })
  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'IP address the session was opened from.' })
  @Column({ type: 'varchar', nullable: true })
  ipAddress!: string | null;

  @Field(() => String, { nullable: true, description: 'User-Agent header of the client.' })
  @Column({ type: 'varchar', nullable: true })
  userAgent!: string | null;

  @Field(() => DeviceType, { nullable: true, description: 'Kind of device, derived from the user agent.' })
  @Column({ type: 'varchar', nullable: true })
  deviceType!: DeviceType | null;

  @Field(() => String, { nullable: true, description: 'Approximate place of the client (city, country), if known.' })
  @Column({ type: 'varchar', nullable: true })
  location!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'False once the session was logged out or revoked.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  isActive!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last request made with the session (updated at most once a minute).' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastActivity!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the session was opened.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @ManyToOne(() => User, (user) => user.userSessions, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
