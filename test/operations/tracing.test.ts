import { startServerProcess } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// OpenTelemetry on the real process, turned on by the standard variable alone
// (OTEL_TRACES_EXPORTER=console prints each finished span): one GraphQL request produces the HTTP,
// GraphQL and pg spans of one trace, without the trivial resolver spans.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

it('produces HTTP, GraphQL and pg spans of one trace when OTEL_TRACES_EXPORTER is set', async () => {
  const server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', OTEL_TRACES_EXPORTER: 'console' });
  try {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query TracedFormulas { formulas(first: 3) { nodes { id name } } }' }),
    });
    expect(response.status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
  const output = server.stdout();
  // The console exporter prints one object per span, with its name and trace id.
  const spans = [...output.matchAll(/traceId: '([0-9a-f]{32})'[\s\S]*?name: '([^']+)'/g)].map((match) => ({ traceId: match[1], name: match[2] }));
  const names = spans.map((span) => span.name);
  expect(names).toEqual(expect.arrayContaining(['POST /graphql', 'graphql.parse', 'graphql.validate', 'query TracedFormulas']));
  expect(names.some((name) => name.startsWith('pg.query'))).toBe(true);
  const request = spans.find((span) => span.name === 'query TracedFormulas');
  expect(spans.filter((span) => span.traceId === request?.traceId).length).toBeGreaterThanOrEqual(4);
  // Trivial resolvers (id, name: property reads) have no span.
  expect(names.filter((name) => name === 'graphql.resolve id' || name === 'graphql.resolve name')).toEqual([]);
});
