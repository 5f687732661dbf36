import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { GroupSession } from '../groups/group-session.entity';
import { Group } from '../groups/group.entity';
import { Booking } from '../scheduling/booking.entity';
import { IndividualSession } from '../scheduling/individual-session.entity';
import { TEXT_COLLATION } from '../../db/text-collation';

@ObjectType('Location', { description: 'A room of the centre where in-person lessons take place.' })
@Entity({ name: 'locations' })
@Check('chk_locations_capacity', '"capacity" > 0')
@Index('idx_locations_created_at', ['createdAt', 'id'])
@Index('idx_locations_updated_at', ['updatedAt', 'id'])
export class Location {
  @Field(() => ID, { description: 'Unique identifier of the location.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => String, { description: 'Name of the room (e.g. "Salle Ibn Khaldoun").' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  name!: string;

  @Field(() => Int, { description: 'How many students the room seats.' })
  @Column({ type: 'integer' })
  capacity!: number;

  @Field(() => String, { nullable: true, description: 'Postal address, when the room is not in the main centre.' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION, nullable: true })
  address!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Equipment available (array: whiteboard, projector, computers...).' })
  @Column({ type: 'jsonb', nullable: true })
  equipment!: unknown;

  @Field(() => Boolean, { nullable: true, description: 'False when the room can no longer be booked.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  isActive!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the location was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the location was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToMany(() => Booking, (booking) => booking.location)
  bookings?: Booking[];

  @OneToMany(() => Group, (group) => group.defaultLocation)
  groups?: Group[];

  @OneToMany(() => IndividualSession, (session) => session.location)
  individualSessions?: IndividualSession[];

  @OneToMany(() => GroupSession, (session) => session.location)
  groupSessions?: GroupSession[];
}
