import type { AddressInfo } from 'node:net';
import { AccountThrottle, DEFAULT_THROTTLE_POLICY } from '../../src/modules/accounts/account-throttle';
import { MemoryMailer } from '../../src/modules/accounts/mailer';
import { startMetricsServer } from '../../src/server/metrics';
import { startTestApp, type TestApp } from '../support/test-app';

// GET /metrics scraped before and after some traffic: the listed families are there, with the
// labels they promise, and move by what the traffic did. Also the response headers (nosniff,
// no-store, CORS) and /readyz answering from its cached probe.

let app: TestApp;
let origin: string;

beforeAll(async () => {
  app = await startTestApp({ services: { mailer: new MemoryMailer(), throttle: new AccountThrottle({ ...DEFAULT_THROTTLE_POLICY, signInPerPair: { points: 2, durationSeconds: 900 } }) } });
  origin = new URL(app.url).origin;
});

afterAll(async () => {
  await app.close();
});

/** Parses the Prometheus text format into "name{labels}" → value. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${origin}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

function sample(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  for (const [key, value] of samples) {
    const [metric, labelText = ''] = key.split('{');
    if (metric === name && wanted.every((label) => labelText.includes(label))) total += value;
  }
  return total;
}

const LOGIN = 'mutation SignIn($input: LoginInput!) { login(input: $input) { sessionToken } }';

it('exposes the listed families, and they move with the traffic', async () => {
  const before = await scrape();

  const screen = await app.graphql('query TeacherScreen { teachers(first: 5) { nodes { id bookings(first: 3) { totalCount nodes { id student { id } } } } } }');
  expect(screen.errors).toBeUndefined();
  const notFound = await app.graphql('query Broken { booking(id: "not-an-id") { id } }');
  expect(notFound.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  // Two failures use up this app's (e-mail, IP) limit; the third attempt is refused by the throttle.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const refused = await app.graphql(LOGIN, { input: { email: 'student@example.com', password: 'not-the-password' } }, { authorization: '' });
    expect(refused.errors?.[0].extensions?.code).toBe(attempt < 2 ? 'UNAUTHENTICATED' : 'TOO_MANY_REQUESTS');
  }

  const after = await scrape();
  const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);

  expect(moved('http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' })).toBe(5);
  expect(moved('graphql_operation_duration_seconds_count', { operation: 'TeacherScreen', type: 'query', outcome: 'success' })).toBe(1);
  expect(moved('graphql_operation_duration_seconds_count', { operation: 'Broken', outcome: 'client_error' })).toBe(1);
  expect(moved('graphql_operation_duration_seconds_count', { operation: 'SignIn', type: 'mutation', outcome: 'client_error' })).toBe(3);
  expect(moved('graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
  expect(moved('graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(2);
  expect(moved('graphql_errors_total', { code: 'TOO_MANY_REQUESTS' })).toBe(1);
  expect(moved('signin_throttle_refusals_total')).toBe(1);
  // The screen: teachers with their bookings and the bookings' students prefetched, then the
  // bookings' totalCount, one DataLoader batch for the 5 teachers: 2 statements (plus the viewer's).
  expect(moved('graphql_sql_statements_per_request_count', { operation: 'TeacherScreen' })).toBe(1);
  expect(moved('graphql_sql_statements_per_request_sum', { operation: 'TeacherScreen' })).toBe(screen.extensions!.sqlStatements);
  expect(moved('dataloader_batch_size_count')).toBeGreaterThanOrEqual(1);
  expect(moved('dataloader_batch_size_sum')).toBeGreaterThanOrEqual(5);
  expect(sample(after, 'db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
  expect(after.has('db_pool_connections{state="idle"}')).toBe(true);
  expect(after.has('db_pool_connections{state="waiting"}')).toBe(true);
  // Node's default metrics.
  expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  expect(sample(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
});

it('keeps operation names as labels only when they are names, so clients cannot blow up the label set', async () => {
  await app.graphql('{ formulas(first: 1) { nodes { id } } }');
  const after = await scrape();
  expect(sample(after, 'graphql_operation_duration_seconds_count', { operation: 'anonymous' })).toBeGreaterThanOrEqual(1);
});

it('sends nosniff and no-store on /graphql responses, CORS for any origin outside production', async () => {
  const signedIn = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://spa.example.com' },
    body: JSON.stringify({ query: LOGIN, variables: { input: { email: 'teacher@example.com', password: 'nexus-demo' } } }),
  });
  expect(signedIn.status).toBe(200);
  expect(signedIn.headers.get('cache-control')).toBe('no-store');
  expect(signedIn.headers.get('x-content-type-options')).toBe('nosniff');
  expect(signedIn.headers.get('access-control-allow-origin')).toBe('*');
  expect(signedIn.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

it('answers /readyz from its cached probe', async () => {
  const started = performance.now();
  const response = await fetch(`${origin}/readyz`);
  const elapsed = performance.now() - started;
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ready', checkedAt: expect.any(String) });
  // Generous bound for a loaded CI machine: the probe itself is never awaited by the request.
  expect(elapsed).toBeLessThan(500);
});

describe('METRICS and CORS_ORIGINS', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await startTestApp({ environment: { METRICS: 'off', NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(async () => {
    await other.close();
  });

  it('METRICS=off: no /metrics on the API port', async () => {
    expect((await fetch(new URL('/metrics', other.url))).status).toBe(404);
  });

  it('METRICS=<port>: /metrics on a port of its own', async () => {
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const address = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${address.port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE graphql_operation_duration_seconds histogram');
      expect((await fetch(`http://127.0.0.1:${address.port}/graphql`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('CORS_ORIGINS: only the listed origins are allowed, and they may read X-Request-Id', async () => {
    const ask = (requestOrigin: string) =>
      fetch(other.url, { method: 'POST', headers: { 'content-type': 'application/json', origin: requestOrigin }, body: JSON.stringify({ query: '{ formulas(first: 1) { totalCount } }' }) });
    const allowed = await ask('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    const refused = await ask('https://evil.example.net');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
