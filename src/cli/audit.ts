import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_USAGE, parseAuditArguments } from '../audit/arguments';
import { countBySeverity } from '../audit/findings';
import { summaryLine } from '../audit/report';
import { runAudit, type AuditResult } from '../audit/run-audit';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/database-connection';
import { runCli } from './run-cli';

// npm run audit: migrate DATABASE_URL (or the embedded database), audit it against the entities
// and the relationship registry, print the report, write docs/schema.dbml; exit 1 on any high or
// medium severity issue.

class AuditFailedError extends Error {
  override name = 'AuditFailedError';
}

function writeFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Resolves once the whole report is handed to the OS, so a pipe gets all of it before exit. */
function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

runCli(async () => {
  const options = parseAuditArguments(process.argv.slice(2));
  if (options.help) {
    console.log(AUDIT_USAGE);
    return;
  }
  const database = await openDatabase(loadConfig(), { migrate: true });
  let result: AuditResult;
  try {
    result = await runAudit(database.dataSource);
  } finally {
    await database.close();
  }
  await print(result.report);
  writeFile(options.dbml, result.dbml);
  if (options.output) writeFile(options.output, result.report);
  console.error(summaryLine(result.models.length, result.findings));
  console.error(`audit: DBML of the live schema written to ${path.relative(process.cwd(), options.dbml) || options.dbml}`);
  if (options.output) console.error(`audit: report written to ${options.output}`);
  if (result.exitCode !== 0) {
    const counts = countBySeverity(result.findings);
    throw new AuditFailedError(`the audit found ${counts.high} high and ${counts.medium} medium severity issues (see the report above)`);
  }
});
