import { MemoryMailer } from '../mailer';
import { unthrottled } from './unthrottled';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Sessions that change during a request, and refreshes that race:
// - a mutation after logout / logoutEverywhere / resetPassword in the same request runs without
//   a session (the viewer is read again after any change of sessions);
// - parallel refreshSession calls with one refresh token all get the current pair during the
//   overlap period; after it, or after a newer rotation, the token revokes the session.

const AUTH_FIELDS = 'sessionToken refreshToken expiresAt user { email }';
const LOGIN = `mutation ($email: String!) { login(input: { email: $email, password: "nexus-demo" }) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation ($token: String!) { refreshSession(input: { refreshToken: $token }) { ${AUTH_FIELDS} } }`;
const ME = '{ me { email } }';
const OBJECTIVE = (studentId: number, text: string) =>
  `after: createObjective(input: { studentId: "${studentId}", subject: "Mathématiques", objectiveText: "${text}", targetDate: "2099-06-01" }) { id }`;

interface AuthPayload {
  sessionToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { email: string };
}

describe('session changes within a request and parallel refreshes', () => {
  let app: TestApp;
  const mailer = new MemoryMailer();
  const anonymous = { authorization: '' };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  let studentId: number;

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null, services: { mailer, throttle: unthrottled() } });
    const [student] = (await app.dataSource.query(`SELECT s.id FROM students s JOIN users u ON u.id = s.user_id WHERE u.email = 'student@example.com'`)) as Array<{ id: number }>;
    studentId = student.id;
  });
  afterAll(async () => {
    await app.close();
  });

  async function login(email = 'student@example.com'): Promise<AuthPayload> {
    const response = await app.graphql<{ login: AuthPayload }>(LOGIN, { email }, anonymous);
    expect(response.errors).toBeUndefined();
    return response.data!.login;
  }

  async function objectivesWithText(text: string): Promise<number> {
    const [row] = (await app.dataSource.query('SELECT count(*)::int AS n FROM student_objectives WHERE objective_text = $1', [text])) as Array<{ n: number }>;
    return row.n;
  }

  describe('a mutation after the session ended in the same request', () => {
    it.each([
      ['logout', 'out: logout', 'after'],
      ['logoutEverywhere', 'out: logoutEverywhere', 'after'],
      // The second logout fails, and serial execution stops there: createObjective never runs.
      ['logout, then logout again', 'out: logout again: logout', 'again'],
    ])('after %s: UNAUTHENTICATED, nothing created', async (name, first, failing) => {
      const session = await login();
      const text = `after ${name}`;
      const response = await app.graphql<Record<string, unknown>>(`mutation { ${first} ${OBJECTIVE(studentId, text)} }`, {}, bearer(session.sessionToken));
      // createObjective is non-null: its error nulls the whole data.
      expect(response.data).toBeNull();
      const codes = response.errors!.map((error) => [error.path?.[0], error.extensions?.code]);
      expect(codes).toEqual([[failing, 'UNAUTHENTICATED']]);
      expect(await objectivesWithText(text)).toBe(0);
      expect((await app.graphql(ME, {}, bearer(session.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('after resetPassword of the signed-in account: UNAUTHENTICATED, nothing created', async () => {
      const session = await login('parent@example.com');
      expect((await app.graphql('mutation { requestPasswordReset(input: { email: "parent@example.com" }) }', {}, anonymous)).errors).toBeUndefined();
      const token = mailer.outbox.at(-1)!.token!;
      const text = 'after resetPassword';
      const [child] = (await app.dataSource.query(
        `SELECT s.id FROM students s JOIN parent_child_relations r ON r.child_user_id = s.user_id JOIN users p ON p.id = r.parent_user_id WHERE p.email = 'parent@example.com' ORDER BY s.id LIMIT 1`,
      )) as Array<{ id: number }>;
      const response = await app.graphql<Record<string, unknown>>(
        `mutation ($token: String!) { out: resetPassword(input: { token: $token, newPassword: "nexus-demo" }) ${OBJECTIVE(child.id, text)} }`,
        { token },
        bearer(session.sessionToken),
      );
      expect(response.data).toBeNull();
      expect(response.errors!.map((error) => [error.path?.[0], error.extensions?.code])).toContainEqual(['after', 'UNAUTHENTICATED']);
      expect(await objectivesWithText(text)).toBe(0);
      expect((await app.graphql(ME, {}, bearer(session.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('a mutation before logout still runs (control)', async () => {
      const session = await login();
      const text = 'before logout';
      const response = await app.graphql<Record<string, unknown>>(
        `mutation { before: createObjective(input: { studentId: "${studentId}", subject: "Physique", objectiveText: "${text}", targetDate: "2099-06-01" }) { id } out: logout }`,
        {},
        bearer(session.sessionToken),
      );
      expect(response.errors).toBeUndefined();
      expect(await objectivesWithText(text)).toBe(1);
    });
  });

  describe('refreshSession overlap period', () => {
    async function refresh(token: string) {
      return app.graphql<{ refreshSession: AuthPayload }>(REFRESH, { token }, anonymous);
    }

    it('five parallel refreshes with one token all get the same, working pair', async () => {
      const session = await login();
      const replies = await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)));
      expect(replies.map((reply) => reply.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      const pairs = new Set(replies.map((reply) => `${reply.data!.refreshSession.sessionToken}/${reply.data!.refreshSession.refreshToken}`));
      expect(pairs.size).toBe(1);
      const current = replies[0].data!.refreshSession;
      expect(current.refreshToken).not.toBe(session.refreshToken);
      expect((await app.graphql<{ me: { email: string } }>(ME, {}, bearer(current.sessionToken))).data!.me.email).toBe('student@example.com');
      // The session was not revoked: its next refresh works too.
      expect((await refresh(current.refreshToken)).errors).toBeUndefined();
    });

    it('a retry of the same token a moment later gets the current pair, not a revocation', async () => {
      const session = await login('teacher@example.com');
      const first = (await refresh(session.refreshToken)).data!.refreshSession;
      const retry = await refresh(session.refreshToken);
      expect(retry.errors).toBeUndefined();
      expect(retry.data!.refreshSession).toMatchObject({ sessionToken: first.sessionToken, refreshToken: first.refreshToken, expiresAt: first.expiresAt });
    });

    it('replay after the overlap period revokes the session', async () => {
      const session = await login('admin@example.com');
      const current = (await refresh(session.refreshToken)).data!.refreshSession;
      await app.dataSource.query(`UPDATE user_sessions SET rotated_at = rotated_at - make_interval(secs => $2) WHERE refresh_token IS NOT NULL AND user_id = (SELECT id FROM users WHERE email = $1)`, [
        'admin@example.com',
        app.config.refreshOverlapSeconds + 1,
      ]);
      const replay = await refresh(session.refreshToken);
      expect(replay.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(replay.errors![0].message).toMatch(/already used/);
      expect((await app.graphql(ME, {}, bearer(current.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await refresh(current.refreshToken)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('replay of a token two rotations old revokes the session, even within the period', async () => {
      const session = await login('parent@example.com');
      const second = (await refresh(session.refreshToken)).data!.refreshSession;
      const third = (await refresh(second.refreshToken)).data!.refreshSession;
      const replay = await refresh(session.refreshToken);
      expect(replay.errors![0].message).toMatch(/already used/);
      expect((await app.graphql(ME, {}, bearer(third.sessionToken))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('a logged-out session cannot be refreshed, even within the period', async () => {
      const session = await login();
      const current = (await refresh(session.refreshToken)).data!.refreshSession;
      expect((await app.graphql('mutation { logout }', {}, bearer(current.sessionToken))).errors).toBeUndefined();
      for (const token of [session.refreshToken, current.refreshToken]) {
        expect((await refresh(token)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      }
    });
  });
});
