import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runChild, serveUntilStopped } from './child-server';

// Child process of the bench, run by the Node 22 of the bench's cache (test/bench/postgraphile.ts
// installs both): PostGraphile v5 (Grafast) with the amber preset and the connection-filter
// plugin and @graphile/pg-aggregates (screen ag), over the bench database, served by grafserv on node:http at /graphql. It connects as
// the database owner (the embedded PostgreSQL's superuser): no row policies, no session check;
// the bench passes the viewer's ids as variables instead (test/bench/postgraphile-queries.ts).
// GET /bench/statements answers the number of SQL statements sent so far. Prints "ready <port>" like test/bench/server-process.ts and exits on SIGTERM.

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface PostGraphileInstance {
  createServ(grafserv: unknown): { createHandler(): Handler; release(): Promise<void> };
  release(): Promise<void>;
}

interface PgModule {
  Client: { prototype: { query(...args: unknown[]): unknown } };
}

/** Counts the statements PostGraphile sends (pg's Client#query), for the bench's SQL / request. */
function countStatements(pg: PgModule): () => number {
  let count = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function query(this: unknown, ...args: unknown[]): unknown {
    count += 1;
    return original.apply(this, args);
  };
  return () => count;
}

type SqlTag = (strings: TemplateStringsArray, ...values: unknown[]) => unknown;

interface AggregatesBuild {
  sql: SqlTag;
  dataplanPg: { TYPES: { timestamptz: unknown } };
  pgAggregateGroupBySpecs: Array<{ id: string; isSuitableType(codec: unknown): boolean; sqlWrap(fragment: unknown): unknown; sqlWrapCodec(codec: unknown): unknown }>;
}

/**
 * pg-aggregates 0.2 groups timestamps by hour and day only; its README ("Defining your own
 * grouping derivatives") adds others through build.pgAggregateGroupBySpecs. Screen ag groups
 * bookings by month, truncated in UTC as the API truncates (START_TIME_TRUNCATED_TO_MONTH).
 */
const TruncatedToMonthPlugin = {
  name: 'BenchTruncatedToMonthPlugin',
  version: '1.0.0',
  after: ['PgAggregatesSpecsPlugin'],
  schema: {
    hooks: {
      build(build: AggregatesBuild): AggregatesBuild {
        const { sql, dataplanPg } = build;
        build.pgAggregateGroupBySpecs.push({
          id: 'truncated-to-month',
          isSuitableType: (codec) => codec === dataplanPg.TYPES.timestamptz,
          sqlWrap: (fragment) => sql`date_trunc('month', ${fragment}, 'UTC')`,
          sqlWrapCodec: (codec) => codec,
        });
        return build;
      },
    },
  },
};

async function main(): Promise<void> {
  const [databaseUrl, cacheDirectory, poolSize] = process.argv.slice(2);
  // PostGraphile lives in the bench's cache, not in the project's dependencies.
  const load = createRequire(path.join(cacheDirectory, 'package.json'));
  const { postgraphile } = load('postgraphile') as { postgraphile(preset: unknown): PostGraphileInstance };
  const { PostGraphileAmberPreset } = load('postgraphile/presets/amber') as { PostGraphileAmberPreset: unknown };
  const { makePgService } = load('postgraphile/adaptors/pg') as { makePgService(options: unknown): unknown };
  const { grafserv } = load('postgraphile/grafserv/node') as { grafserv: unknown };
  const { PostGraphileConnectionFilterPreset } = load('postgraphile-plugin-connection-filter') as { PostGraphileConnectionFilterPreset: unknown };
  const { PgAggregatesPreset } = load('@graphile/pg-aggregates') as { PgAggregatesPreset: unknown };
  const statements = countStatements(load('pg') as PgModule);

  const preset = {
    extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
    plugins: [TruncatedToMonthPlugin],
    // Amber lets clients filter and order only by indexed columns; the screens order by columns
    // such as week_start_date and filter on is_active, as the API allows: every column, as there.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    // Filters across relations: the parent's dashboard applies can_view_grades and
    // can_receive_reports (the API's row policies) as conditions of the document.
    schema: { connectionFilterRelations: true },
    pgServices: [makePgService({ connectionString: databaseUrl, schemas: ['public'], poolConfig: { max: Number(poolSize) } })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false, maxRequestLength: 1_000_000 },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  // createHandler rather than serv.addTo: the bench needs no websockets, and one extra route,
  // GET /bench/statements, tells it how many statements PostGraphile has sent so far.
  const graphql = serv.createHandler();
  const server = createServer((request, response) => {
    if (request.url === '/bench/statements') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ statements: statements() }));
      return;
    }
    graphql(request, response);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  serveUntilStopped((server.address() as AddressInfo).port, async () => {
    server.closeAllConnections();
    server.close();
    await serv.release();
    await pgl.release();
  });
}

runChild(main);
