import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { rootPageStatement } from '../../src/graphql/connections/page-query';
import { resolvePageRequest } from '../../src/graphql/connections/page-request';
import { MODELS } from '../../src/graphql/models';
import type { RowScope } from '../../src/graphql/connections/page-query';
import { prepareBenchDatabase } from './database';

// Plans of full-text search at a bench scale (README "Search"): for each searchable model and a few
// French queries, EXPLAIN ANALYZE of the root page statement the API sends (an admin's scope: no
// row-policy condition), and the GIN indexes (`idx_<table>_search`) and sequential scans it uses.
//   node -r ts-node/register/transpile-only test/bench/search-plans.ts [scale, default 10]

const SEARCHES = ['physique bac', 'mathématiques', 'eleves'];
const ADMIN_SCOPE = { condition: () => null } as unknown as RowScope;

async function planOf(dataSource: DataSource, text: string, values: unknown[]): Promise<string> {
  const rows = (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)) as Array<{ 'QUERY PLAN': string }>;
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function main(): Promise<void> {
  const scale = Number(process.argv[2] ?? 10);
  const database = await prepareBenchDatabase(scale, (line) => console.log(`search-plans: ${line}`));
  try {
    for (const model of MODELS.filter((candidate) => candidate.search)) {
      const [{ count }] = (await database.dataSource.query(`SELECT count(*)::int AS count FROM ${model.table}`)) as Array<{ count: number }>;
      for (const search of SEARCHES) {
        const statement = rootPageStatement(model, resolvePageRequest(model, { search, first: 20 }), ADMIN_SCOPE);
        const plan = await planOf(database.dataSource, statement.text, statement.values);
        const indexes = [...new Set(plan.match(/idx_[a-z_]+_search/g) ?? [])];
        const scans = [...new Set(plan.match(/Seq Scan on [a-z_]+/g) ?? [])];
        const time = plan.match(/Execution Time: ([0-9.]+) ms/)?.[1];
        console.log(`${model.typeName} (${count} rows) "${search}": GIN ${indexes.join(', ') || 'none'}; ${scans.join(', ') || 'no Seq Scan'}; ${time} ms`);
      }
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
