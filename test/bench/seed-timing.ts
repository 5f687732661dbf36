import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../support/free-port';

// node -r ts-node/register/transpile-only test/bench/seed-timing.ts [scale...]   (default: 10 100)
//
// Times `npm run seed -- --scale N` for each scale against a fresh embedded PostgreSQL in a
// temporary directory (removed afterwards), and records the timings in
// test/bench/seed-timings.json, which docs/benchmarks.md shows. The project is built once first
// (npm run seed's own prestep), so the timings are those of the seed command itself.

const ROOT = path.resolve(__dirname, '../..');
const MAX_SECONDS_PER_SCALE = 1_800;

interface Timing {
  scale: number;
  rows: number;
  seedSeconds: number;
  wallSeconds: number;
  command: string;
  date: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout: MAX_SECONDS_PER_SCALE * 1000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

async function main(): Promise<void> {
  const scales = process.argv.slice(2).map(Number);
  if (scales.length === 0) scales.push(10, 100);
  if (scales.some((scale) => !Number.isInteger(scale) || scale < 1)) throw new Error('usage: seed-timing.ts [scale...] (whole numbers ≥ 1)');
  const build = run('npm', ['run', 'build'], process.env);
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  const timings: Timing[] = [];
  for (const scale of scales) {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'nexus-seed-timing-'));
    try {
      const env = { ...process.env, EMBEDDED_DATABASE_DIR: directory, EMBEDDED_DATABASE_PORT: String(await freePort()), DATABASE_URL: '' };
      process.stderr.write(`seed-timing: npm run seed -- --scale ${scale} (fresh embedded PostgreSQL in ${directory})...\n`);
      const started = performance.now();
      // What `npm run seed` runs once its prestep (the build, done above) is over.
      const seed = run(process.execPath, ['dist/src/cli/seed.js', '--scale', String(scale)], env);
      const wallSeconds = (performance.now() - started) / 1000;
      if (seed.status !== 0) throw new Error(`the seed at scale ${scale} failed (status ${seed.status}):\n${seed.stderr.slice(-2000)}`);
      const summary = /seed: ([\d,]+) rows in ([\d.]+) s/.exec(seed.stdout);
      if (!summary) throw new Error(`no summary line in the seed's output:\n${seed.stdout.slice(-2000)}`);
      const timing: Timing = {
        scale,
        rows: Number(summary[1].replace(/,/g, '')),
        seedSeconds: Number(summary[2]),
        wallSeconds,
        command: `npm run seed -- --scale ${scale}`,
        date: new Date().toISOString(),
      };
      process.stderr.write(`seed-timing: scale ${scale}: ${timing.rows.toLocaleString('en-US')} rows, seed ${timing.seedSeconds} s, whole command ${wallSeconds.toFixed(1)} s\n`);
      timings.push(timing);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  const machine = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} at the end`;
  writeFileSync(path.join(__dirname, 'seed-timings.json'), `${JSON.stringify({ machine, timings }, null, 2)}\n`);
  process.stderr.write('seed-timing: wrote test/bench/seed-timings.json\n');
}

main().catch((error: unknown) => {
  console.error('seed-timing: failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
