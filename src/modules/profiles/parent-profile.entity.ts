import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';
import { ContactMethod, ReportFrequency } from './profile.enums';

@ObjectType('ParentProfile', { description: 'Contact details and report preferences of a user account with the parent role.' })
@Entity({ name: 'parent_profiles' })
@Check('chk_parent_profiles_preferred_contact_method', enumCheck('preferred_contact_method', ContactMethod))
@Check('chk_parent_profiles_report_frequency', enumCheck('report_frequency', ReportFrequency))
@Index('idx_parent_profiles_created_at', ['createdAt', 'id'])
@Index('idx_parent_profiles_updated_at', ['updatedAt', 'id'])
export class ParentProfile {
  @Field(() => ID, { description: 'Unique identifier of the profile.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  // Unique through the one-to-one relation below (constraint uq_parent_profiles_user_id).
  @Field(() => ID, { description: 'The parent account this profile belongs to (one profile per account).' })
  @Column({ type: 'integer' })
  userId!: number;

  @Field(() => String, { nullable: true, description: "The parent's profession." })
  @Column({ type: 'varchar', nullable: true })
  profession!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address of the family.' })
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Who to call in an emergency (name and phone number).' })
  @Column({ type: 'varchar', nullable: true })
  emergencyContact!: string | null;

  // Legacy denormalised list kept from the audited schema; parent_child_relations is the source of truth.
  @Field(() => [ID], { nullable: true, description: 'Ids of the children accounts as recorded at sign-up (childRelations is authoritative).' })
  @Column({ type: 'jsonb', nullable: true })
  childrenIds!: unknown;

  @Field(() => ContactMethod, { nullable: true, description: 'How the parent prefers to be contacted.' })
  @Column({ type: 'varchar', nullable: true, default: ContactMethod.EMAIL })
  preferredContactMethod!: ContactMethod | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Which notifications the parent wants (new report, absence, booking changes...).' })
  @Column({ type: 'jsonb', nullable: true })
  notificationPreferences!: unknown;

  @Field(() => ReportFrequency, { nullable: true, description: 'How often the parent receives a progress report.' })
  @Column({ type: 'varchar', nullable: true, default: ReportFrequency.WEEKLY })
  reportFrequency!: ReportFrequency | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToOne(() => User, (user) => user.parentProfile, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
