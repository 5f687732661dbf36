import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/database-connection';
import { assertSeedAllowed, formatSummary, parseSeedArguments, progressReporter } from '../seed/cli-support';
import { todayInTunis } from '../seed/reference-week';
import { seedDatabase } from '../seed/seed-database';
import { runCli } from './run-cli';

// npm run seed [-- --scale N] [--reference-date YYYY-MM-DD] [--force]: migrate the embedded
// database (or, with --force, DATABASE_URL's), then replace the content of the 25 tables with the
// demo data at scale N, its calendar on the reference date's week (today's by default). The
// embedded server is reused when `npm start` already runs it.
runCli(async () => {
  const { scale, referenceDate, force } = parseSeedArguments(process.argv.slice(2));
  const config = loadConfig();
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    assertSeedAllowed({ force, embedded: false, nodeEnv: config.nodeEnv, where: `${url.hostname}:${url.port || 5432}${url.pathname}` });
  } else {
    assertSeedAllowed({ force, embedded: true, nodeEnv: config.nodeEnv, where: 'the embedded database' });
  }
  const database = await openDatabase(config, { migrate: true });
  try {
    const url = new URL(database.url);
    const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
    const reference = referenceDate ?? todayInTunis();
    process.stderr.write(`seed: loading scale ${scale} into ${where}, on the week of ${reference}; the 25 tables are emptied first (existing rows are replaced)\n`);
    const progress = progressReporter(process.stderr);
    let result;
    try {
      result = await seedDatabase(database.dataSource, { scale, referenceDate: reference, onProgress: progress.onProgress });
    } finally {
      progress.done();
    }
    process.stdout.write(formatSummary(result, where));
  } finally {
    await database.close();
  }
});
