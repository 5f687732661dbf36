import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { sql } from './support/harness';
import { prepareViewers, type Role, type Viewers } from './support/viewers';

// A relation filter reads the related table under the viewer's row policy: a related row the viewer
// may not read neither matches `some` nor breaks `every`, and fields masked for some viewers are no
// more filterable through a relation than directly. So nothing about hidden rows can be learned
// through a filter: each answer below is compared with SQL over the rows the viewer may read only,
// and where the hidden rows would change it, SQL shows that they exist.

interface Counted {
  totalCount: number;
  nodes: Array<{ id: string }>;
}

describe('relation filters never reveal rows the viewer cannot read', () => {
  let app: TestApp;
  let viewers: Viewers;
  /** Students (students.id) linked to a parent by a confirmed link. */
  let children: (role: Role) => Promise<number[]>;

  beforeAll(async () => {
    app = await startTestApp();
    viewers = await prepareViewers(app);
    children = async (role) =>
      (
        await sql<{ id: number }>(
          app,
          `SELECT s.id FROM students s JOIN parent_child_relations r ON r.child_user_id = s.user_id
            WHERE r.parent_user_id = $1 AND r.confirmed_at IS NOT NULL ORDER BY s.id`,
          [viewers.userId(role)],
        )
      ).map((row) => row.id);
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  async function list(role: Role, field: string, type: string, filter: Record<string, unknown> | null): Promise<Counted> {
    const query = `query ($f: ${type}Filter) { ${field}(first: 100, filter: $f) { totalCount nodes { id } } }`;
    const response = await app.graphql<Record<string, Counted>>(query, { f: filter }, viewers.headers(role));
    expect(response.errors).toBeUndefined();
    return response.data![field];
  }

  async function count(text: string, values: unknown[] = []): Promise<number> {
    const [row] = await sql<{ count: string }>(app, text, values);
    return Number(row.count);
  }

  it("a parent learns nothing about other students' bookings through teachers(filter: { bookings })", async () => {
    const mine = await children('parent');
    expect(mine.length).toBeGreaterThan(0);
    const [other] = await sql<{ id: number; full_name: string }>(
      app,
      `SELECT s.id, s.full_name FROM students s WHERE s.id <> ALL($1::int[]) AND EXISTS (SELECT 1 FROM bookings b WHERE b.student_id = s.id) ORDER BY s.id LIMIT 1`,
      [mine],
    );
    // Without the policy these filters would match: the other student has bookings with teachers.
    expect(await count('SELECT count(DISTINCT teacher_id) AS count FROM bookings WHERE student_id = $1', [other.id])).toBeGreaterThan(0);

    const visibleTeachers = (await list('parent', 'teachers', 'Teacher', null)).totalCount;
    expect((await list('parent', 'teachers', 'Teacher', { bookings: { some: { studentId: { eq: String(other.id) } } } })).totalCount).toBe(0);
    expect((await list('parent', 'teachers', 'Teacher', { bookings: { some: { student: { fullName: { eq: other.full_name } } } } })).totalCount).toBe(0);
    // The hidden rows count for nothing: "none" and "every" answer as if they did not exist.
    expect((await list('parent', 'teachers', 'Teacher', { bookings: { none: { studentId: { eq: String(other.id) } } } })).totalCount).toBe(visibleTeachers);
    const everyMine = await list('parent', 'teachers', 'Teacher', { bookings: { every: { studentId: { in: mine.map(String) } } } });
    expect(everyMine.totalCount).toBe(visibleTeachers);

    // What the parent may read still filters: teachers with a booking of one of their children.
    const expected = await sql<{ id: number }>(
      app,
      `SELECT t.id FROM teachers t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.status = 'pending')
          AND EXISTS (SELECT 1 FROM bookings b WHERE b.teacher_id = t.id AND b.student_id = ANY($1::int[])) ORDER BY t.id`,
      [mine],
    );
    const withMine = await list('parent', 'teachers', 'Teacher', { bookingsExist: true });
    expect(withMine.nodes.map((node) => node.id)).toEqual(expected.map((row) => String(row.id)));
    expect(withMine.totalCount).toBe(expected.length);
  });

  it('a parent without can_view_grades learns nothing about grades through students(filter: { assessments })', async () => {
    const mine = await children('parentWithoutGrades');
    expect(await count('SELECT count(*) AS count FROM assessments WHERE student_id = ANY($1::int[])', [mine])).toBeGreaterThan(0);
    const visible = (await list('parentWithoutGrades', 'students', 'Student', null)).totalCount;
    expect(visible).toBe(mine.length);
    expect((await list('parentWithoutGrades', 'students', 'Student', { assessmentsExist: true })).totalCount).toBe(0);
    expect((await list('parentWithoutGrades', 'students', 'Student', { assessments: { some: { score: { gte: 0 } } } })).totalCount).toBe(0);
    expect((await list('parentWithoutGrades', 'students', 'Student', { assessments: { every: { score: { gt: 1000 } } } })).totalCount).toBe(visible);

    // With can_view_grades, the same filter sees the children's assessments.
    const withGrades = await children('parentWithGrades');
    const expected = await count(
      'SELECT count(*) AS count FROM students s WHERE s.id = ANY($1::int[]) AND EXISTS (SELECT 1 FROM assessments a WHERE a.student_id = s.id AND a.score >= 10)',
      [withGrades],
    );
    expect(expected).toBeGreaterThan(0);
    expect((await list('parentWithGrades', 'students', 'Student', { assessments: { some: { score: { gte: 10 } } } })).totalCount).toBe(expected);
  });

  it("a teacher learns nothing about other teachers' bookings of their students", async () => {
    expect(await count('SELECT count(*) AS count FROM bookings WHERE teacher_id = $1', [viewers.otherTeacherId])).toBeGreaterThan(0);
    const filter = { bookings: { some: { teacherId: { eq: String(viewers.otherTeacherId) } } } };
    expect((await list('teacher', 'students', 'Student', filter)).totalCount).toBe(0);
    const visible = (await list('teacher', 'students', 'Student', null)).totalCount;
    expect((await list('teacher', 'students', 'Student', { bookings: { every: { teacherId: { eq: String(viewers.teacherId) } } } })).totalCount).toBe(visible);
  });

  it('anonymous reads no booking: no teacher has one for them, every listed teacher has none', async () => {
    const listed = (await list('anonymous', 'teachers', 'Teacher', null)).totalCount;
    expect(listed).toBeGreaterThan(0);
    expect((await list('anonymous', 'teachers', 'Teacher', { bookingsExist: true })).totalCount).toBe(0);
    expect((await list('anonymous', 'teachers', 'Teacher', { bookingsExist: false })).totalCount).toBe(listed);
  });

  it('masked fields are not filterable through a relation, as directly', async () => {
    const cases: Array<[string, string]> = [
      ['query { students(filter: { sessions: { some: { completionRate: { gt: 0 } } } }) { totalCount } }', 'completionRate'],
      ['query { bookings(filter: { teacher: { email: { contains: "a" } } }) { totalCount } }', 'email'],
      ['query { learningSessions(filter: { completionRate: { gt: 0 } }) { totalCount } }', 'completionRate'],
    ];
    for (const [query, field] of cases) {
      const response: GraphQLResponse = await app.graphql(query, {}, viewers.headers('admin'));
      expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.errors?.[0].message).toContain(`"${field}"`);
    }
  });
});
