import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

// Command line of `npm run audit [-- --output FILE] [--dbml FILE]`.

export const AUDIT_USAGE = `usage: npm run audit [-- [--output FILE] [--dbml FILE]]

Audits the live database (DATABASE_URL, or the embedded PostgreSQL in EMBEDDED_DATABASE_DIR,
migrated first) against the entities and the GraphQL relationship registry. Prints the report
on stdout, writes the DBML of the live schema to docs/schema.dbml, and exits with 1 when any
high or medium severity issue is found.

  -o, --output FILE   also write the report to FILE
      --dbml FILE     write the DBML to FILE instead of docs/schema.dbml
  -h, --help          print this help`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface AuditArguments {
  help: boolean;
  /** Absolute path of the report copy, or null. */
  output: string | null;
  /** Absolute path of the DBML file. */
  dbml: string;
}

/** The directory holding package.json, walking up from `start` (this file's directory by default). */
export function projectRoot(start: string = __dirname): string {
  let directory = path.resolve(start);
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) return process.cwd();
    directory = parent;
  }
  return directory;
}

/**
 * Paths given on the command line are relative to where the user typed the command (npm sets
 * INIT_CWD to it, and runs the script from the package root).
 */
export function parseAuditArguments(argv: readonly string[], options: { cwd?: string; root?: string } = {}): AuditArguments {
  let values: { output?: string; dbml?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        output: { type: 'string', short: 'o' },
        dbml: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${AUDIT_USAGE}`);
  }
  const cwd = options.cwd ?? process.env.INIT_CWD ?? process.cwd();
  const root = options.root ?? projectRoot();
  return {
    help: values.help ?? false,
    output: values.output ? path.resolve(cwd, values.output) : null,
    dbml: values.dbml ? path.resolve(cwd, values.dbml) : path.join(root, 'docs', 'schema.dbml'),
  };
}
