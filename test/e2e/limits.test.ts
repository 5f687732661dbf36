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

describe('query limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('runs with the default limits', () => {
    expect(app.config.queryLimits).toEqual({ maxDepth: 12, maxCost: 50_000, maxAliases: 30, maxRootFields: 15, maxTokens: 5000 });
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
});
