import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printApiSchema } from '../graphql/schema';
import { runCli } from './run-cli';

// npm run schema:print writes schema.graphql; npm run schema:check fails when it is not what the code builds.
const SCHEMA_FILE = path.resolve(process.cwd(), 'schema.graphql'); // npm runs scripts from the package root

class SchemaDriftError extends Error {
  override name = 'SchemaDriftError';
}

runCli(async () => {
  const printed = await printApiSchema();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      throw new SchemaDriftError('schema.graphql is missing: run npm run schema:print and commit it');
    }
    if (committed !== printed) throw new SchemaDriftError('schema.graphql differs from the schema the code builds: run npm run schema:print and commit it');
    console.log('schema.graphql is up to date');
    return;
  }
  writeFileSync(SCHEMA_FILE, printed);
  console.log(`wrote ${SCHEMA_FILE}`);
});
