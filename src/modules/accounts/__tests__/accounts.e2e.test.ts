import { AccountThrottle, DEFAULT_THROTTLE_POLICY } from '../account-throttle';
import { MemoryMailer } from '../mailer';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Accounts over HTTP on real PostgreSQL: register, login, sessions, refresh rotation with reuse
// detection, expiry, logout, logout everywhere, e-mail verification and password reset.

const AUTH_FIELDS = 'sessionToken refreshToken expiresAt user { id email role }';
const LOGIN = `mutation ($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation ($token: String!) { refreshSession(input: { refreshToken: $token }) { ${AUTH_FIELDS} } }`;
const ME = '{ me { id email role } }';

interface AuthPayload {
  sessionToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; role: string };
}

describe('accounts', () => {
  let app: TestApp;
  const mailer = new MemoryMailer();
  const anonymous = { authorization: '' };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function login(email: string, password = 'nexus-demo'): Promise<AuthPayload> {
    const response = await app.graphql<{ login: AuthPayload }>(LOGIN, { email, password }, anonymous);
    expect(response.errors).toBeUndefined();
    return response.data!.login;
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null, services: { mailer, throttle: new AccountThrottle({ ...DEFAULT_THROTTLE_POLICY, signInPerPair: { points: 3, durationSeconds: 60 }, signInPerIp: { points: 1000, durationSeconds: 60 } }) } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('logs a demo account in and serves me with its bearer token', async () => {
    const session = await login('student@example.com');
    expect(session.user).toMatchObject({ email: 'student@example.com', role: 'STUDENT' });
    expect(session.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await app.graphql<{ me: { email: string } }>(ME, {}, bearer(session.sessionToken));
    expect(me.data!.me.email).toBe('student@example.com');
    expect((await app.graphql<{ me: null }>(ME, {}, anonymous)).data!.me).toBeNull();
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const unknown = await app.graphql(LOGIN, { email: 'nobody@example.com', password: 'nexus-demo' }, anonymous);
    const wrong = await app.graphql(LOGIN, { email: 'parent@example.com', password: 'not-the-password' }, anonymous);
    expect(unknown.errors![0]).toMatchObject({ message: 'Invalid e-mail or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(wrong.errors![0].extensions).toEqual(unknown.errors![0].extensions);
  });

  it('stores only SHA-256 hashes of tokens, never the tokens', async () => {
    const session = await login('teacher@example.com');
    const rows = (await app.dataSource.query('SELECT session_token, refresh_token FROM user_sessions WHERE user_id = $1', [Number(session.user.id)])) as Array<{
      session_token: string;
      refresh_token: string;
    }>;
    const stored = rows.flatMap((row) => [row.session_token, row.refresh_token]);
    expect(stored).not.toContain(session.sessionToken);
    expect(stored).not.toContain(session.refreshToken);
    expect(stored.every((value) => /^[0-9a-f]{64}$/.test(value))).toBe(true);
    const [user] = (await app.dataSource.query('SELECT password_hash FROM users WHERE email = $1', ['teacher@example.com'])) as Array<{ password_hash: string }>;
    expect(user.password_hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
  });

  it('rotates both tokens on refresh, and revokes the session when an old refresh token comes back', async () => {
    const first = await login('parent@example.com');
    const refreshed = await app.graphql<{ refreshSession: AuthPayload }>(REFRESH, { token: first.refreshToken }, anonymous);
    expect(refreshed.errors).toBeUndefined();
    const second = refreshed.data!.refreshSession;
    expect(second.sessionToken).not.toBe(first.sessionToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // The old bearer token stops working, the new one works.
    expect((await app.graphql(ME, {}, bearer(first.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql<{ me: { email: string } }>(ME, {}, bearer(second.sessionToken))).data!.me.email).toBe('parent@example.com');

    // Replaying the first refresh token after the overlap period (moved back in the database
    // rather than waited for): detected, and the whole session is revoked.
    await app.dataSource.query(`UPDATE user_sessions SET rotated_at = rotated_at - make_interval(secs => $2) WHERE user_id = $1`, [
      Number(first.user.id),
      app.config.refreshOverlapSeconds + 1,
    ]);
    const replay = await app.graphql(REFRESH, { token: first.refreshToken }, anonymous);
    expect(replay.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(replay.errors![0].message).toMatch(/already used/);
    expect((await app.graphql(ME, {}, bearer(second.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql(REFRESH, { token: second.refreshToken }, anonymous)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired session token', async () => {
    const session = await login('admin@example.com');
    await app.dataSource.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [Number(session.user.id)]);
    const response = await app.graphql(ME, {}, bearer(session.sessionToken));
    expect(response.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a malformed Authorization header with a message saying what is expected', async () => {
    const response = await app.graphql(ME, {}, { authorization: 'Token abc' });
    expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(response.errors![0].message).toMatch(/Bearer <sessionToken>/);
  });

  it('logout ends the current session only; logoutEverywhere ends them all', async () => {
    const a = await login('student@example.com');
    const b = await login('student@example.com');
    expect((await app.graphql<{ logout: boolean }>('mutation { logout }', {}, bearer(a.sessionToken))).data!.logout).toBe(true);
    expect((await app.graphql(ME, {}, bearer(a.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql<{ me: { email: string } }>(ME, {}, bearer(b.sessionToken))).data!.me.email).toBe('student@example.com');

    const c = await login('student@example.com');
    const everywhere = await app.graphql<{ logoutEverywhere: number }>('mutation { logoutEverywhere }', {}, bearer(c.sessionToken));
    expect(everywhere.data!.logoutEverywhere).toBeGreaterThanOrEqual(2);
    for (const token of [b.sessionToken, c.sessionToken]) {
      expect((await app.graphql(ME, {}, bearer(token))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
  });

  it('registers a student with their profile and student record, and verifies the e-mail once', async () => {
    const response = await app.graphql<{ register: AuthPayload }>(
      `mutation { register(input: { email: "Nour.Haddad@Example.com", password: "une-phrase-longue", firstName: "Nour", lastName: "Haddad", role: STUDENT, gradeLevel: TERMINALE }) { ${AUTH_FIELDS} } }`,
      {},
      anonymous,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.register.user).toMatchObject({ email: 'nour.haddad@example.com', role: 'STUDENT' });
    const [records] = (await app.dataSource.query(
      `SELECT (SELECT count(*) FROM student_profiles p WHERE p.user_id = u.id) AS profiles, (SELECT count(*) FROM students s WHERE s.user_id = u.id) AS students
       FROM users u WHERE u.email = 'nour.haddad@example.com'`,
    )) as Array<{ profiles: number; students: number }>;
    expect(records).toEqual({ profiles: 1, students: 1 });

    const token = mailer.lastTo('nour.haddad@example.com')!.token!;
    const verify = 'mutation ($token: String!) { verifyEmail(input: { token: $token }) }';
    expect((await app.graphql<{ verifyEmail: boolean }>(verify, { token }, anonymous)).data!.verifyEmail).toBe(true);
    expect((await app.graphql(verify, { token }, anonymous)).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a weak password and a duplicate e-mail, writing nothing', async () => {
    const before = (await app.dataSource.query('SELECT count(*) AS count FROM users')) as Array<{ count: number }>;
    const weak = await app.graphql(
      `mutation { register(input: { email: "weak@example.com", password: "short", firstName: "A", lastName: "B", role: PARENT }) { sessionToken } }`,
      {},
      anonymous,
    );
    expect(weak.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['input.password'] });
    const duplicate = await app.graphql(
      `mutation { register(input: { email: "parent@example.com", password: "une-phrase-longue", firstName: "A", lastName: "B", role: PARENT }) { sessionToken } }`,
      {},
      anonymous,
    );
    expect(duplicate.errors![0].extensions!.code).toBe('CONFLICT');
    const studentWithoutLevel = await app.graphql(
      `mutation { register(input: { email: "nolevel@example.com", password: "une-phrase-longue", firstName: "A", lastName: "B", role: STUDENT }) { sessionToken } }`,
      {},
      anonymous,
    );
    expect(studentWithoutLevel.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['input.gradeLevel'] });
    const after = (await app.dataSource.query('SELECT count(*) AS count FROM users')) as Array<{ count: number }>;
    expect(after[0].count).toBe(before[0].count);
  });

  it('resets a password with the e-mailed token, once, and closes every session', async () => {
    const session = await login('teacher@example.com');
    const request = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';
    expect((await app.graphql<{ requestPasswordReset: boolean }>(request, { email: 'teacher@example.com' }, anonymous)).data!.requestPasswordReset).toBe(true);
    expect((await app.graphql<{ requestPasswordReset: boolean }>(request, { email: 'nobody@example.com' }, anonymous)).data!.requestPasswordReset).toBe(true);
    expect(mailer.lastTo('nobody@example.com')).toBeUndefined();

    const token = mailer.lastTo('teacher@example.com')!.token!;
    const reset = 'mutation ($token: String!) { resetPassword(input: { token: $token, newPassword: "nouveau-mot-de-passe" }) }';
    expect((await app.graphql<{ resetPassword: boolean }>(reset, { token }, anonymous)).data!.resetPassword).toBe(true);
    expect((await app.graphql(reset, { token }, anonymous)).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((await app.graphql(ME, {}, bearer(session.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    await login('teacher@example.com', 'nouveau-mot-de-passe');
  });

  it('refuses an account whose status is not active', async () => {
    await app.dataSource.query(`UPDATE users SET status = 'suspended' WHERE email = 'admin@example.com'`);
    const response = await app.graphql(LOGIN, { email: 'admin@example.com', password: 'nexus-demo' }, anonymous);
    expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    await app.dataSource.query(`UPDATE users SET status = 'active' WHERE email = 'admin@example.com'`);
  });

  it('throttles repeated attempts for one e-mail from one address, whatever the password', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const wrong = await app.graphql(LOGIN, { email: 'student@example.com', password: 'wrong-password' }, anonymous);
      expect(wrong.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await app.graphql(LOGIN, { email: 'student@example.com', password: 'nexus-demo' }, anonymous);
    expect(blocked.errors![0].extensions!.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    expect(blocked.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(60);
  });
});
