import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { createTestDatabase } from '../support/test-database';

// What an operator sees when the configuration or the database is wrong: the real CLI
// (npm run migrate, from the TypeScript sources) must exit with code 1 and print one line that
// says what to fix, with no stack trace and never the password. The cases run one after the
// other, each in a child process with a clean environment.

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 's3cret-Pa55word';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'nexus-cli-errors-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs src/cli/migrate.ts with only the given variables (plus PATH/HOME): nothing leaks from the test's own environment. */
function runMigrate(environment: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/migrate.ts'],
      {
        cwd: ROOT,
        timeout: 50_000,
        // An embedded database, if a regression ever started one, goes to a scratch directory, never to .data/.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', EMBEDDED_DATABASE_DIR: path.join(scratch, 'data'), ...environment },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** Exit code 1 and exactly one non-empty line on stderr, with no stack trace and no password. */
function expectOneLineFailure(result: CliResult): string {
  const message = result.stderr.trim();
  expect({ code: result.code, message }).toEqual({ code: 1, message: expect.stringMatching(/^error: \S/) });
  expect(message.split('\n')).toHaveLength(1);
  expect(message).not.toMatch(/\bat .+:\d+:\d+/);
  expect(message).not.toContain(PASSWORD);
  return message;
}

/** The test server's URL with another password or database (the server is jest's global embedded PostgreSQL). */
function testServerUrl(change: { password?: string; database?: string }): string {
  const serverUrl = process.env.TEST_DATABASE_SERVER_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_SERVER_URL is not set: run the tests with jest (its globalSetup sets it)');
  const url = new URL(serverUrl);
  if (change.password) url.password = change.password;
  if (change.database) url.pathname = `/${change.database}`;
  return url.toString();
}

it('runs at all: the CLI starts from the TypeScript sources', async () => {
  // Guards the other cases: they would also "fail with exit code 1" if ts-node could not load the CLI.
  const database = await createTestDatabase();
  try {
    const result = await runMigrate({ DATABASE_URL: database.url });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe('migrate: the schema is up to date');
  } finally {
    await database.drop();
  }
});

it('rejects a DATABASE_URL that is not a URL', async () => {
  const message = expectOneLineFailure(await runMigrate({ DATABASE_URL: 'not-a-url' }));
  expect(message).toContain('DATABASE_URL');
});

it('says it cannot reach PostgreSQL when nothing listens at the URL', async () => {
  const message = expectOneLineFailure(await runMigrate({ DATABASE_URL: `postgres://u:${PASSWORD}@127.0.0.1:1/nexus` }));
  expect(message).toContain('cannot reach PostgreSQL at 127.0.0.1:1');
  expect(message).toContain('DATABASE_URL');
});

it('says the authentication failed for a wrong password', async () => {
  const message = expectOneLineFailure(await runMigrate({ DATABASE_URL: testServerUrl({ password: PASSWORD }) }));
  expect(message).toContain('authentication failed');
  expect(message).toContain('DATABASE_URL');
});

it('says the database does not exist for an unknown database name', async () => {
  const message = expectOneLineFailure(await runMigrate({ DATABASE_URL: testServerUrl({ database: 'nexus_no_such_database' }) }));
  expect(message).toContain('database "nexus_no_such_database" does not exist');
});

it('says the embedded database port is already in use, naming EMBEDDED_DATABASE_PORT', async () => {
  // No DATABASE_URL: the CLI would start the embedded PostgreSQL, on a port this test holds.
  const port = await freePort();
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  try {
    const message = expectOneLineFailure(await runMigrate({ EMBEDDED_DATABASE_PORT: String(port) }));
    expect(message).toContain(`port ${port} is already in use`);
    expect(message).toContain('EMBEDDED_DATABASE_PORT');
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
});

it('rejects PORT=abc with a configuration error naming PORT', async () => {
  // A reachable-looking but dead DATABASE_URL: if PORT were accepted, the error would be a different one.
  const message = expectOneLineFailure(await runMigrate({ PORT: 'abc', DATABASE_URL: `postgres://u:${PASSWORD}@127.0.0.1:1/nexus` }));
  expect(message).toMatch(/^error: PORT must be/);
});
