import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { EnrollInGroupInput, LeaveGroupInput } from './enrollment.inputs';
import * as enrollments from './enrollment.service';
import { Enrollment } from './enrollment.entity';

@Resolver()
export class EnrollmentResolver {
  @Mutation(() => Enrollment, { description: 'Enrolls a student in a group under a formula (the student, a parent allowed to book, or an admin). A full group is CONFLICT.' })
  enrollInGroup(@Arg('input', () => EnrollInGroupInput) input: EnrollInGroupInput, @Ctx() context: RequestContext) {
    return enrollments.enrollInGroup(context, input);
  }

  @Mutation(() => Enrollment, { description: 'Ends an active group enrollment and frees the place.' })
  leaveGroup(@Arg('input', () => LeaveGroupInput) input: LeaveGroupInput, @Ctx() context: RequestContext) {
    return enrollments.leaveGroup(context, input);
  }
}
