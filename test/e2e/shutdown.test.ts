import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The real entry point (what npm start runs): migrates, serves, and on SIGTERM finishes the
// requests in flight, closes the pool and exits 0.

describe('npm start process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('serves /graphql, then shuts down gracefully on SIGTERM with a request in flight', async () => {
    const port = await freePort();
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 50_000;
    while (!output.includes('ready at') && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toContain(`ready at http://localhost:${port}/graphql`);

    const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Heavy enough to still be running when the signal comes (three levels, thousands of rows).
      body: JSON.stringify({
        query: '{ teachers(first: 50) { totalCount nodes { id availabilities(first: 50) { totalCount nodes { id bookings(first: 5) { nodes { student { fullName } location { name } } } } } } } }',
      }),
    });
    // Let the request reach the server (an idle keep-alive socket would rightly be closed at once).
    await new Promise((resolve) => setTimeout(resolve, 40));
    child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { teachers: { totalCount: number } } };
    expect(body.data.teachers.totalCount).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
  }, 60_000);
});
