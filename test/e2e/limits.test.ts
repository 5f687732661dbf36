import { getIntrospectionQuery } from 'graphql';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

// QUERY_TOO_COMPLEX: depth, cost (page sizes multiply), aliases and root fields are measured
// before any resolver runs, so a refused query costs no SQL at all. Default limits: depth 12,
// cost 50,000, 30 aliases, 15 root fields (src/config/config.ts).

function expectTooComplex(response: GraphQLResponse, limit: string, maximum: number, actual: number): void {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit, maximum, actual });
  expect(error.extensions?.stacktrace).toBeUndefined();
  expect(error.message).toContain(String(maximum));
  expect(response.status).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.extensions?.sqlStatements).toBe(0); // refused before any SQL
}

function expectAccepted(response: GraphQLResponse): void {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.extensions?.sqlStatements).toBeGreaterThan(0);
}

/** `{ bookings(first: 1) { nodes { student { user { student { user ... { id } } } } } } }` with `hops` to-one fields. */
function deepQuery(hops: number): { query: string; depth: number } {
  let selection = 'id';
  for (let hop = hops - 1; hop >= 0; hop -= 1) selection = `${hop % 2 === 0 ? 'student' : 'user'} { ${selection} }`;
  // bookings → nodes → hops → id
  return { query: `{ bookings(first: 1) { nodes { ${selection} } } }`, depth: 2 + hops + 1 };
}

/** teachers × groups × enrollments, each page `size` rows. */
function nestedPages(size: number): string {
  return `{ teachers(first: ${size}) { nodes { id groups(first: ${size}) { nodes { id enrollments(first: ${size}) { nodes { id } } } } } } }`;
}

/** The fragment chain: `X0 = id`, `Xk = ...X(k-1) availabilities(first: 100){ nodes{ teacher{ ...X(k-1) } } }`. */
function fragmentChain(levels: number): string {
  const fragments = ['fragment X0 on Teacher { id }'];
  for (let level = 1; level <= levels; level += 1) {
    fragments.push(`fragment X${level} on Teacher { ...X${level - 1} availabilities(first: 100) { nodes { teacher { ...X${level - 1} } } } }`);
  }
  return `query { teacher(id: 1) { ...X${levels} } } ${fragments.join(' ')}`;
}

/** The same selection written out, as graphql-js executes it (the repeated fields merged). */
function fragmentChainWrittenOut(levels: number): string {
  let selection = 'id';
  for (let level = 1; level <= levels; level += 1) selection = `id availabilities(first: 100) { nodes { teacher { ${selection} } } }`;
  return `query { teacher(id: 1) { ${selection} } }`;
}

/** Cost of fragmentChainWrittenOut: availabilities = 1 + 100 × (1 + teacher), teacher = 1 + the level below. */
function fragmentChainCost(levels: number): number {
  let below = 0;
  for (let level = 1; level <= levels; level += 1) below = 1 + 100 * (1 + 1 + below);
  return 1 + below;
}

describe('query limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('runs with the default limits', () => {
    expect(app.config.queryLimits).toEqual({ maxDepth: 12, maxCost: 50_000, maxAliases: 30, maxRootFields: 15, maxTokens: 2000 });
  });

  describe('fragments are measured as executed', () => {
    it("the issue's chain of fragments costs what its written-out form costs (X3: 2,030,302)", async () => {
      expect(fragmentChainCost(3)).toBe(2_030_302);
      expectTooComplex(await app.graphql(fragmentChainWrittenOut(3)), 'cost', 50_000, 2_030_302);
      expectTooComplex(await app.graphql(fragmentChain(3)), 'cost', 50_000, 2_030_302);
    });

    it('X4 is refused (depth 14) and, with the depth limit raised, costs its written-out 203,030,302', async () => {
      expectTooComplex(await app.graphql(fragmentChain(4)), 'depth', 12, 14);
      const deep = await startTestApp({ environment: { GRAPHQL_MAX_DEPTH: '100' } });
      try {
        expect(fragmentChainCost(4)).toBe(203_030_302);
        expectTooComplex(await deep.graphql(fragmentChainWrittenOut(4)), 'cost', 50_000, 203_030_302);
        expectTooComplex(await deep.graphql(fragmentChain(4)), 'cost', 50_000, 203_030_302);
        // Twenty levels: the walk stays linear (memoised per merged field), the cost is astronomical.
        const twenty = await deep.graphql(fragmentChain(20));
        expect(twenty.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', actual: Number.MAX_SAFE_INTEGER });
      } finally {
        await deep.close();
      }
    });

    it('repeated, nested and inline spreads, and spreads on Query, count each executed field once', async () => {
      const spread = await app.graphql(`
        query { ...Q ...Q }
        fragment Q on Query { teachers(first: 100) { nodes { ...T ... on Teacher { ...T id } } } }
        fragment T on Teacher { id groups(first: 100) { nodes { id ...G ...G } } }
        fragment G on Group { enrollments(first: 100) { nodes { id } } }
      `);
      const writtenOut = await app.graphql(nestedPages(100));
      expect(writtenOut.errors?.[0].extensions?.actual).toBe(1_020_201);
      expectTooComplex(spread, 'cost', 50_000, 1_020_201);
    });

    it('a fragment spread under two aliases counts twice (both run)', async () => {
      const response = await app.graphql(`
        { teachers(first: 100) { nodes { a: groups(first: 100) { ...G } b: groups(first: 100) { ...G } } } }
        fragment G on GroupConnection { nodes { enrollments(first: 100) { nodes { id } } } }
      `);
      const groups = 1 + 100 * (1 + (1 + 100 * 1));
      expectTooComplex(response, 'cost', 50_000, 1 + 100 * (1 + 2 * groups));
    });

    it('@skip and @include are applied as graphql-js applies them', async () => {
      const query = `query ($heavy: Boolean!) { teachers(first: 100) { nodes { groups(first: 100) @include(if: $heavy) { nodes { enrollments(first: 100) { nodes { id } } } } } } }`;
      expectAccepted(await app.graphql(query, { heavy: false }));
      expectTooComplex(await app.graphql(query, { heavy: true }), 'cost', 50_000, 1_020_201);
    });

    it('root fields are counted through fragments, named and inline', async () => {
      const fields = Array.from({ length: 16 }, (_unused, index) => `r${index}: formulas(first: 1) { totalCount }`);
      expectTooComplex(await app.graphql(`{ ...R } fragment R on Query { ${fields.join(' ')} }`), 'root field count', 15, 16);
      expectTooComplex(await app.graphql(`{ ${fields.slice(0, 8).join(' ')} ... on Query { ${fields.slice(8).join(' ')} } }`), 'root field count', 15, 16);
      expectAccepted(await app.graphql(`{ ...R ...R } fragment R on Query { ${fields.slice(0, 15).join(' ')} }`));
    });

    it('aliases are counted as executed: a fragment of 15 aliases under two aliased fields is 32', async () => {
      const aliases = Array.from({ length: 15 }, (_unused, index) => `a${index}: id`).join(' ');
      const response = await app.graphql(`{ bookings(first: 1) { nodes { x: student { ...A } y: student { ...A } } } } fragment A on Student { ${aliases} }`);
      expectTooComplex(response, 'alias count', 30, 32);
    });
  });

  describe('page sizes from variables and their defaults', () => {
    const nested = (argument: 'first' | 'last', defaultValue: number) =>
      `query ($n: Int = ${defaultValue}) { teachers(${argument}: $n) { nodes { availabilities(${argument}: $n) { nodes { bookings(${argument}: $n) { nodes { id } } } } } } }`;

    it.each(['first', 'last'] as const)('a default of 100 for %s is costed as 100', async (argument) => {
      expectTooComplex(await app.graphql(nested(argument, 100)), 'cost', 50_000, 1_020_201);
      expectAccepted(await app.graphql(nested(argument, 100), { n: 5 }));
    });

    it.each([
      ['a literal', '{ teachers(first: 100000) { nodes { id } } }', {}, 'first', 100_000],
      ['a nested literal', '{ teachers(first: 2) { nodes { bookings(last: 101) { nodes { id } } } } }', {}, 'last', 101],
      ['a variable', 'query ($n: Int) { teachers(first: $n) { nodes { id } } }', { n: 100_000 }, 'first', 100_000],
      ['a variable default', 'query ($n: Int = 100000) { teachers(last: $n) { nodes { id } } }', {}, 'last', 100_000],
    ])('a page size over 100 from %s is BAD_USER_INPUT, not QUERY_TOO_COMPLEX', async (_source, query, variables, argument, actual) => {
      const response = await app.graphql(query, variables);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [argument], limit: 'page size', maximum: 100, actual });
      expect(response.status).toBe(400);
      expect(response.extensions?.sqlStatements).toBe(0);
    });
  });

  describe('depth', () => {
    it('a query as deep as the maximum runs', async () => {
      const { query, depth } = deepQuery(9);
      expect(depth).toBe(12);
      expectAccepted(await app.graphql(query));
    });

    it('one level deeper is refused', async () => {
      const { query, depth } = deepQuery(10);
      expectTooComplex(await app.graphql(query), 'depth', 12, depth);
    });

    it('fragments do not hide depth', async () => {
      const response = await app.graphql(`
        { bookings(first: 1) { nodes { ...A } } }
        fragment A on Booking { student { user { ...B } } }
        fragment B on User { student { user { student { user { student { user { student { user { id } } } } } } } } }
      `);
      expectTooComplex(response, 'depth', 12, 13);
    });
  });

  describe('cost: page sizes multiply', () => {
    it('20 × 20 × 20 nested pages run', async () => {
      // 1 + 20 × (1 + 1 + 20 × (1 + 1 + 20))
      expectAccepted(await app.graphql(nestedPages(20)));
    });

    it('100 × 100 × 100 nested pages are refused', async () => {
      // teachers: 1 + 100 × (1 + groups), groups: 1 + 100 × (1 + enrollments), enrollments: 1 + 100 × 1
      const enrollments = 1 + 100;
      const groups = 1 + 100 * (1 + enrollments);
      const teachers = 1 + 100 * (1 + groups);
      expectTooComplex(await app.graphql(nestedPages(100)), 'cost', 50_000, teachers);
    });

    it('100 × 100 nested pages are within the budget; 100 × 100 with a to-one field below each row exceeds it', async () => {
      expectAccepted(await app.graphql('{ teachers(first: 100) { nodes { bookings(first: 100) { nodes { id } } } } }'));
      const response = await app.graphql(
        '{ teachers(first: 100) { nodes { bookings(first: 100) { nodes { id student { id } location { id } availability { id } teacher { id } } } } } }',
      );
      expect(response.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(response.errors?.[0].extensions?.limit).toBe('cost');
      expect(response.extensions?.sqlStatements).toBe(0);
    });

    it('page sizes given as variables count', async () => {
      const query = `query ($size: Int!) { teachers(first: $size) { nodes { id groups(first: $size) { nodes { id enrollments(first: $size) { nodes { id } } } } } } }`;
      expectAccepted(await app.graphql(query, { size: 20 }));
      const response = await app.graphql(query, { size: 100 });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 50_000 });
      expect(response.extensions?.sqlStatements).toBe(0);
    });

    it('last counts like first, and an omitted page size counts as 20', async () => {
      const withLast = await app.graphql(
        '{ teachers(last: 100) { nodes { groups(last: 100) { nodes { enrollments(last: 100) { nodes { id } } } } } } }',
      );
      expect(withLast.errors?.[0].extensions?.limit).toBe('cost');
      expectAccepted(await app.graphql('{ teachers { nodes { groups { nodes { enrollments { nodes { id } } } } } } }'));
    });
  });

  describe('aliases', () => {
    const aliased = (count: number) =>
      `{ bookings(first: 1) { nodes { ${Array.from({ length: count }, (_unused, index) => `a${index}: id`).join(' ')} } } }`;

    it('30 aliases run', async () => {
      expectAccepted(await app.graphql(aliased(30)));
    });

    it('31 aliases are refused', async () => {
      expectTooComplex(await app.graphql(aliased(31)), 'alias count', 30, 31);
    });
  });

  describe('root fields', () => {
    const roots = (count: number) => `{ ${Array.from({ length: count }, (_unused, index) => `r${index}: formulas(first: 1) { totalCount }`).join(' ')} }`;

    it('15 root fields run', async () => {
      expectAccepted(await app.graphql(roots(15)));
    });

    it('16 root fields are refused', async () => {
      expectTooComplex(await app.graphql(roots(16)), 'root field count', 15, 16);
    });

    it('__typename does not count as a root field', async () => {
      expectAccepted(await app.graphql(`{ __typename ${roots(15).slice(1)}`));
    });
  });

  describe('introspection counts like other fields', () => {
    const schemaFields = '{ types { name fields { name args { name type { name ofType { name } } } type { name ofType { name } } } } }';

    it('the standard introspection query runs (its depth is bounded by the schema)', async () => {
      const response = await app.graphql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());
      expect(response.errors).toBeUndefined();
      expect(response.data!.__schema.types.length).toBeGreaterThan(100);
    });

    it('31 aliased __schema and 16 __type are refused on root fields, 31 aliased __typename on aliases', async () => {
      const many = (count: number, field: string) => `{ ${Array.from({ length: count }, (_unused, index) => `i${index}: ${field}`).join(' ')} }`;
      expectTooComplex(await app.graphql(many(31, `__schema ${schemaFields}`)), 'root field count', 15, 31);
      expectTooComplex(await app.graphql(many(16, '__type(name: "Booking") { name }')), 'root field count', 15, 16);
      expectTooComplex(await app.graphql(`{ bookings(first: 1) { nodes { ${Array.from({ length: 31 }, (_unused, index) => `t${index}: __typename`).join(' ')} } } }`), 'alias count', 30, 31);
    });
  });

  it('the server keeps answering after every refusal', async () => {
    const response = await app.graphql<{ teachers: { totalCount: number } }>('{ teachers(first: 1) { totalCount } }');
    expectAccepted(response);
    const [{ count }] = (await app.dataSource.query('SELECT count(*)::int AS count FROM teachers')) as Array<{ count: number }>;
    expect(response.data?.teachers.totalCount).toBe(count);
  });
});
