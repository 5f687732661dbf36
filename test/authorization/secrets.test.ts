import { createHash } from 'node:crypto';
import { AccountThrottle } from '../../src/modules/accounts/account-throttle';
import { MemoryMailer } from '../../src/modules/accounts/mailer';
import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf, sql } from './support/harness';

// (e) No field returns a password hash or a token, and the database keeps no token in clear:
// only SHA-256 digests (64 hex digits), so a leaked table gives no usable session or link.

const SHA256_HEX = /^[0-9a-f]{64}$/;

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const FIELDS = 'query ($name: String!) { __type(name: $name) { fields { name } } }';

describe('secrets', () => {
  let app: TestApp;
  const mailer = new MemoryMailer();
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null, services: { mailer, throttle: new AccountThrottle() } });
  });
  afterAll(async () => {
    await app.close();
  });

  async function fieldsOf(type: string): Promise<string[]> {
    const data = dataOf(await app.graphql<{ __type: { fields: Array<{ name: string }> } }>(FIELDS, { name: type }, { authorization: '' }));
    return data.__type.fields.map((field) => field.name);
  }

  it.each([
    ['User', ['passwordHash', 'emailVerificationToken', 'passwordResetToken']],
    ['UserSession', ['sessionToken', 'refreshToken', 'usedRefreshTokens']],
  ])('the schema gives %s no field %j', async (type, secrets) => {
    const fields = await fieldsOf(type);
    expect(fields).toContain('id');
    expect(fields.filter((field) => secrets.includes(field))).toEqual([]);
  });

  it('user_sessions holds SHA-256 digests only: session, refresh and used refresh tokens', async () => {
    const sessions = await sql<{ session: string; refresh: string | null; used: string[] }>(
      app,
      'SELECT session_token AS session, refresh_token AS refresh, used_refresh_tokens AS used FROM user_sessions',
    );
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.filter((row) => !SHA256_HEX.test(row.session))).toEqual([]);
    expect(sessions.filter((row) => row.refresh !== null).length).toBeGreaterThan(0);
    expect(sessions.filter((row) => row.refresh !== null && !SHA256_HEX.test(row.refresh))).toEqual([]);
    expect(sessions.flatMap((row) => row.used).filter((token) => !SHA256_HEX.test(token))).toEqual([]);
  });

  it('users hold no verification or reset token in clear (null or a SHA-256 digest)', async () => {
    const users = await sql<{ verification: string | null; reset: string | null }>(
      app,
      'SELECT email_verification_token AS verification, password_reset_token AS reset FROM users',
    );
    const stored = users.flatMap((row) => [row.verification, row.reset]).filter((token): token is string => token !== null);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.filter((token) => !SHA256_HEX.test(token))).toEqual([]);
  });

  it('tokens handed out by login, refresh and password reset are stored as their SHA-256 only', async () => {
    const login = await app.graphql<{ login: { sessionToken: string; refreshToken: string; user: { id: string } } }>(
      'mutation { login(input: { email: "parent@example.com", password: "nexus-demo" }) { sessionToken refreshToken user { id } } }',
      {},
      { authorization: '' },
    );
    const first = dataOf(login).login;
    const refresh = await app.graphql<{ refreshSession: { sessionToken: string; refreshToken: string } }>(
      'mutation ($token: String!) { refreshSession(input: { refreshToken: $token }) { sessionToken refreshToken } }',
      { token: first.refreshToken },
      { authorization: '' },
    );
    const second = dataOf(refresh).refreshSession;
    expect(dataOf(await app.graphql('mutation { requestPasswordReset(input: { email: "parent@example.com" }) }', {}, { authorization: '' }))).toEqual({
      requestPasswordReset: true,
    });
    const reset = mailer.lastTo('parent@example.com')!.token!;

    const [session] = await sql<{ session: string; refresh: string; used: string[] }>(
      app,
      'SELECT session_token AS session, refresh_token AS refresh, used_refresh_tokens AS used FROM user_sessions WHERE session_token = $1',
      [sha256(second.sessionToken)],
    );
    expect(session).toEqual({ session: sha256(second.sessionToken), refresh: sha256(second.refreshToken), used: [sha256(first.refreshToken)] });
    const [user] = await sql<{ reset: string }>(app, 'SELECT password_reset_token AS reset FROM users WHERE id = $1', [Number(first.user.id)]);
    expect(user.reset).toBe(sha256(reset));

    // No column of either table holds any of the tokens themselves.
    const clear = [first.sessionToken, first.refreshToken, second.sessionToken, second.refreshToken, reset];
    const [leaks] = await sql<{ count: number }>(
      app,
      `SELECT (SELECT count(*) FROM user_sessions WHERE session_token = ANY($1) OR refresh_token = ANY($1) OR used_refresh_tokens && $1::varchar[])::int
            + (SELECT count(*) FROM users WHERE email_verification_token = ANY($1) OR password_reset_token = ANY($1) OR password_hash = ANY($1))::int AS count`,
      [clear],
    );
    expect(leaks.count).toBe(0);
  });
});
