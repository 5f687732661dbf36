import { startTestApp, type TestApp } from '../support/test-app';

// NODE_ENV=production: no introspection unless GRAPHQL_INTROSPECTION=true, no stack traces and no
// schema hints in errors, no sqlStatements extension.

const INTROSPECTION = '{ __schema { queryType { name } types { name } } }';

describe('production mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ environment: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses introspection', async () => {
    for (const query of [INTROSPECTION, '{ __type(name: "Booking") { fields { name } } }']) {
      const response = await app.graphql(query);
      expect(response.data).toBeUndefined();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.errors![0].message).toMatch(/introspection/i);
    }
  });

  it('still answers queries, with no sqlStatements extension', async () => {
    const response = await app.graphql<{ formulas: { totalCount: number } }>('{ __typename formulas(first: 1) { totalCount nodes { id } } }');
    expect(response.errors).toBeUndefined();
    expect(response.data?.formulas.totalCount).toBeGreaterThan(0);
    expect(response.extensions?.sqlStatements).toBeUndefined();
  });

  it.each([
    ['BAD_USER_INPUT', '{ bookings(first: 101) { nodes { id } } }'],
    ['BAD_USER_INPUT', '{ booking(id: "x") { id } }'],
    ['GRAPHQL_VALIDATION_FAILED', '{ bookings { nodes { subjec } } }'],
    ['GRAPHQL_PARSE_FAILED', '{ bookings {'],
    ['QUERY_TOO_COMPLEX', `{ ${Array.from({ length: 16 }, (_unused, index) => `r${index}: formulas { totalCount }`).join(' ')} }`],
  ])('a %s error carries no stack trace, no schema hint and no sqlStatements', async (code, query) => {
    const response = await app.graphql(query);
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.extensions?.code).toBe(code);
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(error.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|node_modules|\.ts:\d/);
    expect(response.extensions?.sqlStatements).toBeUndefined();
  });
});

describe('production mode with GRAPHQL_INTROSPECTION=true', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ environment: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('allows introspection', async () => {
    const response = await app.graphql<{ __schema: { queryType: { name: string }; types: Array<{ name: string }> } }>(INTROSPECTION);
    expect(response.errors).toBeUndefined();
    expect(response.data?.__schema.queryType.name).toBe('Query');
    expect(response.data?.__schema.types.map((type) => type.name)).toContain('Booking');
    expect(response.extensions?.sqlStatements).toBeUndefined();
  });
});
