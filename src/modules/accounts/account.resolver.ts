import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import {
  ApproveTeacherInput,
  LoginInput,
  RefreshSessionInput,
  RegisterInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  SetUserStatusInput,
  VerifyEmailInput,
} from './account.inputs';
import * as accounts from './account.service';
import { AuthPayload } from './auth-payload.type';
import { User } from './user.entity';

@Resolver()
export class AccountResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user, or null.' })
  me(@Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo) {
    return accounts.currentUser(context, info);
  }

  @Mutation(() => Boolean, {
    description:
      'Creates an account with the profile of its role and sends a verification e-mail; sign in with login once the e-mail is verified. Always true, also when the e-mail already has an account (its owner is told by e-mail): no account enumeration. A TEACHER stays PENDING (not listed, cannot publish) until an admin approves them.',
  })
  register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() context: RequestContext) {
    return accounts.register(context, input);
  }

  @Mutation(() => AuthPayload, { description: 'Signs in. Unknown e-mail and wrong password give the same UNAUTHENTICATED error.' })
  login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() context: RequestContext) {
    return accounts.login(context, input);
  }

  @Mutation(() => AuthPayload, { description: 'Renews a session: both tokens are replaced; a refresh token used twice revokes the session.' })
  refreshSession(@Arg('input', () => RefreshSessionInput) input: RefreshSessionInput, @Ctx() context: RequestContext) {
    return accounts.refreshSession(context, input.refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  logout(@Ctx() context: RequestContext) {
    return accounts.logout(context);
  }

  @Mutation(() => Int, { description: 'Ends every session of the signed-in user; returns how many were open.' })
  logoutEverywhere(@Ctx() context: RequestContext) {
    return accounts.logoutEverywhere(context);
  }

  @Mutation(() => Boolean, { description: 'Sends a new verification e-mail to the signed-in user.' })
  requestEmailVerification(@Ctx() context: RequestContext) {
    return accounts.requestEmailVerification(context);
  }

  @Mutation(() => Boolean, { description: 'Confirms the e-mail address with the single-use token of the verification e-mail.' })
  verifyEmail(@Arg('input', () => VerifyEmailInput) input: VerifyEmailInput, @Ctx() context: RequestContext) {
    return accounts.verifyEmail(context, input);
  }

  @Mutation(() => Boolean, { description: 'Sends a reset e-mail if the address has an account; answers true either way.' })
  requestPasswordReset(@Arg('input', () => RequestPasswordResetInput) input: RequestPasswordResetInput, @Ctx() context: RequestContext) {
    return accounts.requestPasswordReset(context, input);
  }

  @Mutation(() => Boolean, { description: 'Sets a new password with the single-use token of the reset e-mail, and ends every session.' })
  resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() context: RequestContext) {
    return accounts.resetPassword(context, input);
  }

  @Mutation(() => User, {
    description:
      "Activates, suspends or deactivates an account (admin with can_manage_users); leaving ACTIVE ends the account's sessions. Another admin's account needs a super admin (FORBIDDEN); the last active super admin cannot leave ACTIVE (CONFLICT).",
  })
  setUserStatus(@Arg('input', () => SetUserStatusInput) input: SetUserStatusInput, @Ctx() context: RequestContext) {
    return accounts.setUserStatus(context, input);
  }

  @Mutation(() => User, {
    description:
      'Approves a self-registered teacher (admin with can_manage_users): PENDING → ACTIVE, from then on listed and able to publish availabilities. BAD_USER_INPUT if the account is not a teacher, CONFLICT if it is not PENDING.',
  })
  approveTeacher(@Arg('input', () => ApproveTeacherInput) input: ApproveTeacherInput, @Ctx() context: RequestContext) {
    return accounts.approveTeacher(context, input);
  }
}
