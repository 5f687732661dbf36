import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateTimeScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';

@ObjectType('AdminProfile', { description: 'Department and permissions of a user account with the admin role.' })
@Entity({ name: 'admin_profiles' })
@Index('idx_admin_profiles_created_at', ['createdAt', 'id'])
@Index('idx_admin_profiles_updated_at', ['updatedAt', 'id'])
export class AdminProfile {
  @Field(() => ID, { description: 'Unique identifier of the profile.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  // Unique through the one-to-one relation below (constraint uq_admin_profiles_user_id).
  @Field(() => ID, { description: 'The admin account this profile belongs to (one profile per account).' })
  @Column({ type: 'integer' })
  userId!: number;

  @Field(() => [String], { nullable: true, description: 'Fine-grained permissions beyond the can* flags (list of permission names).' })
  @Column({ type: 'jsonb', nullable: true })
  permissions!: unknown;

  @Field(() => String, { nullable: true, description: 'Department the admin works in (pedagogy, accounting, reception...).' })
  @Column({ type: 'varchar', nullable: true })
  department!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the admin has every permission, including managing other admins.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isSuperAdmin!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'May create, suspend and edit accounts.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  canManageUsers!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'May edit formulas, groups and teaching content.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  canManageContent!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'May read progress and activity reports.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  canViewReports!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'May manage prices and invoices.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  canManageBilling!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => User, (user) => user.adminProfile, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
