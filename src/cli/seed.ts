import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/database-connection';
import { formatSummary, parseSeedArguments, progressReporter } from '../seed/cli-support';
import { seedDatabase } from '../seed/seed-database';
import { runCli } from './run-cli';

// npm run seed [-- --scale N]: migrate DATABASE_URL (or the embedded database), then replace the
// content of the 25 tables with the deterministic demo data at scale N (1 by default).
runCli(async () => {
  const { scale } = parseSeedArguments(process.argv.slice(2));
  const database = await openDatabase(loadConfig(), { migrate: true });
  try {
    const url = new URL(database.url);
    const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
    process.stderr.write(`seed: loading scale ${scale} into ${where}; the 25 tables are emptied first (existing rows are replaced)\n`);
    const progress = progressReporter(process.stderr);
    let result;
    try {
      result = await seedDatabase(database.dataSource, { scale, onProgress: progress.onProgress });
    } finally {
      progress.done();
    }
    process.stdout.write(formatSummary(result, where));
  } finally {
    await database.close();
  }
});
