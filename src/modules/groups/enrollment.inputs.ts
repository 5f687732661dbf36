import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Enroll a student in a group under a formula.' })
export class EnrollInGroupInput {
  @Field(() => ID, { description: 'The group to join.' })
  groupId!: string;

  @Field(() => ID, { description: 'The student (yourself, or your child).' })
  studentId!: string;

  @Field(() => ID, { description: 'The formula the student subscribes to.' })
  formulaId!: string;
}

@InputType({ description: 'Leave a group.' })
export class LeaveGroupInput {
  @Field(() => ID, { description: 'The active enrollment to end.' })
  enrollmentId!: string;
}
