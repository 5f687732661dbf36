import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// "The students a teacher teaches" ends: a live booking (not cancelled), a lesson within the last
// three months, or an active enrollment. One definition for reading (row policies), writing
// (objectives, reports, messages) and Teacher.students; checked here along a relationship's life.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const READ = 'query ($id: ID!) { student(id: $id) { id fullName } }';
const OBJECTIVE = `mutation ($studentId: ID!) {
  createObjective(input: { studentId: $studentId, subject: "Mathématiques", objectiveText: "Réviser les suites", targetDate: "2031-06-01" }) { id }
}`;
const CANCEL = 'mutation ($id: ID!) { cancelBooking(input: { bookingId: $id, reason: "Empêchement" }) { id status } }';
const TAUGHT = 'query ($id: ID!) { teacher(id: $id) { students(first: 100) { totalCount nodes { id } } } }';

describe('the teaching relationship, in time', () => {
  let app: TestApp;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  let teacher: string;
  let teacherId: number;
  let studentId: number;
  let studentToken: string;

  async function one<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }
  async function objectives(): Promise<number> {
    return (await one<{ n: number }>('SELECT count(*)::int AS n FROM student_objectives WHERE student_id = $1', [studentId])).n;
  }
  /** A lesson of the teacher with the student starting at `start` (an SQL expression), at a time nothing seeded uses. */
  async function lesson(start: string, status: string): Promise<number> {
    return (
      await one<{ id: number }>(
        `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, status)
         VALUES ($1, $2, ${start}, ${start} + interval '1 hour', 'online', 'Mathématiques', $3) RETURNING id`,
        [studentId, teacherId, status],
      )
    ).id;
  }
  /** Whether the teacher reads the student, writes an objective for them, and lists them in Teacher.students. */
  async function relationship(): Promise<{ reads: string; writes: string; listed: boolean }> {
    const read = await app.graphql(READ, { id: String(studentId) }, as(teacher));
    const before = await objectives();
    const write = await app.graphql(OBJECTIVE, { studentId: String(studentId) }, as(teacher));
    const written = (await objectives()) - before;
    expect(written).toBe(codeOf(write) ? 0 : 1); // a refusal writes nothing
    const taught = await app.graphql<{ teacher: { students: { nodes: Array<{ id: string }> } } }>(TAUGHT, { id: String(teacherId) }, as(await app.signIn('admin@example.com')));
    return {
      reads: String(codeOf(read) ?? "OK"),
      writes: String(codeOf(write) ?? "OK"),
      listed: taught.data!.teacher.students.nodes.some((node) => Number(node.id) === studentId),
    };
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    teacher = await app.signIn('teacher@example.com');
    teacherId = (await one<{ id: number }>(`SELECT t.id FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com'`)).id;
    const student = await one<{ id: number; email: string }>(
      `SELECT s.id, u.email FROM students s JOIN users u ON u.id = s.user_id WHERE u.status = 'active' AND u.email <> 'student@example.com' ORDER BY s.id DESC LIMIT 1`,
    );
    studentId = student.id;
    studentToken = await app.signIn(student.email);
    // Start from no relationship at all between the two.
    await app.dataSource.query('DELETE FROM bookings WHERE teacher_id = $1 AND student_id = $2', [teacherId, studentId]);
    await app.dataSource.query('DELETE FROM individual_sessions WHERE teacher_id = $1 AND student_id = $2', [teacherId, studentId]);
    await app.dataSource.query(
      'UPDATE enrollments SET is_active = false WHERE student_id = $2 AND (teacher_id = $1 OR group_id IN (SELECT id FROM groups WHERE teacher_id = $1))',
      [teacherId, studentId],
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('no lesson, no enrollment: the teacher neither reads nor writes the record, and the message names no student', async () => {
    expect(await relationship()).toEqual({ reads: 'FORBIDDEN', writes: 'FORBIDDEN', listed: false });
    const write = await app.graphql(OBJECTIVE, { studentId: String(studentId) }, as(teacher));
    expect(write.errors![0].message).toBe('You do not teach this student now (no live booking, lesson in the last three months or active enrollment with you)');
  });

  it('a booking five days ahead makes the relationship; the student cancelling it ends it', async () => {
    const booking = await lesson(`date_trunc('day', now()) + interval '5 days 3 hours 17 minutes'`, 'confirmed');
    expect(await relationship()).toEqual({ reads: 'OK', writes: 'OK', listed: true });
    const cancelled = await app.graphql<{ cancelBooking: { status: string } }>(CANCEL, { id: String(booking) }, as(studentToken));
    expect(cancelled.data!.cancelBooking.status).toBe('CANCELLED');
    expect(await relationship()).toEqual({ reads: 'FORBIDDEN', writes: 'FORBIDDEN', listed: false });
  });

  it('a lesson four months ago is over; one two months ago still counts', async () => {
    const old = await lesson(`date_trunc('day', now() - interval '4 months') + interval '3 hours 17 minutes'`, 'completed');
    expect(await relationship()).toEqual({ reads: 'FORBIDDEN', writes: 'FORBIDDEN', listed: false });
    const recent = await lesson(`date_trunc('day', now() - interval '2 months') + interval '3 hours 17 minutes'`, 'completed');
    expect(await relationship()).toEqual({ reads: 'OK', writes: 'OK', listed: true });
    await app.dataSource.query('DELETE FROM bookings WHERE id = ANY($1::int[])', [[old, recent]]);
  });

  it('an active enrollment in one of their groups counts; once it ends, it does not', async () => {
    const group = await one<{ id: number; formulaId: number }>(
      `SELECT g.id, (SELECT id FROM formulas ORDER BY id LIMIT 1) AS "formulaId" FROM groups g WHERE g.teacher_id = $1 ORDER BY g.id LIMIT 1`,
      [teacherId],
    );
    await app.dataSource.query('DELETE FROM enrollments WHERE group_id = $1 AND student_id = $2', [group.id, studentId]);
    const enrollment = await one<{ id: number }>(
      `INSERT INTO enrollments (student_id, formula_id, group_id, start_date, is_active) VALUES ($1, $2, $3, current_date, true) RETURNING id`,
      [studentId, group.formulaId, group.id],
    );
    expect(await relationship()).toEqual({ reads: 'OK', writes: 'OK', listed: true });
    await app.dataSource.query('UPDATE enrollments SET is_active = false, end_date = current_date WHERE id = $1', [enrollment.id]);
    expect(await relationship()).toEqual({ reads: 'FORBIDDEN', writes: 'FORBIDDEN', listed: false });
  });

  it('Teacher.students lists exactly the students of the definition, for every teacher, in statements that do not grow with the number of teachers', async () => {
    const query = `query ($first: Int!) { teachers(first: $first) { nodes { id students(first: 100) { totalCount nodes { id } } } } }`;
    const admin = as(await app.signIn('admin@example.com'));
    const one1 = await app.graphql(query, { first: 1 }, admin);
    const many = await app.graphql<{ teachers: { nodes: Array<{ id: string; students: { totalCount: number; nodes: Array<{ id: string }> } }> } }>(query, { first: 50 }, admin);
    expect(many.errors).toBeUndefined();
    // viewer, teachers with their students prefetched, totalCount: whatever the number of teachers.
    expect([one1.extensions?.sqlStatements, many.extensions?.sqlStatements]).toEqual([3, 3]);
    const expected = (await app.dataSource.query(
      `SELECT key, array_agg(id ORDER BY id) AS ids FROM (
         SELECT teacher_id AS key, student_id AS id FROM bookings WHERE status IS DISTINCT FROM 'cancelled' AND start_time > now() - interval '3 months'
         UNION SELECT teacher_id, student_id FROM individual_sessions WHERE status IS DISTINCT FROM 'cancelled' AND scheduled_at > now() - interval '3 months'
         UNION SELECT teacher_id, student_id FROM enrollments WHERE is_active AND teacher_id IS NOT NULL
         UNION SELECT g.teacher_id, e.student_id FROM enrollments e JOIN groups g ON g.id = e.group_id WHERE e.is_active) AS pairs GROUP BY key`,
    )) as Array<{ key: number; ids: number[] }>;
    const byTeacher = new Map(expected.map((row) => [row.key, row.ids]));
    const teachers = many.data!.teachers.nodes;
    expect(teachers.filter((node) => node.students.totalCount > 0).length).toBeGreaterThan(1);
    for (const node of teachers) {
      const ids = byTeacher.get(Number(node.id)) ?? [];
      expect([node.id, node.students.totalCount, node.students.nodes.map((student) => Number(student.id))]).toEqual([node.id, ids.length, ids.slice(0, 100)]);
    }
  });

  it('a student sees themself in Teacher.students only for their own teachers; anonymous sees nobody', async () => {
    await lesson(`date_trunc('day', now()) + interval '9 days 3 hours 17 minutes'`, 'confirmed');
    const mine = await app.graphql<{ teacher: { students: { totalCount: number; nodes: Array<{ id: string }> } } }>(TAUGHT, { id: String(teacherId) }, as(studentToken));
    expect(mine.data!.teacher.students).toEqual({ totalCount: 1, nodes: [{ id: String(studentId) }] });
    const anonymous = await app.graphql<{ teacher: { students: { totalCount: number } } }>(TAUGHT, { id: String(teacherId) }, { authorization: '' });
    expect(anonymous.data!.teacher.students.totalCount).toBe(0);
  });
});
