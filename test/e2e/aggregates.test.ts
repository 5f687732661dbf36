import { BookingStatus } from '../../src/modules/scheduling/scheduling.enums';
import { startTestApp, type TestApp } from '../support/test-app';

// aggregates and groupedAggregates over HTTP, each value compared with the same aggregate written
// by hand in SQL on the same database: every function on several kinds (Int, Float, Decimal,
// Date, DateTime), groupings by month with having, nested under 1 and 50 parents, and per role.

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STATUS_NAMES = new Map(Object.entries(BookingStatus).map(([name, value]) => [value as string, name]));

describe('aggregates', () => {
  let app: TestApp;
  const sql = <T = Data>(text: string, values: unknown[] = []) => app.dataSource.query(text, values) as Promise<T[]>;
  async function data(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Data> {
    const response = await app.graphql(query, variables, headers);
    expect(response.errors).toBeUndefined();
    return response.data as Data;
  }

  beforeAll(async () => {
    // 50 teachers × a group list bounded at 1,000 rows is over the default cost of 50,000.
    app = await startTestApp({ environment: { GRAPHQL_MAX_COST: '100000' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('computes every function on Int, Float, Decimal, Date and DateTime fields as SQL does', async () => {
    const result = await data(`{
      bookings(first: 1) { aggregates {
        count
        sum { durationMinutes } avg { durationMinutes } min { durationMinutes startTime } max { durationMinutes startTime }
        distinctCount { teacherId status }
      } }
      formulas(first: 1) { aggregates { count sum { priceDt } avg { priceDt } min { priceDt } max { priceDt } } }
      assessments(first: 1) { aggregates { count sum { score } avg { score } min { score } max { score } } }
      enrollments(first: 1) { aggregates { min { startDate } max { startDate endDate } distinctCount { startDate } } }
    }`);
    const [bookings] = await sql(
      `SELECT count(*)::int AS count, sum(duration_minutes)::float8 AS sum, avg(duration_minutes)::float8 AS avg,
              min(duration_minutes) AS min, max(duration_minutes) AS max, min(start_time) AS first, max(start_time) AS last,
              count(DISTINCT teacher_id)::int AS teachers, count(DISTINCT status)::int AS statuses FROM bookings`,
    );
    const booking = result.bookings.aggregates;
    expect(booking.count).toBe(bookings.count);
    expect(booking.sum.durationMinutes).toBe(bookings.sum);
    expect(booking.avg.durationMinutes).toBeCloseTo(bookings.avg, 9);
    expect([booking.min.durationMinutes, booking.max.durationMinutes]).toEqual([bookings.min, bookings.max]);
    expect([booking.min.startTime, booking.max.startTime]).toEqual([bookings.first.toISOString(), bookings.last.toISOString()]);
    expect(booking.distinctCount).toEqual({ teacherId: bookings.teachers, status: bookings.statuses });

    // Decimal: exact strings, the average rounded to millimes.
    const [formulas] = await sql(
      `SELECT count(*)::int AS count, sum(price_dt)::text AS sum, round(avg(price_dt), 3)::text AS avg, min(price_dt)::text AS min, max(price_dt)::text AS max FROM formulas`,
    );
    expect(result.formulas.aggregates).toEqual({
      count: formulas.count,
      sum: { priceDt: formulas.sum },
      avg: { priceDt: formulas.avg },
      min: { priceDt: formulas.min },
      max: { priceDt: formulas.max },
    });
    const [assessments] = await sql(`SELECT count(*)::int AS count, sum(score) AS sum, avg(score) AS avg, min(score) AS min, max(score) AS max FROM assessments`);
    const assessment = result.assessments.aggregates;
    expect(assessment.count).toBe(assessments.count);
    expect(assessment.sum.score).toBeCloseTo(assessments.sum, 6);
    expect(assessment.avg.score).toBeCloseTo(assessments.avg, 9);
    expect([assessment.min.score, assessment.max.score]).toEqual([assessments.min, assessments.max]);
    const [enrollments] = await sql(
      `SELECT min(start_date)::text AS first, max(start_date)::text AS last, max(end_date)::text AS "lastEnd", count(DISTINCT start_date)::int AS days FROM enrollments`,
    );
    expect(result.enrollments.aggregates).toEqual({
      min: { startDate: enrollments.first },
      max: { startDate: enrollments.last, endDate: enrollments.lastEnd },
      distinctCount: { startDate: enrollments.days },
    });
  });

  it('applies the connection filter, not its page', async () => {
    const result = await data(`{ bookings(first: 2, filter: { status: { eq: CONFIRMED } }) { nodes { id } aggregates { count sum { durationMinutes } } } }`);
    const [expected] = await sql(`SELECT count(*)::int AS count, sum(duration_minutes)::float8 AS sum FROM bookings WHERE status = 'confirmed'`);
    expect(result.bookings.nodes).toHaveLength(2);
    expect(result.bookings.aggregates).toEqual({ count: expected.count, sum: { durationMinutes: expected.sum } });
  });

  it('groups bookings by month of a DateTime and status, with having', async () => {
    const result = await data(`{ bookings { groupedAggregates(groupBy: [START_TIME_TRUNCATED_TO_MONTH, STATUS], having: { count: { gt: 5 } }) {
      keys count sum { durationMinutes } max { startTime }
    } } }`);
    const rows = await sql(
      `SELECT date_trunc('month', start_time, 'UTC') AS month, status, count(*)::int AS count, sum(duration_minutes)::float8 AS sum, max(start_time) AS last
         FROM bookings GROUP BY 1, 2 HAVING count(*) > 5 ORDER BY 1, 2 NULLS LAST`,
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(result.bookings.groupedAggregates).toEqual(
      rows.map((row) => ({
        keys: [row.month.toISOString(), row.status === null ? null : STATUS_NAMES.get(row.status)],
        count: row.count,
        sum: { durationMinutes: row.sum },
        max: { startTime: row.last.toISOString() },
      })),
    );
    expect(result.bookings.groupedAggregates.every((group: Data) => group.count > 5)).toBe(true);
  });

  it('groups by a Date truncated to the month and a Boolean, with having on a Decimal sum and or', async () => {
    const result = await data(`{
      enrollments { groupedAggregates(groupBy: [START_DATE_TRUNCATED_TO_MONTH]) { keys count distinctCount { studentId } } }
      formulas { groupedAggregates(groupBy: [SUPPORTS_ONLINE], having: { or: [{ sum: { priceDt: { gte: "100" } } }, { count: { eq: 1 } }] }) { keys sum { priceDt } } }
    }`);
    const enrollments = await sql(
      `SELECT date_trunc('month', start_date)::date::text AS month, count(*)::int AS count, count(DISTINCT student_id)::int AS students FROM enrollments GROUP BY 1 ORDER BY 1`,
    );
    expect(enrollments.length).toBeGreaterThan(1);
    expect(result.enrollments.groupedAggregates).toEqual(enrollments.map((row) => ({ keys: [row.month], count: row.count, distinctCount: { studentId: row.students } })));
    const formulas = await sql(
      `SELECT supports_online::text AS online, sum(price_dt)::text AS sum FROM formulas GROUP BY supports_online HAVING sum(price_dt) >= 100 OR count(*) = 1 ORDER BY supports_online NULLS LAST`,
    );
    expect(result.formulas.groupedAggregates).toEqual(formulas.map((row) => ({ keys: [row.online], sum: { priceDt: row.sum } })));
  });

  it.each([
    ['DAY', 'day'],
    ['WEEK', 'week'],
    ['YEAR', 'year'],
  ])('truncates DateTime and Date fields to the %s', async (unit, sqlUnit) => {
    const result = await data(`{
      bookings { groupedAggregates(groupBy: [START_TIME_TRUNCATED_TO_${unit}]) { keys count } }
      enrollments { groupedAggregates(groupBy: [START_DATE_TRUNCATED_TO_${unit}]) { keys count } }
    }`);
    const bookings = await sql(`SELECT date_trunc($1, start_time, 'UTC') AS key, count(*)::int AS count FROM bookings GROUP BY 1 ORDER BY 1`, [sqlUnit]);
    const enrollments = await sql(`SELECT date_trunc($1, start_date)::date::text AS key, count(*)::int AS count FROM enrollments GROUP BY 1 ORDER BY 1`, [sqlUnit]);
    expect(result.bookings.groupedAggregates).toEqual(bookings.map((row) => ({ keys: [row.key.toISOString()], count: row.count })));
    expect(result.enrollments.groupedAggregates).toEqual(enrollments.map((row) => ({ keys: [row.key], count: row.count })));
  });

  it('groupBy: [] makes one group of every matching row', async () => {
    const result = await data(`{ bookings(filter: { status: { eq: PENDING } }) { groupedAggregates(groupBy: []) { keys count } } }`);
    const [expected] = await sql(`SELECT count(*)::int AS count FROM bookings WHERE status = 'pending'`);
    expect(result.bookings.groupedAggregates).toEqual([{ keys: [], count: expected.count }]);
  });

  it('a mutation clears the aggregates it changes, within the same operation', async () => {
    // Two pending lessons of one teacher, ahead of any clock (the seed's lie around its reference date).
    const [teacher] = await sql(
      `WITH added AS (
         INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, duration_minutes, status)
         SELECT (SELECT min(id) FROM students), (SELECT min(id) FROM teachers), start, start + interval '1 hour', 'online', 'Mathématiques', 60, 'pending'
           FROM unnest(ARRAY['2031-01-06T09:00:00Z', '2031-01-07T09:00:00Z']::timestamptz[]) AS start
         RETURNING id, teacher_id)
       SELECT teacher_id AS id, array_agg(id ORDER BY id) AS ids FROM added GROUP BY teacher_id`,
    );
    const pendingOf = `teacher { bookings(filter: { status: { eq: PENDING } }) { aggregates { count } } }`;
    const result = await data(
      `mutation ($a: ID!, $b: ID!) {
        first: confirmBooking(input: { bookingId: $a }) { ${pendingOf} }
        second: confirmBooking(input: { bookingId: $b }) { ${pendingOf} }
      }`,
      { a: String(teacher.ids[0]), b: String(teacher.ids[1]) },
    );
    const [after] = await sql(`SELECT count(*)::int AS count FROM bookings WHERE teacher_id = $1 AND status = 'pending'`, [teacher.id]);
    expect(result.second.teacher.bookings.aggregates.count).toBe(after.count);
    expect(result.first.teacher.bookings.aggregates.count).toBe(after.count + 1);
  });

  describe('nested under many parents', () => {
    const NESTED = `query ($first: Int!) { teachers(first: $first, orderBy: [{ field: ID }]) { nodes {
      id
      bookings(filter: { status: { ne: CANCELLED } }) {
        aggregates { count sum { durationMinutes } max { startTime } }
        groupedAggregates(groupBy: [STATUS], having: { count: { gte: 1 } }) { keys count }
      }
      students { aggregates { count } }
    } } }`;

    it('costs the same statements for 1 and 50 teachers, each value as SQL computes it', async () => {
      const one = await app.graphql(NESTED, { first: 1 });
      const many = await app.graphql(NESTED, { first: 50 });
      expect(one.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      // viewer, teachers, bookings page, bookings aggregates, grouped, students page, students aggregates
      expect(one.extensions?.sqlStatements).toBe(7);
      expect(many.extensions?.sqlStatements).toBe(7);

      const teachers = (many.data as Data).teachers.nodes as Data[];
      expect(teachers.length).toBeGreaterThan(1);
      const ids = teachers.map((teacher) => Number(teacher.id));
      const totals = await sql(
        `SELECT t.id, count(b.id)::int AS count, sum(b.duration_minutes)::float8 AS sum, max(b.start_time) AS last
           FROM unnest($1::int[]) AS t(id) LEFT JOIN bookings b ON b.teacher_id = t.id AND b.status IS DISTINCT FROM 'cancelled' GROUP BY t.id`,
        [ids],
      );
      const groups = await sql(
        `SELECT teacher_id AS id, status, count(*)::int AS count FROM bookings WHERE teacher_id = ANY($1) AND status IS DISTINCT FROM 'cancelled'
          GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`,
        [ids],
      );
      for (const teacher of teachers) {
        const total = totals.find((row) => String(row.id) === teacher.id)!;
        expect(teacher.bookings.aggregates).toEqual({ count: total.count, sum: { durationMinutes: total.sum }, max: { startTime: total.last?.toISOString() ?? null } });
        expect(teacher.bookings.groupedAggregates).toEqual(
          groups.filter((row) => String(row.id) === teacher.id).map((row) => ({ keys: [row.status === null ? null : STATUS_NAMES.get(row.status)], count: row.count })),
        );
      }
      expect(teachers.filter((teacher) => teacher.bookings.aggregates.count > 0).length).toBeGreaterThan(1);
      expect(teachers.filter((teacher) => teacher.students.aggregates.count > 0).length).toBeGreaterThan(1);
    });
  });

  describe('per role', () => {
    it('a teacher aggregates their own bookings only', async () => {
      const token = await app.signIn('teacher@example.com');
      const result = await data(`{ bookings { aggregates { count distinctCount { teacherId } } } }`, {}, { authorization: `Bearer ${token}` });
      const [expected] = await sql(
        `SELECT count(*)::int AS count FROM bookings b JOIN teachers t ON t.id = b.teacher_id JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com'`,
      );
      expect(expected.count).toBeGreaterThan(0);
      expect(result.bookings.aggregates).toEqual({ count: expected.count, distinctCount: { teacherId: 1 } });
    });

    it('anonymous visitors aggregate no booking, and the public formulas', async () => {
      const result = await data(`{ bookings { aggregates { count } } formulas { aggregates { count } } }`, {}, { authorization: '' });
      const [formulas] = await sql(`SELECT count(*)::int AS count FROM formulas`);
      expect(result).toEqual({ bookings: { aggregates: { count: 0 } }, formulas: { aggregates: { count: formulas.count } } });
    });

    it('a parent gets averages of grades only for children linked with can_view_grades', async () => {
      const token = await app.signIn('parent@example.com');
      const as = { authorization: `Bearer ${token}` };
      const query = `{
        assessments { aggregates { count avg { score } } }
        learningSessions { aggregates { count avg { accuracyRate } max { accuracyRate } } groupedAggregates(groupBy: [STUDENT_ID]) { keys count avg { accuracyRate } } }
      }`;
      const children = `SELECT s.id FROM parent_child_relations r JOIN users p ON p.id = r.parent_user_id JOIN students s ON s.user_id = r.child_user_id
                         WHERE p.email = 'parent@example.com' AND r.confirmed_at IS NOT NULL`;
      const expected = async () => {
        const [assessments] = await sql(`SELECT count(*)::int AS count, avg(score) AS avg FROM assessments WHERE student_id IN (${children} AND r.can_view_grades)`);
        const [sessions] = await sql(
          `SELECT count(*)::int AS count, avg(accuracy_rate) FILTER (WHERE student_id IN (${children} AND r.can_view_grades)) AS avg,
                  max(accuracy_rate) FILTER (WHERE student_id IN (${children} AND r.can_view_grades)) AS max
             FROM learning_sessions WHERE student_id IN (${children})`,
        );
        return { assessments, sessions };
      };

      const withGrades = await data(query, {}, as);
      const visible = await expected();
      expect(visible.assessments.count).toBeGreaterThan(0);
      expect(visible.sessions.count).toBeGreaterThan(0);
      expect(withGrades.assessments.aggregates.count).toBe(visible.assessments.count);
      expect(withGrades.assessments.aggregates.avg.score).toBeCloseTo(visible.assessments.avg, 9);
      expect(withGrades.learningSessions.aggregates.count).toBe(visible.sessions.count);
      expect(withGrades.learningSessions.aggregates.avg.accuracyRate).toBeCloseTo(visible.sessions.avg, 9);

      await sql(`UPDATE parent_child_relations SET can_view_grades = false WHERE parent_user_id = (SELECT id FROM users WHERE email = 'parent@example.com')`);
      try {
        const withoutGrades = await data(query, {}, as);
        const hidden = await expected();
        // Assessments are rows of grades (row policy): none; sessions are readable, their grades masked.
        expect(withoutGrades.assessments.aggregates).toEqual({ count: 0, avg: { score: null } });
        expect(withoutGrades.learningSessions.aggregates).toEqual({ count: hidden.sessions.count, avg: { accuracyRate: null }, max: { accuracyRate: null } });
        for (const group of withoutGrades.learningSessions.groupedAggregates) expect(group.avg.accuracyRate).toBeNull();
        expect(withoutGrades.learningSessions.groupedAggregates.length).toBeGreaterThan(0);
        // having sees the masked values too: no group has an average of hidden grades.
        const having = await data(`{ learningSessions { groupedAggregates(groupBy: [STUDENT_ID], having: { max: { accuracyRate: { gte: 0 } } }) { count } } }`, {}, as);
        expect(having.learningSessions.groupedAggregates).toEqual([]);
      } finally {
        await sql(`UPDATE parent_child_relations SET can_view_grades = true WHERE parent_user_id = (SELECT id FROM users WHERE email = 'parent@example.com')`);
      }
    });
  });

  describe('refusals', () => {
    it('refuses more than 1,000 groups with QUERY_TOO_COMPLEX', async () => {
      const [bookings] = await sql(`SELECT count(*)::int AS count FROM bookings`);
      expect(bookings.count).toBeGreaterThan(1000);
      const response = await app.graphql(`{ bookings { groupedAggregates(groupBy: [ID]) { keys count } } }`);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'groups', maximum: 1000 });
      expect(response.errors?.[0].message).toMatch(/more than 1000 groups/);
    });

    it('refuses a null having value or entry naming its path', async () => {
      const operand = await app.graphql(`query ($n: Int) { bookings { groupedAggregates(groupBy: [STATUS], having: { count: { gt: $n } }) { count } } }`, { n: null });
      expect(operand.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['having.count.gt'] });
      const entry = await app.graphql(`query ($or: [BookingHavingFilter!]) { bookings { groupedAggregates(groupBy: [STATUS], having: { or: $or }) { count } } }`, { or: null });
      expect(entry.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['having.or'] });
      const empty = await app.graphql(`{ bookings { groupedAggregates(groupBy: [STATUS], having: {}) { count } } }`);
      expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['having'] });
    });

    it('counts having conditions against the filter limits', async () => {
      const or = Array.from({ length: 60 }, (_item, index) => ({ count: { eq: index } }));
      const response = await app.graphql(`query ($having: BookingHavingFilter) { bookings { groupedAggregates(groupBy: [STATUS], having: $having) { count } } }`, {
        having: { or },
      });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'filter conditions', maximum: 50 });
    });

    it('costs a group list at its bound of 1,000 rows', async () => {
      const response = await app.graphql(`{ teachers(first: 100) { nodes { bookings { groupedAggregates(groupBy: [STATUS]) { count } } } } }`);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
      // 100 teachers × (their page of 20 bookings + a list of at most 1,000 groups).
      expect(response.errors?.[0].extensions?.actual).toBe(1 + 100 * (1 + 1 + 20 + 1000));
    });
  });
});
