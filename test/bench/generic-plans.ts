import 'reflect-metadata';
import pg, { Client } from 'pg';
import { prepareBenchDatabase } from './database';
import { captureStatements, describeNode, explain, tableSizes, type CapturedStatement } from './explain';
import { bodyOf, post } from './load';
import { benchQueries } from './queries';
import { openViewerSessions, startInProcessApi } from './servers';

// node -r ts-node/register/transpile-only test/bench/generic-plans.ts [scale]
//
// Check (i) of the bench for prepared statements: the API names its statements
// (src/db/prepared-statements.ts), and after five executions PostgreSQL may run one on a generic
// plan, made without the parameter values. This prints, for every statement of the bench's
// queries, the plan PostgreSQL would use for it when forced to the generic plan
// (plan_cache_mode = force_generic_plan), with the buffers it touches, next to the custom plan the
// bench explains, and exits 1 when a generic plan scans a table of 5,000 rows or more sequentially.

const LARGE_TABLE_ROWS = 5_000;
/** pg's own conversion of a parameter to its text form (arrays, dates, JSON), as it binds them (not in its typings). */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

async function genericPlan(client: Client, statement: CapturedStatement, index: number): Promise<{ nodes: string[]; buffers: number }> {
  const name = `generic_${index}`;
  await client.query('SET plan_cache_mode = force_generic_plan');
  try {
    await client.query('BEGIN');
    await client.query({ name, text: statement.text, values: statement.values });
    // EXECUTE takes no bind parameters: the values as literals, in pg's text form, typed by the prepared statement.
    const parameters = statement.values
      .map((value) => {
        const text = prepareValue(value) as string | null;
        return text === null ? 'NULL' : client.escapeLiteral(text);
      })
      .join(', ');
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanJson }> }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE ${name}${parameters === '' ? '' : `(${parameters})`}`);
    const nodes: string[] = [];
    const walk = (plan: PlanJson): void => {
      nodes.push(`${plan['Node Type']}${plan['Relation Name'] ? ` on ${plan['Relation Name']}` : ''}${plan['Index Name'] ? ` (${plan['Index Name']})` : ''}`);
      for (const child of plan.Plans ?? []) walk(child);
    };
    const plan = rows[0]['QUERY PLAN'][0].Plan;
    walk(plan);
    return { nodes, buffers: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0) };
  } finally {
    await client.query('ROLLBACK');
    await client.query(`DEALLOCATE ${name}`).catch(() => undefined);
    await client.query('RESET plan_cache_mode');
  }
}

interface PlanJson {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanJson[];
}

async function main(): Promise<void> {
  const scale = Number(process.argv[2] ?? 10);
  const log = (line: string): void => void process.stderr.write(`generic-plans: ${line}\n`);
  const database = await prepareBenchDatabase(scale, log);
  const api = await startInProcessApi(database.url);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  let failures = 0;
  try {
    const tokens = await openViewerSessions(database.dataSource, database.url);
    const sizes = await tableSizes(client);
    let index = 0;
    for (const query of benchQueries()) {
      const { statements } = await captureStatements(() => post(api.url, tokens[query.viewer], bodyOf(query)));
      for (const statement of statements) {
        index += 1;
        const generic = await genericPlan(client, statement, index);
        const custom = await explain(client, statement, sizes, LARGE_TABLE_ROWS);
        const seqScans = generic.nodes.filter((node) => {
          const match = /^Seq Scan on (\S+)/.exec(node);
          return match !== null && (sizes.get(match[1]) ?? 0) >= LARGE_TABLE_ROWS;
        });
        if (seqScans.length > 0) failures += 1;
        process.stdout.write(
          `${seqScans.length > 0 ? 'SEQ SCAN' : 'ok      '} ${query.id.padEnd(3)} ${custom.summary}\n` +
            `         generic: ${generic.buffers} buffers: ${generic.nodes.join(', ')}\n` +
            `         custom:  ${custom.buffers} buffers: ${custom.nodes.map(describeNode).join(', ')}\n`,
        );
      }
    }
  } finally {
    await client.end();
    await api.stop();
    await database.close();
  }
  process.stdout.write(`${failures} statement(s) whose generic plan scans a table of ≥ ${LARGE_TABLE_ROWS.toLocaleString('en-US')} rows sequentially\n`);
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error('generic-plans: failed:', error);
  process.exit(1);
});
