import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { dataOf } from './support/read-api';

// Issue 10, items 1-3: a null inside a filter is BAD_USER_INPUT naming its path (never a dropped
// condition), `not` / `ne` / `notIn` are complements (NULL rows included), and loader keys keep
// null members (two aliases under one parent never share a loader). Counts are compared with SQL
// on the test's own database.

type Response = GraphQLResponse<Record<string, unknown>>;

/**
 * BAD_USER_INPUT whose message names the path; `fields` too when the filter compiler refused it (a
 * null list item is refused earlier, by GraphQL's coercion of the variable: the schema's lists
 * have non-null items, and its message names the path from the variable, `"filter.or[1]"`).
 */
function expectBadUserInput(response: Response, path: string): void {
  expect(response.errors?.length).toBeGreaterThan(0);
  const [error] = response.errors!;
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.message).toContain(path);
  if (!/\[\d+\]$/.test(path)) expect(error.extensions?.fields).toEqual([path]);
}

describe('filters: nulls and complements', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, params)) as Array<{ count: string | number }>;
    return Number(row.count);
  }

  async function totalCount(list: string, type: string, filter: unknown): Promise<number> {
    const response = await app.graphql<Record<string, { totalCount: number }>>(`query ($filter: ${type}Filter) { ${list}(filter: $filter) { totalCount } }`, { filter });
    return dataOf(response)[list].totalCount;
  }

  describe('item 1: a null operand, field, combinator or list item is BAD_USER_INPUT naming its path', () => {
    it('the issue: bookings(filter: { studentId: { eq: $id } }) with $id null', async () => {
      const response = await app.graphql('query ($id: ID) { bookings(filter: { studentId: { eq: $id } }) { totalCount } }', { id: null });
      expectBadUserInput(response, 'filter.studentId.eq');
      expect(response.errors![0].message).toMatch(/isNull/);
    });

    it('an omitted variable leaves the operator object empty: BAD_USER_INPUT, not every row', async () => {
      expectBadUserInput(await app.graphql('query ($id: ID) { bookings(filter: { studentId: { eq: $id } }) { totalCount } }', {}), 'filter.studentId');
      expectBadUserInput(
        await app.graphql('query ($id: ID) { bookings(filter: { or: [{ studentId: { eq: "1" } }, { teacherId: { eq: $id } }] }) { totalCount } }', {}),
        'filter.or[1].teacherId',
      );
      // a filter object of or / and / not left empty by an omitted variable
      expectBadUserInput(
        await app.graphql('query ($s: IDFilter) { bookings(filter: { or: [{ studentId: { eq: "1" } }, { teacherId: $s }] }) { totalCount } }', {}),
        'filter.or[1]',
      );
      expectBadUserInput(await app.graphql('query ($s: IDFilter) { bookings(filter: { not: { teacherId: $s } }) { totalCount } }', {}), 'filter.not');
    });

    it.each([
      ['eq', 'BookingFilter', 'bookings', { studentId: { eq: null } }, 'filter.studentId.eq'],
      ['ne', 'BookingFilter', 'bookings', { topic: { ne: null } }, 'filter.topic.ne'],
      ['lt', 'BookingFilter', 'bookings', { startTime: { lt: null } }, 'filter.startTime.lt'],
      ['gte', 'ARIAInteractionFilter', 'ariaInteractions', { feedbackRating: { gte: null } }, 'filter.feedbackRating.gte'],
      ['in', 'BookingFilter', 'bookings', { status: { in: null } }, 'filter.status.in'],
      ['notIn', 'BookingFilter', 'bookings', { studentId: { notIn: null } }, 'filter.studentId.notIn'],
      ['contains (text)', 'BookingFilter', 'bookings', { topic: { contains: null } }, 'filter.topic.contains'],
      ['startsWith', 'BookingFilter', 'bookings', { subject: { startsWith: null } }, 'filter.subject.startsWith'],
      ['contains (JSON)', 'ARIAInteractionFilter', 'ariaInteractions', { contextData: { contains: null } }, 'filter.contextData.contains'],
      ['isNull', 'BookingFilter', 'bookings', { topic: { isNull: null } }, 'filter.topic.isNull'],
      ['a null field', 'BookingFilter', 'bookings', { studentId: null }, 'filter.studentId'],
      ['and: null', 'BookingFilter', 'bookings', { and: null }, 'filter.and'],
      ['or: null', 'BookingFilter', 'bookings', { or: null }, 'filter.or'],
      ['not: null', 'BookingFilter', 'bookings', { not: null }, 'filter.not'],
      ['a null branch of or (would match everything)', 'BookingFilter', 'bookings', { or: [{ studentId: { eq: '1' } }, null] }, 'filter.or[1]'],
      ['a null item of and', 'BookingFilter', 'bookings', { and: [null] }, 'filter.and[0]'],
      ['a null list item of in', 'BookingFilter', 'bookings', { studentId: { in: ['1', null] } }, 'filter.studentId.in[1]'],
      ['a null list item of notIn', 'ARIAInteractionFilter', 'ariaInteractions', { feedbackRating: { notIn: [5, null] } }, 'filter.feedbackRating.notIn[1]'],
      ['an empty operator object', 'BookingFilter', 'bookings', { topic: {} }, 'filter.topic'],
      ['an empty branch of or', 'BookingFilter', 'bookings', { or: [{ studentId: { eq: '1' } }, {}] }, 'filter.or[1]'],
      ['not: {}', 'BookingFilter', 'bookings', { not: {} }, 'filter.not'],
      ['deep inside', 'BookingFilter', 'bookings', { not: { and: [{ or: [{ studentId: { eq: null } }] }] } }, 'filter.not.and[0].or[0].studentId.eq'],
    ])('%s (variables)', async (_label, type, list, filter, path) => {
      expectBadUserInput(await app.graphql(`query ($filter: ${type}) { ${list}(filter: $filter) { totalCount } }`, { filter }), path);
    });

    it.each([
      ['{ studentId: { eq: null } }', 'filter.studentId.eq'],
      ['{ topic: { contains: null }, status: { isNull: false } }', 'filter.topic.contains'],
      ['{ and: [{ studentId: { ne: null } }] }', 'filter.and[0].studentId.ne'],
      ['{ not: null }', 'filter.not'],
    ])('%s (literal)', async (filter, path) => {
      expectBadUserInput(await app.graphql(`{ bookings(filter: ${filter}) { totalCount } }`), path);
    });

    it('a null list item written in the query text fails validation (the lists have non-null items)', async () => {
      for (const filter of ['{ or: [{ studentId: { eq: "1" } }, null] }', '{ studentId: { in: ["1", null] } }']) {
        const response = await app.graphql(`{ bookings(filter: ${filter}) { totalCount } }`);
        expect({ filter, code: response.errors?.[0].extensions?.code }).toEqual({ filter, code: 'GRAPHQL_VALIDATION_FAILED' });
        expect(response.errors?.[0].message).toMatch(/found null/);
      }
    });

    it('on a nested connection too', async () => {
      const response = await app.graphql('{ students(first: 2) { nodes { ariaInteractions(filter: { feedbackRating: { eq: null } }) { totalCount } } } }');
      expectBadUserInput(response, 'filter.feedbackRating.eq');
    });

    it('an omitted, null or empty filter argument as a whole means no filter', async () => {
      const all = await count('SELECT count(*) FROM bookings');
      expect(all).toBeGreaterThan(0);
      const omitted = await app.graphql<{ bookings: { totalCount: number } }>('query ($filter: BookingFilter) { bookings(filter: $filter) { totalCount } }', {});
      expect(dataOf(omitted).bookings.totalCount).toBe(all);
      expect(await totalCount('bookings', 'Booking', null)).toBe(all);
      expect(await totalCount('bookings', 'Booking', {})).toBe(all);
    });

    it.each([
      ['ARIAInteraction', 'ariaInteractions', 'feedbackRating', 'aria_interactions', 'feedback_rating'],
      ['GroupSession', 'groupSessions', 'homeworkAssigned', 'group_sessions', 'homework_assigned'],
      ['StudentObjective', 'studentObjectives', 'achievementDate', 'student_objectives', 'achievement_date'],
    ])('isNull is how a client asks for NULLs: %s.%s', async (type, list, name, table, column) => {
      const nulls = await count(`SELECT count(*) FROM ${table} WHERE ${column} IS NULL`);
      expect(nulls).toBeGreaterThan(0);
      expect(await totalCount(list, type, { [name]: { isNull: true } })).toBe(nulls);
      expect(await totalCount(list, type, { [name]: { isNull: false } })).toBe(await count(`SELECT count(*) FROM ${table} WHERE ${column} IS NOT NULL`));
    });
  });

  describe('item 2: not, ne and notIn are complements (rows with NULL included)', () => {
    it.each([
      ['the issue: feedbackRating gt 3', 'ARIAInteraction', 'ariaInteractions', 'aria_interactions', { feedbackRating: { gt: 3 } }, 'feedback_rating > 3'],
      ['score lt 50', 'Assessment', 'assessments', 'assessments', { score: { lt: 50 } }, 'score < 50'],
      ['homeworkAssigned contains "a"', 'GroupSession', 'groupSessions', 'group_sessions', { homeworkAssigned: { contains: 'a' } }, "homework_assigned ILIKE '%a%'"],
      [
        'an or of two nullable fields',
        'GroupSession',
        'groupSessions',
        'group_sessions',
        { or: [{ homeworkAssigned: { contains: 'e' } }, { subject: { startsWith: 'M' } }] },
        "(homework_assigned ILIKE '%e%' OR subject ILIKE 'M%')",
      ],
    ])('%s: the filter and its not partition the rows', async (_label, type, list, table, filter, where) => {
      const all = await count(`SELECT count(*) FROM ${table}`);
      const matching = await count(`SELECT count(*) FROM ${table} WHERE ${where}`);
      const unknown = await count(`SELECT count(*) FROM ${table} WHERE (${where}) IS NULL`);
      expect(unknown).toBeGreaterThan(0); // rows that are in neither under SQL's three-valued NOT
      expect(matching).toBeGreaterThan(0);
      expect(await totalCount(list, type, filter)).toBe(matching);
      expect(await totalCount(list, type, { not: filter })).toBe(all - matching);
      expect(await totalCount(list, type, { not: { not: filter } })).toBe(matching);
    });

    it('ne: 5 and notIn: [5] are the same rows, NULLs included; notIn: [] is every row', async () => {
      const all = await count('SELECT count(*) FROM aria_interactions');
      const five = await count('SELECT count(*) FROM aria_interactions WHERE feedback_rating = 5');
      const expected = all - five;
      expect(five).toBeGreaterThan(0);
      expect(await totalCount('ariaInteractions', 'ARIAInteraction', { feedbackRating: { ne: 5 } })).toBe(expected);
      expect(await totalCount('ariaInteractions', 'ARIAInteraction', { feedbackRating: { notIn: [5] } })).toBe(expected);
      expect(await totalCount('ariaInteractions', 'ARIAInteraction', { not: { feedbackRating: { eq: 5 } } })).toBe(expected);
      expect(await totalCount('ariaInteractions', 'ARIAInteraction', { feedbackRating: { notIn: [] } })).toBe(all);
      expect(await totalCount('ariaInteractions', 'ARIAInteraction', { feedbackRating: { in: [] } })).toBe(0);
      const fourOrFive = await count('SELECT count(*) FROM aria_interactions WHERE feedback_rating IN (4, 5)');
      expect(await totalCount('ariaInteractions', 'ARIAInteraction', { feedbackRating: { notIn: [4, 5] } })).toBe(all - fourOrFive);
    });

    it('ne and notIn on a nullable text, date and id field', async () => {
      const cases: Array<[string, string, string, string, unknown, unknown]> = [
        ['GroupSession', 'groupSessions', 'group_sessions', 'homeworkAssigned', 'homework_assigned', null],
        ['StudentObjective', 'studentObjectives', 'student_objectives', 'achievementDate', 'achievement_date', null],
        ['IndividualSession', 'individualSessions', 'individual_sessions', 'locationId', 'location_id', null],
      ];
      for (const [type, list, table, name, column] of cases) {
        const [{ value }] = (await app.dataSource.query(
          `SELECT ${column}::text AS value FROM ${table} WHERE ${column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
        )) as Array<{ value: string }>;
        const expected = await count(`SELECT count(*) FROM ${table} WHERE ${column}::text IS DISTINCT FROM $1`, [value]);
        expect(await count(`SELECT count(*) FROM ${table} WHERE ${column} IS NULL`)).toBeGreaterThan(0);
        expect({ name, ne: await totalCount(list, type, { [name]: { ne: value } }) }).toEqual({ name, ne: expected });
        expect({ name, notIn: await totalCount(list, type, { [name]: { notIn: [value] } }) }).toEqual({ name, notIn: expected });
      }
    });
  });

  describe('item 3: loader keys keep null members (aliases under one parent)', () => {
    let studentId: number;
    beforeAll(async () => {
      // This test's own database: give some interactions of one student a null subject, and some others an empty extra.
      const [{ student_id: id }] = (await app.dataSource.query(
        'SELECT student_id FROM aria_interactions WHERE context_data IS NOT NULL GROUP BY student_id ORDER BY count(*) DESC LIMIT 1',
      )) as Array<{ student_id: number }>;
      studentId = id;
      await app.dataSource.query(
        `UPDATE aria_interactions SET context_data = context_data || '{"subject": null, "extra": {"x": null}}'
          WHERE id IN (SELECT id FROM aria_interactions WHERE student_id = $1 ORDER BY id LIMIT 3)`,
        [studentId],
      );
      await app.dataSource.query(
        `UPDATE aria_interactions SET context_data = context_data || '{"extra": {}}'
          WHERE id IN (SELECT id FROM aria_interactions WHERE student_id = $1 AND NOT context_data ? 'extra' ORDER BY id LIMIT 2)`,
        [studentId],
      );
    });

    it.each([
      ['the issue: {} and { subject: null }', {}, { subject: null }],
      ['{ channel: "web" } and { channel: "web", subject: null }', { channel: 'web' }, { channel: 'web', subject: null }],
      ['{ extra: {} } and { extra: { x: null } }', { extra: {} }, { extra: { x: null } }],
    ])('%s', async (_label, a, b) => {
      const response = await app.graphql<{ student: Record<'a' | 'b', { totalCount: number; nodes: Array<{ id: string }> }> }>(
        `query ($id: ID!, $a: JSON!, $b: JSON!) { student(id: $id) {
          a: ariaInteractions(first: 100, filter: { contextData: { contains: $a } }) { totalCount nodes { id } }
          b: ariaInteractions(first: 100, filter: { contextData: { contains: $b } }) { totalCount nodes { id } }
        } }`,
        { id: String(studentId), a, b },
      );
      const { student } = dataOf(response);
      for (const [alias, value] of [['a', a], ['b', b]] as const) {
        const ids = (
          (await app.dataSource.query('SELECT id FROM aria_interactions WHERE student_id = $1 AND context_data @> $2::jsonb ORDER BY id', [
            studentId,
            JSON.stringify(value),
          ])) as Array<{ id: number }>
        ).map((row) => String(row.id));
        expect({ alias, ids: student[alias].nodes.map((node) => node.id), totalCount: student[alias].totalCount }).toEqual({ alias, ids: ids.slice(0, 100), totalCount: ids.length });
      }
      expect(student.a.totalCount).not.toBe(student.b.totalCount);
    });
  });
});
