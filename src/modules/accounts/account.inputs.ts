import { IsEmail, IsIn, IsOptional, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { EmailAddressScalar } from '../../graphql/scalars';
import { GradeLevel } from '../curriculum/grade-level.enum';
import { UserRole, UserStatus } from './account.enums';
import { IsNotCommonPassword } from './password-strength';

// Password policy (OWASP ASVS 4.0 V2.1.1, V2.1.7; NIST SP 800-63B §5.1.1.2): 10 to 128 characters,
// not only one repeated character, and not a common or easily guessed password (password-strength.ts).
const PASSWORD_RULES = [
  MinLength(10, { message: 'password must be at least 10 characters long' }),
  MaxLength(128),
  Matches(/^(?!(.)\1*$)/s, { message: 'password must not be one repeated character' }),
  IsNotCommonPassword(),
];

function applyPasswordRules(target: object, property: string): void {
  for (const rule of PASSWORD_RULES) rule(target, property);
}

/** Roles an account can be registered with; admins are created by admins. */
export const SELF_SERVICE_ROLES = [UserRole.STUDENT, UserRole.PARENT, UserRole.TEACHER] as const;

@InputType({ description: 'A new account and the profile that fits its role.' })
export class RegisterInput {
  @Field(() => EmailAddressScalar, { description: 'Sign-in e-mail (stored in lower case).' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field(() => String, { description: 'At least 10 characters, not a common or easily guessed password (BAD_USER_INPUT otherwise).' })
  password!: string;

  @Field(() => String, { description: 'First name.' })
  @Length(1, 100)
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @Length(1, 100)
  lastName!: string;

  @Field(() => UserRole, { description: 'STUDENT, PARENT or TEACHER.' })
  @IsIn(SELF_SERVICE_ROLES, { message: 'role must be STUDENT, PARENT or TEACHER' })
  role!: UserRole;

  @Field(() => String, { nullable: true, description: 'Phone number, international format (+216...).' })
  @IsOptional()
  @Matches(/^\+?[0-9 ]{8,20}$/, { message: 'phone must be a phone number such as +216 71 000 000' })
  phone?: string | null;

  @Field(() => GradeLevel, { nullable: true, description: 'Required for a student: their lycée year.' })
  @IsOptional()
  gradeLevel?: GradeLevel | null;

  @Field(() => String, { nullable: true, description: "A student's school." })
  @IsOptional()
  @MaxLength(200)
  school?: string | null;
}
applyPasswordRules(RegisterInput.prototype, 'password');

@InputType({ description: 'Credentials of an account.' })
export class LoginInput {
  @Field(() => String, { description: 'Sign-in e-mail.' })
  @MaxLength(254)
  email!: string;

  @Field(() => String, { description: 'Password.' })
  @MaxLength(128)
  password!: string;
}

@InputType({ description: 'The refresh token of a session.' })
export class RefreshSessionInput {
  @Field(() => String, { description: 'The refresh token login or the last refresh returned.' })
  @MaxLength(100)
  refreshToken!: string;
}

@InputType({ description: 'A single-use token received by e-mail.' })
export class VerifyEmailInput {
  @Field(() => String, { description: 'The token of the verification e-mail.' })
  @MaxLength(100)
  token!: string;
}

@InputType({ description: 'The e-mail of an account whose password was forgotten.' })
export class RequestPasswordResetInput {
  @Field(() => String, { description: 'Sign-in e-mail.' })
  @MaxLength(254)
  email!: string;
}

@InputType({ description: 'A new password, with the token of the reset e-mail.' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token of the reset e-mail.' })
  @MaxLength(100)
  token!: string;

  @Field(() => String, { description: 'The new password: at least 10 characters, not a common or easily guessed password.' })
  newPassword!: string;
}
applyPasswordRules(ResetPasswordInput.prototype, 'newPassword');

@InputType({ description: 'Activate, suspend or deactivate an account.' })
export class SetUserStatusInput {
  @Field(() => ID, { description: 'The account.' })
  userId!: string;

  @Field(() => UserStatus, { description: 'The new state; any state but ACTIVE also ends its sessions.' })
  status!: UserStatus;
}

@InputType({ description: 'Approve a self-registered teacher.' })
export class ApproveTeacherInput {
  @Field(() => ID, { description: 'The PENDING teacher account (users.id).' })
  userId!: string;
}
