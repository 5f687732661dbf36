import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { fetchPage, model } from './support/read-api';

// Error codes of the read API over HTTP: bad arguments are BAD_USER_INPUT naming the offending
// argument, unknown fields GRAPHQL_VALIDATION_FAILED. NOT_FOUND, UNAUTHENTICATED, FORBIDDEN and
// CONFLICT belong to accounts and mutations; QUERY_TOO_COMPLEX has limits.test.ts and
// INTERNAL_SERVER_ERROR internal-error.test.ts.

type ErrorResponse = GraphQLResponse<Record<string, unknown>>;

function onlyError(response: ErrorResponse): { message: string; extensions: Record<string, unknown> } {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  return { message: error.message, extensions: error.extensions ?? {} };
}

function expectBadUserInput(response: ErrorResponse, fields: string[], message: RegExp): void {
  const error = onlyError(response);
  expect(error.extensions.code).toBe('BAD_USER_INPUT');
  expect(error.message).toMatch(message);
  expect(error.extensions.fields).toEqual(fields);
  expect(error.extensions.stacktrace).toBeUndefined();
}

describe('error codes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  describe('BAD_USER_INPUT', () => {
    it('first: 101 (more than 100)', async () => {
      const response = await app.graphql('{ bookings(first: 101) { nodes { id } } }');
      expectBadUserInput(response, ['first'], /\bfirst\b.*100/);
      // Refused by the admission step, before execution: no data at all, no SQL.
      expect(response.data).toBeUndefined();
      expect(response.status).toBe(400);
      expect(response.extensions?.sqlStatements).toBe(0);
    });

    it('first: 101 on a nested connection', async () => {
      const response = await app.graphql('{ teachers(first: 2) { nodes { bookings(first: 101) { nodes { id } } } } }');
      expect(response.errors!.length).toBeGreaterThan(0);
      for (const error of response.errors!) {
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.extensions?.fields).toEqual(['first']);
      }
    });

    it('last negative', async () => {
      expectBadUserInput(await app.graphql('{ bookings(last: -1) { nodes { id } } }'), ['last'], /\blast\b.*negative/);
    });

    it('first negative', async () => {
      expectBadUserInput(await app.graphql('{ bookings(first: -5) { nodes { id } } }'), ['first'], /\bfirst\b.*negative/);
    });

    it('first and last together', async () => {
      expectBadUserInput(await app.graphql('{ bookings(first: 5, last: 5) { nodes { id } } }'), ['first', 'last'], /first.*last/);
    });

    it.each([
      ['not base64 JSON', 'not-a-cursor'],
      ['base64 of text', Buffer.from('hello').toString('base64url')],
      ['base64 of JSON null', Buffer.from('null').toString('base64url')],
      ['base64 of another shape', Buffer.from(JSON.stringify({ id: 3 })).toString('base64url')],
      ['right ordering, wrong value type', Buffer.from(JSON.stringify({ o: 'id+', v: ['3'] })).toString('base64url')],
      ['right ordering, too many values', Buffer.from(JSON.stringify({ o: 'id+', v: [3, 4] })).toString('base64url')],
      ['right ordering, id beyond a 32-bit integer', Buffer.from(JSON.stringify({ o: 'id+', v: [1e12] })).toString('base64url')],
    ])('a malformed after cursor (%s)', async (_name, cursor) => {
      expectBadUserInput(await app.graphql('query ($after: String) { bookings(after: $after) { nodes { id } } }', { after: cursor }), ['after'], /\bafter\b.*cursor/);
    });

    it.each([
      ['an impossible instant', { o: 'startTime-,id-', v: ['2024-02-30T10:00:00.000Z', 5] }],
      ['an int beyond 32 bits', { o: 'durationMinutes+,id+', v: [2 ** 40, 5] }],
    ])('a tampered cursor (%s) on a sorted list', async (_name, payload) => {
      const cursor = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const orderBy = payload.o.startsWith('startTime') ? '[{ field: START_TIME, direction: DESC }]' : '[{ field: DURATION_MINUTES }]';
      expectBadUserInput(
        await app.graphql(`query ($after: String) { bookings(after: $after, orderBy: ${orderBy}) { nodes { id } } }`, { after: cursor }),
        ['after'],
        /\bafter\b.*cursor/,
      );
    });

    it('a tampered cursor with a date that does not exist, on a list sorted by a date', async () => {
      const cursor = Buffer.from(JSON.stringify({ o: 'targetDate+,id+', v: ['2024-13-45', 5] })).toString('base64url');
      expectBadUserInput(
        await app.graphql('query ($after: String) { studentObjectives(after: $after, orderBy: [{ field: TARGET_DATE }]) { nodes { id } } }', { after: cursor }),
        ['after'],
        /\bafter\b.*cursor/,
      );
    });

    it('a malformed before cursor', async () => {
      expectBadUserInput(await app.graphql('{ bookings(last: 2, before: "%%%") { nodes { id } } }'), ['before'], /\bbefore\b.*cursor/);
    });

    it('a cursor from another ordering', async () => {
      const definition = model('Booking');
      const byStartTime = await fetchPage(app, definition, { first: 3, orderBy: [{ field: 'startTime', direction: 'DESC' }] });
      const cursor = byStartTime.pageInfo.endCursor;
      expect(cursor).toEqual(expect.any(String));
      // same list, other ordering
      expectBadUserInput(await app.graphql('query ($after: String) { bookings(first: 3, after: $after) { nodes { id } } }', { after: cursor }), ['after'], /cursor/);
      // same field, other direction
      expectBadUserInput(
        await app.graphql('query ($after: String) { bookings(first: 3, after: $after, orderBy: [{ field: START_TIME, direction: ASC }]) { nodes { id } } }', {
          after: cursor,
        }),
        ['after'],
        /cursor/,
      );
      // and the cursor works with its own ordering
      const next = await fetchPage(app, definition, { first: 3, after: cursor, orderBy: [{ field: 'startTime', direction: 'DESC' }] });
      expect(next.ids).toHaveLength(3);
    });

    it.each([
      ['letters', 'abc'],
      ['zero', '0'],
      ['negative', '-4'],
      ['decimal', '1.5'],
      ['beyond a 32-bit integer', '2147483648'],
    ])('a malformed id (%s) on a one-by-id field', async (_name, id) => {
      const response = await app.graphql('query ($id: ID!) { booking(id: $id) { id } }', { id });
      expectBadUserInput(response, ['id'], /\bid\b.*positive integer/);
      expect(response.data).toEqual({ booking: null });
    });

    it('a malformed id in a filter names the filter entry', async () => {
      expectBadUserInput(await app.graphql('{ bookings(filter: { teacherId: { eq: "x1" } }) { nodes { id } } }'), ['filter.teacherId.eq'], /teacherId/);
      expectBadUserInput(await app.graphql('{ bookings(filter: { id: { in: ["1", "two"] } }) { nodes { id } } }'), ['filter.id.in[1]'], /id/);
      expectBadUserInput(
        await app.graphql('{ bookings(filter: { or: [{ id: { eq: "1" } }, { studentId: { gt: "-1" } }] }) { nodes { id } } }'),
        ['filter.or[1].studentId.gt'],
        /studentId/,
      );
    });

    it('a bad Decimal value in variables', async () => {
      const response = await app.graphql('query ($price: Decimal) { formulas(filter: { priceDt: { gte: $price } }) { nodes { id } } }', { price: '12.3456' });
      const error = onlyError(response);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/\$price/);
      expect(error.message).toMatch(/Decimal/);
      expect(response.extensions?.sqlStatements ?? 0).toBe(0);
    });

    it.each([
      ['too many decimals', '"45.1234"'],
      ['not a number', '"abc"'],
      ['a boolean', 'true'],
    ])('a bad Decimal literal (%s)', async (_name, literal) => {
      const response = await app.graphql(`{ formulas(filter: { priceDt: { eq: ${literal} } }) { nodes { id } } }`);
      const error = onlyError(response);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/Decimal/);
      expect(response.extensions?.sqlStatements ?? 0).toBe(0);
    });

    it('a good Decimal literal is accepted', async () => {
      const response = await app.graphql('{ formulas(filter: { priceDt: { gte: "0.500" } }) { totalCount } }');
      expect(response.errors).toBeUndefined();
    });

    it('a bad enum value in variables', async () => {
      const response = await app.graphql('query ($status: BookingStatus) { bookings(filter: { status: { eq: $status } }) { nodes { id } } }', {
        status: 'cancelled',
      });
      expect(onlyError(response).extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a bad DateTime value in variables', async () => {
      const response = await app.graphql('query ($at: DateTime) { bookings(filter: { startTime: { gte: $at } }) { nodes { id } } }', { at: 'yesterday' });
      expect(onlyError(response).extensions.code).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['a text', 'query ($v: String) { bookings(filter: { subject: { contains: $v } }) { nodes { id } } }', 'Math\u0000', 'filter.subject.contains'],
      ['a list of texts', 'query ($v: [String!]) { bookings(filter: { subject: { in: $v } }) { nodes { id } } }', ['NSI', 'x\u0000'], 'filter.subject.in[1]'],
      ['a JSON value', 'query ($v: JSON) { formulas(filter: { features: { contains: $v } }) { nodes { id } } }', ['a\u0000'], 'filter.features.contains[0]'],
      [
        'a nested filter',
        'query ($v: String) { teachers(first: 2) { nodes { bookings(filter: { not: { topic: { eq: $v } } }) { nodes { id } } } } }',
        '\u0000',
        'filter.not.topic.eq',
      ],
    ])('a NUL character in %s (PostgreSQL refuses it in text)', async (_name, query, value, argument) => {
      const response = await app.graphql(query, { v: value });
      expect(response.errors!.length).toBeGreaterThan(0);
      for (const error of response.errors!) {
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.extensions?.fields).toEqual([argument]);
        expect(error.message).toContain(argument);
      }
    });

    it('a backslash followed by u0000 is an ordinary text', async () => {
      const response = await app.graphql('query ($v: String) { bookings(filter: { subject: { contains: $v } }) { totalCount } }', { v: '\\u0000' });
      expect(response.errors).toBeUndefined();
    });

    it('the error does not stop the other root fields', async () => {
      const response = await app.graphql<{ formulas: { totalCount: number } | null; bookings: unknown }>(
        '{ formulas(first: 1) { totalCount } booking(id: "nope") { id } }',
      );
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].path).toEqual(['booking']);
      expect(response.data?.formulas?.totalCount).toBeGreaterThan(0);
    });
  });

  describe('GRAPHQL_VALIDATION_FAILED', () => {
    it.each([
      ['an unknown field', '{ bookings { nodes { id colour } } }'],
      ['an unknown root field', '{ bookingz { nodes { id } } }'],
      ['an unknown argument', '{ bookings(take: 3) { nodes { id } } }'],
      ['an unknown filter entry', '{ bookings(filter: { colour: { eq: "red" } }) { nodes { id } } }'],
      ['an unknown order field', '{ bookings(orderBy: [{ field: COLOUR }]) { nodes { id } } }'],
      ['an operator a type does not have', '{ bookings(filter: { status: { lt: CANCELLED } }) { nodes { id } } }'],
    ])('%s', async (_name, query) => {
      const response = await app.graphql(query);
      const error = onlyError(response);
      expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.extensions.stacktrace).toBeUndefined();
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.extensions?.sqlStatements ?? 0).toBe(0);
    });
  });

  it('a syntax error is GRAPHQL_PARSE_FAILED', async () => {
    const response = await app.graphql('{ bookings { nodes { id }');
    expect(onlyError(response).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.status).toBe(400);
  });
});
