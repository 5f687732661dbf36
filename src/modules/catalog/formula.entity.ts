import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { enumCheck } from '../../db/check-constraint';
import { DateTimeScalar, DecimalScalar } from '../../graphql/scalars';
import { GradeLevel } from '../curriculum/grade-level.enum';
import { Enrollment } from '../groups/enrollment.entity';
import { FormulaType } from './formula-type.enum';
import { TEXT_COLLATION } from '../../db/text-collation';
import { Searchable } from '../../graphql/search/searchable';

@ObjectType('Formula', { description: 'An offer families subscribe to: a monthly package of hours at a price, for one lycée year.' })
@Entity({ name: 'formulas' })
@Check('chk_formulas_type', enumCheck('type', FormulaType, false))
@Check('chk_formulas_level', enumCheck('level', GradeLevel, false))
@Check('chk_formulas_price_dt', '"price_dt" >= 0')
@Check('chk_formulas_hours_per_month', '"hours_per_month" > 0')
@Check('chk_formulas_max_students', '"max_students" IS NULL OR "max_students" > 0')
@Index('idx_formulas_type', ['type', 'id'])
@Index('idx_formulas_created_at', ['createdAt', 'id'])
@Index('idx_formulas_updated_at', ['updatedAt', 'id'])
@Searchable({ index: 'idx_formulas_search', weights: { A: ['name'], B: ['description'], C: ['features'] } })
export class Formula {
  @Field(() => ID, { description: 'Unique identifier of the formula.' })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Field(() => String, { description: 'Commercial name (e.g. "Pack Bac Maths Terminale").' })
  @Column({ type: 'varchar', collation: TEXT_COLLATION })
  name!: string;

  @Field(() => FormulaType, { description: 'Kind of offer.' })
  @Column({ type: 'varchar' })
  type!: FormulaType;

  @Field(() => GradeLevel, { description: 'Lycée year the formula is designed for.' })
  @Column({ type: 'varchar' })
  level!: GradeLevel;

  @Field(() => DecimalScalar, { description: 'Monthly price in Tunisian dinars (3 decimals: millimes).' })
  @Column({ type: 'numeric', precision: 12, scale: 3 })
  priceDt!: string;

  @Field(() => Int, { description: 'Hours of lessons included each month.' })
  @Column({ type: 'integer' })
  hoursPerMonth!: number;

  @Field(() => Int, { nullable: true, description: 'Largest group size for group formulas; null for individual lessons.' })
  @Column({ type: 'integer', nullable: true })
  maxStudents!: number | null;

  @Field(() => String, { nullable: true, description: 'Description shown in the catalogue.' })
  @Column({ type: 'text', collation: TEXT_COLLATION, nullable: true })
  description!: string | null;

  @Field(() => [String], { nullable: true, description: 'What is included (array of selling points: ARIA access, mock exams, reports...).' })
  @Column({ type: 'jsonb', nullable: true })
  features!: unknown;

  @Field(() => Boolean, { nullable: true, description: 'Lessons can be taken online.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  supportsOnline!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Lessons can be taken in the centre.' })
  @Column({ type: 'boolean', nullable: true, default: true })
  supportsInPerson!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the formula was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the formula was last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  // Relations: metadata for the loaders and the migrations only, never GraphQL fields.
  @OneToMany(() => Enrollment, (enrollment) => enrollment.formula)
  enrollments?: Enrollment[];
}
