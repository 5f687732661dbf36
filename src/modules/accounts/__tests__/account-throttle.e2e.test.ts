import { createDataSource, servingTimeouts } from '../../../db/data-source';
import { createApp, listen, type App } from '../../../server/create-app';
import { AccountThrottle, DEFAULT_THROTTLE_POLICY } from '../account-throttle';
import { MemoryMailer } from '../mailer';
import * as passwordHasher from '../password-hasher';
import { postFrom } from '../../../../test/support/post-from';
import { startTestApp, type GraphQLResponse, type TestApp } from '../../../../test/support/test-app';

// Throttling over HTTP on real PostgreSQL, each client at its own loopback address (127.0.0.x,
// bound as the socket's local address, so the API sees it as the client IP). The default policy
// (README, "Sign-in throttling") with smaller per-account, registration and reset limits, to keep
// the number of scrypt hashes (each ~0.5 s on 2 shared cores) small.

const LOGIN = 'mutation ($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { sessionToken user { email } } }';
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) }';
const REQUEST_RESET = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';
const POLICY = {
  ...DEFAULT_THROTTLE_POLICY,
  signInPerEmail: { points: 6, durationSeconds: 300 },
  registerPerIp: { points: 3, durationSeconds: 3600 }, passwordResetPerIp: { points: 3, durationSeconds: 900 },
};

const codeOf = (response: GraphQLResponse) => (response.errors ? response.errors[0].extensions?.code : 'OK');

function tally(responses: GraphQLResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of responses) counts[String(codeOf(response))] = (counts[String(codeOf(response))] ?? 0) + 1;
  return counts;
}

describe('account throttling', () => {
  let app: TestApp;
  const verify = jest.spyOn(passwordHasher, 'verifyPassword');

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null, services: { mailer: new MemoryMailer(), throttle: new AccountThrottle(POLICY) } });
  });
  afterAll(async () => {
    verify.mockRestore();
    await app.close();
  });
  beforeEach(() => verify.mockClear());

  it('checks at most the pair limit of a burst of 20 wrong passwords; the rest are TOO_MANY_REQUESTS with retryAfter', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => postFrom(app.url, '127.0.0.21', LOGIN, { email: 'parent@example.com', password: 'not-the-password' })));
    expect(verify).toHaveBeenCalledTimes(POLICY.signInPerPair.points);
    expect(tally(burst)).toEqual({ UNAUTHENTICATED: 5, TOO_MANY_REQUESTS: 15 });
    for (const refused of burst.filter((response) => codeOf(response) === 'TOO_MANY_REQUESTS')) {
      expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
      expect(refused.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(POLICY.signInPerPair.durationSeconds);
    }
    // The right password from the same address is refused too, without being checked.
    const right = await postFrom(app.url, '127.0.0.21', LOGIN, { email: 'parent@example.com', password: 'nexus-demo' });
    expect(codeOf(right)).toBe('TOO_MANY_REQUESTS');
    expect(verify).toHaveBeenCalledTimes(5);
    // The real user, at another address, is not locked out: the refused attempts never reached the account's counter.
    const elsewhere = await postFrom(app.url, '127.0.0.22', LOGIN, { email: 'parent@example.com', password: 'nexus-demo' });
    expect(elsewhere.data).toEqual({ login: { sessionToken: expect.any(String), user: { email: 'parent@example.com' } } });
  });

  it('lets the right password inside a burst sign in only as one of the attempts the limit allows', async () => {
    const attempts = Array.from({ length: 21 }, (_, index) => (index === 10 ? 'nexus-demo' : 'not-the-password'));
    const burst = await Promise.all(attempts.map((password) => postFrom(app.url, '127.0.0.23', LOGIN, { email: 'teacher@example.com', password })));
    const counts = tally(burst);
    const checked = (counts.OK ?? 0) + (counts.UNAUTHENTICATED ?? 0);
    expect(verify).toHaveBeenCalledTimes(checked);
    // A success clears the pair, so at most one more attempt than the limit can be checked.
    expect(checked).toBeLessThanOrEqual(POLICY.signInPerPair.points + 1);
    expect(counts.OK ?? 0).toBeLessThanOrEqual(1);
    expect(counts.TOO_MANY_REQUESTS).toBe(21 - checked);
  });

  it('keeps a stranger from locking the real user out beyond the per-account limit and its window', async () => {
    const email = 'student@example.com';
    // One address guesses 8 times: 5 are checked, 3 refused by the pair, and those 3 do not count on
    // the account (else the next guess, from another address, would be refused).
    const first = await Promise.all(Array.from({ length: 8 }, () => postFrom(app.url, '127.0.0.31', LOGIN, { email, password: 'guess-guess-guess' })));
    expect(tally(first)).toEqual({ UNAUTHENTICATED: 5, TOO_MANY_REQUESTS: 3 });
    const second = await postFrom(app.url, '127.0.0.32', LOGIN, { email, password: 'guess-guess-guess' });
    expect(codeOf(second)).toBe('UNAUTHENTICATED');
    // The account's 6 attempts are now used.
    // The real user at a third address: refused for the rest of the account's short window, no longer.
    const realUser = await postFrom(app.url, '127.0.0.35', LOGIN, { email, password: 'nexus-demo' });
    expect(codeOf(realUser)).toBe('TOO_MANY_REQUESTS');
    expect(realUser.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(POLICY.signInPerEmail.durationSeconds);
    // ...and that refusal did not use up the real user's own pair: its counter was given back.
    const [pair] = (await app.dataSource.query(
      `SELECT coalesce(sum(points), 0)::int AS points FROM rate_limit_counters WHERE key LIKE 'signInPerPair:%:127.0.0.35'`,
    )) as Array<{ points: number }>;
    expect(pair.points).toBe(0);
  });

  it('shares the counters between two API instances on one database', async () => {
    const second = await startSecondInstance(app);
    try {
      const email = 'admin@example.com';
      const ip = '127.0.0.41';
      const burst = await Promise.all(
        Array.from({ length: 12 }, (_, index) => postFrom(index % 2 === 0 ? app.url : second.url, ip, LOGIN, { email, password: 'not-the-password' })),
      );
      expect(tally(burst)).toEqual({ UNAUTHENTICATED: 5, TOO_MANY_REQUESTS: 7 });
      expect(verify).toHaveBeenCalledTimes(5);
      expect(codeOf(await postFrom(second.url, ip, LOGIN, { email, password: 'nexus-demo' }))).toBe('TOO_MANY_REQUESTS');
      expect(codeOf(await postFrom(app.url, ip, LOGIN, { email, password: 'nexus-demo' }))).toBe('TOO_MANY_REQUESTS');
    } finally {
      await second.close();
    }
  });

  it('limits registrations per address', async () => {
    const input = (index: number) => ({ email: `throttle.${index}@example.com`, password: 'une-phrase-longue', firstName: 'Amel', lastName: 'Gharbi', role: 'PARENT' });
    const answers = [];
    for (let index = 0; index < 4; index += 1) answers.push(await postFrom(app.url, '127.0.0.51', REGISTER, { input: input(index) }));
    expect(answers.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'TOO_MANY_REQUESTS']);
    expect(answers[3].errors![0].extensions!.retryAfter).toBeLessThanOrEqual(3600);
    const [created] = (await app.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE 'throttle.%@example.com'`)) as Array<{ n: number }>;
    expect(created.n).toBe(3);
    // Another address still registers.
    expect(codeOf(await postFrom(app.url, '127.0.0.52', REGISTER, { input: input(9) }))).toBe('OK');
  });

  it('limits password-reset requests per address and per e-mail', async () => {
    const fromOneAddress = [];
    for (let index = 0; index < 4; index += 1) fromOneAddress.push(await postFrom(app.url, '127.0.0.61', REQUEST_RESET, { email: `someone.${index}@example.com` }));
    expect(fromOneAddress.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'TOO_MANY_REQUESTS']);
    const forOneEmail = [];
    for (let index = 0; index < 4; index += 1) forOneEmail.push(await postFrom(app.url, `127.0.0.${62 + index}`, REQUEST_RESET, { email: 'victim@example.com' }));
    expect(forOneEmail.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'TOO_MANY_REQUESTS']);
    expect(forOneEmail[3].errors![0].extensions!.retryAfter).toBeLessThanOrEqual(POLICY.passwordResetPerEmail.durationSeconds);
  });

  describe('one account mutation per request', () => {
    it.each([
      ['two aliases of login', 'mutation { a: login(input: { email: "parent@example.com", password: "x-x-x-x-x-x" }) { sessionToken } b: login(input: { email: "parent@example.com", password: "y-y-y-y-y-y" }) { sessionToken } }', ['a', 'b']],
      ['login and register in a fragment', 'mutation { ...Both } fragment Both on Mutation { login(input: { email: "a@example.com", password: "x-x-x-x-x-x" }) { sessionToken } requestPasswordReset(input: { email: "a@example.com" }) }', ['login', 'requestPasswordReset']],
      ['refreshSession in an inline fragment beside login', 'mutation { login(input: { email: "a@example.com", password: "x-x-x-x-x-x" }) { sessionToken } ... on Mutation { refreshSession(input: { refreshToken: "t" }) { sessionToken } } }', ['login', 'refreshSession']],
    ])('refuses %s before running anything', async (_name, query, fields) => {
      const response = await postFrom(app.url, '127.0.0.71', query);
      expect(response.status).toBe(400);
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ONE_ACCOUNT_MUTATION_PER_REQUEST', fields });
      expect(response.errors![0].message).toMatch(/At most one of login, register, refreshSession, requestPasswordReset per request/);
      expect(verify).not.toHaveBeenCalled();
    });

    it('runs one login spread twice through the same fragment once', async () => {
      await app.dataSource.query('DELETE FROM rate_limit_counters'); // the account's attempts were used above
      const response = await postFrom(
        app.url,
        '127.0.0.72',
        'mutation { ...SignIn ...SignIn } fragment SignIn on Mutation { login(input: { email: "parent@example.com", password: "nexus-demo" }) { user { email } } }',
      );
      expect(response.data).toEqual({ login: { user: { email: 'parent@example.com' } } });
      expect(verify).toHaveBeenCalledTimes(1);
    });

    it('counts what executes: a second login under @skip(if: true) does not run, so the first one does', async () => {
      await app.dataSource.query('DELETE FROM rate_limit_counters');
      verify.mockClear();
      const response = await postFrom(
        app.url,
        '127.0.0.73',
        'mutation ($skip: Boolean!) { login(input: { email: "parent@example.com", password: "nexus-demo" }) { user { email } } again: login(input: { email: "parent@example.com", password: "nexus-demo" }) @skip(if: $skip) { user { email } } }',
        { skip: true },
      );
      expect(response.data).toEqual({ login: { user: { email: 'parent@example.com' } } });
      expect(verify).toHaveBeenCalledTimes(1);
    });
  });

  it('stays up through all of it', async () => {
    expect((await postFrom(app.url, '127.0.0.1', '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});

/** A second API instance (own pool, own throttle object) on the first one's database. */
async function startSecondInstance(first: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  const dataSource = createDataSource({ url: first.database.url, poolSize: 3, statementTimeouts: servingTimeouts(first.config.deadlines) });
  await dataSource.initialize();
  const app: App = await createApp(first.config, dataSource, { mailer: new MemoryMailer(), throttle: new AccountThrottle(POLICY) });
  const port = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      await app.stop();
      await dataSource.destroy();
    },
  };
}
