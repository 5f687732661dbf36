import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database';
import { dataDirectoryLocation, serverAccount } from '../../src/db/embedded-database-files';
import { CANONICAL_REFERENCE_DATE, seedDatabase, type SeedResult } from '../../src/seed';
import { freePort } from '../support/free-port';

// The bench's database for one scale: an embedded PostgreSQL whose data directory is kept in
// .data-bench/scale-N/ (git-ignored), migrated and seeded once. A marker file records which seed
// and migrations produced it, so a re-run with the same scale (and the same code) skips seeding.

export const BENCH_DATA_ROOT = path.resolve(__dirname, '../../.data-bench');
const ROOT = path.resolve(__dirname, '../..');

export interface BenchDatabase {
  scale: number;
  url: string;
  /** The PostgreSQL data directory (its postmaster.pid gives the server's pid). */
  directory: string;
  dataSource: DataSource;
  /** null when the cached data directory was reused. */
  seed: SeedResult | null;
  /** Seconds spent starting PostgreSQL, migrating and (if needed) seeding. */
  preparedInSeconds: number;
  close(): Promise<void>;
}

interface Marker {
  scale: number;
  fingerprint: string;
  seededAt: string;
  seedMs: number;
  totalRows: number;
}

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const full = path.join(directory, name);
      return statSync(full).isDirectory() ? filesUnder(full) : name.endsWith('.ts') ? [full] : [];
    });
}

/** Changes whenever the seed or the migrations change: then the cached data is rebuilt. */
function fingerprint(): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(path.join(ROOT, 'src/seed')), ...filesUnder(path.join(ROOT, 'migrations'))]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function readMarker(file: string): Marker | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Marker;
  } catch {
    return null;
  }
}

export async function prepareBenchDatabase(scale: number, log: (line: string) => void): Promise<BenchDatabase> {
  const started = performance.now();
  const directory = path.join(BENCH_DATA_ROOT, `scale-${scale}`);
  const markerFile = path.join(BENCH_DATA_ROOT, `scale-${scale}.json`);
  const expected = fingerprint();
  const marker = readMarker(markerFile);
  // Where the data really is: under the shared root when PostgreSQL's account cannot enter ours (root, private directory).
  const location = dataDirectoryLocation(directory, serverAccount());
  const reuse = marker !== null && marker.scale === scale && marker.fingerprint === expected && existsSync(path.join(location, 'PG_VERSION'));
  if (!reuse && (existsSync(directory) || existsSync(location))) {
    log(`database: the cached data of scale ${scale} is stale or incomplete: rebuilding ${path.relative(ROOT, directory)}`);
    rmSync(directory, { recursive: true, force: true });
    rmSync(location, { recursive: true, force: true });
  }
  mkdirSync(BENCH_DATA_ROOT, { recursive: true });
  const port = await freePort();
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase({ directory, port, persistent: true });
  const dataSource = createDataSource({ url: embedded.url, poolSize: 4 });
  let seed: SeedResult | null = null;
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    if (reuse) {
      log(`database: reusing ${path.relative(ROOT, directory)} (scale ${scale}, seeded ${marker.seededAt}, ${marker.totalRows.toLocaleString('en-US')} rows)`);
    } else {
      rmSync(markerFile, { force: true });
      log(`database: seeding scale ${scale} into ${path.relative(ROOT, directory)}...`);
      seed = await seedDatabase(dataSource, { scale, referenceDate: CANONICAL_REFERENCE_DATE });
      log(`database: seeded ${seed.totalRows.toLocaleString('en-US')} rows in ${(seed.ms / 1000).toFixed(1)} s`);
      const written: Marker = { scale, fingerprint: expected, seededAt: new Date().toISOString(), seedMs: Math.round(seed.ms), totalRows: seed.totalRows };
      writeFileSync(markerFile, `${JSON.stringify(written, null, 2)}\n`);
    }
    // Sessions the previous runs opened for the bench's viewers: expired ones only.
    await dataSource.query(`DELETE FROM user_sessions WHERE user_agent = 'nexus-bench' AND expires_at < now()`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded.stop();
    throw error;
  }
  return {
    scale,
    url: embedded.url,
    directory,
    dataSource,
    seed,
    preparedInSeconds: (performance.now() - started) / 1000,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded.stop();
    },
  };
}
