import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, EmailAddressScalar, JSONScalar } from '../../graphql/scalars';
import { ParentChildRelation } from '../families/parent-child-relation.entity';
import { AdminProfile } from '../profiles/admin-profile.entity';
import { ParentProfile } from '../profiles/parent-profile.entity';
import { StudentProfile } from '../profiles/student-profile.entity';
import { TeacherProfile } from '../profiles/teacher-profile.entity';
import { Student } from '../students/student.entity';
import { Teacher } from '../teachers/teacher.entity';
import { Language, UserRole, UserStatus } from './account.enums';
import { UserSession } from './user-session.entity';
import { TEXT_COLLATION } from '../../db/text-collation';

@ObjectType('User', { description: 'An account that signs in to the platform: a student, a parent, a teacher or an admin.' })
@Entity({ name: 'users' })
@Check('chk_users_role', enumCheck('role', UserRole, false))
@Check('chk_users_status', enumCheck('status', UserStatus))
@Check('chk_users_language', enumCheck('language', Language))
@Check('chk_users_email_lowercase', '"email" = lower("email")')
@Index('idx_users_status', ['status', 'id'])
@Index('idx_users_created_at', ['createdAt', 'id'])
@Index('idx_users_updated_at', ['updatedAt', 'id'])
export class User {
  @Field(() => ID, { description: 'Unique identifier of the account.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => EmailAddressScalar, { description: 'Sign-in e-mail, stored in lower case (unique).' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, unique: true })
  email!: string;

  // Secret: scrypt hash in PHC format, never a GraphQL field.
  @Column({ type: 'varchar' })
  passwordHash!: string;

  @Field(() => String, { description: 'First name.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Phone number, international format (+216...).' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'URL of the profile picture.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  avatarUrl!: string | null;

  @Field(() => UserRole, { description: 'Role of the account.' })
  @Column({ type: 'varchar' })
  role!: UserRole;

  @Field(() => UserStatus, { nullable: true, description: 'Life cycle state of the account.' })
  @Column({ type: 'varchar', nullable: true, default: UserStatus.ACTIVE })
  status!: UserStatus | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last successful sign-in.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastLogin!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the e-mail address was confirmed.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  emailVerified!: boolean | null;

  // Secret: SHA-256 of the single-use verification token, never a GraphQL field.
  @Column({ type: 'varchar', nullable: true })
  emailVerificationToken!: string | null;

  // Secret: SHA-256 of the single-use reset token, never a GraphQL field.
  @Column({ type: 'varchar', nullable: true })
  passwordResetToken!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the pending password reset token expires.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  passwordResetExpires!: Date | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Interface preferences (theme, notifications...).' })
  @Column({ type: 'jsonb', nullable: true })
  preferences!: unknown;

  @Field(() => String, { nullable: true, description: 'IANA time zone, Africa/Tunis by default.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true, default: 'Africa/Tunis' })
  timezone!: string | null;

  @Field(() => Language, { nullable: true, description: 'Preferred language.' })
  @Column({ type: 'varchar', nullable: true, default: Language.FR })
  language!: Language | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the account was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the account was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => StudentProfile, (profile) => profile.user)
  studentProfile?: StudentProfile;

  @OneToOne(() => ParentProfile, (profile) => profile.user)
  parentProfile?: ParentProfile;

  @OneToOne(() => TeacherProfile, (profile) => profile.user)
  teacherProfile?: TeacherProfile;

  @OneToOne(() => AdminProfile, (profile) => profile.user)
  adminProfile?: AdminProfile;

  @OneToOne(() => Student, (student) => student.user)
  student?: Student;

  @OneToOne(() => Teacher, (teacher) => teacher.user)
  teacher?: Teacher;

  @OneToMany(() => UserSession, (session) => session.user)
  userSessions?: UserSession[];

  // Relations where this user is the parent.
  @OneToMany(() => ParentChildRelation, (relation) => relation.parentUser)
  childRelations?: ParentChildRelation[];

  // Relations where this user is the child.
  @OneToMany(() => ParentChildRelation, (relation) => relation.childUser)
  parentRelations?: ParentChildRelation[];
}
