import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { SessionActivity, sessionActivityOf } from '../session-activity';
import { hashToken } from '../session-token';

// The viewer lookup is one SELECT: a request neither writes last_activity nor waits for it.
// A session whose last_activity is over a minute old is written after the request (one UPDATE
// for all such sessions), at most once a minute, by this process and in PostgreSQL alike.

describe('viewer lookup and last_activity', () => {
  let app: TestApp;
  let token: string;
  let sessionId: number;

  const lastActivityAge = async (): Promise<number> => {
    const [row] = (await app.dataSource.query('SELECT extract(epoch FROM now() - last_activity)::float8 AS age FROM user_sessions WHERE id = $1', [sessionId])) as Array<{ age: number }>;
    return row.age;
  };
  const setLastActivity = (interval: string) => app.dataSource.query(`UPDATE user_sessions SET last_activity = now() - $2::interval WHERE id = $1`, [sessionId, interval]);
  const me = () => app.graphql<{ me: { email: string } }>('{ me { email } }', {}, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    token = await app.signIn('teacher@example.com');
    const [session] = (await app.dataSource.query('SELECT id FROM user_sessions WHERE session_token = $1', [hashToken(token)])) as Array<{ id: number }>;
    sessionId = session.id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('writes a stale last_activity after the request, not during it, and costs the request no statement', async () => {
    await setLastActivity('2 hours');
    const stale = await me();
    expect(stale.data).toEqual({ me: { email: 'teacher@example.com' } });
    // The lookup and the user row: the write is not one of the request's statements.
    expect(stale.extensions?.sqlStatements).toBe(2);
    expect(await lastActivityAge()).toBeGreaterThan(7_000);
    await sessionActivityOf(app.dataSource).flush();
    expect(await lastActivityAge()).toBeLessThan(60);

    // Fresh now: the next requests within a minute queue nothing, and cost the same statements.
    await setLastActivity('2 hours');
    const again = await me();
    expect(again.extensions?.sqlStatements).toBe(2);
    await sessionActivityOf(app.dataSource).flush();
    expect(await lastActivityAge()).toBeGreaterThan(7_000);
  });

  it('PostgreSQL keeps at most one write a minute, whichever process asks', async () => {
    // Another process (a fresh SessionActivity) asks for a session written 30 s ago: nothing changes.
    await setLastActivity('30 seconds');
    const other = new SessionActivity(app.dataSource);
    other.touch(sessionId);
    await other.flush();
    const age = await lastActivityAge();
    expect(age).toBeGreaterThanOrEqual(30);
    expect(age).toBeLessThan(60);
    // Over a minute old: written.
    await setLastActivity('61 seconds');
    other.touch(sessionId, Date.now() + 61_000);
    await other.flush();
    expect(await lastActivityAge()).toBeLessThan(30);
  });

  it('an expired or revoked session is still refused', async () => {
    await app.dataSource.query('UPDATE user_sessions SET is_active = false WHERE id = $1', [sessionId]);
    const refused = await me();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await app.dataSource.query('UPDATE user_sessions SET is_active = true, expires_at = now() - interval \'1 second\' WHERE id = $1', [sessionId]);
    expect((await me()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
