import { loadConfig } from '../../src/config/config';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

// Input size limits, checked by the admission step on the values as executed (literals and
// variables alike), before any SQL: BAD_USER_INPUT naming the argument path, the limit, its
// maximum and the measured value. Defaults (src/config/config.ts): strings 10,000 characters,
// strings inside filters 200, lists 1,000 items, nesting 16, 50 conditions and 5 levels of
// and / or / not per filter, documents of 2,000 tokens.

function expectRefused(response: GraphQLResponse, fields: string[], limit: string, maximum: number, actual: number): void {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields, limit, maximum, actual });
  expect(Object.keys(error.extensions!).sort()).toEqual(['actual', 'code', 'fields', 'limit', 'maximum']);
  expect(error.message).toContain(fields[0]);
  expect(error.message).toContain(String(maximum));
  expect(response.status).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.extensions?.sqlStatements).toBe(0);
}

function expectAnswered(response: GraphQLResponse): void {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
}

/** `{ or: [{ subject: { eq: "s0" } }, ...] }` with `branches` branches. */
function orBranches(branches: number): { or: Array<{ subject: { eq: string } }> } {
  return { or: Array.from({ length: branches }, (_unused, index) => ({ subject: { eq: `s${index}` } })) };
}

/** `{ not: { not: ... { subject: { eq: "x" } } } }` with `levels` nots. */
function nestedNot(levels: number): Record<string, unknown> {
  let filter: Record<string, unknown> = { subject: { eq: 'x' } };
  for (let level = 0; level < levels; level += 1) filter = { not: filter };
  return filter;
}

const literal = (value: unknown): string => JSON.stringify(value).replace(/"(\w+)":/g, '$1:');
const BOOKINGS_BY_FILTER = 'query ($f: BookingFilter) { bookings(filter: $f) { totalCount } }';

describe('input limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null }); // the attacks were anonymous
  });
  afterAll(async () => {
    await app.close();
  });

  it('runs with the default limits (their values: src/config/__tests__/config.test.ts)', () => {
    expect(app.config.inputLimits).toEqual(loadConfig({}).inputLimits);
  });

  describe('string length', () => {
    it('a filter text of 200 characters runs; 201 is refused, literal or variable', async () => {
      expectAnswered(await app.graphql('query ($v: String) { bookings(filter: { subject: { contains: $v } }) { totalCount } }', { v: 'x'.repeat(200) }));
      const long = 'x'.repeat(201);
      expectRefused(
        await app.graphql('query ($v: String) { bookings(filter: { subject: { contains: $v } }) { totalCount } }', { v: long }),
        ['filter.subject.contains'], 'filter text length', 200, 201,
      );
      expectRefused(await app.graphql(`{ bookings(filter: { subject: { startsWith: "${long}" } }) { totalCount } }`), ['filter.subject.startsWith'], 'filter text length', 200, 201);
    });

    it("the issue's 1 MB contains, shared by 30 aliases through one variable, is refused before any SQL", async () => {
      const aliases = Array.from({ length: 30 }, (_unused, index) => `a${index}: teachers(filter: { lastName: { contains: $v } }) { totalCount }`);
      const response = await app.graphql(`query ($v: String) { ${aliases.join(' ')} }`, { v: 'é'.repeat(500_000) });
      expectRefused(response, ['filter.lastName.contains'], 'filter text length', 200, 500_000);
    });

    it('a mutation input string over 10,000 characters is refused (anonymous login)', async () => {
      const response = await app.graphql('mutation ($p: String!) { login(input: { email: "a@example.com", password: $p }) { sessionToken } }', { p: 'p'.repeat(10_001) });
      expectRefused(response, ['input.password'], 'string length', 10_000, 10_001);
    });
  });

  describe('list length', () => {
    const ids = (count: number) => Array.from({ length: count }, (_unused, index) => String(index + 1));

    it('an `in` list of 1,000 runs; 1,001 is refused, variable or literal', async () => {
      const query = 'query ($ids: [ID!]) { bookings(filter: { id: { in: $ids } }) { totalCount } }';
      expectAnswered(await app.graphql(query, { ids: ids(1000) }));
      // A variable is refused before coercion, by its own name; a literal by its argument path.
      expectRefused(await app.graphql(query, { ids: ids(1001) }), ['$ids'], 'list length', 1000, 1001);
      expectRefused(await app.graphql(`{ bookings(filter: { id: { in: [${ids(1001).join(',')}] } }) { totalCount } }`), ['filter.id.in'], 'list length', 1000, 1001);
    });
  });

  describe('filter width: conditions per filter', () => {
    it('25 `or` branches (50 conditions) run; 26 (52) are refused, variable or literal', async () => {
      expectAnswered(await app.graphql(BOOKINGS_BY_FILTER, { f: orBranches(25) }));
      expectRefused(await app.graphql(BOOKINGS_BY_FILTER, { f: orBranches(26) }), ['filter'], 'filter conditions', 50, 52);
      expectRefused(await app.graphql(`{ bookings(filter: ${literal(orBranches(26))}) { totalCount } }`), ['filter'], 'filter conditions', 50, 52);
    });

    it("the issue's 32,768 `or` branches in a variable are refused before graphql-js coerces them (2.5 s of CPU)", async () => {
      const response = await app.graphql(BOOKINGS_BY_FILTER, { f: orBranches(32_768) });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['$f.or'], limit: 'list length', maximum: 1000, actual: 32_768 });
      expect(response.status).toBe(400);
    });

    it('variables holding more than 2,000 values in all are refused before coercion', async () => {
      const ids = Array.from({ length: 1000 }, (_unused, index) => String(index + 1));
      const response = await app.graphql(BOOKINGS_BY_FILTER, { f: { and: [{ id: { in: ids } }, { id: { in: ids } }] } });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'variable values', maximum: 2000, actual: 2001 });
      expect(response.status).toBe(400);
    });

    it('32,768 branches written in the query are refused by the parser (2,000 tokens at most)', async () => {
      const response = await app.graphql(`{ bookings(filter: ${literal(orBranches(32_768))}) { totalCount } }`);
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(response.errors?.[0].message).toMatch(/2000 tokens/);
    });

    it('operators of one field count one each', async () => {
      const others = Array.from({ length: 45 }, (_unused, index) => ({ subject: { ne: `s${index}` } }));
      const filter = { and: [{ subject: { eq: 'a', ne: 'b', contains: 'c', startsWith: 'd' } }, ...others] };
      // 46 branches + 4 + 45 operators
      expectRefused(await app.graphql(BOOKINGS_BY_FILTER, { f: filter }), ['filter'], 'filter conditions', 50, 95);
    });
  });

  describe('filter depth: nesting of and / or / not', () => {
    it('5 nested `not` run; 6 are refused, variable or literal', async () => {
      expectAnswered(await app.graphql(BOOKINGS_BY_FILTER, { f: nestedNot(5) }));
      const path = ['filter.not.not.not.not.not.not'];
      expectRefused(await app.graphql(BOOKINGS_BY_FILTER, { f: nestedNot(6) }), path, 'filter depth', 5, 6);
      expectRefused(await app.graphql(`{ bookings(filter: ${literal(nestedNot(6))}) { totalCount } }`), path, 'filter depth', 5, 6);
    });

    it('and / or / not mixed count alike', async () => {
      const filter = { and: [{ or: [{ not: { and: [{ or: [{ not: { subject: { eq: 'x' } } }] }] } }] }] };
      expectRefused(await app.graphql(BOOKINGS_BY_FILTER, { f: filter }), ['filter.and[0].or[0].not.and[0].or[0].not'], 'filter depth', 5, 6);
    });
  });

  describe('nesting depth', () => {
    it("the issue's `not` nested 5,000 deep in variables is refused before graphql-js coerces it", async () => {
      // Written by hand: JSON.stringify itself overflows jest's stack on 5,000 levels.
      const variables = `{"f":${'{"not":'.repeat(5000)}{"subject":{"eq":"x"}}${'}'.repeat(5000)}}`;
      const body = `{"query":${JSON.stringify(BOOKINGS_BY_FILTER)},"variables":${variables}}`;
      const reply = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const response = { status: reply.status, ...((await reply.json()) as object) } as GraphQLResponse;
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'input depth', maximum: 16, actual: 17 });
      expect(response.errors![0].extensions?.fields).toEqual([`$f${'.not'.repeat(16)}`]);
      expect(response.status).toBe(400);
    });

    it('`not` nested 5,000 deep written in the query stops the parser; 400 deep is refused as filter depth', async () => {
      // Written by hand: JSON.stringify overflows jest's stack on 5,000 levels.
      const notLiteral = (levels: number) => `${'{ not: '.repeat(levels)}{ subject: { eq: "x" } }${' }'.repeat(levels)}`;
      const deepest = await app.graphql(`{ bookings(filter: ${notLiteral(5000)}) { totalCount } }`);
      expect(deepest.status).toBe(400);
      expect(deepest.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      const deep = await app.graphql(`{ bookings(filter: ${notLiteral(400)}) { totalCount } }`);
      expect(deep.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'filter depth', maximum: 5, actual: 6 });
    });

    it('a JSON value nested 17 deep is refused, in a variable or written in the query', async () => {
      let value: unknown = 'leaf';
      for (let level = 0; level < 15; level += 1) value = { k: value };
      const query = 'query ($v: JSON) { formulas(filter: { features: { contains: $v } }) { totalCount } }';
      // argument filter (1) → features (2) → contains (3) → 15 objects: the deepest at 17
      expectRefused(
        await app.graphql(`{ formulas(filter: { features: { contains: ${literal(value)} } }) { totalCount } }`),
        [`filter.features.contains${'.k'.repeat(14)}`], 'input depth', 16, 17,
      );
      expect((await app.graphql(query, { v: { a: { b: { c: [1, 2, 3] } } } })).errors).toBeUndefined();
      const deep = await app.graphql(query, { v: value });
      expect(deep.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'input depth', maximum: 16 });
    });
  });

  describe('admissions remembered per operation and variables (admission.plugin.ts)', () => {
    it('an admitted operation is measured again for other variables: admitted, refused, refused, then the same again', async () => {
      const query = 'query Remembered($f: BookingFilter) { bookings(filter: $f) { totalCount } }';
      for (let round = 0; round < 2; round += 1) {
        expectAnswered(await app.graphql(query, { f: nestedNot(5) }));
        expectRefused(await app.graphql(query, { f: nestedNot(6) }), ['filter.not.not.not.not.not.not'], 'filter depth', 5, 6);
        expectRefused(await app.graphql(query, { f: orBranches(26) }), ['filter'], 'filter conditions', 50, 52);
      }
    });

    it('variables too long to remember (over 2,048 characters of JSON) are measured on every request', async () => {
      const query = 'query RememberedLong($ids: [ID!]) { bookings(filter: { id: { in: $ids } }) { totalCount } }';
      const ids = (count: number) => Array.from({ length: count }, (_unused, index) => String(index + 1));
      for (let round = 0; round < 2; round += 1) {
        expectAnswered(await app.graphql(query, { ids: ids(1000) }));
        expectRefused(await app.graphql(query, { ids: ids(1001) }), ['$ids'], 'list length', 1000, 1001);
      }
    });
  });

  it('the server keeps answering after all of them', async () => {
    const response = await app.graphql<{ formulas: { totalCount: number } }>('{ formulas { totalCount } }');
    expectAnswered(response);
    const [{ count }] = (await app.dataSource.query('SELECT count(*)::int AS count FROM formulas')) as Array<{ count: number }>;
    expect(response.data?.formulas.totalCount).toBe(count);
  });
});
