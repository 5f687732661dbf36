import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { openSession } from '../../src/modules/accounts/session.service';
import { freePort } from './free-port';

// The real entry point (src/main.ts, what npm start runs) in a child process with a clean
// environment: for the tests of logs, tracing and shutdown, which need the process itself.

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code and the time since `since` (or the exit time) once the process exited. */
  exited: Promise<{ code: number | null; at: number }>;
}

export async function startServerProcess(environment: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', ...environment },
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  // Ready when /healthz answers (whatever LOG_LEVEL hides the "ready at" line).
  const healthy = () => fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
  const deadline = Date.now() + 50_000;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ready = await healthy();
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`the server did not start:\n${stdout}\n${stderr}`);
  }
  return { port, url: `http://127.0.0.1:${port}/graphql`, child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** A bearer token of a seeded account, opened directly in the database (as login would). */
export async function bearerFor(databaseUrl: string, email: string): Promise<string> {
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 1 });
  await dataSource.initialize();
  try {
    const [user] = (await dataSource.query('SELECT id FROM users WHERE email = $1', [email])) as Array<{ id: number }>;
    const session = await openSession(dataSource.manager, loadConfig({ NODE_ENV: 'test' }), user.id, { userAgent: 'jest' });
    return `Bearer ${session.sessionToken}`;
  } finally {
    await dataSource.destroy();
  }
}

/** The JSON lines of a log, each parsed; other lines (a console span exporter's output) are skipped. */
export function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
