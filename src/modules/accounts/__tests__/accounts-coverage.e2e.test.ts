import { unthrottled } from './unthrottled';
import { MemoryMailer } from '../mailer';
import { generateExpiringToken } from '../session-token';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Coverage of the account mutations: each validation rule, each refusal, an unauthorized caller
// where there can be one, and, after every refusal, the database unchanged.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { sessionToken user { id email role } } }';
const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { sessionToken refreshToken } }';
const REFRESH = 'mutation ($token: String!) { refreshSession(input: { refreshToken: $token }) { sessionToken } }';
const VERIFY = 'mutation ($token: String!) { verifyEmail(input: { token: $token }) }';
const REQUEST_RESET = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';
const RESET = 'mutation ($token: String!, $password: String!) { resetPassword(input: { token: $token, newPassword: $password }) }';
const SET_STATUS = 'mutation ($input: SetUserStatusInput!) { setUserStatus(input: $input) { id status } }';

/** Limits far above what these tests send (throttling has its own tests: account-throttle.e2e.test.ts). */
describe('account mutations: coverage', () => {
  let app: TestApp;
  const mailer = new MemoryMailer();
  const anonymous = { authorization: '' };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  async function one<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }
  /** Row counts of every table an account mutation writes, and the mutable columns of the users. */
  async function snapshot(): Promise<Record<string, unknown>> {
    return one(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM student_profiles)::int AS student_profiles,
              (SELECT count(*) FROM students)::int AS students, (SELECT count(*) FROM parent_profiles)::int AS parent_profiles,
              (SELECT count(*) FROM teacher_profiles)::int AS teacher_profiles, (SELECT count(*) FROM teachers)::int AS teachers,
              (SELECT count(*) FROM user_sessions)::int AS sessions, (SELECT count(*) FROM user_sessions WHERE is_active IS TRUE)::int AS active_sessions,
              (SELECT md5(string_agg(concat_ws('|', id, password_hash, status, email_verified, email_verification_token, password_reset_token, last_login), ',' ORDER BY id))
                 FROM users) AS users_digest`,
    );
  }
  async function userIdOf(email: string): Promise<number> {
    return (await one<{ id: number }>('SELECT id FROM users WHERE email = $1', [email])).id;
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null, services: { mailer, throttle: unthrottled() } });
  });
  afterAll(async () => {
    await app.close();
  });

  describe('register', () => {
    const valid = { email: 'coverage.parent@example.com', password: 'une-phrase-longue', firstName: 'Leila', lastName: 'Trabelsi', role: 'PARENT' };

    it('registers a parent and a teacher with their profiles', async () => {
      const parent = await app.graphql<{ register: { user: { email: string; role: string } } }>(REGISTER, { input: { ...valid, phone: '+216 71 000 000' } }, anonymous);
      expect(parent.errors).toBeUndefined();
      expect(parent.data!.register.user).toMatchObject({ email: 'coverage.parent@example.com', role: 'PARENT' });
      expect(await one(`SELECT count(*)::int AS n FROM parent_profiles WHERE user_id = $1`, [await userIdOf('coverage.parent@example.com')])).toEqual({ n: 1 });
      const teacher = await app.graphql(REGISTER, { input: { ...valid, email: 'coverage.teacher@example.com', role: 'TEACHER' } }, anonymous);
      expect(teacher.errors).toBeUndefined();
      const teacherId = await userIdOf('coverage.teacher@example.com');
      expect(
        await one(`SELECT (SELECT count(*) FROM teacher_profiles WHERE user_id = $1)::int AS profiles, (SELECT count(*) FROM teachers WHERE user_id = $1)::int AS teachers`, [teacherId]),
      ).toEqual({ profiles: 1, teachers: 1 });
    });

    it('refuses each invalid field with its name, and writes nothing', async () => {
      const before = await snapshot();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ email: 'x'.repeat(250) + '@example.com' }, 'input.email'],
        [{ password: 'court' }, 'input.password'],
        [{ password: 'aaaaaaaaaaaa' }, 'input.password'],
        [{ password: 'x'.repeat(129) }, 'input.password'],
        [{ firstName: '' }, 'input.firstName'],
        [{ firstName: 'x'.repeat(101) }, 'input.firstName'],
        [{ lastName: '' }, 'input.lastName'],
        [{ lastName: 'x'.repeat(101) }, 'input.lastName'],
        [{ role: 'ADMIN' }, 'input.role'],
        [{ phone: 'appelez-moi' }, 'input.phone'],
        [{ school: 'x'.repeat(201) }, 'input.school'],
        [{ role: 'STUDENT', gradeLevel: null }, 'input.gradeLevel'], // refused by the service after the user row was inserted
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(REGISTER, { input: { ...valid, email: 'coverage.refused@example.com', ...override } }, anonymous);
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toContain(field);
      }
      // A malformed address is refused by the EmailAddress scalar itself.
      expect(codeOf(await app.graphql(REGISTER, { input: { ...valid, email: 'pas-une-adresse' } }, anonymous))).toBe('BAD_USER_INPUT');
      expect(codeOf(await app.graphql(REGISTER, { input: { ...valid, email: 'STUDENT@example.com' } }, anonymous))).toBe('CONFLICT');
      expect(await snapshot()).toEqual(before);
      expect(mailer.lastTo('coverage.refused@example.com')).toBeUndefined();
    });
  });

  describe('login', () => {
    it('signs in, opening a session', async () => {
      const before = await snapshot();
      const response = await app.graphql<{ login: { sessionToken: string } }>(LOGIN, { input: { email: 'parent@example.com', password: 'nexus-demo' } }, anonymous);
      expect(response.errors).toBeUndefined();
      expect((await snapshot()).sessions).toBe((before.sessions as number) + 1);
    });

    it('refuses over-long credentials and bad credentials, opening no session and touching no user', async () => {
      const before = await snapshot();
      const long = await app.graphql(LOGIN, { input: { email: `${'x'.repeat(250)}@example.com`, password: 'nexus-demo' } }, anonymous);
      expect([codeOf(long), fieldsOf(long)]).toEqual(['BAD_USER_INPUT', ['input.email']]);
      const longPassword = await app.graphql(LOGIN, { input: { email: 'parent@example.com', password: 'x'.repeat(129) } }, anonymous);
      expect([codeOf(longPassword), fieldsOf(longPassword)]).toEqual(['BAD_USER_INPUT', ['input.password']]);
      expect(codeOf(await app.graphql(LOGIN, { input: { email: 'parent@example.com', password: 'mauvais-mot-de-passe' } }, anonymous))).toBe('UNAUTHENTICATED');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('refreshSession', () => {
    it('refuses an over-long, an unknown and a malformed refresh token, changing no session', async () => {
      const login = await app.graphql<{ login: { refreshToken: string } }>(LOGIN, { input: { email: 'teacher@example.com', password: 'nexus-demo' } }, anonymous);
      const before = await snapshot();
      const sessionsBefore = await one(`SELECT md5(string_agg(concat_ws('|', id, session_token, refresh_token, is_active, expires_at), ',' ORDER BY id)) AS digest FROM user_sessions`);
      const long = await app.graphql(REFRESH, { token: 'x'.repeat(101) }, anonymous);
      expect([codeOf(long), fieldsOf(long)]).toEqual(['BAD_USER_INPUT', ['input.refreshToken']]);
      expect(codeOf(await app.graphql(REFRESH, { token: 'A'.repeat(43) }, anonymous))).toBe('UNAUTHENTICATED');
      expect(codeOf(await app.graphql(REFRESH, { token: '' }, anonymous))).toBe('UNAUTHENTICATED');
      expect(await snapshot()).toEqual(before);
      expect(await one(`SELECT md5(string_agg(concat_ws('|', id, session_token, refresh_token, is_active, expires_at), ',' ORDER BY id)) AS digest FROM user_sessions`)).toEqual(
        sessionsBefore,
      );
      // The real token still works after those refusals.
      expect((await app.graphql(REFRESH, { token: login.data!.login.refreshToken }, anonymous)).errors).toBeUndefined();
    });
  });

  describe('logout and logoutEverywhere', () => {
    it('refuse an anonymous caller and an invalid token, ending no session', async () => {
      await app.signIn('parent@example.com');
      const before = await snapshot();
      for (const mutation of ['mutation { logout }', 'mutation { logoutEverywhere }']) {
        expect(codeOf(await app.graphql(mutation, {}, anonymous))).toBe('UNAUTHENTICATED');
        expect(codeOf(await app.graphql(mutation, {}, as('A'.repeat(43))))).toBe('UNAUTHENTICATED');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('logoutEverywhere ends only the caller’s sessions', async () => {
      const mine = await app.signIn('student@example.com');
      await app.signIn('student@example.com');
      const others = await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM user_sessions WHERE is_active IS TRUE AND user_id <> (SELECT id FROM users WHERE email = 'student@example.com')`,
      );
      const response = await app.graphql<{ logoutEverywhere: number }>('mutation { logoutEverywhere }', {}, as(mine));
      expect(response.data!.logoutEverywhere).toBeGreaterThanOrEqual(2);
      expect(
        await one(`SELECT count(*)::int AS n FROM user_sessions WHERE is_active IS TRUE AND user_id <> (SELECT id FROM users WHERE email = 'student@example.com')`),
      ).toEqual(others);
    });
  });

  describe('requestEmailVerification and verifyEmail', () => {
    it('sends a new verification e-mail to an unverified account, whose token verifies it', async () => {
      const email = 'coverage.parent@example.com';
      const token = await app.signIn(email);
      const sent = mailer.outbox.length;
      const response = await app.graphql<{ requestEmailVerification: boolean }>('mutation { requestEmailVerification }', {}, as(token));
      expect(response.data!.requestEmailVerification).toBe(true);
      expect(mailer.outbox.length).toBe(sent + 1);
      const verification = mailer.lastTo(email)!.token!;
      expect((await app.graphql<{ verifyEmail: boolean }>(VERIFY, { token: verification }, anonymous)).data!.verifyEmail).toBe(true);
      expect(await one(`SELECT email_verified, email_verification_token FROM users WHERE email = $1`, [email])).toEqual({ email_verified: true, email_verification_token: null });
    });

    it('requestEmailVerification refuses an anonymous caller and a verified address, writing and sending nothing', async () => {
      await app.dataSource.query(`UPDATE users SET email_verified = true WHERE email = 'parent@example.com'`);
      const token = await app.signIn('parent@example.com');
      const before = await snapshot();
      const sent = mailer.outbox.length;
      expect(codeOf(await app.graphql('mutation { requestEmailVerification }', {}, anonymous))).toBe('UNAUTHENTICATED');
      expect(codeOf(await app.graphql('mutation { requestEmailVerification }', {}, as(token)))).toBe('CONFLICT');
      expect(await snapshot()).toEqual(before);
      expect(mailer.outbox.length).toBe(sent);
    });

    it('verifyEmail refuses over-long, malformed, expired and unknown tokens, verifying nobody', async () => {
      const email = 'coverage.teacher@example.com';
      const token = await app.signIn(email);
      await app.graphql('mutation { requestEmailVerification }', {}, as(token));
      const real = mailer.lastTo(email)!.token!;
      const before = await snapshot();
      const cases = ['x'.repeat(101), 'pas-un-jeton', generateExpiringToken(new Date(Date.now() - 1000)), generateExpiringToken(new Date(Date.now() + 3600_000))];
      for (const [index, bad] of cases.entries()) {
        const response = await app.graphql(VERIFY, { token: bad }, anonymous);
        expect([index, codeOf(response), fieldsOf(response)]).toEqual([index, 'BAD_USER_INPUT', ['input.token']]);
      }
      expect(await snapshot()).toEqual(before);
      expect(await one(`SELECT email_verified FROM users WHERE email = $1`, [email])).toEqual({ email_verified: false });
      expect((await app.graphql(VERIFY, { token: real }, anonymous)).errors).toBeUndefined();
    });
  });

  describe('requestPasswordReset and resetPassword', () => {
    it('requestPasswordReset refuses an over-long e-mail, and answers true without writing for unknown or inactive accounts', async () => {
      const long = await app.graphql(REQUEST_RESET, { email: `${'x'.repeat(250)}@example.com` }, anonymous);
      expect([codeOf(long), fieldsOf(long)]).toEqual(['BAD_USER_INPUT', ['input.email']]);
      await app.dataSource.query(`UPDATE users SET status = 'suspended' WHERE email = 'coverage.parent@example.com'`);
      const before = await snapshot();
      const sent = mailer.outbox.length;
      for (const email of ['personne@example.com', 'coverage.parent@example.com']) {
        expect((await app.graphql<{ requestPasswordReset: boolean }>(REQUEST_RESET, { email }, anonymous)).data!.requestPasswordReset).toBe(true);
      }
      expect(await snapshot()).toEqual(before);
      expect(mailer.outbox.length).toBe(sent);
      await app.dataSource.query(`UPDATE users SET status = 'active' WHERE email = 'coverage.parent@example.com'`);
    });

    it('resetPassword refuses a weak password and bad tokens, changing no password and ending no session', async () => {
      const email = 'coverage.teacher@example.com';
      await app.signIn(email);
      await app.graphql(REQUEST_RESET, { email }, anonymous);
      const token = mailer.lastTo(email)!.token!;
      const before = await snapshot();
      const cases: Array<[string, string, string]> = [
        [token, 'court', 'input.newPassword'],
        [token, 'bbbbbbbbbbbb', 'input.newPassword'],
        [token, 'x'.repeat(129), 'input.newPassword'],
        ['x'.repeat(101), 'nouveau-mot-de-passe', 'input.token'],
        ['pas-un-jeton', 'nouveau-mot-de-passe', 'input.token'],
        [generateExpiringToken(new Date(Date.now() - 1000)), 'nouveau-mot-de-passe', 'input.token'],
        [generateExpiringToken(new Date(Date.now() + 600_000)), 'nouveau-mot-de-passe', 'input.token'],
      ];
      for (const [candidate, password, field] of cases) {
        const response = await app.graphql(RESET, { token: candidate, password }, anonymous);
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      expect(await snapshot()).toEqual(before);
      // An expired reset: the token is still stored, but its time is over.
      await app.dataSource.query(`UPDATE users SET password_reset_expires = now() - interval '1 minute' WHERE email = $1`, [email]);
      const expired = await app.graphql(RESET, { token, password: 'nouveau-mot-de-passe' }, anonymous);
      expect([codeOf(expired), fieldsOf(expired)]).toEqual(['BAD_USER_INPUT', ['input.token']]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('setUserStatus', () => {
    let admin: string;
    let targetId: number;
    beforeAll(async () => {
      admin = await app.signIn('admin@example.com');
      targetId = await userIdOf('coverage.teacher@example.com');
    });

    it('deactivates an account (ending its sessions) and activates it again', async () => {
      await app.signIn('coverage.teacher@example.com');
      const off = await app.graphql<{ setUserStatus: { status: string } }>(SET_STATUS, { input: { userId: String(targetId), status: 'DEACTIVATED' } }, as(admin));
      expect(off.errors).toBeUndefined();
      expect(off.data!.setUserStatus.status).toBe('DEACTIVATED');
      expect(await one(`SELECT count(*)::int AS n FROM user_sessions WHERE user_id = $1 AND is_active IS TRUE`, [targetId])).toEqual({ n: 0 });
      const on = await app.graphql<{ setUserStatus: { status: string } }>(SET_STATUS, { input: { userId: String(targetId), status: 'ACTIVE' } }, as(admin));
      expect(on.data!.setUserStatus.status).toBe('ACTIVE');
    });

    it('refuses a bad id and the admin’s own account, writing nothing', async () => {
      await app.signIn('coverage.teacher@example.com');
      const before = await snapshot();
      const bad = await app.graphql(SET_STATUS, { input: { userId: 'x', status: 'SUSPENDED' } }, as(admin));
      expect([codeOf(bad), fieldsOf(bad)]).toEqual(['BAD_USER_INPUT', ['input.userId']]);
      const self = await app.graphql(SET_STATUS, { input: { userId: String(await userIdOf('admin@example.com')), status: 'SUSPENDED' } }, as(admin));
      expect([codeOf(self), fieldsOf(self)]).toEqual(['BAD_USER_INPUT', ['input.userId']]);
      expect(codeOf(await app.graphql(SET_STATUS, { input: { userId: '999999999', status: 'SUSPENDED' } }, as(admin)))).toBe('NOT_FOUND');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses anonymous callers, non-admins and admins without can_manage_users, writing nothing', async () => {
      await app.signIn('coverage.teacher@example.com');
      const input = { userId: String(targetId), status: 'SUSPENDED' };
      const before = await snapshot();
      expect(codeOf(await app.graphql(SET_STATUS, { input }, anonymous))).toBe('UNAUTHENTICATED');
      for (const email of ['teacher@example.com', 'parent@example.com', 'student@example.com']) {
        expect([email, codeOf(await app.graphql(SET_STATUS, { input }, as(await app.signIn(email))))]).toEqual([email, 'FORBIDDEN']);
      }
      await app.dataSource.query(
        `UPDATE admin_profiles SET is_super_admin = false, can_manage_users = false, can_manage_content = true WHERE user_id = (SELECT id FROM users WHERE email = 'admin@example.com')`,
      );
      const limited = await app.signIn('admin@example.com');
      const during = await snapshot();
      expect(codeOf(await app.graphql(SET_STATUS, { input }, as(limited)))).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(during);
      expect({ ...during, sessions: before.sessions, active_sessions: before.active_sessions }).toEqual(before);
      expect(await one(`SELECT status FROM users WHERE id = $1`, [targetId])).toEqual({ status: 'active' });
    });
  });
});
