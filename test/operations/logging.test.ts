import { Client } from 'pg';
import { logLines, startServerProcess, type ServerProcess } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The log of a real run (npm start's entry point, LOG_LEVEL=debug so even debug lines are read)
// that received a malformed body holding a password, a failed sign-in, a successful one, a
// CONFLICT and a database error: JSON lines with request ids, one line per request, expected
// refusals not at error level, and never a password, token, e-mail address or SQL parameter.

const MALFORMED_PASSWORD = 'Malformed-Pa55word-in-body';
const WRONG_PASSWORD = 'Wrong-Pa55word-for-login';
const REGISTER_PASSWORD = 'Register-Pa55word-secret';
const NEW_EMAIL = 'log.secret.person@example.com';
const FIRST_NAME = 'Zoubeida-Secret-Name';

let database: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'debug', LOG_FORMAT: 'json' });
});

afterAll(async () => {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await database.drop();
});

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; requestId: string | null; body: { data?: Record<string, Record<string, unknown>> | null; errors?: Array<{ extensions?: { code?: string } }> } }> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json()) as never };
}

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { sessionToken refreshToken } }';
const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) }';
const WITHDRAW = 'mutation Withdraw($id: ID!) { withdrawAvailability(input: { availabilityId: $id }) { id } }';

it('writes JSON lines with request ids and no secret, one line per request', async () => {
  // 1. A body that is not JSON, quoting a password (V8's JSON errors quote the text they choke on).
  const malformed = await post(`{"query":"${LOGIN}","variables":{"input":{"email":"parent@example.com","password":"${MALFORMED_PASSWORD}"`, { 'x-request-id': 'client-chosen-id.1' });
  expect(malformed.status).toBe(400);
  expect(malformed.requestId).toBe('client-chosen-id.1');

  // 2. A failed sign-in, with an X-Request-Id that is not well-formed (replaced by a generated one).
  const failed = await post(JSON.stringify({ query: LOGIN, variables: { input: { email: 'parent@example.com', password: WRONG_PASSWORD } } }), { 'x-request-id': 'not {well} formed' });
  expect(failed.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(failed.requestId).toMatch(/^[0-9a-f-]{36}$/);

  // 3. A successful sign-in: its tokens must not be logged.
  const signedIn = await post(JSON.stringify({ query: LOGIN, variables: { input: { email: 'parent@example.com', password: 'nexus-demo' } } }));
  const tokens = signedIn.body.data!.login as { sessionToken: string; refreshToken: string };
  expect(tokens.sessionToken).toMatch(/\S{20,}/);

  // 4. A registration for an address that has an account, with a password in the variables: the
  // same answer as a new one (the owner is mailed instead), and no trace of the password or address.
  const known = await post(JSON.stringify({ query: REGISTER, variables: { input: { email: 'parent@example.com', password: REGISTER_PASSWORD, firstName: FIRST_NAME, lastName: 'B', role: 'PARENT' } } }));
  expect(known.body.data?.register).toBe(true);

  // 4b. A CONFLICT: a teacher withdraws a slot that has already started (the seed's slots are past).
  const teacherLogin = await post(JSON.stringify({ query: LOGIN, variables: { input: { email: 'teacher@example.com', password: 'nexus-demo' } } }));
  const teacherTokens = teacherLogin.body.data!.login as { sessionToken: string; refreshToken: string };
  const slots = new Client({ connectionString: database.url });
  await slots.connect();
  const { rows: [slot] } = await slots.query(
    `SELECT a.id FROM availabilities a JOIN teachers t ON t.id = a.teacher_id JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com' AND a.start_time < now() LIMIT 1`,
  );
  await slots.end();
  const conflict = await post(JSON.stringify({ query: WITHDRAW, variables: { id: String(slot.id) } }), { authorization: `Bearer ${teacherTokens.sessionToken}` });
  expect(conflict.body.errors?.[0].extensions?.code).toBe('CONFLICT');

  // 5. A database error: the users table is gone, so the INSERT of a new account fails with its parameters.
  const client = new Client({ connectionString: database.url });
  await client.connect();
  await client.query('ALTER TABLE users RENAME TO users_gone');
  await client.end();
  const broken = await post(JSON.stringify({ query: REGISTER, variables: { input: { email: NEW_EMAIL, password: REGISTER_PASSWORD, firstName: FIRST_NAME, lastName: 'B', role: 'PARENT' } } }), { 'x-request-id': 'broken-request' });
  expect(broken.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');

  server.child.kill('SIGTERM');
  expect((await server.exited).code).toBe(0);
  const output = server.stdout();

  // Every line is JSON with a time and a level; nothing is written to stderr.
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  expect(lines.filter((line) => !line.startsWith('{'))).toEqual([]);
  const entries = logLines(output);
  for (const entry of entries) expect(entry).toEqual(expect.objectContaining({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) }));
  expect(server.stderr()).toBe('');

  // One access line per request, carrying its id, status and duration.
  const access = (id: string | null) => entries.filter((entry) => entry.reqId === id && entry.path === '/graphql');
  expect(access('client-chosen-id.1')).toEqual([expect.objectContaining({ level: 'warn', status: 400, durationMs: expect.any(Number), err: expect.objectContaining({ code: 'BAD_REQUEST' }) })]);
  expect(access(failed.requestId)).toEqual([expect.objectContaining({ level: 'info', status: 200, operation: 'Login', errorCodes: ['UNAUTHENTICATED'], sqlStatements: 1 })]);
  expect(access(signedIn.requestId)).toEqual([expect.objectContaining({ level: 'info', operation: 'Login' })]);
  expect(access(known.requestId)).toEqual([expect.objectContaining({ level: 'info', operation: 'Register' })]);
  expect(access(conflict.requestId)).toEqual([expect.objectContaining({ level: 'info', operation: 'Withdraw', errorCodes: ['CONFLICT'] })]);
  // The database error: one line at error level with the error's type, code and statement text.
  const brokenLines = entries.filter((entry) => entry.reqId === 'broken-request');
  expect(brokenLines).toEqual([
    expect.objectContaining({ level: 'error', operation: 'Register', errorCodes: ['INTERNAL_SERVER_ERROR'], err: expect.objectContaining({ code: '42P01', query: expect.stringContaining('users') }) }),
  ]);
  // Expected refusals are never logged at error level: the only error line is the database error.
  expect(entries.filter((entry) => entry.level === 'error')).toHaveLength(1);

  // No secret anywhere in the log.
  for (const secret of [MALFORMED_PASSWORD, WRONG_PASSWORD, REGISTER_PASSWORD, 'nexus-demo', tokens.sessionToken, tokens.refreshToken, teacherTokens.sessionToken, teacherTokens.refreshToken, FIRST_NAME, NEW_EMAIL]) {
    expect(output).not.toContain(secret);
  }
  expect(output).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/);
  expect(output).not.toContain('$scrypt');
});
