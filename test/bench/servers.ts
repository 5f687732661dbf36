import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { defaultServices } from '../../src/graphql/context';
import { openSession } from '../../src/modules/accounts/session.service';
import { DEMO_ACCOUNTS } from '../../src/seed';
import { createApp, listen, type App } from '../../src/server/create-app';
import { API_NODE_OPTIONS } from './node-settings';
import type { PostGraphileInstall } from './postgraphile';
import type { ViewerRole } from './queries';

// The servers under test, each in a child process of its own so that the load generator
// (in the bench process) and the server do not share an event loop:
//   shipped      the API as it ships (NODE_ENV=production)
//   unbatched    the same API with DataLoader batching off (one statement per parent)
//   handwritten  a lower bound: node:http + pg, hand-written SQL, JSON built by PostgreSQL
//   postgraphile PostGraphile v5 (Grafast) on the same database, run by Node 22 from the bench's
//                cache (test/bench/postgraphile.ts), as the database owner (no row policies)

export type Variant = 'shipped' | 'unbatched' | 'handwritten' | 'postgraphile';
export const VARIANTS: Variant[] = ['shipped', 'unbatched', 'handwritten', 'postgraphile'];

export const POOL_SIZE = 10;
/** Long enough for a whole run; the bench deletes its expired sessions on the next run. */
const SESSION_TTL_MINUTES = 240;

/**
 * The configuration of the bench's API servers. Under load they run as shipped (the Dockerfile
 * sets NODE_ENV=production); the in-process instances used for counting run in development,
 * which reports extensions.sqlStatements.
 */
export function benchConfig(url: string, nodeEnv: 'production' | 'development' = 'production'): AppConfig {
  return loadConfig({
    NODE_ENV: nodeEnv,
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    SESSION_TTL_MINUTES: String(SESSION_TTL_MINUTES),
    HOST: '127.0.0.1',
  });
}

export interface RunningServer {
  variant: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts one variant in a child process (test/bench/server-process.ts) on a free loopback port; the
 * API variants with the Node options the API ships with (node-settings.ts) unless told otherwise.
 */
export function startServerProcess(
  variant: Exclude<Variant, 'postgraphile'>,
  databaseUrl: string,
  nodeArguments: readonly string[] = variant === 'handwritten' ? [] : API_NODE_OPTIONS,
): Promise<RunningServer> {
  return startChildServer(variant, 'server-process.ts', [variant, databaseUrl], process.execPath, nodeArguments);
}

/** Starts PostGraphile (test/bench/postgraphile-server.ts) with the Node 22 and the packages of the cache. */
export function startPostGraphileProcess(install: PostGraphileInstall, databaseUrl: string): Promise<RunningServer> {
  return startChildServer('postgraphile', 'postgraphile-server.ts', [databaseUrl, install.directory, String(POOL_SIZE)], install.node);
}

/**
 * Runs test/bench/<entry> in a child process (by `node`, this Node by default, with `nodeArguments`
 * such as --cpu-prof, which NODE_OPTIONS does not accept) and waits for its "ready <port>" line.
 */
export function startChildServer(label: string, entry: string, args: string[], node = process.execPath, nodeArguments: readonly string[] = []): Promise<RunningServer> {
  const child: ChildProcess = spawn(node, [...nodeArguments, '-r', 'ts-node/register/transpile-only', path.join(__dirname, entry), ...args], {
    cwd: path.resolve(__dirname, '../..'),
    // graphql-js and express read NODE_ENV themselves: production as in the Dockerfile.
    env: { ...process.env, NODE_ENV: 'production', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${label} server did not start within 120 s`));
    }, 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${label} server exited with code ${code} before it was ready`));
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = /^ready (\d+)$/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        variant: label,
        url: `http://127.0.0.1:${match[1]}/graphql`,
        pid: child.pid as number,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** The API inside the bench process, in development mode: the statement-capture and count passes. */
export interface InProcessApi {
  url: string;
  dataSource: DataSource;
  stop(): Promise<void>;
}

export async function startInProcessApi(databaseUrl: string, batching = true): Promise<InProcessApi> {
  const config = benchConfig(databaseUrl, 'development');
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 4 });
  await dataSource.initialize();
  const app: App = await createApp(config, dataSource, defaultServices(), { batching });
  const port = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    dataSource,
    stop: async () => {
      await app.stop();
      await dataSource.destroy();
    },
  };
}

/** The users.id of each demo account: the viewer PostGraphile's documents start from. */
export async function viewerUserIds(dataSource: DataSource): Promise<Record<ViewerRole, number>> {
  const ids = {} as Record<ViewerRole, number>;
  for (const role of Object.keys(DEMO_ACCOUNTS) as ViewerRole[]) {
    const [user] = (await dataSource.query('SELECT id FROM users WHERE email = $1', [DEMO_ACCOUNTS[role]])) as Array<{ id: number }>;
    if (!user) throw new Error(`the seed has no account ${DEMO_ACCOUNTS[role]}`);
    ids[role] = user.id;
  }
  return ids;
}

/** A session token per demo account, opened as login would (openSession). */
export async function openViewerSessions(dataSource: DataSource, databaseUrl: string): Promise<Record<ViewerRole, string>> {
  const config = benchConfig(databaseUrl);
  const tokens = {} as Record<ViewerRole, string>;
  for (const role of Object.keys(DEMO_ACCOUNTS) as ViewerRole[]) {
    const [user] = (await dataSource.query('SELECT id FROM users WHERE email = $1', [DEMO_ACCOUNTS[role]])) as Array<{ id: number }>;
    if (!user) throw new Error(`the seed has no account ${DEMO_ACCOUNTS[role]}`);
    tokens[role] = (await openSession(dataSource.manager, config, user.id, { userAgent: 'nexus-bench' })).sessionToken;
  }
  return tokens;
}
