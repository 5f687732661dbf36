import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './plan';
import { parseReferenceDate } from './reference-week';
import type { SeedProgress, SeedResult } from './seed-database';

// What `npm run seed` shows: argument parsing, the progress bar, the summary.

export const MAX_SCALE = 1000;

export class SeedUsageError extends Error {
  override name = 'SeedUsageError';
}

const USAGE = 'usage: npm run seed -- [--scale N] [--reference-date YYYY-MM-DD] [--force]';

export interface SeedArguments {
  scale: number;
  /** null: today (in Tunis). */
  referenceDate: string | null;
  /** Needed to empty a database other than the embedded one, or any database in production. */
  force: boolean;
}

/** Reads `--scale N`, `--reference-date YYYY-MM-DD` (or `--name=value`) and `--force`. */
export function parseSeedArguments(argv: readonly string[]): SeedArguments {
  const parsed: SeedArguments = { scale: 1, referenceDate: null, force: false };
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i];
    if (argument === '--force') {
      parsed.force = true;
      continue;
    }
    const [name, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    if (name !== '--scale' && name !== '--reference-date') throw new SeedUsageError(`unknown argument "${argument}" (${USAGE})`);
    let value = inline;
    if (value === undefined) {
      value = argv[i + 1];
      i += 1;
      if (value === undefined) {
        throw new SeedUsageError(`${name} needs a value: ${name === '--scale' ? `a whole number from 1 to ${MAX_SCALE}` : 'a date as YYYY-MM-DD'} (${USAGE})`);
      }
    }
    if (name === '--reference-date') {
      try {
        parsed.referenceDate = parseReferenceDate(value, '--reference-date');
      } catch (error) {
        throw new SeedUsageError((error as Error).message);
      }
      continue;
    }
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_SCALE) {
      throw new SeedUsageError(`--scale must be a whole number from 1 to ${MAX_SCALE} (got "${value}")`);
    }
    parsed.scale = Number(value);
  }
  return parsed;
}

/**
 * The seed empties 25 tables: without --force it only does so on the embedded development
 * database, never on DATABASE_URL's server nor in production.
 */
export function assertSeedAllowed(options: { force: boolean; embedded: boolean; nodeEnv: string; where: string }): void {
  if (options.force) return;
  if (options.nodeEnv === 'production') {
    throw new SeedUsageError(`NODE_ENV is production: npm run seed would empty the 25 tables of ${options.where}; add --force if that is what you want`);
  }
  if (!options.embedded) {
    throw new SeedUsageError(`npm run seed would empty the 25 tables of DATABASE_URL (${options.where}); add --force if that is what you want, or unset DATABASE_URL to seed the embedded database`);
  }
}

const number = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return number.format(Math.round(value));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * A progress reporter for seedDatabase: on a terminal, one bar redrawn in place (at most ten
 * times a second) with the rows per second; elsewhere (CI logs, pipes) one plain line per table.
 */
export function progressReporter(output: ProgressOutput): { onProgress(progress: SeedProgress): void; done(): void } {
  let lastDraw = 0;
  let drawn = false;
  return {
    onProgress(progress) {
      const rate = progress.elapsedMs > 0 ? (progress.rows / progress.elapsedMs) * 1000 : 0;
      if (!output.isTTY) {
        if (progress.table !== null && progress.tableRows === progress.tableTotal) {
          output.write(
            `seed: ${progress.table.padEnd(22)} ${formatCount(progress.tableRows).padStart(11)} rows   ` +
              `${formatCount(progress.rows)}/${formatCount(progress.totalRows)} rows, ${seconds(progress.elapsedMs)}, ${formatCount(rate)} rows/s\n`,
          );
        } else if (progress.table === null) {
          output.write('seed: rebuilding indexes and constraints, updating the id sequences, analyzing\n');
        }
        return;
      }
      const now = Date.now();
      const last = progress.table === null || progress.rows === progress.totalRows;
      if (!last && now - lastDraw < 100) return;
      lastDraw = now;
      const share = progress.totalRows === 0 ? 1 : progress.rows / progress.totalRows;
      const width = 24;
      const filled = Math.round(share * width);
      const label = progress.table ?? 'indexes, constraints, ANALYZE';
      const line =
        `seed [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ` +
        `${formatCount(progress.rows)}/${formatCount(progress.totalRows)} rows  ${formatCount(rate)} rows/s  ${label}`;
      const columns = output.columns ?? 120;
      output.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (output.isTTY && drawn) output.write('\r\x1b[K');
    },
  };
}

/** The final report: rows per table, total time and rate, the demo accounts. */
export function formatSummary(result: SeedResult, database: string): string {
  const lines: string[] = [];
  lines.push(
    result.reset
      ? `seed: ${database} held data: it was reset (the 25 tables emptied) and seeded again at scale ${result.scale}`
      : `seed: ${database} seeded at scale ${result.scale}`,
  );
  lines.push('');
  const width = Math.max(...result.tables.map((table) => table.table.length), 'total'.length);
  lines.push(`  ${'table'.padEnd(width)}  ${'rows'.padStart(11)}  ${'time'.padStart(8)}`);
  for (const table of result.tables) {
    lines.push(`  ${table.table.padEnd(width)}  ${formatCount(table.rows).padStart(11)}  ${seconds(table.ms).padStart(8)}`);
  }
  lines.push(`  ${'total'.padEnd(width)}  ${formatCount(result.totalRows).padStart(11)}  ${seconds(result.ms).padStart(8)}`);
  lines.push('');
  const { hashMs, copyMs, indexMs, analyzeMs } = result.phases;
  lines.push(`seed: ${formatCount(result.totalRows)} rows in ${seconds(result.ms)} (${formatCount(result.rowsPerSecond)} rows/s)`);
  lines.push(
    `      password hash ${seconds(hashMs)}, COPY ${seconds(copyMs)} (${formatCount(result.totalRows / (copyMs / 1000))} rows/s), ` +
      `indexes and constraints ${seconds(indexMs)}, ANALYZE ${seconds(analyzeMs)}`,
  );
  if (!result.indexesRebuilt) lines.push('      (this role cannot drop the indexes, e.g. it does not own the tables: they were maintained row by row; slower, same data)');
  lines.push('');
  lines.push(`Demo accounts (password: ${DEMO_PASSWORD}, like every seeded account):`);
  const roles: Record<keyof typeof DEMO_ACCOUNTS, string> = {
    admin: 'admin, super admin',
    teacher: 'teacher, with availabilities, bookings and groups',
    parent: 'parent of student@example.com and siblings',
    student: 'student, terminale, with bookings, enrollments, assessments',
  };
  for (const [role, email] of Object.entries(DEMO_ACCOUNTS) as Array<[keyof typeof DEMO_ACCOUNTS, string]>) {
    lines.push(`  ${email.padEnd(21)} ${roles[role]}`);
  }
  return `${lines.join('\n')}\n`;
}
