import type { GraphQLResolveInfo } from 'graphql';
import { loadRow } from '../../graphql/read/model-read.service';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import { poolOf } from '../../db/sql-client';
import { selectList } from '../../graphql/connections/page-query';
import { modelOf } from '../../graphql/models';
import type { RequestContext } from '../../graphql/context';
import { adminCan } from '../../graphql/authorization/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import { updateRow } from '../../graphql/mutations/row-writer';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { UserRole, UserStatus } from './account.enums';
import type { ApproveTeacherInput, LoginInput, RegisterInput, RequestPasswordResetInput, ResetPasswordInput, SetUserStatusInput, VerifyEmailInput } from './account.inputs';
import { hashPassword, verifyPassword } from './password-hasher';
import { User } from './user.entity';
import { closeAllSessions, closeSession, openSession, revokeIfReplayed, rotateSession, type IssuedSession } from './session.service';
import { expiryOf, generateExpiringToken, hashToken } from './session-token';
import { maySignIn } from './viewer-lookup';

// Accounts: registration with the profile of the role, sign-in, sessions, e-mail verification and
// password reset. Every mutation runs in one transaction.

const EMAIL_VERIFICATION_HOURS = 48;
const PASSWORD_RESET_MINUTES = 30;
const INVALID_CREDENTIALS = 'Invalid e-mail or password (a new account signs in once its e-mail is verified)';

// Compared against when the e-mail is unknown, so that an unknown e-mail and a wrong password take
// the same time and give the same answer (no account enumeration).
let decoyHash: Promise<string> | null = null;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-never-used');
  return decoyHash;
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The client's address as Express gives it (the socket's, or X-Forwarded-For's per `trust proxy`). */
function ipOf(context: RequestContext): string {
  return context.request.ipAddress ?? 'unknown';
}

function clientOf(context: RequestContext) {
  return { ipAddress: context.request.ipAddress, userAgent: context.request.userAgent };
}

async function insertProfile(manager: EntityManager, userId: number, input: RegisterInput, email: string): Promise<void> {
  const fullName = `${input.firstName.trim()} ${input.lastName.trim()}`;
  switch (input.role) {
    case UserRole.STUDENT: {
      await manager.query(`INSERT INTO student_profiles (user_id, grade_level, school) VALUES ($1, $2, $3)`, [userId, input.gradeLevel, input.school ?? null]);
      await manager.query(`INSERT INTO students (user_id, full_name, email, phone, grade_level, school) VALUES ($1, $2, $3, $4, $5, $6)`, [
        userId,
        fullName,
        email,
        input.phone ?? null,
        input.gradeLevel,
        input.school ?? null,
      ]);
      return;
    }
    case UserRole.PARENT:
      await manager.query(`INSERT INTO parent_profiles (user_id) VALUES ($1)`, [userId]);
      return;
    case UserRole.TEACHER:
      await manager.query(`INSERT INTO teacher_profiles (user_id, subjects) VALUES ($1, '[]'::jsonb)`, [userId]);
      await manager.query(`INSERT INTO teachers (user_id, first_name, last_name, email, phone) VALUES ($1, $2, $3, $4, $5)`, [
        userId,
        input.firstName.trim(),
        input.lastName.trim(),
        email,
        input.phone ?? null,
      ]);
      return;
    default:
      throw new BadUserInputError('role must be STUDENT, PARENT or TEACHER', ['input.role']);
  }
}

async function sendVerification(context: RequestContext, manager: EntityManager, userId: number, email: string): Promise<void> {
  const token = generateExpiringToken(new Date(Date.now() + EMAIL_VERIFICATION_HOURS * 3600_000));
  await manager.query(`UPDATE users SET email_verification_token = $2 WHERE id = $1`, [userId, hashToken(token)]);
  await context.services.mailer.send({ to: email, subject: 'Confirmez votre adresse e-mail — Nexus Réussite', text: `Votre code : ${token}`, token });
}

export interface SessionResult extends IssuedSession {
  user: Record<string, unknown>;
}

async function withUser(context: RequestContext, manager: EntityManager, session: IssuedSession): Promise<SessionResult> {
  const [user] = rowsOf<Record<string, unknown>>(await manager.query(`SELECT ${selectList(modelOf(User))} FROM users AS c WHERE c.id = $1`, [session.userId]));
  context.loaders.clearAll();
  return { ...session, user };
}

/**
 * Creates the account and sends a verification e-mail; answers true in every case, also when the
 * e-mail already has an account, whose owner is then told by e-mail (OWASP Authentication Cheat
 * Sheet, "Authentication and Error Messages": account creation answers generically, like sign-in
 * and password reset, so nobody learns whether an e-mail has an account). The account signs in
 * with login once its e-mail is verified. A TEACHER starts PENDING until an admin approves them.
 * Input errors (a weak password, a missing gradeLevel) are still BAD_USER_INPUT: they say nothing
 * about other accounts.
 */
export async function register(context: RequestContext, input: RegisterInput): Promise<boolean> {
  const email = normalizeEmail(input.email);
  if (input.role === UserRole.STUDENT && !input.gradeLevel) throw new BadUserInputError('gradeLevel is required to register a student', ['input.gradeLevel']);
  await context.services.throttle.reserveRegistration(poolOf(context.dataSource), ipOf(context));
  // Hashed in every case, so that a known e-mail answers after the same work as a new one.
  const passwordHash = await hashPassword(input.password);
  const status = input.role === UserRole.TEACHER ? UserStatus.PENDING : UserStatus.ACTIVE;
  const created = await context.sql.transaction(async (manager) => {
    const [user] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO users (email, password_hash, first_name, last_name, phone, role, status, email_verified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false) ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, passwordHash, input.firstName.trim(), input.lastName.trim(), input.phone ?? null, input.role, status],
      ),
    );
    if (!user) return false;
    await insertProfile(manager, user.id, input, email);
    await sendVerification(context, manager, user.id, email);
    return true;
  }).catch((error: unknown) => {
    // The e-mail of a student or teacher record (students.email, teachers.email are unique): known too.
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  });
  if (!created) {
    await context.services.mailer.send({
      to: email,
      subject: 'Votre adresse est déjà connue — Nexus Réussite',
      text: "Quelqu'un (vous, peut-être) a voulu créer un compte avec cette adresse, déjà connue de Nexus Réussite : connectez-vous, réinitialisez votre mot de passe ou contactez le centre.",
    });
  }
  return true;
}

export async function login(context: RequestContext, input: LoginInput): Promise<SessionResult> {
  const email = normalizeEmail(input.email);
  const ip = ipOf(context);
  const pool = poolOf(context.dataSource);
  // Reserved before the password is hashed: a burst cannot check more passwords than the limits.
  await context.services.throttle.reserveSignIn(pool, email, ip);

  const [account] = await context.sql.query<{ id: number; passwordHash: string; status: UserStatus | null; role: UserRole; emailVerified: boolean | null }>(
    `SELECT id, password_hash AS "passwordHash", status, role, email_verified AS "emailVerified" FROM users WHERE email = $1`,
    [email],
  );
  const valid = await verifyPassword(input.password, account?.passwordHash ?? (await decoy()));
  // An account that may not sign in (inactive, or an e-mail not verified yet: register answers
  // generically, so an unverified account must too) answers like a wrong password.
  if (!account || !valid || !maySignIn(account.status, account.role) || !account.emailVerified) throw new UnauthenticatedError(INVALID_CREDENTIALS);
  await context.services.throttle.signInSucceeded(pool, email, ip);
  return context.sql.transaction(async (manager) => {
    await manager.query(`UPDATE users SET last_login = now() WHERE id = $1`, [account.id]);
    return withUser(context, manager, await openSession(manager, context.config, account.id, clientOf(context)));
  });
}

/**
 * Rotates the session of `refreshToken` (or, within the overlap period, hands its current pair
 * again: session.service.ts). A token rotated out earlier revokes the session; an unknown,
 * expired or revoked one is UNAUTHENTICATED.
 */
export async function refreshSession(context: RequestContext, refreshToken: string): Promise<SessionResult> {
  const renewed = await context.sql.transaction(async (manager) => {
    const session = await rotateSession(manager, context.config, refreshToken);
    return session ? withUser(context, manager, session) : null;
  });
  // The session token of this very request may be the one just replaced.
  context.forgetViewer();
  if (renewed) return renewed;
  if (await context.sql.transaction((manager) => revokeIfReplayed(manager, refreshToken))) {
    throw new UnauthenticatedError('This refresh token was already used: the session has been revoked for safety, sign in again');
  }
  throw new UnauthenticatedError('The refresh token is unknown, expired or revoked: sign in again');
}

async function requireViewer(context: RequestContext) {
  const viewer = await context.viewer();
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

export async function logout(context: RequestContext): Promise<boolean> {
  const viewer = await requireViewer(context);
  await context.sql.transaction((manager) => closeSession(manager, viewer.sessionId));
  context.forgetViewer();
  return true;
}

export async function logoutEverywhere(context: RequestContext): Promise<number> {
  const viewer = await requireViewer(context);
  const closed = await context.sql.transaction((manager) => closeAllSessions(manager, viewer.userId));
  context.forgetViewer();
  return closed;
}

export async function requestEmailVerification(context: RequestContext): Promise<boolean> {
  const viewer = await requireViewer(context);
  await context.sql.transaction(async (manager) => {
    const [user] = rowsOf<{ email: string; emailVerified: boolean | null }>(
      await manager.query(`SELECT email, email_verified AS "emailVerified" FROM users WHERE id = $1`, [viewer.userId]),
    );
    if (user.emailVerified) throw new ConflictError('This e-mail address is already verified');
    await sendVerification(context, manager, viewer.userId, user.email);
  });
  return true;
}

function assertUnexpired(token: string, argument: string): void {
  const expiry = expiryOf(token);
  if (!expiry || expiry.getTime() <= Date.now()) {
    throw new BadUserInputError(`${argument} is invalid or expired: ask for a new e-mail`, [argument]);
  }
}

export async function verifyEmail(context: RequestContext, input: VerifyEmailInput): Promise<boolean> {
  assertUnexpired(input.token, 'input.token');
  const updated = await context.sql.transaction(async (manager) =>
    rowsOf(
      await manager.query(
        `UPDATE users SET email_verified = true, email_verification_token = NULL WHERE email_verification_token = $1 RETURNING id`,
        [hashToken(input.token)],
      ),
    ),
  );
  if (updated.length === 0) throw new BadUserInputError('input.token is invalid or expired: ask for a new e-mail', ['input.token']);
  context.loaders.clearAll();
  return true;
}

/** Always true, whether or not the e-mail has an account (no enumeration); the e-mail goes only to a real one. */
export async function requestPasswordReset(context: RequestContext, input: RequestPasswordResetInput): Promise<boolean> {
  const email = normalizeEmail(input.email);
  await context.services.throttle.reservePasswordReset(poolOf(context.dataSource), email, ipOf(context));
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_MINUTES * 60_000);
  const token = generateExpiringToken(expiresAt);
  const [user] = await context.sql.transaction(async (manager) =>
    rowsOf<{ id: number }>(
      await manager.query(
        `UPDATE users SET password_reset_token = $2, password_reset_expires = $3 WHERE email = $1 AND status = 'active' RETURNING id`,
        [email, hashToken(token), expiresAt],
      ),
    ),
  );
  if (user) await context.services.mailer.send({ to: email, subject: 'Réinitialisez votre mot de passe — Nexus Réussite', text: `Votre code : ${token}`, token });
  return true;
}

/** Sets the new password, consumes the token and closes every session of the account. */
export async function resetPassword(context: RequestContext, input: ResetPasswordInput): Promise<boolean> {
  assertUnexpired(input.token, 'input.token');
  const passwordHash = await hashPassword(input.newPassword);
  const reset = await context.sql.transaction(async (manager) => {
    const [user] = rowsOf<{ id: number }>(
      await manager.query(
        `UPDATE users SET password_hash = $2, password_reset_token = NULL, password_reset_expires = NULL
         WHERE password_reset_token = $1 AND password_reset_expires > now() RETURNING id`,
        [hashToken(input.token), passwordHash],
      ),
    );
    if (user) await closeAllSessions(manager, user.id);
    return Boolean(user);
  });
  if (reset) context.forgetViewer();
  if (!reset) throw new BadUserInputError('input.token is invalid or expired: ask for a new e-mail', ['input.token']);
  return true;
}

/** The viewer's user row (what `info`'s field selects of it, its relationships prefetched), or null when signed out. */
export async function currentUser(context: RequestContext, info?: GraphQLResolveInfo): Promise<Record<string, unknown> | null> {
  const viewer = await context.viewer();
  if (!viewer) return null;
  return loadRow(context, modelOf(User), viewer.userId, info);
}


interface AccountState {
  role: UserRole;
  status: UserStatus | null;
  superAdmin: boolean;
}

/** The account a user-management mutation changes, locked; NOT_FOUND if it does not exist. */
async function lockAccount(manager: EntityManager, userId: number): Promise<AccountState> {
  const [account] = rowsOf<AccountState>(
    await manager.query(
      `SELECT u.role, u.status, coalesce(a.is_super_admin, false) AS "superAdmin"
       FROM users u LEFT JOIN admin_profiles a ON a.user_id = u.id WHERE u.id = $1 FOR UPDATE OF u`,
      [userId],
    ),
  );
  if (!account) throw new NotFoundError('User', userId);
  return account;
}

/**
 * Admins with can_manage_users change an account's state; leaving ACTIVE ends its sessions.
 * Another admin's account is a super admin's business only, and the last active super admin is
 * never suspended or deactivated (also held by a trigger of the database). PENDING → ACTIVE of a
 * teacher is their approval (as approveTeacher).
 */
export async function setUserStatus(context: RequestContext, input: SetUserStatusInput): Promise<Record<string, unknown>> {
  const userId = parseId(input.userId, 'input.userId');
  const users = modelOf(User);
  await runMutation(context, [users], async (manager, viewer) => {
    if (!adminCan(viewer, 'canManageUsers')) throw new ForbiddenError('Changing an account needs an admin with can_manage_users');
    if (userId === viewer.userId) throw new BadUserInputError('You cannot change the state of your own account', ['input.userId']);
    const account = await lockAccount(manager, userId);
    if (account.role === UserRole.ADMIN && !viewer.admin?.isSuperAdmin) throw new ForbiddenError("Only a super admin changes another admin's account");
    if (account.superAdmin && account.status === UserStatus.ACTIVE && input.status !== UserStatus.ACTIVE) {
      await assertAnotherActiveSuperAdmin(manager, userId);
    }
    await updateRow(manager, users, userId, { status: input.status });
    if (input.status !== UserStatus.ACTIVE) await closeAllSessions(manager, userId);
  });
  return readChanged(context, users, userId);
}

/** CONFLICT unless an active super admin other than `userId` remains (serialized with the trigger's lock). */
async function assertAnotherActiveSuperAdmin(manager: EntityManager, userId: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('active_super_admins'))`);
  const [other] = rowsOf(
    await manager.query(
      `SELECT 1 FROM users u JOIN admin_profiles a ON a.user_id = u.id
       WHERE u.id <> $1 AND u.role = 'admin' AND u.status = 'active' AND a.is_super_admin IS TRUE LIMIT 1`,
      [userId],
    ),
  );
  if (!other) throw new ConflictError('This is the last active super admin: make another admin super admin first');
}

/** An admin with can_manage_users approves a self-registered teacher: PENDING → ACTIVE, listed and able to publish. */
export async function approveTeacher(context: RequestContext, input: ApproveTeacherInput): Promise<Record<string, unknown>> {
  const userId = parseId(input.userId, 'input.userId');
  const users = modelOf(User);
  await runMutation(context, [users], async (manager, viewer) => {
    if (!adminCan(viewer, 'canManageUsers')) throw new ForbiddenError('Approving a teacher needs an admin with can_manage_users');
    const account = await lockAccount(manager, userId);
    if (account.role !== UserRole.TEACHER) throw new BadUserInputError('input.userId is not a teacher account', ['input.userId']);
    if (account.status !== UserStatus.PENDING) throw new ConflictError(`This teacher is not awaiting approval (the account is ${account.status ?? 'without a state'})`);
    await updateRow(manager, users, userId, { status: UserStatus.ACTIVE });
  });
  // The teacher's row policies changed (now listed): forget what this request read.
  context.loaders.clearAll();
  return readChanged(context, users, userId);
}
