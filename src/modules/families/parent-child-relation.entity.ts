import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';
import { RelationType } from './relation-type.enum';

@ObjectType('ParentChildRelation', {
  description: 'Links a parent account to a student account, with what the parent is allowed to see and do for that child.',
})
@Entity({ name: 'parent_child_relations' })
@Check('chk_parent_child_relations_relation_type', enumCheck('relation_type', RelationType))
@Check('chk_parent_child_relations_distinct_users', '"parent_user_id" <> "child_user_id"')
@Index('idx_parent_child_relations_parent_user_id', ['parentUserId', 'id'])
@Index('idx_parent_child_relations_child_user_id', ['childUserId', 'id'])
@Index('idx_parent_child_relations_created_at', ['createdAt', 'id'])
export class ParentChildRelation {
  @Field(() => ID, { description: 'Unique identifier of the relation.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The parent (or guardian) account.' })
  @Column({ type: 'integer' })
  parentUserId!: number;

  @Field(() => ID, { description: "The child's student account." })
  @Column({ type: 'integer' })
  childUserId!: number;

  @Field(() => RelationType, { nullable: true, description: 'How the parent is related to the child.' })
  @Column({ type: 'varchar', nullable: true })
  relationType!: RelationType | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether this parent is the first person the team contacts about the child.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isPrimaryContact!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "May see the child's grades and assessment results." })
  @Column({ type: 'boolean', nullable: true, default: true })
  canViewGrades!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'May book and cancel lessons for the child.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  canBookSessions!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Receives the weekly reports on the child.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  canReceiveReports!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the link was confirmed (by the child or an admin); null while pending.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the link was requested.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => User, (user) => user.childRelations, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'parent_user_id' })
  parentUser?: User;

  @ManyToOne(() => User, (user) => user.parentRelations, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'child_user_id' })
  childUser?: User;
}
