import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { ParentProfile } from './parent-profile.entity';
import { UpdateParentProfileInput, UpdateStudentProfileInput, UpdateTeacherProfileInput } from './profile.inputs';
import * as profiles from './profile.service';
import { StudentProfile } from './student-profile.entity';
import { TeacherProfile } from './teacher-profile.entity';

@Resolver()
export class ProfileResolver {
  @Mutation(() => TeacherProfile, { description: "Updates the signed-in teacher's profile." })
  updateTeacherProfile(@Arg('input', () => UpdateTeacherProfileInput) input: UpdateTeacherProfileInput, @Ctx() context: RequestContext) {
    return profiles.updateTeacherProfile(context, input);
  }

  @Mutation(() => ParentProfile, { description: "Updates the signed-in parent's profile and contact preferences." })
  updateParentProfile(@Arg('input', () => UpdateParentProfileInput) input: UpdateParentProfileInput, @Ctx() context: RequestContext) {
    return profiles.updateParentProfile(context, input);
  }

  @Mutation(() => StudentProfile, { description: "Updates the signed-in student's profile." })
  updateStudentProfile(@Arg('input', () => UpdateStudentProfileInput) input: UpdateStudentProfileInput, @Ctx() context: RequestContext) {
    return profiles.updateStudentProfile(context, input);
  }
}
