import { startTestApp, type TestApp } from '../support/test-app';
import { aggregateHelpers } from './support/aggregate-helpers';

// Who aggregates what: row policies and field masks per role, each value compared with SQL over
// the rows and fields the role may see; and the refusals (group cap, having input, cost).

describe('aggregates and access', () => {
  let app: TestApp;
  const { sql, data } = aggregateHelpers(() => app);

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
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
    it('refuses a groupBy with a key twice or more than 5 keys with BAD_USER_INPUT naming groupBy; 5 distinct keys are grouped as SQL groups them', async () => {
      const refusals = await Promise.all(
        [`[${Array(40).fill('STUDENT_ID').join(', ')}]`, '[STATUS, FORMAT, STATUS]', '[STATUS, FORMAT, SUBJECT, TEACHER_ID, STUDENT_ID, AVAILABILITY_ID]'].map((groupBy) =>
          app.graphql(`{ bookings { groupedAggregates(groupBy: ${groupBy}) { count } } }`),
        ),
      );
      for (const refused of refusals) {
        expect(refused.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['groupBy'] })]);
      }
      const token = await app.signIn('admin@example.com');
      const accepted = await data(`{ bookings { groupedAggregates(groupBy: [STATUS, FORMAT, CREATED_BY, START_TIME_TRUNCATED_TO_YEAR, CREATED_AT_TRUNCATED_TO_YEAR]) { count } } }`, {}, { authorization: `Bearer ${token}` });
      const [expected] = await sql(`SELECT count(*)::int AS groups, coalesce(sum(n), 0)::int AS rows FROM (SELECT count(*) AS n FROM bookings GROUP BY status, format, created_by, date_trunc('year', start_time, 'UTC'), date_trunc('year', created_at, 'UTC')) g`);
      expect(accepted.bookings.groupedAggregates.length).toBe(expected.groups);
      expect(accepted.bookings.groupedAggregates.reduce((total: number, group: { count: number }) => total + group.count, 0)).toBe(expected.rows);
    });

    it('refuses more than 1,000 groups with QUERY_TOO_COMPLEX', async () => {
      const [bookings] = await sql(`SELECT count(*)::int AS count FROM bookings`);
      expect(bookings.count).toBeGreaterThan(1000);
      const response = await app.graphql(`{ bookings { groupedAggregates(groupBy: [ID]) { keys count } } }`);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'groups', maximum: 1000 });
      expect(response.errors?.[0].message).toMatch(/more than 1000 groups/);
    });

    it('refuses more than 1,000 groups for one parent of a nested list, whatever the others', async () => {
      const [teacher] = await sql(`SELECT min(teacher_id) AS id, count(*)::int AS count FROM bookings WHERE teacher_id = (SELECT min(id) FROM teachers)`);
      const extra = 1001 - teacher.count;
      await sql(
        `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, duration_minutes, status)
         SELECT (SELECT min(id) FROM students), $1, start, start + interval '1 hour', 'online', 'Mathématiques', 60, 'completed'
           FROM generate_series(timestamptz '2035-01-01T08:00:00Z', timestamptz '2035-01-01T08:00:00Z' + ($2::int - 1) * interval '2 hours', interval '2 hours') AS start`,
        [teacher.id, extra],
      );
      const query = `{ teachers(first: 3, orderBy: [{ field: ID }]) { nodes { id bookings { groupedAggregates(groupBy: [ID]) { count } } } } }`;
      const refused = await app.graphql(query);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'groups', maximum: 1000 });
      expect(refused.errors?.[0].path).toEqual(['teachers', 'nodes', 0, 'bookings', 'groupedAggregates']);
      await sql(`DELETE FROM bookings WHERE teacher_id = $1 AND start_time >= '2035-01-01'`, [teacher.id]);
      const [exactly] = await sql(`SELECT count(*)::int AS count FROM bookings WHERE teacher_id = $1`, [teacher.id]);
      const accepted = await data(query);
      expect(accepted.teachers.nodes[0].bookings.groupedAggregates).toHaveLength(exactly.count);
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
