import { AccountThrottle, DEFAULT_THROTTLE_POLICY } from '../../src/modules/accounts/account-throttle';
import { MemoryMailer } from '../../src/modules/accounts/mailer';
import { postFrom } from '../support/post-from';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

// TRUST_PROXY: req.ip, the address the sign-in throttle counts by, is X-Forwarded-For's client
// address only when the peer is a trusted proxy (Express's "trust proxy"); from any other peer the
// header is ignored, so a client cannot pick a fresh address per attempt. Peers are loopback
// addresses bound as the socket's local address: 127.0.0.50 is trusted, 127.0.0.51 is not.

const LOGIN = 'mutation ($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { sessionToken } }';
const TRUSTED_PEER = '127.0.0.50';
const UNTRUSTED_PEER = '127.0.0.51';
// Two attempts per address, so a third from one address is refused; the other limits stay out of the way.
const POLICY = { ...DEFAULT_THROTTLE_POLICY, signInPerIp: { points: 2, durationSeconds: 900 }, signInPerPair: { points: 50, durationSeconds: 900 }, signInPerEmail: { points: 50, durationSeconds: 300 } };

const codeOf = (response: GraphQLResponse) => response.errors?.[0].extensions?.code ?? 'OK';

describe('TRUST_PROXY', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      signInAs: null,
      environment: { TRUST_PROXY: `${TRUSTED_PEER}, 10.0.0.0/8` },
      services: { mailer: new MemoryMailer(), throttle: new AccountThrottle(POLICY) },
    });
  });
  afterAll(() => app.close());

  const attempt = (peer: string, forwardedFor: string) =>
    postFrom(app.url, peer, LOGIN, { email: 'parent@example.com', password: 'not-the-password' }, { 'x-forwarded-for': forwardedFor });

  const ipCounters = async () =>
    ((await app.dataSource.query(`SELECT key, points FROM rate_limit_counters WHERE key LIKE 'signInPerIp:%' ORDER BY key`)) as Array<{ key: string; points: number }>);

  it('counts a trusted proxy\'s requests by the client address it forwards', async () => {
    const codes = [];
    for (const client of ['203.0.113.7', '203.0.113.7', '203.0.113.8']) codes.push(codeOf(await attempt(TRUSTED_PEER, `198.51.100.1, ${client}`)));
    // Two clients behind the same proxy: each has its own counter, none reaches the limit.
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(await ipCounters()).toEqual([
      { key: 'signInPerIp:203.0.113.7', points: 2 },
      { key: 'signInPerIp:203.0.113.8', points: 1 },
    ]);
  });

  it('ignores X-Forwarded-For from an untrusted peer: every attempt counts against the peer\'s own address', async () => {
    await app.dataSource.query('DELETE FROM rate_limit_counters');
    const codes = [];
    for (const spoofed of ['203.0.113.20', '203.0.113.21', '203.0.113.22']) codes.push(codeOf(await attempt(UNTRUSTED_PEER, spoofed)));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS']);
    expect((await ipCounters()).map((row) => row.key)).toEqual([`signInPerIp:${UNTRUSTED_PEER}`]);
  });
});
