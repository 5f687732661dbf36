import { BookingStatus } from '../../src/modules/scheduling/scheduling.enums';
import { startTestApp, type TestApp } from '../support/test-app';
import { aggregateHelpers, type Data } from './support/aggregate-helpers';

// aggregates and groupedAggregates over HTTP, each value compared with the same aggregate written
// by hand in SQL on the same database: every function on several kinds (Int, Float, Decimal,
// Date, DateTime), groupings by month with having, nested under 1 and 50 parents (roles and
// refusals: aggregates-access.test.ts).

const STATUS_NAMES = new Map(Object.entries(BookingStatus).map(([name, value]) => [value as string, name]));

describe('aggregates', () => {
  let app: TestApp;
  const { sql, data } = aggregateHelpers(() => app);

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

  it('compares Date and DateTime aggregates in having', async () => {
    const months = await sql(`SELECT DISTINCT date_trunc('month', start_date)::date::text AS month FROM enrollments ORDER BY 1`);
    const [bookings] = await sql(`SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY start_time) AS middle FROM bookings`);
    expect(months.length).toBeGreaterThan(2);
    const since = months[1].month;
    const result = await data(
      `query ($since: Date!, $middle: DateTime!) {
        enrollments { groupedAggregates(groupBy: [STUDENT_ID], having: { min: { startDate: { gte: $since } } }) { keys min { startDate } } }
        bookings { groupedAggregates(groupBy: [TEACHER_ID], having: { max: { startTime: { lt: $middle } } }) { keys } }
      }`,
      { since, middle: bookings.middle.toISOString() },
    );
    const enrollments = await sql(
      `SELECT student_id::text AS id, min(start_date)::text AS first FROM enrollments GROUP BY student_id HAVING min(start_date) >= $1 ORDER BY student_id`,
      [since],
    );
    const teachers = await sql(`SELECT teacher_id::text AS id FROM bookings GROUP BY teacher_id HAVING max(start_time) < $1 ORDER BY teacher_id`, [bookings.middle]);
    expect(enrollments.length).toBeGreaterThan(0);
    expect(result.enrollments.groupedAggregates).toEqual(enrollments.map((row) => ({ keys: [row.id], min: { startDate: row.first } })));
    expect(result.bookings.groupedAggregates).toEqual(teachers.map((row) => ({ keys: [row.id] })));
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
      // viewer, teachers with their bookings and students pages prefetched, bookings aggregates, grouped, students aggregates
      expect(one.extensions?.sqlStatements).toBe(5);
      expect(many.extensions?.sqlStatements).toBe(5);

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
});
