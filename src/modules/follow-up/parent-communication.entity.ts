import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar } from '../../graphql/scalars';
import { User } from '../accounts/user.entity';
import { Student } from '../students/student.entity';
import { CorrespondentType, MessagePriority } from './follow-up.enums';

@ObjectType('ParentCommunication', { description: 'A message about a student between a parent and the teaching team (a teacher or the administration).' })
@Entity({ name: 'parent_communications' })
@Check('chk_parent_communications_sender_type', enumCheck('sender_type', CorrespondentType, false))
@Check('chk_parent_communications_recipient_type', enumCheck('recipient_type', CorrespondentType, false))
@Check('chk_parent_communications_priority', enumCheck('priority', MessagePriority))
@Index('idx_parent_communications_student_id', ['studentId', 'id'])
// A correspondent's inbox: messages addressed to (recipient_type, recipient_id), newest ids last.
@Index('idx_parent_communications_recipient', ['recipientType', 'recipientId', 'id'])
@Index('idx_parent_communications_created_at', ['createdAt', 'id'])
@Index('idx_parent_communications_sender_id', ['senderId', 'id'])
@Index('idx_parent_communications_recipient_id', ['recipientId', 'id'])
export class ParentCommunication {
  @Field(() => ID, { description: 'Unique identifier of the message.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => ID, { description: 'The student the message is about.' })
  @Column({ type: 'integer' })
  studentId!: number;

  @Field(() => CorrespondentType, { description: 'Whether the sender is a parent, a teacher or the administration.' })
  @Column({ type: 'varchar' })
  senderType!: CorrespondentType;

  // A users.id (the audited schema left it polymorphic; every writer and the seed store users.id), its role in sender_type.
  @Field(() => ID, { description: 'The user who sent the message (see sender); senderType gives their role.' })
  @Column({ type: 'integer' })
  senderId!: number;

  @Field(() => CorrespondentType, { description: 'Whether the recipient is a parent, a teacher or the administration.' })
  @Column({ type: 'varchar' })
  recipientType!: CorrespondentType;

  // A users.id, like sender_id; its role in recipient_type.
  @Field(() => ID, { description: 'The user the message is addressed to (see recipient); recipientType gives their role.' })
  @Column({ type: 'integer' })
  recipientId!: number;

  @Field(() => String, { description: 'Subject line.' })
  @Column({ type: 'varchar' })
  subject!: string;

  @Field(() => String, { description: 'Body of the message.' })
  @Column({ type: 'text' })
  message!: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether the recipient has read the message.' })
  @Column({ type: 'boolean', nullable: true, default: false })
  isRead!: boolean | null;

  @Field(() => MessagePriority, { nullable: true, description: 'How urgently the message should be read.' })
  @Column({ type: 'varchar', nullable: true, default: MessagePriority.NORMAL })
  priority!: MessagePriority | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the message was sent.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @ManyToOne(() => Student, (student) => student.parentCommunications, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'student_id' })
  student?: Student;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'sender_id' })
  sender?: User;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: User;
}
